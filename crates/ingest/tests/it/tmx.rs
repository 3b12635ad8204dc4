//! The TMX reader never panics: arbitrary bytes, and a valid translation memory cut short or
//! with bytes changed or inserted anywhere, are read or refused with located problems.

use proptest::prelude::*;
use rapporteur_ingest::read_tmx;

const VALID: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="Rapporteur" creationtoolversion="0.1.0" segtype="sentence" o-tmf="rapporteur" adminlang="en" srclang="nl" datatype="plaintext"/>
<body>
<tu><prop type="x-section">2.9.1</prop><tuv xml:lang="nl"><seg>Dat is <bpt i="1" x="1">**</bpt><ph x="2">2,5</ph> %<ept i="1">**</ept> meer &amp; <ph x="3">[^3]</ph>.</seg></tuv><tuv xml:lang="fr"><seg>C'est <hi>plus</hi> <bpt i="1" x="1">**</bpt><ph x="2">2.5</ph><ept i="1">**</ept><ph x="3">[^3]<sub>x</sub></ph>.</seg></tuv></tu>
<tu><tuv xml:lang="nl"><seg><it pos="begin" x="1">&lt;b&gt;</it>Zie.</seg></tuv><tuv xml:lang="fr"><seg><![CDATA[Voir & co]]>.</seg></tuv></tu>
</body></tmx>
"#;

#[test]
fn the_valid_memory_reads() {
    let file = read_tmx(VALID.as_bytes()).expect("valid");
    assert_eq!(file.units.len(), 2);
    assert_eq!(file.units[0].variant("fr").unwrap().native(), "C'est plus **2.5**[^3]x.");
    assert_eq!(file.units[1].variant("fr").unwrap().native(), "Voir & co.");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read_tmx(&bytes);
    }

    #[test]
    fn a_damaged_memory_never_panics(cut in 0..VALID.len() - 1, at in 0..VALID.len(), byte in any::<u8>(), insert in "[<>/&\"a-z =]{0,12}") {
        let mut bytes = VALID.as_bytes().to_vec();
        bytes[at] = byte;
        let _ = read_tmx(&bytes);
        let mut inserted = VALID.as_bytes()[..at].to_vec();
        inserted.extend_from_slice(insert.as_bytes());
        inserted.extend_from_slice(&VALID.as_bytes()[at..]);
        let _ = read_tmx(&inserted);
        if let Err(problems) = read_tmx(&VALID.as_bytes()[..cut]) {
            prop_assert!(!problems.is_empty());
        } else {
            prop_assert!(false, "a file cut at {} was read", cut);
        }
    }
}
