//! Rebuilds the crate when the embedded catalog or data set changes (include_dir cannot tell
//! cargo which files it read).

fn main() {
    println!("cargo:rerun-if-changed=../../catalog/be");
    println!("cargo:rerun-if-changed=../../data/be");
}
