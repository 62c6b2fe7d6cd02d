//! Shared state: a small pool of store connections used from the blocking thread pool, the
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

pub struct AppState {
    pub config: WebConfig,
    pool: Arc<Pool>,
    pub renderer: Arc<Renderer>,
    cache: Mutex<Vec<(String, Instant, Arc<CachedPage>)>>,
    /// Every saved change of a meeting made through the app, for the live pages.
    events: tokio::sync::broadcast::Sender<MeetingId>,
}

/// A rendered page with its validator.
pub struct CachedPage {
    /// Shared, so serving it copies nothing.
    pub body: web::Bytes,
    pub content_type: &'static str,
    pub etag: String,
}

struct Pool {
    url: String,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    fn take(&self) -> Result<Store, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(store) => Ok(store),
            None => Store::open(&self.url, OpenMode::Existing),
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < 16 {
                idle.push(store);
            }
        }
    }
}

impl AppState {
    pub fn new(config: WebConfig) -> Result<Self, StoreError> {
        // Opening once runs the migrations and proves the database is reachable.
        let first = Store::open(&config.database_url, OpenMode::Create)?;
        let pool = Pool {
            url: config.database_url.clone(),
            idle: Mutex::new(vec![first]),
        };
        Ok(Self {
            config,
            pool: Arc::new(pool),
            renderer: Arc::new(Renderer::new().map_err(|e| StoreError::Corrupt(e.to_string()))?),
            cache: Mutex::new(Vec::new()),
            events: tokio::sync::broadcast::channel(256).0,
        })
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
            let mut store = pool.take()?;
            let result = f(&mut store);
            if result.is_ok() {
                pool.give_back(store);
            }
            result
        })
        .await
        .map_err(|_| WebError::Internal("arbetstråden avbröts".into()))?
    }

    /// A cached page, if fresh.
    pub fn cached(&self, key: &str) -> Option<Arc<CachedPage>> {
        let cache = self.cache.lock().ok()?;
        cache
            .iter()
            .find(|(k, at, _)| k == key && at.elapsed() < CACHE_TTL)
            .map(|(_, _, page)| page.clone())
    }

    pub fn store_cached(&self, key: String, page: Arc<CachedPage>) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.retain(|(k, at, _)| *k != key && at.elapsed() < CACHE_TTL);
            if cache.len() > 64 {
                cache.clear();
            }
            cache.push((key, Instant::now(), page));
        }
    }

    /// Tells the live pages that `meeting` changed.
    pub fn notify(&self, meeting: MeetingId) {
        // No receiver is not an error: nobody is watching.
        let _ = self.events.send(meeting);
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<MeetingId> {
        self.events.subscribe()
    }

    /// Forgets every cached page (after a write).
    pub fn invalidate(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }
}
