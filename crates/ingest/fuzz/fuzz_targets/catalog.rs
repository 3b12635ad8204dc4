//! The Belgian catalog, read once from `catalog/be`, for the targets that check against it.

use std::path::Path;
use std::sync::OnceLock;

use rapporteur_domain::{Catalog, SourceFile};

pub fn belgian() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../catalog/be");
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        Catalog::parse(&files).expect("the Belgian catalog is valid")
    })
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
    for entry in std::fs::read_dir(dir).expect("the catalog folder") {
        let path = entry.expect("a catalog entry").path();
        if path.is_dir() {
            walk(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let relative =
                path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
            out.push(SourceFile {
                path: relative,
                text: std::fs::read_to_string(&path).expect("a catalog file"),
            });
        }
    }
}
