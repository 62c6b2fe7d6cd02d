//! Public pages and files of a posted notice (issue 15) are rendered once and served from
//! memory with a strong validator: a revalidation is a 304, the PDF keeps its file name, a
//! write through the app (here: the court named on the notice) is seen at once, and a visitor
//! with a session never gets another's page.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::*;

const PASSWORD: &str = "justera-demo-2024";

#[test]
fn a_posted_notice_is_served_from_memory_and_a_write_is_seen_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let board: serde_json::Value =
        serde_json::from_slice(&server.get("/api/anslagstavla", None).body).unwrap();
    let id = board["notices"][0]["id"].as_str().unwrap().to_owned();
    for path in [
        format!("/anslagstavla/anslag/{id}"),
        format!("/anslagstavla/anslag/{id}/protokoll"),
        format!("/anslagstavla/anslag/{id}/protokoll.pdf"),
    ] {
        let first = server.get(&path, None);
        assert_eq!(first.status, 200, "{path}");
        let etag = first.header("etag").unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.len() == 34, "{etag}");
        let again = server.get(&path, None);
        assert_eq!(again.body, first.body, "{path}: the same bytes");
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let r = agent()
            .get(&format!("{}{path}", server.base))
            .header("If-None-Match", &etag)
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 304, "{path}: revalidated");
        if path.ends_with(".pdf") {
            assert_eq!(first.header("content-type"), Some("application/pdf"));
            assert!(
                first
                    .header("content-disposition")
                    .is_some_and(|d| d.starts_with("inline; filename=\"protokoll-ks-")),
                "{:?}",
                first.header("content-disposition")
            );
            assert!(first.body.starts_with(b"%PDF"));
        }
    }
    // A signed-in secretary gets her own page (with her name), not the cached public one.
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let own = server.get(&format!("/anslagstavla/anslag/{id}"), Some(&cookie));
    assert!(
        own.text().contains("Logga ut (Alexandra Skoog)"),
        "{}",
        own.text()
    );
    let public = server.get(&format!("/anslagstavla/anslag/{id}"), None);
    assert!(!public.text().contains("Alexandra"), "{}", public.text());

    // The administrator names another court: the notice page says so at once.
    let admin = server.login("admin", PASSWORD).unwrap();
    let token = csrf(&server, &admin);
    let r = server.post_form(
        "/administration/installningar",
        Some(&admin),
        &[
            ("csrf", token.as_str()),
            ("name", "Svenljunga kommun"),
            ("organization_number", "212000-1355"),
            ("protocol_storage", "Kommunkansliet"),
            ("appeal_court", "Förvaltningsrätten i Jönköping"),
            ("posting", "next-workday"),
            ("takedown", "day-after"),
            ("written_reservations", "attached"),
        ],
    );
    assert!(matches!(r.status, 200 | 303), "{}", r.text());
    let after = server.get(&format!("/anslagstavla/anslag/{id}"), None);
    assert!(
        after.text().contains("Förvaltningsrätten i Jönköping"),
        "{}",
        after.text()
    );
}
