//! The two-node load test of issue 15 (run by `tests/load/cluster.sh`, which starts the
//! nodes): many organizations on one PostgreSQL, each with a meeting in session; editors
//! autosave their own paragraph through either node; the public reads the boards; a probe
//! measures how long a change made through node A takes to reach node B's live page.
//!
//!     cluster_load setup --orgs 200 --editors 5 --node http://127.0.0.1:8081
//!     cluster_load run --orgs 200 --editors 5 --node http://127.0.0.1:8081 \
//!         --node http://127.0.0.1:8082 --seconds 60 --interval 2 --board-rate 500
//!
//! `setup` writes the organizations, secretaries and API tokens straight into the database of
//! `DATABASE_URL` (as `justera import` and `justera user token` would, without hashing 200
//! passwords) and opens a meeting through the API; `run` prints the figures in Swedish.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use justera_domain::account::{Account, Role};
use justera_domain::document::MeetingDocument;
use justera_store::{OpenMode, Store};

const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");
const TOKENS: &str = "cluster-tokens.json";

struct Args {
    command: String,
    orgs: usize,
    editors: usize,
    nodes: Vec<String>,
    seconds: u64,
    interval: f64,
    board_rate: f64,
}

fn args() -> Args {
    let mut a = Args {
        command: String::new(),
        orgs: 200,
        editors: 5,
        nodes: Vec::new(),
        seconds: 60,
        interval: 2.0,
        board_rate: 500.0,
    };
    let mut it = std::env::args().skip(1);
    a.command = it.next().unwrap_or_default();
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--orgs" => a.orgs = value.parse().unwrap(),
            "--editors" => a.editors = value.parse().unwrap(),
            "--node" => a.nodes.push(value),
            "--seconds" => a.seconds = value.parse().unwrap(),
            "--interval" => a.interval = value.parse().unwrap(),
            "--board-rate" => a.board_rate = value.parse().unwrap(),
            _ => panic!("okänd flagga {flag}"),
        }
    }
    assert!(!a.nodes.is_empty(), "ange minst en --node");
    a
}

fn prefix(i: usize) -> String {
    format!("{:08x}", 0x1000_0000 + i)
}

fn body_id(i: usize) -> String {
    format!("{}-0000-4000-8000-000000000010", prefix(i))
}

/// Organization `i`: the seed with ids of its own.
fn document(i: usize) -> MeetingDocument {
    let p = prefix(i);
    let text = SEED
        .replace("\"00000000-", &format!("\"{p}-"))
        .replace("\"6d1c4a3e-", &format!("\"{p}-"))
        .replace("Svenljunga kommun", &format!("Lastort {i:03} kommun"));
    MeetingDocument::from_json(&text).unwrap()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn call(
    agent: &ureq::Agent,
    url: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let r = match body {
        None => agent
            .get(url)
            .header("Authorization", &format!("Bearer {token}"))
            .call(),
        Some(b) => agent
            .post(url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(b.to_string()),
    };
    match r {
        Ok(mut r) => {
            let status = r.status().as_u16();
            let v = r
                .body_mut()
                .read_to_vec()
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or(serde_json::Value::Null);
            (status, v)
        }
        Err(e) => (0, serde_json::Value::String(e.to_string())),
    }
}

/// One organization's meeting in session: its id, the secretary's token, and the editors'
/// paragraphs with their fingerprints.
#[derive(serde::Serialize, serde::Deserialize, Clone)]
struct Org {
    token: String,
    meeting: String,
    paragraphs: Vec<(u32, String)>,
}

fn setup(a: &Args) {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let mut store = Store::open(&url, OpenMode::Create).unwrap();
    let node = &a.nodes[0];
    let agent = agent();
    let mut orgs = Vec::new();
    let started = Instant::now();
    for i in 0..a.orgs {
        let doc = document(i);
        store.import_meeting(&doc, "lasttest").unwrap();
        let account = Account {
            username: "sekreterare".into(),
            display_name: format!("Sekreterare {i:03}"),
            roles: vec![Role::Secretary { body: doc.body.id }],
            person: None,
        };
        // Never a valid Argon2 hash: the account signs in only with its token.
        let user = store
            .add_user(doc.organization.id, &account, "!", "lasttest")
            .unwrap();
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let now = chrono::Utc::now().naive_utc();
        store
            .create_api_token(
                &user,
                &token,
                "lasttest",
                now,
                now + chrono::Duration::days(1),
            )
            .unwrap();
        let p = prefix(i);
        let (st, made) = call(
            &agent,
            &format!("{node}/api/sammantraden"),
            &token,
            Some(serde_json::json!({
                "body": body_id(i), "date": "2026-12-28", "starts_at": "09:00:00",
                "place": "Kommunhuset", "chair": format!("{p}-0000-4000-8000-000000000101"),
                "adjusters": [format!("{p}-0000-4000-8000-000000000105")],
                "secretary": format!("Sekreterare {i:03}")
            })),
        );
        assert_eq!(st, 201, "{made}");
        let meeting = made["id"].as_str().unwrap().to_owned();
        let edit = format!("{node}/api/sammantraden/{meeting}/andringar");
        for e in 0..a.editors {
            let (st, r) = call(
                &agent,
                &edit,
                &token,
                Some(
                    serde_json::json!({ "action": "add_paragraph", "number": 0, "title": format!("Ärende {}", e + 1) }),
                ),
            );
            assert_eq!(st, 200, "{r}");
        }
        let (st, r) = call(
            &agent,
            &edit,
            &token,
            Some(serde_json::json!({ "action": "open_session" })),
        );
        assert_eq!(st, 200, "{r}");
        let (_, state) = call(
            &agent,
            &format!("{node}/api/sammantraden/{meeting}"),
            &token,
            None,
        );
        let paragraphs = state["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    u32::try_from(p["number"].as_u64().unwrap()).unwrap(),
                    p["fingerprint"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        orgs.push(Org {
            token,
            meeting,
            paragraphs,
        });
    }
    std::fs::write(TOKENS, serde_json::to_string(&orgs).unwrap()).unwrap();
    println!(
        "{} organisationer med ett pågående sammanträde och {} redaktörer var lagda upp på {:.0} s",
        a.orgs,
        a.orgs * a.editors,
        started.elapsed().as_secs_f64()
    );
}

#[derive(Default)]
struct Figures {
    saves: Vec<f64>,
    conflicts: u64,
    server_errors: u64,
    other_errors: u64,
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * q) as usize).min(sorted.len() - 1);
    sorted[i]
}

fn run(a: &Args) {
    let orgs: Vec<Org> =
        serde_json::from_str(&std::fs::read_to_string(TOKENS).expect(TOKENS)).unwrap();
    let start_at = Instant::now() + Duration::from_secs(1);
    let stop_at = start_at + Duration::from_secs(a.seconds);
    let figures = Arc::new(Mutex::new(Figures::default()));
    // The last text acknowledged per paragraph: nothing acknowledged may be lost.
    let acked: Arc<Mutex<Vec<(usize, u32, String)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut threads = Vec::new();
    let mut editor = 0usize;
    for (o, org) in orgs.iter().enumerate() {
        for (number, base) in org.paragraphs.iter().take(a.editors).cloned() {
            let node = a.nodes[editor % a.nodes.len()].clone();
            let (org, figures, acked) = (org.clone(), figures.clone(), acked.clone());
            let interval = a.interval;
            let seed = editor as u64;
            editor += 1;
            threads.push(
                std::thread::Builder::new()
                    .stack_size(256 * 1024)
                    .spawn(move || {
                        let agent = agent();
                        let url = format!("{node}/api/sammantraden/{}/andringar", org.meeting);
                        let mut base = base;
                        let mut words = 0;
                        let mut last = String::new();
                        // Spread the first saves over the interval.
                        let mut next = start_at
                            + Duration::from_secs_f64(interval * ((seed * 7919) % 1000) as f64 / 1000.0);
                        loop {
                            let now = Instant::now();
                            if next > now {
                                std::thread::sleep(next - now);
                            }
                            next += Duration::from_secs_f64(interval);
                            if Instant::now() >= stop_at {
                                break;
                            }
                            words += 1;
                            let summary = format!("Sammanfattning{}", " ord".repeat(words));
                            let t0 = Instant::now();
                            let (st, r) = call(
                                &agent,
                                &url,
                                &org.token,
                                Some(serde_json::json!({ "action": "update_text", "number": number, "base": base,
                                    "text": { "title": format!("Ärende {number}"), "summary": summary } })),
                            );
                            let ms = t0.elapsed().as_secs_f64() * 1000.0;
                            let mut f = figures.lock().unwrap();
                            match st {
                                200 => {
                                    f.saves.push(ms);
                                    base = r["fingerprint"].as_str().unwrap_or_default().to_owned();
                                    last = summary;
                                }
                                409 => f.conflicts += 1,
                                500..=599 => f.server_errors += 1,
                                _ => f.other_errors += 1,
                            }
                        }
                        if !last.is_empty() {
                            acked.lock().unwrap().push((o, number, last));
                        }
                    })
                    .unwrap(),
            );
        }
    }

    // The public: boards and notices on both nodes at `board_rate` requests a second.
    let board = Arc::new(Mutex::new((Vec::<f64>::new(), 0u64)));
    let readers = 16usize;
    for r in 0..readers {
        let node = a.nodes[r % a.nodes.len()].clone();
        let board = board.clone();
        let period = Duration::from_secs_f64(readers as f64 / a.board_rate);
        threads.push(std::thread::spawn(move || {
            let agent = agent();
            let mut next = start_at + period.mul_f64(r as f64 / readers as f64);
            let paths = [
                "/anslagstavla",
                "/anslagstavla/arkiv?ord=datacenter",
                "/anslagstavla/sammantraden.ics",
            ];
            let mut i = r;
            loop {
                let now = Instant::now();
                if next > now {
                    std::thread::sleep(next - now);
                }
                next += period;
                if Instant::now() >= stop_at {
                    break;
                }
                i += 1;
                let t0 = Instant::now();
                let status = agent
                    .get(&format!("{node}{}", paths[i % paths.len()]))
                    .call()
                    .map(|mut r| {
                        let _ = r.body_mut().read_to_vec();
                        r.status().as_u16()
                    })
                    .unwrap_or(0);
                let ms = t0.elapsed().as_secs_f64() * 1000.0;
                let mut b = board.lock().unwrap();
                b.0.push(ms);
                if !(200..400).contains(&status) {
                    b.1 += 1;
                }
            }
        }));
    }

    // The probe: the first organization's live page on the last node, a change through the
    // first node every five seconds.
    let delays = Arc::new(Mutex::new(Vec::<f64>::new()));
    let missed = Arc::new(AtomicU64::new(0));
    if a.nodes.len() > 1 {
        let (from, to) = (a.nodes[0].clone(), a.nodes[a.nodes.len() - 1].clone());
        let org = orgs[0].clone(); // the board's default organization (first by name)
        let (delays, missed) = (delays.clone(), missed.clone());
        threads.push(std::thread::spawn(move || {
            probe(&from, &to, &org, start_at, stop_at, &delays, &missed);
        }));
    }
    for t in threads {
        t.join().unwrap();
    }

    // Nothing acknowledged lost: every paragraph holds its editor's last acknowledged text.
    let agent = agent();
    let mut lost = 0;
    for (o, number, text) in acked.lock().unwrap().iter() {
        let org = &orgs[*o];
        let (_, state) = call(
            &agent,
            &format!("{}/api/sammantraden/{}", a.nodes[0], org.meeting),
            &org.token,
            None,
        );
        let stored = state["meeting"]["paragraphs"]
            .as_array()
            .and_then(|ps| {
                ps.iter()
                    .find(|p| p["number"].as_u64() == Some(u64::from(*number)))
            })
            .and_then(|p| p["summary"].as_str())
            .unwrap_or_default()
            .to_owned();
        if stored != *text {
            lost += 1;
        }
    }

    let mut f = figures.lock().unwrap();
    f.saves.sort_by(f64::total_cmp);
    let (mut board_ms, board_bad) = board.lock().unwrap().clone();
    board_ms.sort_by(f64::total_cmp);
    let mut delays = delays.lock().unwrap().clone();
    delays.sort_by(f64::total_cmp);
    let secs = a.seconds as f64;
    println!(
        "Kluster: {} noder, {} organisationer, {} redaktörer (en sparning var {} s), {} s",
        a.nodes.len(),
        orgs.len(),
        editor,
        a.interval,
        a.seconds
    );
    println!(
        "  autosparning: {} ({:.0}/s), p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        f.saves.len(),
        f.saves.len() as f64 / secs,
        percentile(&f.saves, 0.5),
        percentile(&f.saves, 0.9),
        percentile(&f.saves, 0.99),
        f.saves.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "  konflikter: {}, 5xx: {}, andra fel: {}, förlorade ändringar: {lost}",
        f.conflicts, f.server_errors, f.other_errors
    );
    println!(
        "  anslagstavlan: {} förfrågningar ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms, fel: {board_bad}",
        board_ms.len(),
        board_ms.len() as f64 / secs,
        percentile(&board_ms, 0.5),
        percentile(&board_ms, 0.99)
    );
    println!(
        "  nod A → nod B (direktsidan): {} prov, median {:.0} ms, max {:.0} ms, uteblivna: {}",
        delays.len(),
        percentile(&delays, 0.5),
        delays.last().copied().unwrap_or(f64::NAN),
        missed.load(Ordering::Relaxed)
    );
}

/// Every five seconds: a change through `from`, timed until `to`'s live page says so.
fn probe(
    from: &str,
    to: &str,
    org: &Org,
    start_at: Instant,
    stop_at: Instant,
    delays: &Mutex<Vec<f64>>,
    missed: &AtomicU64,
) {
    let addr = to.trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /anslagstavla/direkt/{}/handelser HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n",
        org.meeting
    )
    .unwrap();
    let seen = Arc::new(Mutex::new(None::<Instant>));
    let alive = Arc::new(AtomicBool::new(true));
    {
        let (seen, alive) = (seen.clone(), alive.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if line == "event: change" {
                    *seen.lock().unwrap() = Some(Instant::now());
                }
            }
            alive.store(false, Ordering::Relaxed);
        });
    }
    let agent = agent();
    let url = format!("{from}/api/sammantraden/{}/andringar", org.meeting);
    std::thread::sleep(start_at.saturating_duration_since(Instant::now()) + Duration::from_secs(2));
    let mut n = 0;
    while Instant::now() + Duration::from_secs(2) < stop_at && alive.load(Ordering::Relaxed) {
        n += 1;
        *seen.lock().unwrap() = None;
        let t0 = Instant::now();
        let (st, _) = call(
            &agent,
            &url,
            &org.token,
            Some(
                serde_json::json!({ "action": "add_paragraph", "number": 0, "title": format!("Provärende {n}") }),
            ),
        );
        if st == 200 {
            let deadline = t0 + Duration::from_secs(1);
            loop {
                if let Some(at) = *seen.lock().unwrap() {
                    delays
                        .lock()
                        .unwrap()
                        .push(at.saturating_duration_since(t0).as_secs_f64() * 1000.0);
                    break;
                }
                if Instant::now() > deadline {
                    missed.fetch_add(1, Ordering::Relaxed);
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        std::thread::sleep(Duration::from_secs(5));
    }
}

fn main() {
    let a = args();
    match a.command.as_str() {
        "setup" => setup(&a),
        "run" => run(&a),
        other => panic!("okänt kommando {other:?} (setup eller run)"),
    }
}
