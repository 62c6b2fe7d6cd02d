//! Accounts over HTTP and on the command line: an administrator invites a user, who sets the
//! password through a one-time link; disables and enables an account; a reset link; the
//! organization always keeps an active administrator, also when two administrators demote
//! each other at once; hostile values get Swedish errors and change nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::process::Stdio;

use serde_json::json;
use support::*;

const PASSWORD: &str = "justera-demo-2024";

fn link_token(page: &str) -> String {
    let start = page.find("/konto/").unwrap_or_else(|| panic!("{page}")) + "/konto/".len();
    page[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[test]
fn an_administrator_invites_disables_and_resets_and_an_active_administrator_remains() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    let out = justera(d, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = serve_with(
        d,
        &db,
        &[("JUSTERA_MASTER_KEY_FILE", "data/master.key")],
        Stdio::inherit(),
    );
    let admin = server.login("admin", PASSWORD).unwrap();
    let page = server.get("/administration/anvandare", Some(&admin));
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains("Ny användare"));
    let csrf = hidden(&page.text(), "csrf");
    let create = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form("/administration/anvandare", Some(&admin), &all)
    };

    // Hostile values: each a Swedish error, the form kept, nothing saved.
    let other_body = "0b0b0b0b-0000-4000-8000-000000000000";
    for (fields, said) in [
        (
            vec![("username", "Anna Ö"), ("display_name", "Anna")],
            "ogiltigt användarnamn",
        ),
        (
            vec![("username", "anna"), ("display_name", "Anna\u{7}")],
            "styrtecken",
        ),
        (
            vec![("username", "anna"), ("display_name", "")],
            "1–120 tecken",
        ),
        (
            vec![("username", "johan"), ("display_name", "Johan igen")],
            "finns redan",
        ),
        (
            vec![
                ("username", "anna"),
                ("display_name", "Anna"),
                ("secretary", other_body),
            ],
            "organet för sekreterarrollen finns inte",
        ),
        (
            vec![
                ("username", "anna"),
                ("display_name", "Anna"),
                ("person", "0b0b0b0b-0000-4000-8000-000000000001"),
            ],
            "personen finns inte",
        ),
    ] {
        let r = create(&fields);
        assert!(
            matches!(r.status, 409 | 422),
            "{fields:?}: {} {}",
            r.status,
            r.text()
        );
        assert!(
            r.text().to_lowercase().contains(said),
            "{said}: {}",
            r.text()
        );
    }
    let huge = "a".repeat(100_000);
    let r = create(&[("username", &huge), ("display_name", "Anna")]);
    assert_eq!(r.status, 422);
    let r = create(&[("username", "anna"), ("secretary", "inte-ett-id")]);
    assert_eq!(r.status, 400, "{}", r.text());
    let r = server.post_form(
        "/administration/anvandare",
        Some(&admin),
        &[
            ("csrf", "fel"),
            ("username", "anna"),
            ("display_name", "Anna"),
        ],
    );
    assert_eq!(r.status, 403);
    assert!(
        !server
            .get("/administration/anvandare", Some(&admin))
            .text()
            .contains("(anna)")
    );

    // The invitation: a link shown once, the account invited.
    let r = create(&[
        ("username", "maria.n"),
        ("display_name", "Maria Nilsson"),
        ("member", "1"),
    ]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert!(
        r.text().contains("Kontot maria.n är skapat"),
        "{}",
        r.text()
    );
    let token = link_token(&r.text());
    assert_eq!(token.len(), 64);
    assert!(
        server
            .get("/administration/anvandare", Some(&admin))
            .text()
            .contains("Inbjuden, lösenord inte valt")
    );
    // No password works before the link is used.
    assert!(server.login("maria.n", "").is_err());
    let link = format!("/konto/{token}");
    let form = server.get(&link, None);
    assert_eq!(form.status, 200);
    assert!(form.text().contains("Välkommen, Maria Nilsson"));
    let set = |a: &str, b: &str| server.post_form(&link, None, &[("password", a), ("repeated", b)]);
    let r = set("ett-bra-lösenord", "ett-annat-lösenord");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("inte lika"), "{}", r.text());
    let r = set("kort", "kort");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("minst 10 tecken"));
    let r = set("maria-lösenord-1", "maria-lösenord-1");
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location"),
        Some("/logga-in?klart=losenord&anvandare=maria.n")
    );
    assert!(
        server
            .get("/logga-in?klart=losenord&anvandare=maria.n", None)
            .text()
            .contains("Lösenordet är sparat")
    );
    // Used once.
    let again = set("maria-lösenord-2", "maria-lösenord-2");
    assert_eq!(again.status, 404);
    assert!(again.text().contains("gäller inte längre"));
    assert_eq!(server.get("/konto/zz", None).status, 404);
    assert_eq!(
        server
            .get(&format!("/konto/{}", "a".repeat(5000)), None)
            .status,
        404
    );
    let maria = server.login("maria.n", "maria-lösenord-1").unwrap();
    assert_eq!(server.get("/justering", Some(&maria)).status, 200);

    // Disabled: the session ends, login is refused in Swedish; enabled again.
    let save = |who: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        server.post_form(
            &format!("/administration/anvandare/{who}"),
            Some(&admin),
            &all,
        )
    };
    let r = save(
        "maria.n",
        &[("display_name", "Maria Nilsson"), ("member", "1")],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(server.get("/justering", Some(&maria)).status, 401);
    let refused = server.login("maria.n", "maria-lösenord-1").unwrap_err();
    assert!(
        refused.text().contains("Kontot är avstängt"),
        "{}",
        refused.text()
    );
    assert!(
        server
            .get("/administration/anvandare/maria.n", Some(&admin))
            .text()
            .contains("Kontot är avstängt")
    );
    let r = save(
        "maria.n",
        &[
            ("display_name", "Maria Nilsson"),
            ("member", "1"),
            ("active", "1"),
            ("administrator", "1"),
        ],
    );
    assert_eq!(r.status, 303);
    let maria = server.login("maria.n", "maria-lösenord-1").unwrap();

    // The administrator's own account: not disabled, and not the last administrator.
    let r = save(
        "admin",
        &[("display_name", "Administratör"), ("active", "1")],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        server.get("/administration/anvandare", Some(&admin)).status,
        403
    );
    let maria_csrf = hidden(
        &server.get("/administration/anvandare", Some(&maria)).text(),
        "csrf",
    );
    // Maria is now the only administrator and cannot step down.
    let r = api_json(
        &server.base,
        "PUT",
        "/api/anvandare/maria.n",
        &maria,
        &maria_csrf,
        Some(
            &json!({ "display_name": "Maria Nilsson", "roles": [{ "role": "member" }], "active": true }),
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("enda aktiva administratör"),
        "{}",
        r.text()
    );
    // She makes the first administrator an administrator again.
    let r = api_json(
        &server.base,
        "PUT",
        "/api/anvandare/admin",
        &maria,
        &maria_csrf,
        Some(
            &json!({ "display_name": "Administratör", "roles": [{ "role": "administrator" }], "active": true }),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = api_json(
        &server.base,
        "PUT",
        "/api/anvandare/maria.n",
        &maria,
        &maria_csrf,
        Some(
            &json!({ "display_name": "Maria Nilsson", "roles": [{ "role": "administrator" }], "active": false }),
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("eget konto"), "{}", r.text());

    // Two administrators demote each other at once: one of them stays an administrator.
    let demote = |cookie: &str, token: &str, who: &str, name: &str| {
        api_json(
            &server.base,
            "PUT",
            &format!("/api/anvandare/{who}"),
            cookie,
            token,
            Some(&json!({ "display_name": name, "roles": [{ "role": "member" }], "active": true })),
        )
        .status
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| demote(&admin, &csrf, "maria.n", "Maria Nilsson"));
        let b = s.spawn(|| demote(&maria, &maria_csrf, "admin", "Administratör"));
        (a.join().unwrap(), b.join().unwrap())
    });
    let listed = api_json(&server.base, "GET", "/api/anvandare", &admin, &csrf, None);
    let remaining = if listed.status == 200 {
        let users: serde_json::Value = serde_json::from_slice(&listed.body).unwrap();
        users
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["roles"].to_string().contains("administrator") && u["active"] == true)
            .count()
    } else {
        let listed = api_json(
            &server.base,
            "GET",
            "/api/anvandare",
            &maria,
            &maria_csrf,
            None,
        );
        assert_eq!(listed.status, 200, "{}", listed.text());
        let users: serde_json::Value = serde_json::from_slice(&listed.body).unwrap();
        users
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["roles"].to_string().contains("administrator") && u["active"] == true)
            .count()
    };
    assert_eq!(remaining, 1, "{a} {b}");
    assert!(
        (a == 200) != (b == 200),
        "exactly one demotion succeeds: {a} {b}"
    );
    // Whoever is still administrator makes the other one again.
    let (keeper, keeper_csrf, other, other_name) = if a == 200 {
        (&admin, &csrf, "maria.n", "Maria Nilsson")
    } else {
        (&maria, &maria_csrf, "admin", "Administratör")
    };
    let r = api_json(
        &server.base,
        "PUT",
        &format!("/api/anvandare/{other}"),
        keeper,
        keeper_csrf,
        Some(
            &json!({ "display_name": other_name, "roles": [{ "role": "administrator" }], "active": true }),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());

    // A reset link: the old password works until it is used, then only the new one.
    let r = server.post_form(
        "/administration/anvandare/atgard",
        Some(&admin),
        &[
            ("csrf", &csrf),
            ("action", "password_link"),
            ("username", "johan"),
            ("from", "user"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("Nytt lösenord för Johan Björkman"));
    let reset = link_token(&r.text());
    assert!(server.login("johan", PASSWORD).is_ok());
    let r = server.post_form(
        &format!("/konto/{reset}"),
        None,
        &[
            ("password", "johans-nya-lösen"),
            ("repeated", "johans-nya-lösen"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(server.login("johan", PASSWORD).is_err());
    assert!(server.login("johan", "johans-nya-lösen").is_ok());

    // The API: a new user with a link; another organization's body; the secretary may not.
    let r = api_json(
        &server.base,
        "POST",
        "/api/anvandare",
        &admin,
        &csrf,
        Some(
            &json!({ "username": "per.o", "display_name": "Per Olsson", "roles": [{ "role": "member" }] }),
        ),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let made: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert!(made["url"].as_str().unwrap().contains("/konto/"), "{made}");
    let r = api_json(
        &server.base,
        "POST",
        "/api/anvandare",
        &admin,
        &csrf,
        Some(
            &json!({ "username": "eva", "display_name": "Eva", "roles": [{ "role": "secretary", "body": other_body }] }),
        ),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let r = api_json(
        &server.base,
        "POST",
        "/api/anvandare",
        &admin,
        &csrf,
        Some(&json!({ "username": "eva", "display_name": "Eva", "hemligt": true })),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    let secretary = server.login("alexandra", PASSWORD).unwrap();
    for (method, path) in [
        ("GET", "/api/anvandare"),
        ("POST", "/api/anvandare/johan/losenordslank"),
        ("DELETE", "/api/anvandare/johan/sessioner"),
    ] {
        let r = api_json(&server.base, method, path, &secretary, "x", None);
        assert_eq!(r.status, 403, "{method} {path}: {}", r.text());
    }
    assert_eq!(
        server
            .get("/administration/anvandare/johan", Some(&secretary))
            .status,
        403
    );
    let r = api_json(
        &server.base,
        "GET",
        "/api/anvandare/finns-inte",
        &admin,
        &csrf,
        None,
    );
    assert_eq!(r.status, 404);

    // The register of persons: mandates per body and term, and the linked account.
    let persons = server.get("/administration/personer", Some(&admin));
    assert_eq!(persons.status, 200, "{}", persons.text());
    let text = persons.text();
    assert!(
        text.contains("KS ledamot (M), ordförande 2027-01-01–2030-12-31")
            && text.contains("href=\"/administration/anvandare/johan\""),
        "{text}"
    );

    let r = api_json(&server.base, "GET", "/api/personer", &admin, &csrf, None);
    assert_eq!(r.status, 200, "{}", r.text());
    let register: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert!(
        register
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Johan Björkman" && p["username"] == "johan"),
        "{register}"
    );
    assert_eq!(
        api_json(&server.base, "GET", "/api/personer", &secretary, "x", None).status,
        403
    );

    // The command line: disable, enable, a link.
    let out = justera(d, &db, &["user", "disable", "johan"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("är avstängt"));
    assert!(server.login("johan", "johans-nya-lösen").is_err());
    let out = justera(d, &db, &["user", "link", "johan"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("avstängt"));
    let out = justera(d, &db, &["user", "enable", "johan"]);
    assert!(out.status.success());
    assert!(server.login("johan", "johans-nya-lösen").is_ok());
    let out = justera(
        d,
        &db,
        &[
            "user", "invite", "lena", "--name", "Lena Ek", "--role", "member",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("Engångslänk för lena"), "{printed}");
    let cli_token = link_token(&printed);
    assert_eq!(server.get(&format!("/konto/{cli_token}"), None).status, 200);
    // The same link used twice at once: one password is set, the other use is refused.
    let cli_link = format!("/konto/{cli_token}");
    let (one, two) = std::thread::scope(|s| {
        let a = s.spawn(|| {
            server
                .post_form(
                    &cli_link,
                    None,
                    &[
                        ("password", "lenas-första-1"),
                        ("repeated", "lenas-första-1"),
                    ],
                )
                .status
        });
        let b = s.spawn(|| {
            server
                .post_form(
                    &cli_link,
                    None,
                    &[
                        ("password", "lenas-andra-22"),
                        ("repeated", "lenas-andra-22"),
                    ],
                )
                .status
        });
        (a.join().unwrap(), b.join().unwrap())
    });
    let mut statuses = [one, two];
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 404], "{one} {two}");
    let first = server.login("lena", "lenas-första-1").is_ok();
    let second = server.login("lena", "lenas-andra-22").is_ok();
    assert!(
        first != second,
        "exactly one password works: {first} {second}"
    );
    // Disabling the last administrator is refused on the command line too.
    let out = justera(d, &db, &["user", "disable", "maria.n"]);
    assert!(out.status.success());
    let out = justera(d, &db, &["user", "disable", "admin"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("enda aktiva administratör"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Roles on the command line, and a joint committee's posting registered there.
#[test]
fn roles_and_a_joint_postings_day_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = format!("sqlite://{}", d.join("data/justera.db").display());
    assert!(
        justera(d, &db, &["demo", "--data", "data", "--setup-only"])
            .status
            .success()
    );
    // The only administrator keeps the role.
    let out = justera(d, &db, &["user", "roles", "admin", "--member"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("enda aktiva administratör"));
    let out = justera(
        d,
        &db,
        &["user", "roles", "johan", "--member", "--secretary-of", "KS"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = justera(d, &db, &["user", "list"]);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("sekreterare, ledamot"),
        "{}",
        String::from_utf8_lossy(&list.stdout)
    );
    let out = justera(
        d,
        &db,
        &["user", "roles", "johan", "--secretary-of", "FINNS"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("finns inte"));

    // KS as a joint committee; the recent meeting's notice posted in Marks kommun today.
    let shown = justera(d, &db, &["body", "show", "KS"]);
    let mut body: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    body["kind"] = "joint_committee".into();
    body["participants"] = serde_json::json!(["Marks kommun"]);
    std::fs::write(d.join("ks.json"), body.to_string()).unwrap();
    assert!(
        justera(d, &db, &["body", "set", "ks.json"])
            .status
            .success()
    );
    let today = chrono::Local::now().date_naive().to_string();
    let recent = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a001";
    let args = |who: &'static str, date: &str| {
        vec![
            "posted".to_owned(),
            recent.to_owned(),
            "--municipality".into(),
            who.into(),
            "--date".into(),
            date.to_owned(),
            "--user".into(),
            "alexandra".into(),
        ]
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        justera(d, &db, &refs)
    };
    let out = run(args("Borås stad", &today));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ingen av de kommuner"));
    let out = run(args("Marks kommun", &today));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Anslaget hos Marks kommun"));
    let mut by_member = args("Marks kommun", &today);
    by_member[7] = "johan".into();
    let _ = justera(d, &db, &["user", "roles", "johan", "--member"]);
    let out = run(by_member);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("behörighet"));
}
