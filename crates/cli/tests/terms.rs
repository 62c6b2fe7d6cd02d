//! The new term over HTTP and on the command line: a term file checked row by row, hostile
//! files refused in Swedish with nothing saved, a clean file imported once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use support::*;

const PASSWORD: &str = "justera-demo-2024";
const KS: &str = "00000000-0000-4000-8000-000000000010";

fn term_file(members: &[&str]) -> String {
    let mut text = String::from("namn;parti;roll;ordning;befattning;från;till\n");
    for (i, m) in members.iter().enumerate() {
        let position = if i == 0 { "ordförande" } else { "" };
        text.push_str(&format!("{m};S;ledamot;{};{position};;\n", i + 1));
    }
    text
}

#[test]
fn a_term_file_is_checked_refused_and_imported_over_http_and_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("data/justera.db").display());
    let out = justera(dir.path(), &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = serve(dir.path(), &db, None);
    let cookie = server.login("admin", PASSWORD).unwrap();
    let csrf = hidden(&server.get("/administration", Some(&cookie)).text(), "csrf");
    let url = format!("/administration/organ/{KS}/mandatperiod");
    let post = |fields: &[(&str, &str)], file: Option<(&str, &[u8])>| {
        server.post_multipart(&url, Some(&cookie), fields, file)
    };
    let base = [
        ("csrf", csrf.as_str()),
        ("fran", "2031-01-01"),
        ("till", "2034-12-31"),
        ("steg", "granska"),
    ];
    let before = server
        .get(&format!("/administration/organ/{KS}"), Some(&cookie))
        .text();
    assert!(
        before.contains("2027-01-01–2030-12-31: 9 ledamöter"),
        "{before}"
    );

    // Not UTF-8, too large, a wrong CSRF token, no file, dates in the wrong order.
    let latin1 = b"namn;parti;roll;ordning\n\xc5sa;S;ledamot;1\n";
    let r = post(&base, Some(("latin1.csv", latin1)));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("inte UTF-8-text"), "{}", r.text());
    // (Written straight to the socket: the server answers before it has read it all.)
    let mut huge = b"------justeratestgrans\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"stor.csv\"\r\nContent-Type: text/csv\r\n\r\n".to_vec();
    huge.extend(vec![b'a'; 3 * 1024 * 1024]);
    huge.extend_from_slice(b"\r\n------justeratestgrans--\r\n");
    let r = post_raw(
        &server.base,
        &url,
        Some(&cookie),
        "multipart/form-data; boundary=----justeratestgrans",
        &huge,
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("för stor"), "{}", r.text());
    let mut forged = base;
    forged[0].1 = "fel";
    let file = term_file(&[
        "A Ett", "B Två", "C Tre", "D Fyra", "E Fem", "F Sex", "G Sju", "H Åtta", "I Nio",
    ]);
    assert_eq!(post(&forged, Some(("t.csv", file.as_bytes()))).status, 403);
    let r = post(&base, None);
    assert_eq!(r.status, 422, "{}", r.text());
    let mut backwards = base;
    backwards[1].1 = "2035-01-01";
    let r = post(&backwards, Some(("t.csv", file.as_bytes())));
    assert_eq!(r.status, 422);
    assert!(r.text().contains("slutar före den börjar"), "{}", r.text());

    // A file with errors: each named with its line; importing it saves nothing.
    let bad = file.replace("C Tre;S;", "C Tre;Centerpartiet;");
    let r = post(&base, Some(("fel.csv", bad.as_bytes())));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("<th scope=\"row\">Rad 4</th>"),
        "{}",
        r.text()
    );
    let mut import = base;
    import[3].1 = "las_in";
    let r = post(&import, Some(("fel.csv", bad.as_bytes())));
    assert_eq!(r.status, 422, "{}", r.text());
    let unchanged = server
        .get(&format!("/administration/organ/{KS}"), Some(&cookie))
        .text();
    assert!(
        !unchanged.contains("2031-01-01–2034-12-31: "),
        "{unchanged}"
    );

    // The clean file: previewed, then imported once (again: replaced, not doubled).
    let r = post(&base, Some(("ratt.csv", file.as_bytes())));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        r.text().contains("Filen är felfri: 9 uppdrag"),
        "{}",
        r.text()
    );
    for _ in 0..2 {
        let r = post(&import, Some(("ratt.csv", file.as_bytes())));
        assert_eq!(r.status, 303, "{}", r.text());
    }
    let after = server
        .get(&format!("/administration/organ/{KS}"), Some(&cookie))
        .text();
    assert!(
        after.contains("2031-01-01–2034-12-31: 9 ledamöter, 0 ersättare"),
        "{after}"
    );

    // The same through the JSON API (session cookie and its CSRF token).
    let api = |method: &str, path: &str, cookie: &str, token: &str, body: &str| {
        let url = format!("{}{path}", server.base);
        let r = if method == "GET" {
            agent().get(&url).header("Cookie", cookie).call()
        } else {
            agent()
                .post(&url)
                .header("Cookie", cookie)
                .header("X-CSRF-Token", token)
                .header("Content-Type", "text/csv")
                .send(body)
        };
        reply(r.unwrap())
    };
    let listed = api("GET", "/api/organ", &cookie, &csrf, "");
    assert_eq!(listed.status, 200, "{}", listed.text());
    let json: serde_json::Value = serde_json::from_slice(&listed.body).unwrap();
    assert_eq!(json[0]["terms"][2]["from"], "2031-01-01", "{json}");
    let term_url = format!("/api/organ/{KS}/mandatperiod?fran=2043-01-01&till=2046-12-31");
    let r = api("POST", &term_url, &cookie, &csrf, &bad);
    assert_eq!(r.status, 422, "{}", r.text());
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["errors"][0]["line"], 4, "{json}");
    let r = api(
        "POST",
        &format!("{term_url}&forhandsgranska=true"),
        &cookie,
        &csrf,
        &file,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = api("POST", &term_url, &cookie, &csrf, &file);
    assert_eq!(r.status, 201, "{}", r.text());
    let r = api("POST", &term_url, &cookie, "fel", &file);
    assert_eq!(r.status, 403, "{}", r.text());
    let r = api("POST", &term_url, &cookie, &csrf, "\u{0}\u{1}");
    assert_eq!(r.status, 422, "{}", r.text());

    // The organization's settings: the court is named on the notices; hostile values are
    // refused in Swedish and change nothing.
    let settings_with = |court: &str, storage: &str, number: &str| {
        server.post_form(
            "/administration/installningar",
            Some(&cookie),
            &[
                ("csrf", csrf.as_str()),
                ("name", "Svenljunga kommun"),
                ("organization_number", number),
                ("protocol_storage", storage),
                ("appeal_court", court),
                ("posting", "next-workday"),
                ("takedown", "day-after"),
                ("written_reservations", "attached"),
            ],
        )
    };
    let settings = |court: &str, storage: &str| settings_with(court, storage, "212000-1355");
    // An organization number with a wrong check digit, a personnummer, or hostile text.
    for number in ["212000-1356", "19121212-1212", "121212-1212", "\u{0}\u{1}"] {
        let r = settings_with("Förvaltningsrätten i Göteborg", "Kansliet", number);
        assert_eq!(r.status, 422, "{number}: {}", r.text());
        assert!(r.text().contains("Organisationsnumret"), "{}", r.text());
    }
    let r = settings("Förvaltningsrätten i Jönköping\u{7}", "Kansliet");
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("styrtecken"), "{}", r.text());
    let r = settings(&"x".repeat(121), "Kansliet");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("högst 120 tecken"), "{}", r.text());
    let r = settings("Förvaltningsrätten i Jönköping", "");
    assert_eq!(r.status, 422);
    let board = server.get("/anslagstavla", None).text();
    assert!(board.contains("Förvaltningsrätten i Göteborg"), "{board}");
    let r = settings(
        "Förvaltningsrätten i Jönköping",
        "Kommunstyrelseförvaltningen, kansliet",
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let board = server.get("/anslagstavla", None).text();
    assert!(board.contains("Förvaltningsrätten i Jönköping"), "{board}");
    let secretary = server.login("alexandra", PASSWORD).unwrap();
    let token = hidden(&server.get("/justering", Some(&secretary)).text(), "csrf");
    let r = server.post_form(
        "/administration/installningar",
        Some(&secretary),
        &[
            ("csrf", &token),
            ("name", "Kapad kommun"),
            ("protocol_storage", "x"),
        ],
    );
    assert_eq!(r.status, 403);

    // Bodies: a new committee, then its seats changed; hostile values refused in Swedish.
    let body_form =
        |path: &str, name: &str, short: &str, kind: &str, seats: &str, adjusters: &str| {
            server.post_form(
                path,
                Some(&cookie),
                &[
                    ("csrf", csrf.as_str()),
                    ("name", name),
                    ("definite_name", &name.to_lowercase()),
                    ("short_name", short),
                    ("kind", kind),
                    ("seats", seats),
                    ("adjusters", adjusters),
                    ("secretary_signs", "1"),
                ],
            )
        };
    let r = body_form(
        "/administration/organ",
        "Barn- och utbildningsnämnden",
        "BUN",
        "committee",
        "9",
        "1",
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let bun = r.header("location").unwrap().to_owned();
    let page = server.get(&bun, Some(&cookie)).text();
    assert!(
        page.contains("Barn- och utbildningsnämnden: mandatperioder") && page.contains("9 platser"),
        "{page}"
    );
    let update = format!("{}/uppgifter", bun.split('?').next().unwrap());
    for (name, short, kind, seats, adjusters, said) in [
        (
            "Barn- och utbildningsnämnden",
            "BUN",
            "committee",
            "0",
            "1",
            "minst en plats",
        ),
        (
            "Barn- och utbildningsnämnden",
            "BUN",
            "committee",
            "nio",
            "1",
            "som ett heltal",
        ),
        (
            "Kommunfullmäktige 2",
            "KF2",
            "council",
            "41",
            "1",
            "justerare",
        ),
        (
            "Barn\u{7}nämnden",
            "BUN",
            "committee",
            "9",
            "1",
            "styrtecken",
        ),
        (
            "Barn- och utbildningsnämnden",
            "KS",
            "committee",
            "9",
            "1",
            "kortnamnet KS",
        ),
        (
            "Barn- och utbildningsnämnden",
            "BUN",
            "parlament",
            "9",
            "1",
            "Välj vilket slags organ",
        ),
        (
            "Barn- och utbildningsnämnden",
            "BUN",
            "committee",
            "9",
            "99",
            "orimligt",
        ),
    ] {
        let r = body_form(&update, name, short, kind, seats, adjusters);
        assert!(
            matches!(r.status, 409 | 422),
            "{name} {seats}: {} {}",
            r.status,
            r.text()
        );
        assert!(r.text().contains(said), "{said}: {}", r.text());
    }
    let r = body_form(
        &update,
        "Barn- och utbildningsnämnden",
        "BUN",
        "committee",
        "11",
        "2",
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(
        server
            .get(&bun, Some(&cookie))
            .text()
            .contains("11 platser")
    );
    // The secretary may not.
    let r = server.post_form(
        &update,
        Some(&secretary),
        &[
            ("csrf", &token),
            ("name", "x"),
            ("definite_name", "x"),
            ("short_name", "X"),
            ("kind", "committee"),
            ("seats", "1"),
            ("adjusters", "1"),
        ],
    );
    assert_eq!(r.status, 403);

    // Users: roles in Swedish; a user's sessions ended (their cookie no longer works); a
    // token that does not exist is not found; the secretary may not.
    let johan = server.login("johan", PASSWORD).unwrap();
    assert_eq!(server.get("/justering", Some(&johan)).status, 200);
    let users = server.get("/administration/anvandare", Some(&cookie));
    assert_eq!(users.status, 200, "{}", users.text());
    assert!(
        users.text().contains("sekreterare för KS"),
        "{}",
        users.text()
    );
    let act = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form("/administration/anvandare/atgard", Some(&cookie), &all)
    };
    let r = act(&[("action", "end_sessions"), ("username", "johan")]);
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(server.get("/justering", Some(&johan)).status, 401);
    let r = act(&[
        ("action", "revoke_token"),
        ("username", "johan"),
        ("token", "00ff"),
    ]);
    assert_eq!(r.status, 404, "{}", r.text());
    let r = act(&[("action", "end_sessions"), ("username", "e-admin")]);
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(
        server
            .get("/administration/anvandare", Some(&secretary))
            .status,
        403
    );

    // The command line: the same checks, in Swedish, exit code 1 and nothing saved.
    let bad_path = dir.path().join("fel.csv");
    std::fs::write(&bad_path, &bad).unwrap();
    let out = justera(
        dir.path(),
        &db,
        &[
            "term",
            "import",
            bad_path.to_str().unwrap(),
            "--body",
            "KS",
            "--from",
            "2035-01-01",
            "--to",
            "2038-12-31",
        ],
    );
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("har 1 fel; inget är inläst")
            && said.contains("rad 4: C Tre: partiet \"Centerpartiet\""),
        "{said}"
    );
    let good_path = dir.path().join("ratt.csv");
    std::fs::write(&good_path, &file).unwrap();
    let args = [
        "term",
        "import",
        good_path.to_str().unwrap(),
        "--body",
        "KS",
        "--from",
        "2035-01-01",
        "--to",
        "2038-12-31",
    ];
    let out = justera(dir.path(), &db, &[&args[..], &["--preview"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("är felfri: 9 ledamöter och 0 ersättare")
    );
    let out = justera(dir.path(), &db, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "Mandatperioden 2035-01-01–2038-12-31 för Kommunstyrelsen är inläst: 9 uppdrag"
        )
    );
    // The composition written as a file for the next term.
    let copy = dir.path().join("nasta.csv");
    let out = justera(
        dir.path(),
        &db,
        &[
            "term",
            "copy",
            "--body",
            "KS",
            "--from",
            "2039-01-01",
            "--to",
            "2042-12-31",
            "--out",
            copy.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copied = std::fs::read_to_string(&copy).unwrap();
    assert!(
        copied.starts_with("namn;parti;roll;ordning;befattning;från;till\n"),
        "{copied}"
    );
    assert!(
        copied.contains("A Ett;S;ledamot;1;ordförande;2039-01-01;2042-12-31"),
        "{copied}"
    );
}

/// The value of the `<option>` whose text starts with `label`.
fn option_value(html: &str, label: &str) -> String {
    html.split("<option value=\"")
        .skip(1)
        .find_map(|part| {
            let (value, rest) = part.split_once("\">")?;
            rest.starts_with(label).then(|| value.to_owned())
        })
        .unwrap_or_else(|| panic!("{label} in {html}"))
}

#[test]
fn a_member_who_resigns_mid_term_is_replaced_from_a_date_without_rewriting_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("data/justera.db").display());
    let out = justera(dir.path(), &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(out.status.success());
    let server = serve(dir.path(), &db, None);
    let cookie = server.login("admin", PASSWORD).unwrap();
    let page_url = format!("/administration/organ/{KS}");
    let page = server.get(&page_url, Some(&cookie)).text();
    let csrf = hidden(&page, "csrf");
    let patrik = option_value(&page, "Patrik Harrysson");
    let url = format!("/administration/organ/{KS}/uppdrag");
    let post = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form(&url, Some(&cookie), &all)
    };

    // Refused, each in Swedish, nothing saved.
    for (fields, said) in [
        (
            vec![("mandate", patrik.as_str()), ("last_day", "31/5")],
            "ÅÅÅÅ-MM-DD",
        ),
        (
            vec![("mandate", ""), ("last_day", "2027-05-31")],
            "Välj uppdraget",
        ),
        (
            vec![("mandate", patrik.as_str()), ("last_day", "2026-05-31")],
            "ska ligga mellan 2027-01-01",
        ),
        (
            vec![
                ("mandate", patrik.as_str()),
                ("last_day", "2027-05-31"),
                ("successor", "Ny\u{1b}[2J"),
            ],
            "styrtecken",
        ),
        (
            vec![
                ("mandate", patrik.as_str()),
                ("last_day", "2027-05-31"),
                ("successor", "Johan Björkman"),
            ],
            "Johan Björkman står två gånger",
        ),
        (
            vec![
                ("mandate", "0b0b0b0b-0000-4000-8000-000000000000"),
                ("last_day", "2027-05-31"),
            ],
            "finns inte",
        ),
    ] {
        let r = post(&fields);
        assert!(
            matches!(r.status, 404 | 422),
            "{fields:?}: {} {}",
            r.status,
            r.text()
        );
        assert!(r.text().contains(said), "{said}: {}", r.text());
    }
    let other = server.post_form(
        "/administration/organ/00000000-0000-4000-8000-900000000010/uppdrag",
        Some(&cookie),
        &[
            ("csrf", &csrf),
            ("mandate", &patrik),
            ("last_day", "2027-05-31"),
        ],
    );
    assert_eq!(other.status, 404);
    assert!(
        !server
            .get(&page_url, Some(&cookie))
            .text()
            .contains("ändrade under perioden")
    );

    // Patrik leaves after 31 May 2027; Sara Lind takes the seat from 1 June.
    let r = post(&[
        ("mandate", &patrik),
        ("last_day", "2027-05-31"),
        ("successor", "Sara Lind"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let back = r
        .header("location")
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_owned();
    let after = server.get(&back, Some(&cookie)).text();
    assert!(
        after.contains("(2 uppdrag ändrade under perioden)"),
        "{after}"
    );
    assert!(after.contains("Uppdraget är ändrat"));
    // The composition on a date: Patrik before, Sara after; the 2023–2026 term untouched.
    let on = |day_after: &str| {
        server
            .get(
                &format!(
                    "/administration/organ/{KS}/sammansattning.csv?fran={day_after}&till=2030-12-31"
                ),
                Some(&cookie),
            )
            .text()
    };
    let may = on("2027-05-31");
    assert!(
        may.contains("Patrik Harrysson") && !may.contains("Sara Lind"),
        "{may}"
    );
    let june = on("2027-06-02");
    assert!(
        june.contains("Sara Lind") && !june.contains("Patrik Harrysson"),
        "{june}"
    );
    let old = on("2026-06-01");
    assert!(old.contains("Patrik Harrysson"), "{old}");

    // The same over the API: Sara's mandate ends too, without a successor yet.
    let sara = option_value(&after, "Sara Lind");
    let api = api_json(
        &server.base,
        "POST",
        &format!("/api/organ/{KS}/uppdrag"),
        &cookie,
        &csrf,
        Some(&serde_json::json!({ "mandate": sara, "last_day": "2028-12-31" })),
    );
    assert_eq!(api.status, 200, "{}", api.text());
    let api = api_json(
        &server.base,
        "POST",
        &format!("/api/organ/{KS}/uppdrag"),
        &cookie,
        &csrf,
        Some(&serde_json::json!({ "mandate": "x", "last_day": "2028-12-31" })),
    );
    assert_eq!(api.status, 404, "{}", api.text());
}

/// The organization's settings and a body on the command line: shown as JSON, changed from a
/// file with the web's checks; a wrong value changes nothing.
#[test]
fn the_organization_and_its_bodies_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    assert!(
        justera(d, &db, &["demo", "--data", "data", "--setup-only"])
            .status
            .success()
    );
    let out = justera(d, &db, &["org", "show"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut org: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(org["name"], "Svenljunga kommun");
    org["organization_number"] = "212000-1356".into();
    std::fs::write(d.join("org.json"), org.to_string()).unwrap();
    let out = justera(d, &db, &["org", "set", "org.json"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("organisationsnumret"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    org["organization_number"] = "212000-1355".into();
    std::fs::write(d.join("org.json"), org.to_string()).unwrap();
    let out = justera(d, &db, &["org", "set", "org.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = justera(d, &db, &["org", "show"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("212000-1355"));
    std::fs::write(d.join("trasig.json"), "{\"id\": [").unwrap();
    let out = justera(d, &db, &["org", "set", "trasig.json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kunde inte läsas"));

    let out = justera(d, &db, &["body", "show", "KS"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    body["kind"] = "joint_committee".into();
    std::fs::write(d.join("ks.json"), body.to_string()).unwrap();
    let out = justera(d, &db, &["body", "set", "ks.json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("samverkande kommunerna"));
    body["kind"] = "board".into();
    body["numbering"] = "per_meeting".into();
    body["usual_place"] = "Kommunhuset".into();
    std::fs::write(d.join("ks.json"), body.to_string()).unwrap();
    let out = justera(d, &db, &["body", "set", "ks.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = justera(d, &db, &["body", "list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("KS"));
    let shown = justera(d, &db, &["body", "show", "KS"]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("per_meeting"));
    // A resignation on the command line: Patrik's mandate ends, Sara has it from the day after.
    let out = justera(
        d,
        &db,
        &[
            "term",
            "end",
            "--body",
            "KS",
            "--name",
            "Patrik Harrysson",
            "--last-day",
            "2027-05-31",
            "--successor",
            "Sara Lind",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Sara Lind har det från dagen efter"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = justera(
        d,
        &db,
        &[
            "term",
            "end",
            "--body",
            "KS",
            "--name",
            "Ingen Alls",
            "--last-day",
            "2027-05-31",
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("har inget uppdrag"));
    let out = justera(
        d,
        &db,
        &[
            "term",
            "copy",
            "--body",
            "KS",
            "--from",
            "2027-06-02",
            "--to",
            "2030-12-31",
        ],
    );
    let copied = String::from_utf8_lossy(&out.stdout);
    assert!(
        copied.contains("Sara Lind") && !copied.contains("Patrik Harrysson"),
        "{copied}"
    );
    let out = justera(d, &db, &["body", "show", "FINNS"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("finns inte"));
}
