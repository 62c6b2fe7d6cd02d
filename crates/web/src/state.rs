//! Shared state: a bounded pool of store connections used from the blocking thread pool, the
//! PDF renderer, and a short-lived cache of the public board (invalidated on every write made
//! through the app; at most a few seconds stale after writes made elsewhere).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web;
use justera_domain::ids::MeetingId;
use justera_pdf::Renderer;
use justera_store::{OpenMode, Store, StoreError};

use crate::config::WebConfig;
use crate::error::WebError;

/// How long a cached public page may be served after a write made outside this process.
const CACHE_TTL: Duration = Duration::from_secs(5);

/// A saved change of a meeting, with the page that made it (a random token of that page).
#[derive(Debug, Clone)]
pub struct Change {
    pub meeting: MeetingId,
    pub origin: Option<String>,
}

pub struct AppState {
    pub config: WebConfig,
    pool: Pool,
    pub renderer: Arc<Renderer>,
    cache: Mutex<Vec<CacheEntry>>,
    public: Mutex<PublicCache>,
    /// Every saved change of a meeting made through the app, for the live pages.
    events: tokio::sync::broadcast::Sender<Change>,
    /// Edits take turns here, first come first served, before they take the database's write
    /// lock (whose busy-waiting is neither fair nor quick under load): one turn for the
    /// whole SQLite file, one per organization on PostgreSQL (see [`AppState::write_turn`]).
    write_gates: Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// The other app nodes on the same PostgreSQL.
    pub cluster: crate::cluster::Cluster,
    /// Uploaded files being verified at once (see [`crate::verification`]).
    pub verifications: tokio::sync::Semaphore,
    /// Password hashes being computed at once (Argon2id takes 64 MiB each): a flood of logins
    /// queues here, in memory that does not grow with it, and is refused after a while.
    pub hashes: tokio::sync::Semaphore,
}

/// How long a login waits for a turn to hash before it is told to try again.
const HASH_WAIT: Duration = Duration::from_secs(15);

/// After this a stale page is not served even while it is being rendered again.
const STALE_LIMIT: Duration = Duration::from_secs(30);

struct CacheEntry {
    key: String,
    at: Instant,
    page: Arc<CachedPage>,
    /// Since when one request has been rendering a fresh copy.
    refreshing: Option<Instant>,
}

/// A rendered page with its validator.
pub struct CachedPage {
    /// Shared, so serving it copies nothing.
    pub body: web::Bytes,
    pub content_type: &'static str,
    pub etag: String,
    /// For files: `inline; filename="…"`.
    pub disposition: Option<String>,
}

impl CachedPage {
    /// A page or file with a strong validator from its content.
    pub fn new(
        body: impl Into<web::Bytes>,
        content_type: &'static str,
        disposition: Option<String>,
    ) -> Self {
        let body = body.into();
        Self {
            etag: format!("\"{}\"", &justera_store::documents::sha256_hex(&body)[..32]),
            body,
            content_type,
            disposition,
        }
    }
}

/// How long a public page of a posted notice is served from memory after a write made outside
/// this process (writes through it clear the cache at once).
const PUBLIC_TTL: Duration = Duration::from_secs(60);

/// The most bytes of public pages and files kept in memory.
const PUBLIC_BUDGET: usize = 32 * 1024 * 1024;

/// Public pages and files of posted notices as a visitor without a session gets them: they
/// change only by a write (which clears them) or with the day (which is in the key).
#[derive(Default)]
struct PublicCache {
    entries: std::collections::HashMap<String, (Instant, Arc<CachedPage>)>,
    bytes: usize,
}

/// A page's name for itself, if it is one: [A-Za-z0-9]{1,64} (it goes into the live events'
/// JSON as it is).
fn clean_origin(origin: Option<String>) -> Option<String> {
    origin
        .filter(|o| !o.is_empty() && o.len() <= 64 && o.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// How long a request waits for a database connection before it is told to try again.
pub const DB_WAIT: Duration = Duration::from_secs(10);

/// A store connection in the pool; one whose work failed is marked and not reused.
pub struct PooledStore {
    store: Store,
    broken: bool,
}

/// Opens store connections for the bounded pool (r2d2: a maximum size, a wait with a
/// timeout, connections reused in turn).
struct StoreManager {
    url: String,
}

impl r2d2::ManageConnection for StoreManager {
    type Connection = PooledStore;
    type Error = StoreError;

    fn connect(&self) -> Result<PooledStore, StoreError> {
        Store::open(&self.url, OpenMode::Existing).map(|store| PooledStore {
            store,
            broken: false,
        })
    }

    fn is_valid(&self, _conn: &mut PooledStore) -> Result<(), StoreError> {
        Ok(())
    }

    fn has_broken(&self, conn: &mut PooledStore) -> bool {
        conn.broken
    }
}

type Pool = r2d2::Pool<StoreManager>;

impl AppState {
    pub fn new(config: WebConfig) -> Result<Self, StoreError> {
        // Opening once runs the migrations and proves the database is reachable.
        drop(Store::open(&config.database_url, OpenMode::Create)?);
        let pool = r2d2::Pool::builder()
            .max_size(config.db_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(config.db_wait)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build(StoreManager {
                url: config.database_url.clone(),
            })
            .map_err(|e| StoreError::Corrupt(format!("databasanslutningarna: {e}")))?;
        let hashes = tokio::sync::Semaphore::new(config.concurrent_hashes.max(1));
        let cluster = crate::cluster::Cluster::new(&config.database_url);
        Ok(Self {
            hashes,
            config,
            pool,
            renderer: Arc::new(Renderer::new().map_err(|e| StoreError::Corrupt(e.to_string()))?),
            cache: Mutex::new(Vec::new()),
            public: Mutex::new(PublicCache::default()),
            events: tokio::sync::broadcast::channel(256).0,
            write_gates: Mutex::new(std::collections::HashMap::new()),
            cluster,
            verifications: tokio::sync::Semaphore::new(crate::verification::CONCURRENT),
        })
    }

    /// The Swedish date today, or the fixed one of the settings (demonstrations and tests).
    pub fn today(&self) -> chrono::NaiveDate {
        self.config.today.unwrap_or_else(|| {
            justera_domain::calendar::stockholm_today(chrono::Utc::now().naive_utc())
        })
    }

    /// A turn to hash a password (login, signing, password change), or 503 after a wait.
    pub async fn hashing_turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, WebError> {
        match tokio::time::timeout(HASH_WAIT, self.hashes.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(WebError::Busy(
                "Många loggar in just nu. Försök igen om en stund.".into(),
            )),
        }
    }

    /// Runs `f` with a store connection on the blocking pool. A connection whose work failed
    /// is dropped rather than reused.
    pub async fn db<T, F>(&self, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, WebError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            // Bounded: at most `db_connections` at once; a long wait is a Swedish 503, not a
            // new connection per waiting request.
            let mut conn = pool.get().map_err(|_| {
                WebError::Busy(
                    "Justera har många förfrågningar just nu och databasen hinner inte med. Försök igen om en stund."
                        .into(),
                )
            })?;
            let result = f(&mut conn.store);
            if result.is_err() {
                conn.broken = true;
            }
            result
        })
        .await
        .map_err(|_| WebError::Internal("arbetstråden avbröts".into()))?
    }

    /// A cached page, if fresh. When it has just gone stale, one caller is told to render it
    /// again (`None`) while the others keep getting the stale page for up to [`STALE_LIMIT`],
    /// so an expiry under load costs one render, not one per waiting request.
    pub fn cached(&self, key: &str) -> Option<Arc<CachedPage>> {
        let mut cache = self.cache.lock().ok()?;
        let entry = cache.iter_mut().find(|e| e.key == key)?;
        let age = entry.at.elapsed();
        if age < CACHE_TTL {
            return Some(entry.page.clone());
        }
        if age < STALE_LIMIT
            && entry
                .refreshing
                .is_some_and(|since| since.elapsed() < STALE_LIMIT)
        {
            return Some(entry.page.clone());
        }
        // This caller renders; the others are served the stale page meanwhile.
        entry.refreshing = Some(Instant::now());
        None
    }

    pub fn store_cached(&self, key: String, page: Arc<CachedPage>) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.retain(|e| e.key != key && e.at.elapsed() < STALE_LIMIT);
            if cache.len() > 64 {
                cache.clear();
            }
            cache.push(CacheEntry {
                key,
                at: Instant::now(),
                page,
                refreshing: None,
            });
        }
    }

    /// Idle connections in the pool (a metric).
    pub fn pool_idle(&self) -> usize {
        self.pool.state().idle_connections as usize
    }

    /// Tells the live pages that `meeting` changed.
    pub fn notify(&self, meeting: MeetingId) {
        self.notify_from(meeting, None);
    }

    /// Tells the live pages that `meeting` changed, by the page that names itself `origin`
    /// (that page knows its own change and is not told "someone else changed it"), on this
    /// node and on the others.
    pub fn notify_from(&self, meeting: MeetingId, origin: Option<String>) {
        let origin = clean_origin(origin);
        self.cluster.tell(crate::cluster::Message::Meeting {
            meeting,
            origin: origin.clone(),
        });
        self.deliver(meeting, origin);
    }

    /// Tells this node's live pages that `meeting` changed.
    pub fn deliver(&self, meeting: MeetingId, origin: Option<String>) {
        // Another node's message is checked like this node's pages.
        let origin = clean_origin(origin);
        // No receiver is not an error: nobody is watching.
        let _ = self.events.send(Change { meeting, origin });
    }

    /// A turn to write for `organization` (see the field `write_gates`).
    pub async fn write_turn(
        &self,
        organization: justera_domain::ids::OrganizationId,
    ) -> tokio::sync::OwnedMutexGuard<()> {
        let key = if self.config.database_url.starts_with("sqlite:") {
            String::new()
        } else {
            organization.to_string()
        };
        let gate = match self.write_gates.lock() {
            Ok(mut gates) => gates.entry(key).or_default().clone(),
            // A poisoned map only loses the turn-taking, not correctness (the database orders
            // the writers).
            Err(_) => Arc::new(tokio::sync::Mutex::new(())),
        };
        gate.lock_owned().await
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Change> {
        self.events.subscribe()
    }

    /// Forgets every cached page (after a write), here and on the other nodes.
    pub fn invalidate(&self) {
        self.cluster.tell(crate::cluster::Message::Forget);
        self.forget_local();
    }

    /// Forgets every cached page of this node.
    pub fn forget_local(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
        if let Ok(mut public) = self.public.lock() {
            *public = PublicCache::default();
        }
    }

    /// A public page or file of a posted notice from memory, if there and fresh.
    pub fn public_cached(&self, key: &str) -> Option<Arc<CachedPage>> {
        let public = self.public.lock().ok()?;
        public
            .entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < PUBLIC_TTL)
            .map(|(_, page)| page.clone())
    }

    /// Keeps a public page or file; when the budget is spent the cache starts over (a page
    /// larger than a tenth of it is not kept).
    pub fn store_public(&self, key: String, page: Arc<CachedPage>) {
        let size = page.body.len() + key.len();
        if size > PUBLIC_BUDGET / 10 {
            return;
        }
        if let Ok(mut public) = self.public.lock() {
            if public.bytes + size > PUBLIC_BUDGET {
                *public = PublicCache::default();
            }
            if let Some((_, old)) = public.entries.insert(key, (Instant::now(), page)) {
                public.bytes = public.bytes.saturating_sub(old.body.len());
            }
            public.bytes += size;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The pool is bounded: with its one connection busy, the next request waits its turn
    /// for `db_wait` and is then told, in Swedish, to try again (503), instead of opening a
    /// connection of its own.
    #[actix_web::test]
    async fn an_exhausted_pool_answers_busy_in_swedish() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("p.db").display());
        let mut config = WebConfig::new("127.0.0.1:0", &url);
        config.db_connections = 1;
        config.db_wait = Duration::from_millis(200);
        let state = web::Data::new(AppState::new(config).unwrap());
        let (held, release) = std::sync::mpsc::channel::<()>();
        let (holding, is_held) = std::sync::mpsc::channel::<()>();
        let busy = state.clone();
        let holder = actix_web::rt::spawn(async move {
            busy.db(move |_| {
                holding.send(()).ok();
                release.recv().ok();
                Ok(())
            })
            .await
        });
        web::block(move || is_held.recv()).await.unwrap().unwrap();
        let started = Instant::now();
        let err = state.db(|_| Ok(())).await.unwrap_err();
        let waited = started.elapsed();
        assert!(
            matches!(&err, WebError::Busy(m) if m.contains("Försök igen")),
            "{err:?}"
        );
        assert!(waited >= Duration::from_millis(150), "{waited:?}");
        held.send(()).unwrap();
        holder.await.unwrap().unwrap();
        // Released, the connection serves the next request.
        state.db(|_| Ok(())).await.unwrap();
        assert_eq!(state.pool.state().connections, 1);
    }
}
