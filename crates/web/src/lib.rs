//! Justera's web application (actix-web): the official notice board for the public, login,
//! signing for the chair and the adjusters, and the JSON API. Server-rendered Swedish HTML that
//! works without JavaScript; nothing is loaded from the internet.
//!
//! Handlers parse the request, call the service and domain crates on the blocking pool, and
//! respond; no rule lives here.

mod actions;
mod api;
mod client;
mod cluster;
pub mod config;
mod error;
mod html;
mod observe;
mod pages;
mod security;
mod session;
mod signing_state;
mod site;
mod state;
mod verification;

use std::net::SocketAddr;

use actix_web::{App, HttpServer, web};

pub use config::{MasterKey, WebConfig};
pub use state::AppState;

/// Request bodies larger than this are refused (an uploaded PDF for verification is the
/// largest legitimate body).
pub const MAX_BODY: usize = 20 * 1024 * 1024;

/// Builds the server on the configured address; returns it with the bound addresses (port 0
/// picks a free port, as the tests do). The metrics listener, when configured, is started on
/// the running system by [`run`] and [`spawn`].
pub fn server(config: WebConfig) -> std::io::Result<(actix_web::dev::Server, Vec<SocketAddr>)> {
    let (server, addrs, _) = build(config)?;
    Ok((server, addrs))
}

type Built = (
    actix_web::dev::Server,
    Vec<SocketAddr>,
    Option<actix_web::dev::Server>,
);

fn build(config: WebConfig) -> std::io::Result<Built> {
    let state = web::Data::new(AppState::new(config.clone()).map_err(std::io::Error::other)?);
    cluster::spawn(&state.clone().into_inner());
    let app_state = state.clone();
    let json_log = config.json_log;
    let http = HttpServer::new(move || {
        App::new()
            .app_data(app_state.clone())
            .app_data(web::FormConfig::default().limit(256 * 1024))
            .app_data(web::PayloadConfig::default().limit(MAX_BODY))
            .app_data(
                web::JsonConfig::default()
                    .limit(1024 * 1024)
                    .error_handler(|err, _| {
                        use actix_web::error::JsonPayloadError as J;
                        let why = match &err {
                            J::Deserialize(e) => {
                                justera_domain::text::swedish_json_error(&e.to_string())
                            }
                            J::Serialize(_) => "svaret kunde inte skrivas".to_owned(),
                            J::ContentType => {
                                "skicka innehållet med Content-Type: application/json".to_owned()
                            }
                            J::Overflow { limit } | J::OverflowKnownLength { limit, .. } => {
                                format!("innehållet är större än {limit} byte")
                            }
                            _ => "innehållet kunde inte tas emot".to_owned(),
                        };
                        api::ApiError(error::WebError::BadRequest(format!(
                            "JSON-innehållet kunde inte läsas: {why}."
                        )))
                        .into()
                    }),
            )
            .wrap(security::Headers)
            .wrap(observe::Observe { json: json_log })
            .configure(api::routes)
            .configure(pages::routes)
    })
    .workers(config.workers.max(1))
    .bind(&config.bind)?;
    let addrs = http.addrs();
    let metrics = match &config.metrics_bind {
        Some(bind) => {
            let state = state.clone();
            Some(
                HttpServer::new(move || {
                    App::new()
                        .app_data(state.clone())
                        .route("/metrics", web::get().to(observe::metrics))
                })
                .workers(1)
                .bind(bind)?
                .run(),
            )
        }
        None => None,
    };
    Ok((http.run(), addrs, metrics))
}

/// Runs the server until it is stopped (Ctrl-C).
pub fn run(config: WebConfig) -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let (server, _, metrics) = build(config)?;
        if let Some(m) = metrics {
            actix_web::rt::spawn(m);
        }
        server.await
    })
}

/// Starts the server on a thread of its own; returns its address and a handle to stop it.
pub fn spawn(config: WebConfig) -> std::io::Result<(SocketAddr, actix_web::dev::ServerHandle)> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let system = actix_web::rt::System::new();
        system.block_on(async move {
            match build(config) {
                Ok((server, addrs, metrics)) => {
                    let _ = tx.send(Ok((addrs, server.handle())));
                    if let Some(m) = metrics {
                        actix_web::rt::spawn(m);
                    }
                    let _ = server.await;
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
    });
    let (addrs, handle) = rx.recv().map_err(std::io::Error::other)??;
    let addr = addrs
        .first()
        .copied()
        .ok_or_else(|| std::io::Error::other("servern fick ingen adress"))?;
    Ok((addr, handle))
}
