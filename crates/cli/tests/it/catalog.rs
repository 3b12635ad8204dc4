//! Looking at the catalog from the command line, and a broken catalog folder.

use crate::{stderr, stdout, Workspace};

#[test]
fn codes_are_listed_in_the_chosen_language() {
    let ws = Workspace::new();
    let output = ws.run(&["codes", "exploitation_form", "--lang", "fr"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.lines()
            .any(|l| l.starts_with("labour") && l.contains("Exploitation économique") && l.ends_with("thb")),
        "{text}"
    );
    let unknown = ws.run(&["codes", "exploitation_form", "--lang", "xx"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown language \"xx\": the catalog has nl, fr, en"));
}

#[test]
fn cubes_name_their_owner_and_dimensions() {
    let ws = Workspace::new();
    let text = stdout(&ws.run(&["cubes", "--lang", "en"]));
    let line =
        text.lines().find(|l| l.starts_with("police_thb_findings")).expect("the police cube is listed");
    assert!(
        line.contains("police") && line.contains("exploitation_form") && line.contains("Police findings"),
        "{line}"
    );
}

#[test]
fn a_broken_catalog_folder_is_refused_with_every_problem_located() {
    let ws = Workspace::new();
    let dir = ws.dir.path().join("catalog");
    std::fs::create_dir_all(dir.join("codelists")).unwrap();
    std::fs::create_dir_all(dir.join("cubes")).unwrap();
    std::fs::write(dir.join("catalog.toml"), "id = \"xx\"\nlanguages = [\"nl\", \"fr\"]\nname = { nl = \"X\", fr = \"X\" }\n[[measure]]\nid = \"count\"\ndecimals = 0\nname = { nl = \"aantal\", fr = \"nombre\" }\n").unwrap();
    std::fs::write(
        dir.join("cycles.toml"),
        "[[cycle]]\nid = \"2021-2022\"\nperiods = [\"2021\", \"2022\"]\nname = { nl = \"a\", fr = \"b\" }\n",
    )
    .unwrap();
    std::fs::write(dir.join("codelists/actor.toml"), "id = \"actor\"\nname = { nl = \"Actor\", fr = \"Acteur\" }\n\n[[code]]\nid = \"police\"\nnl = \"Politie\"\nfr = \"Police\"\n").unwrap();
    std::fs::write(dir.join("cubes/findings.toml"), "id = \"findings\"\nowner = \"polise\"\nmeasure = \"count\"\nname = { nl = \"V\", fr = \"C\" }\n\n[[dimension]]\nid = \"form\"\ncodelist = \"exploitation\"\n").unwrap();
    let output = ws.run(&["--catalog", dir.to_str().unwrap(), "catalog"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("cubes/findings.toml:2: cube \"findings\" has owner \"polise\", which is not a code of the \"actor\" code list (closest: police)"), "{err}");
    assert!(err.contains("cubes/findings.toml:6: dimension \"form\" names unknown code list \"exploitation\" (closest: actor)"), "{err}");
}
