//! The web server's settings.

/// Where and how the server runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    /// "127.0.0.1:8080".
    pub bind: String,
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Mark cookies `Secure` (off only for plain-HTTP development on localhost).
    pub secure_cookies: bool,
    /// Worker threads (default: one per core).
    pub workers: usize,
    /// The most database connections held at once; a request that waits longer than
    /// `db_wait` for one is answered 503 in Swedish.
    pub db_connections: u32,
    /// How long a request waits for a database connection (default [`crate::state::DB_WAIT`]).
    pub db_wait: std::time::Duration,
    /// Session lifetime in minutes.
    pub session_minutes: i64,
    /// A fixed "today" for the notice board (demonstrations and tests); normally the Swedish
    /// date of the moment of the request.
    pub today: Option<chrono::NaiveDate>,
    /// Where Prometheus metrics are served (`/metrics`), apart from the public site; e.g.
    /// "127.0.0.1:9464". None: no metrics listener.
    pub metrics_bind: Option<String>,
    /// One JSON object per request in the log instead of a line of text.
    pub json_log: bool,
    /// Host name → organization (name or id) for installations serving several organizations.
    pub sites: Vec<(String, String)>,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` headers are believed (e.g. the local
    /// nginx at 127.0.0.1); from anyone else the socket's peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The public address of the default site ("https://protokoll.kommun.se"), used in feeds;
    /// a configured site's address is built from its host name. Never taken from a request.
    pub public_url: String,
    /// Password hashes (64 MiB each) computed at once; more logins wait their turn.
    pub concurrent_hashes: usize,
    /// The master key that opens the organization's CA, for issuing the signing key of a user
    /// who sets a password through an invitation or reset link. Without it those links
    /// cannot be used (the page says so).
    pub master_key: MasterKey,
}

/// The master key, never shown by `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct MasterKey(pub Option<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "MasterKey(satt)"
        } else {
            "MasterKey(saknas)"
        })
    }
}

impl WebConfig {
    pub fn new(bind: &str, database_url: &str) -> Self {
        Self {
            bind: bind.to_owned(),
            database_url: database_url.to_owned(),
            secure_cookies: true,
            workers: std::thread::available_parallelism().map_or(2, usize::from),
            db_connections: 8,
            db_wait: crate::state::DB_WAIT,
            session_minutes: 8 * 60,
            today: None,
            metrics_bind: None,
            json_log: false,
            sites: Vec::new(),
            trusted_proxies: Vec::new(),
            public_url: format!("http://{bind}"),
            concurrent_hashes: 4,
            master_key: MasterKey::default(),
        }
    }
}
