//! Writes the hostile corpus (bombs only; forgeries need a signed protocol) to a folder:
//! `cargo run -p justera-sign --example hostile_corpus -- DIR`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/corpus.rs"]
mod corpus;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "hostile-corpus".into());
    std::fs::create_dir_all(&dir).unwrap();
    for case in corpus::bombs() {
        let path = std::path::Path::new(&dir).join(format!("{}.pdf", case.name));
        std::fs::write(&path, &case.bytes).unwrap();
        println!("{} ({} byte)", path.display(), case.bytes.len());
    }
}
