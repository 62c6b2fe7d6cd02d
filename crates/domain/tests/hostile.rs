//! The importer's parser and validator fed hostile documents: truncated, mutated, spliced and
//! deeply nested JSON. Never a panic; always a specific error or a document that validates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use justera_domain::document::MeetingDocument;
use proptest::prelude::*;

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

fn check(text: &str) {
    match MeetingDocument::from_json(text) {
        Ok(doc) => {
            // Whatever parses is judged by the rules, with a message if it fails them.
            if let Err(e) = doc.validate() {
                assert!(!e.to_string().is_empty());
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

#[test]
fn deep_nesting_and_huge_strings_are_errors() {
    let deep = "[".repeat(100_000);
    assert!(MeetingDocument::from_json(&deep).is_err());
    let huge = format!("{{\"format\":\"{}\"}}", "x".repeat(10 * 1024 * 1024));
    assert!(MeetingDocument::from_json(&huge).is_err());
    check("");
    check("null");
    check("{}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn truncated_documents(cut in 0usize..SEED.len()) {
        let mut end = cut;
        while !SEED.is_char_boundary(end) {
            end -= 1;
        }
        check(&SEED[..end]);
    }

    #[test]
    fn mutated_documents(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..8)) {
        let mut chars: Vec<char> = SEED.chars().collect();
        for (at, c) in &edits {
            let i = at.index(chars.len());
            chars[i] = *c;
        }
        check(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn numbers_and_dates_out_of_range(n in any::<i64>(), year in -100_000i32..100_000) {
        let text = SEED
            .replacen("\"number\": 162", &format!("\"number\": {n}"), 1)
            .replacen("2024-10-21", &format!("{year:04}-10-21"), 1);
        check(&text);
    }
}
