//! The web application end to end over real HTTP: `justera serve` on loopback against a demo
//! database. The chair's and adjusters' journey (log in, read, sign in order, refusals), the
//! public's journey (the notice with the right dates, the PDF, the verifier accepting it, the
//! CA certificate, the feeds, the archive), and access control on the signing routes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::path::Path;

use support::*;

use justera_domain::calendar::{last_appeal_day, posting_date, stockholm_today};
use justera_domain::document::MeetingDocument;

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");
const SEED_ID: &str = "6d1c4a3e-2f0b-4c1e-9a57-202410210001";
const UNDER_ADJUSTMENT: &str = "6d1c4a3e-2f0b-4c1e-9a57-e2e000000001";
const PASSWORD: &str = "justera-demo-2024";

/// A demo database plus a copy of the seed meeting (in 2025, its own §-series) sent for
/// adjustment; the server started with the board's "today" on the day its notice will be posted.
fn setup(dir: &Path) -> (Server, MeetingDocument, chrono::NaiveDate) {
    let db = format!("sqlite://{}", dir.join("data/justera.db").display());
    let out = justera(dir, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut value: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let meeting = &mut value["meeting"];
    meeting["id"] = UNDER_ADJUSTMENT.into();
    meeting["date"] = "2025-06-02".into();
    meeting["status"] = "closed".into();
    meeting["adjustments"] = serde_json::json!([]);
    meeting["pending_adjustment"] = serde_json::Value::Null;
    meeting["pending_immediate"] = serde_json::Value::Null;
    for p in meeting["paragraphs"].as_array_mut().unwrap() {
        p["immediately_adjusted"] = false.into();
    }
    value["body"]["series_starts"] = serde_json::json!([
        { "year": 2024, "first_number": 157 },
        { "year": 2025, "first_number": 157 }
    ]);
    std::fs::write(dir.join("m.json"), value.to_string()).unwrap();
    let out = justera(dir, &db, &["import", "m.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = justera(dir, &db, &["adjust", UNDER_ADJUSTMENT, "--as", "alexandra"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let doc = MeetingDocument::from_json(&value.to_string()).unwrap();
    let today = stockholm_today(chrono::Utc::now().naive_utc());
    let posted = posting_date(today, doc.organization.notice_board.posting).unwrap();
    let server = serve(dir, &db, Some(&posted.to_string()));
    (server, doc, posted)
}

#[test]
fn chair_and_adjusters_sign_and_the_public_finds_and_verifies_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let (s, doc, posted) = setup(dir.path());
    let sign_path = format!("/justering/{UNDER_ADJUSTMENT}/signera");

    // Security headers on a public page.
    let board = s.get("/anslagstavla", None);
    assert_eq!(board.status, 200);
    let csp = board.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(board.header("x-frame-options"), Some("DENY"));
    assert!(
        !board.text().contains("2 juni 2025"),
        "not posted before signing"
    );

    // Not signed in: the signing pages ask for a login.
    assert_eq!(s.get("/justering", None).status, 401);
    assert_eq!(
        s.get(
            &format!("/justering/{UNDER_ADJUSTMENT}/protokoll.pdf"),
            None
        )
        .status,
        401
    );

    // Login refusals: wrong password, a form without its token.
    let bad = s.login("johan", "fel-lösenord-123").unwrap_err();
    assert_eq!(bad.status, 422);
    assert!(bad.text().contains("Fel användarnamn eller lösenord"));
    let forged = s.post_form(
        "/logga-in",
        None,
        &[("csrf", "x"), ("username", "johan"), ("password", PASSWORD)],
    );
    assert_eq!(forged.status, 403);
    assert!(forged.cookie("justera_session").is_none());

    // The chair may read but not sign before the secretary.
    let johan = s.login("johan", PASSWORD).unwrap();
    let list = s.get("/justering", Some(&johan));
    assert_eq!(list.status, 200);
    assert!(
        list.text().contains("Väntar på Alexandra Skoog"),
        "{}",
        list.text()
    );
    let page = s
        .get(&format!("/justering/{UNDER_ADJUSTMENT}"), Some(&johan))
        .text();
    assert!(!page.contains("Signera protokollet"));
    assert!(page.contains("§ 162"), "the protocol is shown as HTML");
    let pdf = s.get(
        &format!("/justering/{UNDER_ADJUSTMENT}/protokoll.pdf"),
        Some(&johan),
    );
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    let csrf = hidden(&page, "csrf");
    let early = s.post_form(
        &sign_path,
        Some(&johan),
        &[("csrf", &csrf), ("password", PASSWORD)],
    );
    assert_eq!(early.status, 422, "{}", early.text());

    // A member who is not a signer cannot read another meeting before it is public; members
    // have no meeting list.
    assert_eq!(
        s.get(&format!("/justering/{SEED_ID}"), Some(&johan)).status,
        403
    );
    assert_eq!(s.get("/sammantraden", Some(&johan)).status, 403);

    // The secretary signs first; a wrong password and a missing CSRF token are refused.
    let alexandra = s.login("alexandra", PASSWORD).unwrap();
    assert_eq!(s.get("/sammantraden", Some(&alexandra)).status, 200);
    let page = s
        .get(&format!("/justering/{UNDER_ADJUSTMENT}"), Some(&alexandra))
        .text();
    assert!(page.contains("Signera protokollet"));
    let csrf = hidden(&page, "csrf");
    let no_token = s.post_form(&sign_path, Some(&alexandra), &[("password", PASSWORD)]);
    assert_eq!(no_token.status, 403);
    let wrong = s.post_form(
        &sign_path,
        Some(&alexandra),
        &[("csrf", &csrf), ("password", "inte-mitt-lösenord")],
    );
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.text().contains("Lösenordet stämmer inte"),
        "{}",
        wrong.text()
    );
    for (cookie, expect) in [(&alexandra, "signerat"), (&johan, "signerat")] {
        let page = s
            .get(&format!("/justering/{UNDER_ADJUSTMENT}"), Some(cookie))
            .text();
        let csrf = hidden(&page, "csrf");
        let r = s.post_form(
            &sign_path,
            Some(cookie),
            &[("csrf", &csrf), ("password", PASSWORD)],
        );
        assert_eq!(r.status, 303, "{}", r.text());
        assert!(
            r.header("location")
                .unwrap()
                .contains(&format!("klart={expect}"))
        );
    }
    // Nobody signs twice.
    let page = s
        .get(&format!("/justering/{UNDER_ADJUSTMENT}"), Some(&johan))
        .text();
    assert!(!page.contains("Signera protokollet"));
    let again = s.post_form(
        &sign_path,
        Some(&johan),
        &[("csrf", &hidden(&page, "csrf")), ("password", PASSWORD)],
    );
    assert_eq!(again.status, 422);

    // The adjuster's signature adjusts the protocol and posts the notice.
    let patrik = s.login("patrik", PASSWORD).unwrap();
    let page = s
        .get(&format!("/justering/{UNDER_ADJUSTMENT}"), Some(&patrik))
        .text();
    let r = s.post_form(
        &sign_path,
        Some(&patrik),
        &[("csrf", &hidden(&page, "csrf")), ("password", PASSWORD)],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    // The last signer lands on a page they may read, with what happens next.
    let landing = r.header("location").unwrap().to_owned();
    assert!(landing.contains("klart=justerat"), "{landing}");
    let done = s.get(&landing, Some(&patrik));
    assert_eq!(done.status, 200, "{landing}");
    assert!(
        done.text().contains("Protokollet är justerat"),
        "{}",
        done.text()
    );
    assert!(
        done.text().contains("överklagandetiden går ut den"),
        "{}",
        done.text()
    );

    // Logging out ends the session.
    let page = s.get("/justering", Some(&patrik)).text();
    let out = s.post_form(
        "/logga-ut",
        Some(&patrik),
        &[("csrf", &hidden(&page, "csrf"))],
    );
    assert_eq!(out.status, 303);
    assert_eq!(s.get("/justering", Some(&patrik)).status, 401);

    // The public: the notice is on the board with the dates the calendar gives.
    let board = s.get("/anslagstavla", None).text();
    assert!(board.contains("2 juni 2025"), "{board}");
    let notice_id = format!("{UNDER_ADJUSTMENT}:0");
    assert!(board.contains(&format!("/anslagstavla/anslag/{notice_id}")));
    let notice = s.get(&format!("/anslagstavla/anslag/{notice_id}"), None);
    assert_eq!(notice.status, 200);
    let text = notice.text();
    let last = last_appeal_day(posted).unwrap();
    assert!(
        text.contains(&format!(
            "<dt>Överklagandetiden går ut</dt><dd><time datetime=\"{last}\">"
        )),
        "{text}"
    );
    assert!(text.contains(&doc.organization.protocol_storage));
    assert!(text.contains("laglighetsprövning"));
    let html = s.get(&format!("/anslagstavla/anslag/{notice_id}/protokoll"), None);
    assert_eq!(html.status, 200);
    assert!(html.text().contains("Bevis om tillkännagivande") || html.text().contains("§ 162"));

    // The downloaded PDF is the signed original, and the verifier accepts it.
    let pdf = s.get(
        &format!("/anslagstavla/anslag/{notice_id}/protokoll.pdf"),
        None,
    );
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let verdict = s.post_file("/anslagstavla/verifiera", "protokoll.pdf", &pdf.body);
    assert_eq!(verdict.status, 200);
    let v = verdict.text();
    assert!(v.contains("Alla signaturer är giltiga"), "{v}");
    assert!(
        v.contains("Filen är ett registrerat justerat protokoll"),
        "{v}"
    );
    assert_eq!(v.matches("<h3>Signatur ").count(), 3, "{v}");
    // Times in Swedish local time, not UTC.
    assert!(v.contains("(svensk tid)") && !v.contains(" UTC"), "{v}");
    // The validation report to keep, as a download of the page itself.
    assert!(
        v.contains("Nivå: PAdES B-B – spärrinformation finns i filen."),
        "{v}"
    );
    let href = v
        .split("href=\"data:application/json;charset=utf-8,")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the report's download link");
    let mut bytes = Vec::new();
    let mut it = href.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex: String = [it.next().unwrap(), it.next().unwrap()]
                .iter()
                .map(|c| char::from(*c))
                .collect();
            bytes.push(u8::from_str_radix(&hex, 16).unwrap());
        } else {
            bytes.push(b);
        }
    }
    let report: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(report["format"], "justera-valideringsrapport/1");
    assert_eq!(report["file"]["name"], "protokoll.pdf");
    assert_eq!(report["signatures"].as_array().unwrap().len(), 3);
    assert!(v.contains("download=\"valideringsrapport-"), "{v}");
    // A changed byte makes it fail; a non-PDF gets a clear message.
    let mut tampered = pdf.body.clone();
    let pos = tampered
        .windows(9)
        .position(|w| w == b"/Producer")
        .unwrap_or(200);
    tampered[pos + 1] = b'p';
    let v = s
        .post_file("/anslagstavla/verifiera", "andrad.pdf", &tampered)
        .text();
    assert!(
        v.contains("Filen håller INTE") || v.contains("kunde inte kontrolleras"),
        "{v}"
    );
    // A signature that no longer matches the file claims no issuer.
    assert!(
        !v.contains("Certifikatet är utfärdat av organisationens"),
        "{v}"
    );
    let v = s
        .post_file("/anslagstavla/verifiera", "bild.png", b"\x89PNG....")
        .text();
    assert!(v.contains("bild.png är inte en PDF-fil"), "{v}");

    // The CA certificate, its fingerprint, and the feeds.
    let ca = s.get("/anslagstavla/ca.pem", None);
    assert!(ca.text().starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(
        s.get("/anslagstavla", None)
            .text()
            .contains("SHA-256-fingeravtryck")
    );
    let atom = s.get("/anslagstavla/flode.atom", None).text();
    assert!(
        atom.contains("<feed") && atom.contains(&notice_id),
        "{atom}"
    );
    let ics = s.get("/anslagstavla/sammantraden.ics", None);
    assert!(ics.text().starts_with("BEGIN:VCALENDAR\r\n"));

    // The archive: the 2024 seed notice was taken down long ago; a bad date is explained.
    let archive = s
        .get("/anslagstavla/arkiv?organ=kommunstyrelsen", None)
        .text();
    assert!(archive.contains("21 oktober 2024"), "{archive}");
    let bad = s.get("/anslagstavla/arkiv?fran=21%2F10", None).text();
    assert!(bad.contains("skriv datumet som ÅÅÅÅ-MM-DD"));

    // Unknown pages and notices: Swedish 404s.
    let missing = s.get("/anslagstavla/anslag/finns-inte", None);
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Tillkännagivandet finns inte"));
    assert_eq!(s.get("/wp-admin", None).status, 404);
}

#[test]
fn a_rejection_returns_the_protocol_to_the_secretary() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _, _) = setup(dir.path());
    let alexandra = s.login("alexandra", PASSWORD).unwrap();
    let path = format!("/justering/{UNDER_ADJUSTMENT}");
    let csrf = hidden(&s.get(&path, Some(&alexandra)).text(), "csrf");
    let r = s.post_form(
        &format!("{path}/signera"),
        Some(&alexandra),
        &[("csrf", &csrf), ("password", PASSWORD)],
    );
    assert_eq!(r.status, 303);
    let johan = s.login("johan", PASSWORD).unwrap();
    let csrf = hidden(&s.get(&path, Some(&johan)).text(), "csrf");
    // A wrong signing password says that the password was wrong (not "user name or password").
    let r = s.post_form(
        &format!("{path}/signera"),
        Some(&johan),
        &[("csrf", &csrf), ("password", "fel-lösenord-123")],
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Lösenordet stämmer inte"), "{}", r.text());
    assert!(!r.text().contains("användarnamn"), "{}", r.text());
    // An empty comment is refused with a message; a comment rejects.
    let r = s.post_form(
        &format!("{path}/avvisa"),
        Some(&johan),
        &[("csrf", &csrf), ("comment", " ")],
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Skriv vad som ska rättas"));
    let r = s.post_form(
        &format!("{path}/avvisa"),
        Some(&johan),
        &[("csrf", &csrf), ("comment", "§ 161: fel belopp i beslutet")],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    // Johan lands on a page he may read, which says what happened; nothing awaits him.
    let landing = r.header("location").unwrap().to_owned();
    let list = s.get(&landing, Some(&johan));
    assert_eq!(list.status, 200, "{landing}");
    assert!(
        list.text()
            .contains("Protokollet är avvisat och tillbaka hos sekreteraren"),
        "{}",
        list.text()
    );
    assert!(
        list.text()
            .contains("Inga protokoll väntar på din underskrift"),
        "{}",
        list.text()
    );
    // The secretary sees who rejected, when and why, where she works.
    let page = s
        .get(
            &format!("/sammantraden/{UNDER_ADJUSTMENT}"),
            Some(&alexandra),
        )
        .text();
    assert!(page.contains("Protokollet är avvisat"), "{page}");
    assert!(
        page.contains("Johan Björkman (ordförande) avvisade protokollet den"),
        "{page}"
    );
    assert!(page.contains("§ 161: fel belopp i beslutet"), "{page}");
    // And through the API.
    let api = s.get(
        &format!("/api/sammantraden/{UNDER_ADJUSTMENT}"),
        Some(&alexandra),
    );
    assert!(
        api.text().contains("§ 161: fel belopp i beslutet"),
        "{}",
        api.text()
    );
}
