//! Shared by the end-to-end tests: the `justera` binary, a server on loopback, and a small
//! HTTP client that keeps status, headers and body.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn justera(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_justera"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", db)
        .output()
        .unwrap()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// `name=value` of a Set-Cookie header (over HTTPS settings the name has the `__Host-`
    /// prefix).
    pub fn cookie(&self, name: &str) -> Option<String> {
        let host = format!("__Host-{name}");
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.split(';').next().unwrap().to_owned())
            .find(|c| {
                [name, host.as_str()]
                    .iter()
                    .any(|n| c.starts_with(&format!("{n}=")) && c.len() > n.len() + 1)
            })
    }
}

pub fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    let headers = r
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_vec().unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

impl Server {
    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = agent().get(&format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        reply(req.call().unwrap())
    }

    pub fn post_form(&self, path: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = agent()
            .post(&format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        reply(req.send(body).unwrap())
    }

    pub fn post_file(&self, path: &str, name: &str, bytes: &[u8]) -> Reply {
        let boundary = "----justeratestgrans";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        reply(
            agent()
                .post(&format!("{}{path}", self.base))
                .header(
                    "Content-Type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )
                .send(body)
                .unwrap(),
        )
    }

    /// A multipart form: text fields, and a file under `fil` if given.
    pub fn post_multipart(
        &self,
        path: &str,
        cookie: Option<&str>,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        let boundary = "----justeratestgrans";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut req = agent().post(&format!("{}{path}", self.base)).header(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        );
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        reply(req.send(body).unwrap())
    }

    /// Logs in; returns the session cookie.
    pub fn login(&self, username: &str, password: &str) -> Result<String, Reply> {
        let form = self.get("/logga-in", None);
        let login_cookie = form.cookie("justera_login").unwrap();
        let csrf = hidden(&form.text(), "csrf");
        let r = self.post_form(
            "/logga-in",
            Some(&login_cookie),
            &[
                ("csrf", &csrf),
                ("next", "/justering"),
                ("username", username),
                ("password", password),
            ],
        );
        match (r.status, r.cookie("justera_session")) {
            (303, Some(c)) => Ok(c),
            _ => Err(r),
        }
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the hidden input `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// Starts `justera serve` on a free port against `db`, with the board's "today" fixed when given.
pub fn serve(dir: &Path, db: &str, today: Option<&str>) -> Server {
    let env: Vec<(&str, &str)> = today.map(|t| ("JUSTERA_TODAY", t)).into_iter().collect();
    serve_with(dir, db, &env, Stdio::inherit())
}

/// Starts `justera serve` on a free port with extra environment, its log going to `stderr`;
/// waits until it answers.
pub fn serve_with(dir: &Path, db: &str, env: &[(&str, &str)], stderr: Stdio) -> Server {
    let port = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_justera"));
    cmd.args(["serve", "--port", &port.to_string()])
        .current_dir(dir)
        .env("DATABASE_URL", db)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(stderr);
    let child = cmd.spawn().unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// The text of a PDF (`pdftotext`, which CI installs; a test that reads PDFs needs it).
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (apt-get install poppler-utils)");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext refused the file");
    String::from_utf8(out.stdout).unwrap()
}

/// A JSON API call with the session cookie and its CSRF token.
pub fn api_json(
    base: &str,
    method: &str,
    path: &str,
    cookie: &str,
    csrf: &str,
    body: Option<&serde_json::Value>,
) -> Reply {
    let url = format!("{base}{path}");
    let a = agent();
    let r = match (method, body) {
        ("GET", _) => a.get(&url).header("Cookie", cookie).call(),
        ("DELETE", _) => a
            .delete(&url)
            .header("Cookie", cookie)
            .header("X-CSRF-Token", csrf)
            .call(),
        ("PUT", Some(b)) => a
            .put(&url)
            .header("Cookie", cookie)
            .header("X-CSRF-Token", csrf)
            .header("Content-Type", "application/json")
            .send(b.to_string()),
        (_, b) => a
            .post(&url)
            .header("Cookie", cookie)
            .header("X-CSRF-Token", csrf)
            .header("Content-Type", "application/json")
            .send(b.map(|b| b.to_string()).unwrap_or_default()),
    };
    reply(r.unwrap())
}

pub fn db_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("data/justera.db").display())
}

/// The demo database in `dir`, served.
pub fn demo(dir: &Path) -> Server {
    let db = db_url(dir);
    let out = justera(dir, &db, &["demo", "--data", "data", "--setup-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serve(dir, &db, None)
}

/// The CSRF token of the signed-in user (every page has it in the logout form).
pub fn csrf(server: &Server, cookie: &str) -> String {
    hidden(&server.get("/justering", Some(cookie)).text(), "csrf")
}

/// A POST written straight to the socket, for a body the server refuses before reading it
/// all (413): the server may answer and close while the body is still being sent, which an
/// HTTP client reports as a broken pipe. Write errors are ignored and the answer is read.
pub fn post_raw(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> Reply {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(c) = cookie {
        head.push_str(&format!("Cookie: {c}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((text.as_str(), ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: Vec::new(),
        body: rest.as_bytes().to_vec(),
    }
}

/// A fresh PostgreSQL schema for the test (dropped afterwards), when PostgreSQL is configured.
pub struct PgSchema {
    admin: String,
    schema: String,
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        use diesel::connection::SimpleConnection;
        use diesel::{Connection, PgConnection};
        if let Ok(mut c) = PgConnection::establish(&self.admin) {
            let _ = c.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{}\" CASCADE",
                self.schema
            ));
        }
    }
}

pub fn postgres(test: &str) -> Option<(String, PgSchema)> {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, PgConnection};
    let Ok(base) = std::env::var("JUSTERA_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("JUSTERA_REQUIRE_POSTGRES").is_err(),
            "JUSTERA_REQUIRE_POSTGRES is set but JUSTERA_TEST_POSTGRES_URL is not"
        );
        eprintln!("\n!!! SKIPPING the PostgreSQL {test} test: set JUSTERA_TEST_POSTGRES_URL !!!\n");
        return None;
    };
    let schema = format!("{test}_{}", uuid::Uuid::new_v4().simple());
    let mut c = PgConnection::establish(&base).unwrap();
    c.batch_execute(&format!("CREATE SCHEMA \"{schema}\""))
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some((
        format!("{base}{sep}options=-c%20search_path%3D{schema}"),
        PgSchema {
            admin: base,
            schema,
        },
    ))
}

/// A JSON API call with a bearer token; the status and the parsed answer (`Err` when the
/// server cannot be reached).
pub fn api_bearer(
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> Result<(u16, serde_json::Value), String> {
    let url = format!("{base}{path}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into();
    let r = if method == "GET" {
        agent
            .get(&url)
            .header("Authorization", &format!("Bearer {token}"))
            .call()
    } else if method == "PUT" {
        agent
            .put(&url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.map(|b| b.to_string()).unwrap_or_default())
    } else {
        agent
            .post(&url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .send(body.map(|b| b.to_string()).unwrap_or_default())
    }
    .map_err(|e| e.to_string())?;
    let r = reply(r);
    Ok((
        r.status,
        serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null),
    ))
}

/// A fresh API token of the demo secretary (`justera user token alexandra`).
pub fn token(dir: &std::path::Path, db: &str) -> String {
    let out = justera(dir, db, &["user", "token", "alexandra"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}
