//! The secretary's journey end to end over real HTTP with the plain HTML forms (no
//! JavaScript): motions, a roll-call vote, the generated Beslutsgång and decision, conflicts
//! and double submits, reservations, an immediate adjustment signed by the chair and the
//! adjuster and posted on the board, the public live page and server-sent events; the JSON API
//! with a token. The authorization matrix is in `authorization.rs`, the bodies' settings in
//! `bodies.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::io::Read;
use std::process::Command;
use std::time::Duration;

use support::*;

const LIVE: &str = "6d1c4a3e-2f0b-4c1e-9a57-d0000000a002";
const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");
const PASSWORD: &str = "justera-demo-2024";
const PATRIK: &str = "00000000-0000-4000-8000-000000000105";
const LISBETH: &str = "00000000-0000-4000-8000-000000000106";
const DAN: &str = "00000000-0000-4000-8000-000000000107";
const JOHAN: &str = "00000000-0000-4000-8000-000000000101";

struct Secretary<'a> {
    server: &'a Server,
    cookie: String,
    csrf: String,
}

impl Secretary<'_> {
    fn edit(&self, fields: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", self.csrf.as_str()), ("from", "paragraph")];
        all.extend_from_slice(fields);
        self.server.post_form(
            &format!("/sammantraden/{LIVE}/andra"),
            Some(&self.cookie),
            &all,
        )
    }

    fn paragraph(&self, n: u32) -> String {
        let r = self.server.get(
            &format!("/sammantraden/{LIVE}/paragraf/{n}"),
            Some(&self.cookie),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.text()
    }
}

/// The serving members of §163 in the order of the voting list.
fn voters(page: &str) -> Vec<String> {
    page.match_indices("data-person=\"")
        .map(|(i, m)| page[i + m.len()..].split('"').next().unwrap().to_owned())
        .collect()
}

fn sign(server: &Server, user: &str) -> Reply {
    let cookie = server.login(user, PASSWORD).unwrap();
    let list = server.get("/justering", Some(&cookie)).text();
    assert!(
        list.contains("omedelbar justering av § 163"),
        "{user}: {list}"
    );
    let page = server.get(&format!("/justering/{LIVE}"), Some(&cookie));
    assert_eq!(page.status, 200, "{}", page.text());
    let token = hidden(&page.text(), "csrf");
    server.post_form(
        &format!("/justering/{LIVE}/signera"),
        Some(&cookie),
        &[("csrf", &token), ("password", PASSWORD)],
    )
}

#[test]
fn the_secretary_records_a_meeting_with_a_roll_call_and_an_immediate_adjustment() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let sec = Secretary {
        server: &server,
        csrf: csrf(&server, &cookie),
        cookie,
    };

    // A meeting after the members' mandates end (the demo has the 2027–2030 term, not the
    // next): told in Swedish what is missing, no id, nothing created.
    let created = server.post_form(
        "/sammantraden",
        Some(&sec.cookie),
        &[
            ("csrf", &sec.csrf),
            ("body", "00000000-0000-4000-8000-000000000010"),
            ("date", "2031-01-20"),
            ("starts_at", "13.30"),
            ("place", "Kommunhuset"),
            ("chair", JOHAN),
            ("adjuster", PATRIK),
            ("secretary", "Alexandra Skoog"),
        ],
    );
    assert_eq!(created.status, 422, "{}", created.text());
    let said = created.text();
    assert!(
        said.contains("Kommunstyrelsen har inga ledamöter med uppdrag den 20 januari 2031"),
        "{said}"
    );
    assert!(said.contains("be administratören lägga in"), "{said}");
    assert!(!said.contains("00000000-0000-4000"), "{said}");

    // Attendance in one form: a seat served by someone who is no substitute, or a form that
    // lists a seat twice, is refused in Swedish and changes nothing.
    let before = server
        .get(&format!("/sammantraden/{LIVE}"), Some(&sec.cookie))
        .text();
    let seats: Vec<String> = before
        .split("name=\"seat\" value=\"")
        .skip(1)
        .filter_map(|t| t.split('"').next().map(str::to_owned))
        .collect();
    assert_eq!(seats.len(), 9, "{before}");
    let mut fields: Vec<(String, String)> = vec![
        ("csrf".into(), sec.csrf.clone()),
        ("action".into(), "set_attendance".into()),
    ];
    for (i, seat) in seats.iter().enumerate() {
        fields.push(("seat".into(), seat.clone()));
        if i == 0 {
            fields.push((format!("state-{seat}"), "served_by".into()));
            fields.push((format!("sub-{seat}"), DAN.into()));
        } else {
            fields.push((format!("state-{seat}"), "present".into()));
        }
    }
    let as_refs = |f: &[(String, String)]| -> Vec<(String, String)> { f.to_vec() };
    let post = |f: &[(String, String)]| {
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        server.post_form(
            &format!("/sammantraden/{LIVE}/andra"),
            Some(&sec.cookie),
            &pairs,
        )
    };
    let refused = post(&as_refs(&fields));
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused
            .text()
            .contains("Dan Franzén (S) är inte ersättare i organet"),
        "{}",
        refused.text()
    );
    let mut short = fields.clone();
    short.retain(|(k, v)| !(k == "seat" && *v == seats[8]));
    let refused = post(&short);
    assert_eq!(refused.status, 409, "{}", refused.text());
    let after = server
        .get(&format!("/sammantraden/{LIVE}"), Some(&sec.cookie))
        .text();
    assert_eq!(
        after.matches(" checked").count(),
        before.matches(" checked").count()
    );

    // The meeting list links today's meeting; the meeting screen shows the quorum.
    let list = server.get("/sammantraden", Some(&sec.cookie)).text();
    assert!(list.contains(&format!("/sammantraden/{LIVE}")), "{list}");
    let meeting = server
        .get(&format!("/sammantraden/{LIVE}"), Some(&sec.cookie))
        .text();
    assert!(meeting.contains("Beslutför: 9 av 9 ledamöter"), "{meeting}");

    // Live updates: a listener on the meeting's event stream hears the next change.
    let events = {
        let url = format!("{}/sammantraden/{LIVE}/handelser", server.base);
        let cookie = sec.cookie.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = agent().get(&url).header("Cookie", &cookie).call().unwrap();
            tx.send(format!("status {}", r.status().as_u16())).ok();
            let mut reader = r.body_mut().as_reader();
            let mut buf = [0u8; 256];
            let mut seen = String::new();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                if seen.contains("event: change") {
                    tx.send("change".into()).ok();
                    break;
                }
            }
        });
        rx
    };
    assert_eq!(
        events.recv_timeout(Duration::from_secs(10)).unwrap(),
        "status 200"
    );

    // A motion, submitted twice (double click): recorded once.
    let motion = [
        ("action", "add_motion"),
        ("paragraph", "163"),
        ("motion_id", "m-avslag"),
        ("mover", PATRIK),
        ("kind", "rejection"),
        ("refers_to", "proposal"),
        ("text", ""),
        ("supporter", DAN),
    ];
    assert_eq!(sec.edit(&motion).status, 303);
    assert_eq!(
        events.recv_timeout(Duration::from_secs(10)).unwrap(),
        "change"
    );
    assert_eq!(sec.edit(&motion).status, 303);
    let page = sec.paragraph(163);
    assert_eq!(
        page.matches("Yrkar avslag på arbetsutskottets förslag")
            .count(),
        1,
        "{page}"
    );
    assert!(page.contains("Nästa proposition: Huvudfrågan"), "{page}");

    // The roll call: a missing ballot is refused with the member's name, nothing is saved.
    let ids = voters(&page);
    assert_eq!(ids.len(), 9);
    let ballots: Vec<(String, &str)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let b = match i {
                0..=4 => "yes",
                5..=7 => "no",
                _ => "abstain",
            };
            (format!("ballot-{id}"), b)
        })
        .collect();
    let mut vote: Vec<(&str, &str)> = vec![
        ("action", "add_step"),
        ("paragraph", "163"),
        ("recorded", "0"),
        ("question", "main"),
        ("mode", "vote"),
        ("finding", "proposal"),
        ("counter", "motion:m-avslag"),
    ];
    let incomplete: Vec<(&str, &str)> =
        ballots[1..].iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let mut short = vote.clone();
    short.extend(incomplete);
    let refused = sec.edit(&short);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .text()
            .contains("Röst saknas för Johan Björkman (M)"),
        "{}",
        refused.text()
    );
    // What was entered is shown again beside the error, so no ballot is entered twice.
    let again = refused.text();
    assert!(again.contains("id=\"rollcall-fel\""), "{again}");
    let kept = again
        .split("name=\"ballot-")
        .skip(1)
        .filter(|tail| {
            tail.split('>')
                .next()
                .is_some_and(|tag| tag.ends_with(" checked"))
        })
        .count();
    assert_eq!(kept, 8, "{again}");
    vote.extend(ballots.iter().map(|(k, v)| (k.as_str(), *v)));
    assert_eq!(sec.edit(&vote).status, 303);
    // The same vote again (a double submit) is not recorded twice.
    assert_eq!(sec.edit(&vote).status, 303);
    let page = sec.paragraph(163);
    assert!(
        page.contains("Med 5 ja-röster mot 3 nej-röster, 1 avstår, beslutar kommunstyrelsen enligt arbetsutskottets förslag."),
        "{page}"
    );
    assert!(page.contains("Beslutsgången är klar"), "{page}");
    assert_eq!(page.matches("Omröstning begärs och verkställs").count(), 1);

    // The decision generated from the decision order is written into "Beslut".
    assert_eq!(
        sec.edit(&[("action", "adopt_decision"), ("paragraph", "163")])
            .status,
        303
    );
    let page = sec.paragraph(163);
    assert!(
        page.contains(">Kommunstyrelsen godkänner delårsrapporten per augusti.</textarea>"),
        "{page}"
    );

    // Reservations: one who voted no may reserve; one who voted yes may not.
    assert_eq!(
        sec.edit(&[
            ("action", "add_reservation"),
            ("paragraph", "163"),
            ("person", LISBETH),
            ("in_favour_of", "m-avslag")
        ])
        .status,
        303
    );
    let refused = sec.edit(&[
        ("action", "add_reservation"),
        ("paragraph", "163"),
        ("person", JOHAN),
    ]);
    assert_eq!(refused.status, 422, "{}", refused.text());

    // Two people editing the text of § 165: the second, made on the old version, is refused
    // with a conflict and what they typed is shown again; nothing is overwritten.
    let page = sec.paragraph(165);
    let base = hidden(&page, "base");
    let text = |summary: &'static str| -> Vec<(&'static str, &'static str)> {
        vec![
            ("action", "update_text"),
            ("paragraph", "165"),
            ("title", "Anmälan av delegationsbeslut"),
            ("summary", summary),
            ("proposal_source", "arbetsutskottets förslag"),
            (
                "proposal_clauses",
                "Kommunstyrelsen lägger anmälan av delegationsbeslut till handlingarna.",
            ),
        ]
    };
    let mut first = text("Förteckning över delegationsbeslut september.");
    first.push(("base", &base));
    assert_eq!(sec.edit(&first).status, 303);
    // A double submit of the same text is accepted as it is.
    assert_eq!(sec.edit(&first).status, 303);
    let mut second = text("Någon annans text.");
    second.push(("base", &base));
    let conflict = sec.edit(&second);
    assert_eq!(conflict.status, 409);
    assert!(
        conflict.text().contains("har ändrats av någon annan"),
        "{}",
        conflict.text()
    );
    assert!(conflict.text().contains("Någon annans text."));
    // Both texts are on the page, the saved one beside what was typed.
    let shown = conflict.text();
    let block = shown.split("class=\"conflict\"").nth(1).unwrap_or_default();
    assert!(block.contains("<h4>Sammanfattning</h4>"), "{shown}");
    assert!(
        block.contains("Förteckning över delegationsbeslut september."),
        "{shown}"
    );
    assert!(
        sec.paragraph(165)
            .contains("Förteckning över delegationsbeslut september.")
    );

    // Autosave: the same form with Accept: application/json answers with the new fingerprint.
    let page = sec.paragraph(165);
    let mut auto = text("Förteckning över delegationsbeslut september och oktober.");
    let base = hidden(&page, "base");
    auto.push(("base", &base));
    auto.push(("csrf", &sec.csrf));
    let body = auto
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let stale = body.replace("oktober.", "november.");
    let r = reply(
        agent()
            .post(&format!("{}/sammantraden/{LIVE}/andra", server.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("Cookie", &sec.cookie)
            .send(body)
            .unwrap(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        json["fingerprint"].as_str().unwrap(),
        hidden(&sec.paragraph(165), "base")
    );
    // The autosave on a stale version gets JSON (never an HTML page) with both texts of what
    // differs, and the fingerprint to save on once the secretary has chosen.
    let r = reply(
        agent()
            .post(&format!("{}/sammantraden/{LIVE}/andra", server.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("Cookie", &sec.cookie)
            .send(stale)
            .unwrap(),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    let json: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(json["code"], "conflict");
    assert_eq!(json["differences"][0]["name"], "summary", "{json}");
    assert_eq!(
        json["differences"][0]["theirs"],
        "Förteckning över delegationsbeslut september och oktober."
    );
    assert_eq!(
        json["differences"][0]["mine"],
        "Förteckning över delegationsbeslut september och november."
    );
    assert_eq!(
        json["fingerprint"].as_str().unwrap(),
        hidden(&sec.paragraph(165), "base")
    );

    // Confidential § 165: the public live page shows neither its decision order nor decision.
    let mut secret = text("Förteckning över delegationsbeslut september och oktober.");
    let base = hidden(&sec.paragraph(165), "base");
    secret.push(("base", &base));
    secret.push(("confidential", "1"));
    secret.push((
        "secrecy_reason",
        "26 kap. 1 § offentlighets- och sekretesslagen",
    ));
    secret.push(("decision", "Hemligt beslut."));
    assert_eq!(sec.edit(&secret).status, 303);
    let live = server.get(&format!("/anslagstavla/direkt/{LIVE}"), None);
    assert_eq!(live.status, 200);
    assert!(
        live.text().contains("Med 5 ja-röster mot 3 nej-röster"),
        "{}",
        live.text()
    );
    assert!(live.text().contains("Paragrafen omfattas av sekretess."));
    assert!(!live.text().contains("Hemligt beslut"));

    // Closing is refused while § 164 has no decision.
    let refused = server.post_form(
        &format!("/sammantraden/{LIVE}/andra"),
        Some(&sec.cookie),
        &[("csrf", &sec.csrf), ("action", "close_session")],
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains("§ 164 saknar beslut"),
        "{}",
        refused.text()
    );

    // Immediate adjustment of § 163 from the meeting screen; the secretary, the chair and the
    // adjuster sign; the notice is on the board with its own appeal period.
    let r = server.post_form(
        &format!("/sammantraden/{LIVE}/omedelbar"),
        Some(&sec.cookie),
        &[
            ("csrf", &sec.csrf),
            ("paragraphs", "163"),
            ("paragraphs", "165"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let locked = sec.edit(&[
        ("action", "add_protocol_note"),
        ("paragraph", "163"),
        ("person", JOHAN),
        ("text", "Sent"),
    ]);
    assert_eq!(locked.status, 422, "{}", locked.text());
    // Who served at an adjusted § is locked too: neither a seat nor a change from § 164 on
    // (which would reach § 165) may alter it.
    for change in [
        vec![("action", "set_seat"), ("member", DAN), ("state", "absent")],
        vec![
            ("action", "add_attendance_change"),
            ("from_paragraph", "164"),
            ("person", DAN),
            ("event", "leaves"),
        ],
    ] {
        let r = sec.edit(&change);
        assert_eq!(r.status, 422, "{change:?}: {}", r.text());
        assert!(r.text().contains("är justerad"), "{}", r.text());
    }
    for user in ["alexandra", "johan", "patrik"] {
        let r = sign(&server, user);
        assert_eq!(r.status, 303, "{user}: {}", r.text());
    }
    // The notice goes up on the posting day (the next workday in the demo's settings).
    let today = justera_domain::calendar::stockholm_today(chrono::Utc::now().naive_utc());
    let posting = justera_domain::calendar::posting_date(
        today,
        justera_domain::calendar::PostingPolicy::NextWorkday,
    )
    .unwrap();
    let later = serve(dir.path(), &db_url(dir.path()), Some(&posting.to_string()));
    let board: serde_json::Value =
        serde_json::from_slice(&later.get("/api/anslagstavla", None).body).unwrap();
    let notice = board["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["meeting_id"] == LIVE)
        .unwrap_or_else(|| panic!("{board}"));
    assert_eq!(notice["immediate"], true);
    assert_eq!(notice["paragraphs"], "§ 163, 165");
    let notice_path = format!("/anslagstavla/anslag/{}", notice["id"].as_str().unwrap());

    // The day before its posting date the notice and its protocol are not public.
    for suffix in ["", "/protokoll", "/protokoll.pdf"] {
        let r = server.get(&format!("{notice_path}{suffix}"), None);
        assert_eq!(r.status, 404, "{suffix}: {}", r.text());
    }

    // The meeting goes on: § 164 gets a note. The public copy of the adjusted §§ is the one
    // frozen when the notice was posted: § 163 in full, § 165 masked, nothing of § 164.
    let r = sec.edit(&[
        ("action", "add_protocol_note"),
        ("paragraph", "164"),
        ("person", JOHAN),
        ("text", "Utkastanteckning som inte är justerad"),
    ]);
    assert_eq!(r.status, 303, "{}", r.text());
    let pdf = later.get(&format!("{notice_path}/protokoll.pdf"), None);
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    let html = later.get(&format!("{notice_path}/protokoll"), None);
    assert_eq!(html.status, 200, "{}", html.text());
    for (what, text) in [("pdf", pdf_text(&pdf.body)), ("html", html.text())] {
        assert!(text.contains("§ 163"), "{what}: {text}");
        assert!(text.contains("omfattas av sekretess"), "{what}: {text}");
        for draft in ["Utkastanteckning", "§ 164", "Hemligt beslut"] {
            assert!(!text.contains(draft), "{what} shows {draft}: {text}");
        }
    }
    let posted =
        chrono::NaiveDate::parse_from_str(notice["posted_on"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
    assert_eq!(
        notice["last_appeal_day"].as_str().unwrap(),
        justera_domain::calendar::last_appeal_day(posted)
            .unwrap()
            .to_string()
    );
}

#[test]
fn the_api_does_what_the_pages_do_with_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let server = demo(dir.path());
    let db = db_url(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(["user", "token", "alexandra", "--label", "test"])
        .current_dir(dir.path())
        .env("DATABASE_URL", &db)
        .env(
            "JUSTERA_MASTER_KEY_FILE",
            dir.path().join("data/master.key"),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(token.len(), 64);
    let call = |method: &str,
                path: &str,
                body: Option<serde_json::Value>,
                auth: Option<&str>|
     -> (u16, serde_json::Value) {
        let url = format!("{}{path}", server.base);
        let r = match (method, body) {
            ("GET", _) => {
                let mut req = agent().get(&url);
                if let Some(t) = auth {
                    req = req.header("Authorization", &format!("Bearer {t}"));
                }
                req.call().unwrap()
            }
            (_, body) => {
                let mut req = agent()
                    .post(&url)
                    .header("Content-Type", "application/json");
                if let Some(t) = auth {
                    req = req.header("Authorization", &format!("Bearer {t}"));
                }
                req.send(body.map(|b| b.to_string()).unwrap_or_default())
                    .unwrap()
            }
        };
        let r = reply(r);
        let v = serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null);
        (r.status, v)
    };

    let (status, doc) = call("GET", "/api/openapi.json", None, None);
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(server.get("/api/dokumentation", None).status, 200);

    let (status, me) = call("GET", "/api/jag", None, Some(&token));
    assert_eq!(status, 200);
    assert_eq!(me["username"], "alexandra");
    let (status, err) = call("GET", "/api/jag", None, None);
    assert_eq!(status, 401);
    assert_eq!(err["code"], "unauthenticated");

    // Create a meeting and draft it.
    let seed: serde_json::Value = serde_json::from_str(SEED).unwrap();
    let body_id = seed["body"]["id"].as_str().unwrap();
    let (status, created) = call(
        "POST",
        "/api/sammantraden",
        Some(serde_json::json!({
            "body": body_id, "date": "2026-12-14", "starts_at": "13:30:00", "place": "Kommunhuset",
            "chair": JOHAN, "adjusters": [PATRIK], "secretary": "Alexandra Skoog"
        })),
        Some(&token),
    );
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let edit = |e: serde_json::Value| {
        call(
            "POST",
            &format!("/api/sammantraden/{id}/andringar"),
            Some(e),
            Some(&token),
        )
    };
    let (status, r) =
        edit(serde_json::json!({ "action": "add_paragraph", "number": 0, "title": "Budget 2027" }));
    assert_eq!(status, 200, "{r}");
    let (status, state) = call(
        "GET",
        &format!("/api/sammantraden/{id}"),
        None,
        Some(&token),
    );
    assert_eq!(status, 200);
    let p = &state["paragraphs"][0];
    // The demo meeting in session today holds §§ 163–165; the new one continues the series.
    assert_eq!(p["number"], 166, "{state}");
    let (status, r) = edit(serde_json::json!({ "action": "open_session" }));
    assert_eq!(status, 200, "{r}");
    // A text edit on a stale version is a conflict, in JSON.
    let text = serde_json::json!({ "title": "Budget 2027 och plan 2028–2029", "proposal": { "source": "arbetsutskottets förslag", "clauses": ["Budgeten fastställs."] } });
    let (status, err) = edit(
        serde_json::json!({ "action": "update_text", "number": 166, "base": "0000000000000000", "text": text }),
    );
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["code"], "conflict");
    let (status, _) = edit(
        serde_json::json!({ "action": "update_text", "number": 166, "base": state["paragraphs"][0]["fingerprint"], "text": text }),
    );
    assert_eq!(status, 200);
    // The engine names the question the chair puts next; the step is recorded through the API.
    let (status, state) = call(
        "GET",
        &format!("/api/sammantraden/{id}"),
        None,
        Some(&token),
    );
    assert_eq!(status, 200);
    assert_eq!(
        state["paragraphs"][0]["next_question"]["question"], "main",
        "{state}"
    );
    let (status, r) = edit(
        serde_json::json!({ "action": "add_step", "number": 166, "recorded": 0, "step": { "step": "main", "finding": { "kind": "proposal" } } }),
    );
    assert_eq!(status, 200, "{r}");
    let (_, state) = call(
        "GET",
        &format!("/api/sammantraden/{id}"),
        None,
        Some(&token),
    );
    assert_eq!(
        state["paragraphs"][0]["decision_order_complete"], true,
        "{state}"
    );
    assert_eq!(
        state["paragraphs"][0]["generated_decision"][0], "Budgeten fastställs.",
        "{state}"
    );
    // Bad JSON is a 400 in Swedish, not a crash.
    let (status, err) = edit(serde_json::json!({ "action": "no_such_action" }));
    assert_eq!(status, 400);
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .contains("JSON-innehållet kunde inte läsas: okänt värde \"no_such_action\""),
        "{err}"
    );
    // No English from the JSON reader, wherever the fault is.
    for bad in [
        serde_json::json!({ "action": "update_text", "number": 166 }),
        serde_json::json!({ "action": "add_step", "number": "x", "recorded": 0 }),
    ] {
        let (status, err) = edit(bad);
        assert_eq!(status, 400, "{err}");
        let said = err["error"].as_str().unwrap();
        for english in [
            "missing field",
            "invalid type",
            "expected",
            "unknown variant",
            "Json",
        ] {
            assert!(!said.contains(english), "{said}");
        }
    }

    // Three alternatives and a vote from the HTML form: the chair's choice of counter-proposal
    // is recorded as the counter-proposal rounds the procedure requires.
    let (status, r) =
        edit(serde_json::json!({ "action": "add_paragraph", "number": 0, "title": "Taxor 2027" }));
    assert_eq!(status, 200, "{r}");
    let (_, state) = call(
        "GET",
        &format!("/api/sammantraden/{id}"),
        None,
        Some(&token),
    );
    let base = state["paragraphs"][1]["fingerprint"].clone();
    let (status, r) = edit(
        serde_json::json!({ "action": "update_text", "number": 167, "base": base, "text": { "title": "Taxor 2027", "proposal": { "source": "arbetsutskottets förslag", "clauses": ["Taxorna höjs med 3 procent."] } } }),
    );
    assert_eq!(status, 200, "{r}");
    for (mid, mover, kind, text) in [
        ("a1", PATRIK, "rejection", ""),
        ("e1", DAN, "own_proposal", "Taxorna höjs med 2 procent."),
    ] {
        let (status, r) = edit(
            serde_json::json!({ "action": "add_motion", "number": 167, "motion": { "id": mid, "mover": mover, "kind": kind, "text": text } }),
        );
        assert_eq!(status, 200, "{r}");
    }
    let cookie = server.login("alexandra", PASSWORD).unwrap();
    let page = server
        .get(&format!("/sammantraden/{id}/paragraf/167"), Some(&cookie))
        .text();
    let token_csrf = hidden(&page, "csrf");
    let ids = voters(&page);
    let ballots: Vec<(String, &str)> = ids
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("ballot-{p}"), if i < 5 { "yes" } else { "no" }))
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf", &token_csrf),
        ("from", "paragraph"),
        ("action", "add_step"),
        ("paragraph", "167"),
        ("recorded", "0"),
        ("question", "main"),
        ("mode", "vote"),
        ("finding", "proposal"),
        ("counter", "motion:e1"),
        ("alternative", "proposal"),
        ("alternative", "motion:a1"),
        ("alternative", "motion:e1"),
    ];
    fields.extend(ballots.iter().map(|(k, v)| (k.as_str(), *v)));
    let r = server.post_form(&format!("/sammantraden/{id}/andra"), Some(&cookie), &fields);
    assert_eq!(r.status, 303, "{}", r.text());
    let page = server
        .get(&format!("/sammantraden/{id}/paragraf/167"), Some(&cookie))
        .text();
    assert!(
        page.contains(
            "För att utse motförslag i huvudvoteringen ställer ordförande proposition på"
        ),
        "{page}"
    );
    assert!(page.contains("Med 5 ja-röster mot 4 nej-röster"), "{page}");

    // With the cookie session, a write needs the CSRF header.
    let r = reply(
        agent()
            .post(&format!("{}/api/sammantraden/{id}/andringar", server.base))
            .header("Content-Type", "application/json")
            .header("Cookie", &cookie)
            .send(serde_json::json!({ "action": "close_session" }).to_string())
            .unwrap(),
    );
    assert_eq!(r.status, 403, "{}", r.text());
}
