//! Observability: a request id on every request (taken from `X-Request-Id` when the proxy sets
//! a sane one, made otherwise, and returned), one log line per request — JSON in production
//! (`JUSTERA_LOG=json`), plain text otherwise — and Prometheus metrics served on a separate
//! internal listener (`JUSTERA_METRICS_ADDR`), never on the public site.

use std::future::{Ready, ready};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Error, HttpResponse};
use futures_util::future::LocalBoxFuture;

pub const REQUEST_ID: &str = "x-request-id";

/// Latency buckets in seconds (Prometheus histogram, cumulative).
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// Process-wide counters; cheap atomics, read by `/metrics`.
pub struct Metrics {
    by_class: [AtomicU64; 5],
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    pub edits: AtomicU64,
    pub signatures: AtomicU64,
    pub documents_rendered: AtomicU64,
}

pub static METRICS: Metrics = Metrics {
    by_class: [const { AtomicU64::new(0) }; 5],
    buckets: [const { AtomicU64::new(0) }; BUCKETS.len()],
    count: AtomicU64::new(0),
    sum_micros: AtomicU64::new(0),
    edits: AtomicU64::new(0),
    signatures: AtomicU64::new(0),
    documents_rendered: AtomicU64::new(0),
};

impl Metrics {
    fn observe(&self, status: u16, seconds: f64) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        if let Some(c) = self.by_class.get(class) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        // Whole microseconds; the cast saturates on absurd values.
        self.sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self, pool_idle: usize) -> String {
        let mut out = String::new();
        out.push_str("# HELP justera_http_requests_total HTTP requests by status class.\n");
        out.push_str("# TYPE justera_http_requests_total counter\n");
        for (i, c) in self.by_class.iter().enumerate() {
            out.push_str(&format!(
                "justera_http_requests_total{{class=\"{}xx\"}} {}\n",
                i + 1,
                c.load(Ordering::Relaxed)
            ));
        }
        out.push_str("# HELP justera_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE justera_http_request_duration_seconds histogram\n");
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            out.push_str(&format!(
                "justera_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}\n",
                bucket.load(Ordering::Relaxed)
            ));
        }
        let count = self.count.load(Ordering::Relaxed);
        out.push_str(&format!(
            "justera_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n"
        ));
        out.push_str(&format!(
            "justera_http_request_duration_seconds_sum {}\n",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        ));
        out.push_str(&format!(
            "justera_http_request_duration_seconds_count {count}\n"
        ));
        for (name, help, value) in [
            ("justera_edits_total", "Edits saved to drafts.", &self.edits),
            (
                "justera_signatures_total",
                "Signatures made.",
                &self.signatures,
            ),
            (
                "justera_documents_rendered_total",
                "PDF documents rendered (frozen for signing).",
                &self.documents_rendered,
            ),
        ] {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
                value.load(Ordering::Relaxed)
            ));
        }
        out.push_str(&format!(
            "# HELP justera_db_pool_idle Idle database connections in the pool.\n# TYPE justera_db_pool_idle gauge\njustera_db_pool_idle {pool_idle}\n"
        ));
        out
    }
}

fn sane(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The middleware; `json` chooses JSON log lines.
pub struct Observe {
    pub json: bool,
}

impl<S, B> Transform<S, ServiceRequest> for Observe
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Transform = ObserveMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ObserveMiddleware {
            service,
            json: self.json,
        }))
    }
}

pub struct ObserveMiddleware<S> {
    service: S,
    json: bool,
}

impl<S, B> Service<ServiceRequest> for ObserveMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let started = Instant::now();
        let id = req
            .headers()
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .filter(|v| sane(v))
            .map_or_else(new_id, str::to_owned);
        let method = req.method().to_string();
        // The path only: query strings may carry search words.
        let path = req.path().to_owned();
        let json = self.json;
        let fut = self.service.call(req);
        Box::pin(async move {
            let mut res = fut.await?;
            let status = res.status().as_u16();
            let seconds = started.elapsed().as_secs_f64();
            METRICS.observe(status, seconds);
            if let Ok(v) = HeaderValue::from_str(&id) {
                res.headers_mut()
                    .insert(HeaderName::from_static(REQUEST_ID), v);
            }
            // Static assets and the board under load would drown the log: log errors always,
            // successes unless they are the public board's hot paths.
            let quiet = status < 400
                && (path.starts_with("/static/") || path == "/anslagstavla" || path == "/healthz");
            if !quiet {
                let ms = seconds * 1000.0;
                if json {
                    let line = serde_json::json!({
                        "time": chrono::Utc::now().to_rfc3339(),
                        "level": if status >= 500 { "error" } else { "info" },
                        "request_id": id,
                        "method": method,
                        "path": path,
                        "status": status,
                        "ms": (ms * 10.0).round() / 10.0,
                    });
                    eprintln!("{line}");
                } else {
                    eprintln!("{method} {path} {status} {ms:.1} ms [{id}]");
                }
            }
            Ok(res)
        })
    }
}

/// `GET /metrics` on the internal listener.
pub async fn metrics(state: actix_web::web::Data<crate::state::AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(METRICS.render(state.pool_idle()))
}
