//! Settings in layers: built-in defaults, then a TOML file (`--config FILE` or
//! `JUSTERA_CONFIG`), then environment variables, then command-line flags — each later layer
//! wins. Everything is validated at start, and every error names the setting and where it came
//! from. Secrets stay out of the file: the master key comes from `JUSTERA_MASTER_KEY_FILE`
//! (a systemd credential), and errors never print a database URL's password.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::commands::CliError;

/// The file's keys; an unknown key is an error (a misspelling must not be ignored silently).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub database_url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub workers: Option<usize>,
    /// The most database connections the server holds at once (its pool's size).
    pub db_connections: Option<u32>,
    pub session_minutes: Option<i64>,
    pub insecure_cookies: Option<bool>,
    /// "text" or "json".
    pub log: Option<String>,
    pub metrics_address: Option<String>,
    pub tsa_url: Option<String>,
    /// Host name → organization (name or id), for one installation serving several.
    pub sites: Option<std::collections::BTreeMap<String, String>>,
    /// Addresses of reverse proxies whose X-Forwarded-For / Forwarded are believed.
    pub trusted_proxies: Option<Vec<String>>,
    /// The default site's public address, e.g. "https://protokoll.kommun.se".
    pub public_url: Option<String>,
}

/// The server's settings after every layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub database_url: String,
    pub host: String,
    pub port: u16,
    pub workers: usize,
    pub db_connections: u32,
    pub session_minutes: i64,
    pub insecure_cookies: bool,
    pub json_log: bool,
    pub metrics_address: Option<SocketAddr>,
    pub tsa_url: Option<String>,
    pub sites: Vec<(String, String)>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub public_url: Option<String>,
}

fn bad(setting: &str, source: &str, reason: impl std::fmt::Display) -> CliError {
    CliError::Message(format!("inställningen {setting} ({source}): {reason}"))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The settings file named by `--config` or `JUSTERA_CONFIG`, if any.
pub fn config_path(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_path_buf)
        .or_else(|| env("JUSTERA_CONFIG").map(PathBuf::from))
}

pub fn read_file(path: Option<&Path>) -> Result<(File, String), CliError> {
    let Some(path) = path else {
        return Ok((File::default(), String::new()));
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::Message(format!(
            "inställningsfilen {} kunde inte läsas: {e}",
            path.display()
        ))
    })?;
    let file: File = toml::from_str(&text).map_err(|e| {
        CliError::Message(format!(
            "inställningsfilen {}: {}",
            path.display(),
            e.to_string().trim()
        ))
    })?;
    Ok((file, path.display().to_string()))
}

/// What the command line gave (flags or their environment variables, as clap read them).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub insecure_cookies: bool,
}

/// The database URL: `DATABASE_URL`, else the file's, else the default.
pub fn database_url(file: &File, file_name: &str) -> Result<String, CliError> {
    let (url, source) = match env("DATABASE_URL") {
        Some(u) => (u, "DATABASE_URL".to_owned()),
        None => match &file.database_url {
            Some(u) => (u.clone(), file_name.to_owned()),
            None => (
                justera_store::DEFAULT_DATABASE_URL.to_owned(),
                "standardvärde".to_owned(),
            ),
        },
    };
    justera_store::DatabaseUrl::parse(&url).map_err(|e| bad("database_url", &source, e))?;
    Ok(url)
}

/// Resolves every layer for `justera serve`.
pub fn resolve(flags: &Flags, file: &File, file_name: &str) -> Result<Settings, CliError> {
    let from_file = |key: &str| format!("{key} i {file_name}");
    let host = flags
        .host
        .clone()
        .or_else(|| file.host.clone())
        .unwrap_or_else(|| "127.0.0.1".into());
    if host.parse::<std::net::IpAddr>().is_err() && host != "localhost" {
        return Err(bad(
            "host",
            "JUSTERA_HOST/--host eller filen",
            format!("\"{host}\" är ingen IP-adress"),
        ));
    }
    let port = flags.port.or(file.port).unwrap_or(8080);
    if port == 0 {
        return Err(bad(
            "port",
            "JUSTERA_PORT/--port eller filen",
            "porten kan inte vara 0",
        ));
    }
    let workers = match env("JUSTERA_WORKERS") {
        Some(v) => v.parse::<usize>().map_err(|_| {
            bad(
                "workers",
                "JUSTERA_WORKERS",
                format!("\"{v}\" är inget heltal"),
            )
        })?,
        None => file
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from)),
    };
    if !(1..=64).contains(&workers) {
        return Err(bad("workers", &from_file("workers"), "ska vara 1–64"));
    }
    let db_connections = match env("JUSTERA_DB_CONNECTIONS") {
        Some(v) => v.parse::<u32>().map_err(|_| {
            bad(
                "db_connections",
                "JUSTERA_DB_CONNECTIONS",
                format!("\"{v}\" är inget heltal"),
            )
        })?,
        None => file.db_connections.unwrap_or(8),
    };
    if !(1..=200).contains(&db_connections) {
        return Err(bad(
            "db_connections",
            &from_file("db_connections"),
            "ska vara 1–200",
        ));
    }
    let session_minutes = match env("JUSTERA_SESSION_MINUTES") {
        Some(v) => v.parse::<i64>().map_err(|_| {
            bad(
                "session_minutes",
                "JUSTERA_SESSION_MINUTES",
                format!("\"{v}\" är inget heltal"),
            )
        })?,
        None => file.session_minutes.unwrap_or(8 * 60),
    };
    if !(5..=24 * 60).contains(&session_minutes) {
        return Err(bad(
            "session_minutes",
            "JUSTERA_SESSION_MINUTES eller filen",
            "ska vara 5–1440 minuter",
        ));
    }
    let log = env("JUSTERA_LOG")
        .or_else(|| file.log.clone())
        .unwrap_or_else(|| "text".into());
    let json_log = match log.to_ascii_lowercase().as_str() {
        "json" => true,
        "text" => false,
        other => {
            return Err(bad(
                "log",
                "JUSTERA_LOG eller filen",
                format!("\"{other}\" (giltiga: text, json)"),
            ));
        }
    };
    let metrics_address = match env("JUSTERA_METRICS_ADDR").or_else(|| file.metrics_address.clone())
    {
        Some(a) => Some(a.parse::<SocketAddr>().map_err(|_| {
            bad(
                "metrics_address",
                "JUSTERA_METRICS_ADDR eller filen",
                format!("\"{a}\" är ingen adress med port, t.ex. 127.0.0.1:9464"),
            )
        })?),
        None => None,
    };
    let tsa_url = env("JUSTERA_TSA_URL").or_else(|| file.tsa_url.clone());
    if let Some(u) = &tsa_url
        && !u.starts_with("http://")
    {
        return Err(bad(
            "tsa_url",
            "JUSTERA_TSA_URL eller filen",
            "tidsstämpeltjänsten anges med http:// (svaren är signerade; se ADR 0005)",
        ));
    }
    // JUSTERA_SITES="protokoll.a.se=A kommun;protokoll.b.se=B kommun" or the file's [sites].
    let sites: Vec<(String, String)> = match env("JUSTERA_SITES") {
        Some(text) => text
            .split(';')
            .filter(|p| !p.trim().is_empty())
            .map(|pair| {
                pair.split_once('=')
                    .map(|(h, o)| (h.trim().to_ascii_lowercase(), o.trim().to_owned()))
                    .filter(|(h, o)| !h.is_empty() && !o.is_empty())
                    .ok_or_else(|| {
                        bad(
                            "sites",
                            "JUSTERA_SITES",
                            format!("\"{pair}\" ska skrivas värd=organisation"),
                        )
                    })
            })
            .collect::<Result<_, _>>()?,
        None => file
            .sites
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|(h, o)| (h.to_ascii_lowercase(), o))
            .collect(),
    };
    // JUSTERA_TRUSTED_PROXIES="127.0.0.1,::1" or the file's list.
    let proxies: Vec<String> = match env("JUSTERA_TRUSTED_PROXIES") {
        Some(text) => text
            .split(',')
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect(),
        None => file.trusted_proxies.clone().unwrap_or_default(),
    };
    let trusted_proxies = proxies
        .iter()
        .map(|p| {
            p.parse::<std::net::IpAddr>().map_err(|_| {
                bad(
                    "trusted_proxies",
                    "JUSTERA_TRUSTED_PROXIES eller filen",
                    format!("\"{p}\" är ingen IP-adress, t.ex. 127.0.0.1"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let public_url = env("JUSTERA_PUBLIC_URL").or_else(|| file.public_url.clone());
    if let Some(u) = &public_url {
        let rest = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .unwrap_or_default();
        let host_ok = !rest.is_empty()
            && rest.len() <= 253
            && rest
                .trim_end_matches('/')
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
        if !host_ok {
            return Err(bad(
                "public_url",
                "JUSTERA_PUBLIC_URL eller filen",
                format!("\"{u}\" ska vara https://värdnamn, t.ex. https://protokoll.kommun.se"),
            ));
        }
    }
    Ok(Settings {
        trusted_proxies,
        public_url,
        sites,
        database_url: database_url(file, file_name)?,
        host,
        port,
        workers,
        db_connections,
        session_minutes,
        insecure_cookies: flags.insecure_cookies || file.insecure_cookies.unwrap_or(false),
        json_log,
        metrics_address,
        tsa_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Result<File, String> {
        toml::from_str::<File>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn the_pool_size_is_bounded_and_named() {
        let f = file("db_connections = 0").unwrap_or_default();
        let e = resolve(&Flags::default(), &f, "test.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("db_connections") && e.contains("ska vara 1–200"),
            "{e}"
        );
        let f = file("db_connections = 3").unwrap_or_default();
        let s = resolve(&Flags::default(), &f, "test.toml").map(|s| s.db_connections);
        assert_eq!(s.ok(), Some(3));
    }

    #[test]
    fn unknown_and_mistyped_keys_are_named() {
        let e = file("prot = 8080").err().unwrap_or_default();
        assert!(e.contains("prot"), "{e}");
        let e = file("port = \"åttio\"").err().unwrap_or_default();
        assert!(e.contains("port"), "{e}");
    }

    #[test]
    fn the_file_fills_in_what_flags_do_not_say() {
        let f = file(
            "host = \"0.0.0.0\"\nport = 9000\nlog = \"json\"\nsession_minutes = 60\nworkers = 3\nmetrics_address = \"127.0.0.1:9464\"",
        )
        .unwrap_or_default();
        let flags = Flags {
            port: Some(8081),
            ..Flags::default()
        };
        let s = resolve(&flags, &f, "test.toml").map_err(|e| e.to_string());
        let s = s.unwrap_or_else(|e| Settings {
            database_url: e,
            host: String::new(),
            port: 0,
            workers: 0,
            db_connections: 0,
            session_minutes: 0,
            insecure_cookies: false,
            json_log: false,
            metrics_address: None,
            tsa_url: None,
            sites: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: None,
        });
        assert_eq!(s.port, 8081, "the flag wins over the file");
        assert_eq!(s.host, "0.0.0.0");
        assert!(s.json_log);
        assert_eq!(s.session_minutes, 60);
        assert_eq!(s.workers, 3);
        assert_eq!(s.metrics_address.map(|a| a.port()), Some(9464));
    }

    #[test]
    fn bad_values_name_the_setting() {
        for (text, setting) in [
            ("session_minutes = 2", "session_minutes"),
            ("log = \"xml\"", "log"),
            ("metrics_address = \"localhost\"", "metrics_address"),
            ("tsa_url = \"https://tsa\"", "tsa_url"),
            ("workers = 0", "workers"),
            ("host = \"ett namn\"", "host"),
            ("database_url = \"mysql://x\"", "database_url"),
            ("trusted_proxies = [\"nginx\"]", "trusted_proxies"),
            ("public_url = \"protokoll.se\"", "public_url"),
            ("public_url = \"https://a.se/<script>\"", "public_url"),
        ] {
            let f = file(text).unwrap_or_default();
            let e = resolve(&Flags::default(), &f, "t.toml")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(setting), "{text}: {e}");
        }
    }
}
