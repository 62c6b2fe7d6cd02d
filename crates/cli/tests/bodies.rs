//! A body's settings at work: provisional numbers of a prepared agenda, numbering per
//! meeting with the usual place and time, and a joint committee's postings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::*;

const PASSWORD: &str = "justera-demo-2024";
const PATRIK: &str = "00000000-0000-4000-8000-000000000105";
const JOHAN: &str = "00000000-0000-4000-8000-000000000101";
const KS: &str = "00000000-0000-4000-8000-000000000010";

/// An extra meeting dated before a meeting whose agenda is already prepared (issue 12, item
/// 11): the prepared meeting's numbers are provisional, the extra meeting takes the next
/// numbers, and the prepared one continues the series when it is opened.
#[test]
fn an_extra_meeting_before_a_prepared_one_gets_the_next_numbers() {
    const PLANNED: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a003";
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let csrf = csrf(&server, &cookie);
    let post = |meeting: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form(
            &format!("/sammantraden/{meeting}/andra"),
            Some(&cookie),
            &all,
        )
    };
    let page = |meeting: &str| {
        server
            .get(&format!("/sammantraden/{meeting}"), Some(&cookie))
            .text()
    };
    // The agenda of the meeting in two weeks is prepared: two §§, provisional numbers.
    for title in ["Budget 2027", "Taxor 2027"] {
        let r = post(PLANNED, &[("action", "add_paragraph"), ("title", title)]);
        assert_eq!(r.status, 303, "{}", r.text());
    }
    let prepared = page(PLANNED);
    assert!(prepared.contains("§ 166</th>"), "{prepared}");
    assert!(prepared.contains("preliminära"), "{prepared}");

    // An extra meeting next week, before it.
    let day = chrono::Local::now().date_naive() + chrono::Duration::days(7);
    let created = server.post_form(
        "/sammantraden",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("body", "00000000-0000-4000-8000-000000000010"),
            ("date", &day.to_string()),
            ("starts_at", "08.00"),
            ("place", "Kommunhuset"),
            ("chair", JOHAN),
            ("adjuster", PATRIK),
            ("secretary", "Alexandra Skoog"),
        ],
    );
    assert_eq!(created.status, 303, "{}", created.text());
    let extra = created
        .header("location")
        .unwrap()
        .trim_start_matches("/sammantraden/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(post(&extra, &[("action", "open_session")]).status, 303);
    let r = post(
        &extra,
        &[("action", "add_paragraph"), ("title", "Extra ärende")],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(page(&extra).contains("§ 166</th>"), "{}", page(&extra));

    // Opened, the prepared meeting continues the series after the extra meeting.
    assert_eq!(post(PLANNED, &[("action", "open_session")]).status, 303);
    let opened = page(PLANNED);
    assert!(
        opened.contains("§ 167</th>") && opened.contains("§ 168</th>"),
        "{opened}"
    );
    assert!(
        opened.contains("Budget 2027") && !opened.contains("preliminära"),
        "{opened}"
    );
}

/// A body that numbers per meeting (issue 13): every meeting starts at § 1; the body's usual
/// place and time are the new meeting form's; a wrong value changes nothing.
#[test]
fn a_body_numbered_per_meeting_starts_each_meeting_at_one() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let admin = server.login("admin", PASSWORD).unwrap();
    let admin_csrf = csrf(&server, &admin);
    let settings = |numbering: &str, place: &str, time: &str| {
        server.post_form(
            &format!("/administration/organ/{KS}/uppgifter"),
            Some(&admin),
            &[
                ("csrf", &admin_csrf),
                ("name", "Kommunstyrelsen"),
                ("definite_name", "kommunstyrelsen"),
                ("short_name", "KS"),
                ("kind", "board"),
                ("seats", "9"),
                ("adjusters", "1"),
                ("secretary_signs", "1"),
                ("numbering", numbering),
                ("usual_place", place),
                ("usual_time", time),
                ("return_after_leaving", "1"),
            ],
        )
    };
    for (numbering, place, time, said) in [
        (
            "per_decade",
            "Kommunhuset",
            "13.30",
            "Välj hur paragraferna numreras",
        ),
        (
            "per_meeting",
            "Kommunhuset",
            "25.99",
            "tiden då sammanträdena vanligen börjar",
        ),
        ("per_meeting", "Kommun\u{7}huset", "13.30", "styrtecken"),
    ] {
        let r = settings(numbering, place, time);
        assert_eq!(r.status, 422, "{numbering} {place} {time}: {}", r.text());
        assert!(r.text().contains(said), "{said}: {}", r.text());
    }
    let r = settings("per_meeting", "Kommunhuset, Svenljungasalen Norr", "08.30");
    assert_eq!(r.status, 303, "{}", r.text());
    let saved = server
        .get(&format!("/administration/organ/{KS}"), Some(&admin))
        .text();
    assert!(
        saved.contains("name=\"return_after_leaving\" value=\"1\" checked")
            && !saved.contains("name=\"substitutes_across_parties\" value=\"1\" checked"),
        "{saved}"
    );

    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let csrf = csrf(&server, &cookie);
    let form = server.get("/sammantraden", Some(&cookie)).text();
    assert!(
        form.contains("value=\"08.30\"")
            && form.contains("value=\"Kommunhuset, Svenljungasalen Norr\""),
        "{form}"
    );
    let day = chrono::Local::now().date_naive() + chrono::Duration::days(7);
    let created = server.post_form(
        "/sammantraden",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("body", KS),
            ("date", &day.to_string()),
            ("starts_at", "08.30"),
            ("place", "Kommunhuset, Svenljungasalen Norr"),
            ("chair", JOHAN),
            ("adjuster", PATRIK),
            ("secretary", "Alexandra Skoog"),
        ],
    );
    assert_eq!(created.status, 303, "{}", created.text());
    let id = created
        .header("location")
        .unwrap()
        .trim_start_matches("/sammantraden/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let post = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form(&format!("/sammantraden/{id}/andra"), Some(&cookie), &all)
    };
    assert_eq!(post(&[("action", "open_session")]).status, 303);
    for title in ["Val av justerare", "Budget 2027"] {
        let r = post(&[("action", "add_paragraph"), ("title", title)]);
        assert_eq!(r.status, 303, "{}", r.text());
    }
    let page = server
        .get(&format!("/sammantraden/{id}"), Some(&cookie))
        .text();
    assert!(
        page.contains("§ 1</th>") && page.contains("§ 2</th>"),
        "{page}"
    );
}

/// A joint committee (issue 13): its notice is posted on each participant's board too; the
/// secretary registers each posting, and the public notice shows them.
#[test]
fn a_joint_committee_registers_the_other_boards_postings() {
    const RECENT: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a001";
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let admin = server.login("admin", PASSWORD).unwrap();
    let admin_csrf = csrf(&server, &admin);
    let body = |kind: &str, participants: &str| {
        server.post_form(
            &format!("/administration/organ/{KS}/uppgifter"),
            Some(&admin),
            &[
                ("csrf", &admin_csrf),
                ("name", "Kommunstyrelsen"),
                ("definite_name", "kommunstyrelsen"),
                ("short_name", "KS"),
                ("kind", kind),
                ("seats", "9"),
                ("adjusters", "1"),
                ("secretary_signs", "1"),
                ("participants", participants),
            ],
        )
    };
    let r = body("joint_committee", "");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("samverkande kommunerna"), "{}", r.text());
    let r = body("joint_committee", "Marks kommun\r\nBollebygds kommun");
    assert_eq!(r.status, 303, "{}", r.text());

    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let csrf = csrf(&server, &cookie);
    let page = server
        .get(&format!("/sammantraden/{RECENT}"), Some(&cookie))
        .text();
    assert!(
        page.contains("Anslag hos de samverkande kommunerna")
            && page.contains("Marks kommun: ännu inte registrerat")
            && page.contains("preliminärt"),
        "{page}"
    );
    let today = chrono::Local::now().date_naive();
    let url = format!("/sammantraden/{RECENT}/anslag");
    let post = |cookie: &str, csrf: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf), ("index", "0")];
        all.extend_from_slice(fields);
        server.post_form(&url, Some(cookie), &all)
    };
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    let long_ago = (today - chrono::Duration::days(60)).to_string();
    let now = today.to_string();
    for (fields, status, said) in [
        (
            vec![("municipality", "Borås stad"), ("posted", now.as_str())],
            422,
            "ingen av de kommuner",
        ),
        (
            vec![
                ("municipality", "Marks kommun"),
                ("posted", tomorrow.as_str()),
            ],
            422,
            "har inte kommit än",
        ),
        (
            vec![
                ("municipality", "Marks kommun"),
                ("posted", long_ago.as_str()),
            ],
            422,
            "före justeringen",
        ),
        (
            vec![("municipality", "Marks kommun"), ("posted", "i går")],
            422,
            "ÅÅÅÅ-MM-DD",
        ),
    ] {
        let r = post(&cookie, &csrf, &fields);
        assert_eq!(r.status, status, "{fields:?}: {}", r.text());
        assert!(r.text().contains(said), "{said}: {}", r.text());
    }
    let johan = server.login("johan", PASSWORD).unwrap();
    let johan_csrf = self::csrf(&server, &johan);
    let r = post(
        &johan,
        &johan_csrf,
        &[
            ("municipality", "Marks kommun"),
            ("posted", &today.to_string()),
        ],
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let day = today.to_string();
    for m in ["Marks kommun", "Bollebygds kommun"] {
        let r = post(&cookie, &csrf, &[("municipality", m), ("posted", &day)]);
        assert_eq!(r.status, 303, "{}", r.text());
    }
    let page = server
        .get(
            &format!("/sammantraden/{RECENT}?klart=anslag"),
            Some(&cookie),
        )
        .text();
    assert!(
        page.contains("Anslaget är registrerat")
            && page.contains(&format!("Marks kommun: uppsatt {day}"))
            && !page.contains("preliminärt"),
        "{page}"
    );
    // The API: the same check, a correction of a day.
    let r = api_json(
        &server.base,
        "POST",
        &format!("/api/sammantraden/{RECENT}/anslag"),
        &cookie,
        &csrf,
        Some(&serde_json::json!({ "index": 0, "municipality": "Borås stad", "posted": day })),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let r = api_json(
        &server.base,
        "POST",
        &format!("/api/sammantraden/{RECENT}/anslag"),
        &cookie,
        &csrf,
        Some(&serde_json::json!({ "index": 0, "municipality": "Marks kommun", "posted": day })),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let notice = server
        .get(&format!("/anslagstavla/anslag/{RECENT}:0"), None)
        .text();
    assert!(
        notice.contains("Anslås också hos (gemensam nämnd)")
            && notice.contains("Bollebygds kommun: uppsatt")
            && notice.contains("räknas från den dag tillkännagivandet sattes upp sist"),
        "{notice}"
    );
}
