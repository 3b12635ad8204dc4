//! The repository's catalog (`catalog/be`), read from its files, for the tests of this crate
//! (which depends on `domain` only, not on the app that embeds the catalog).

use rapporteur_domain::{Catalog, SourceFile};

/// The catalog of the repository (`catalog/be`).
pub fn catalog() -> Catalog {
    fn read(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<SourceFile>) {
        for entry in std::fs::read_dir(dir).expect("catalog directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                read(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).expect("catalog file");
                let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                out.push(SourceFile { path: relative, text });
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/be");
    let mut files = Vec::new();
    read(&root, &root, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Catalog::parse(&files).expect("the catalog parses")
}
