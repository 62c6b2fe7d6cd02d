//! The routes: the public notice board, login, signing, and the secretary's meeting list.

mod account_link;
mod admin;
mod auth;
pub mod board;
pub mod drafting;
mod feeds;
mod joint;
mod live;
pub mod mandates;
mod persons;
pub mod signing;
mod users;
mod verify;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use justera_domain::ids::OrganizationId;
use justera_store::Store;

use crate::error::WebError;
use crate::state::AppState;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(root))
        .route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/static/justera.css", web::get().to(css))
        .route("/anslagstavla", web::get().to(board::board))
        .route("/anslagstavla/arkiv", web::get().to(board::archive))
        .route("/anslagstavla/anslag/{id}", web::get().to(board::notice))
        .route(
            "/anslagstavla/anslag/{id}/protokoll",
            web::get().to(board::protocol_html),
        )
        .route(
            "/anslagstavla/anslag/{id}/protokoll.pdf",
            web::get().to(board::protocol_pdf),
        )
        .route("/anslagstavla/ca.pem", web::get().to(board::ca_pem))
        .route(
            "/anslagstavla/ca/{file}",
            web::get().to(board::revocation_list),
        )
        .route("/anslagstavla/flode.atom", web::get().to(feeds::atom))
        .route("/anslagstavla/sammantraden.ics", web::get().to(feeds::ical))
        .route("/tillganglighet", web::get().to(accessibility))
        .route("/anslagstavla/verifiera", web::get().to(verify::form))
        .route("/anslagstavla/verifiera", web::post().to(verify::upload))
        .route("/logga-in", web::get().to(auth::form))
        .route("/logga-in", web::post().to(auth::login))
        .route("/logga-ut", web::post().to(auth::logout))
        .route("/justering", web::get().to(signing::list))
        .route("/justering/{id}", web::get().to(signing::meeting))
        .route("/justering/{id}/protokoll.pdf", web::get().to(signing::pdf))
        .route("/justering/{id}/signera", web::post().to(signing::sign))
        .route("/justering/{id}/avvisa", web::post().to(signing::reject))
        .service(
            web::resource("/sammantraden")
                .app_data(form_limit())
                .route(web::get().to(signing::meetings))
                .route(web::post().to(drafting::create)),
        )
        .route("/sammantraden/{id}", web::get().to(drafting::meeting))
        .service(
            web::resource("/sammantraden/{id}/anslag")
                .app_data(form_limit())
                .route(web::post().to(joint::register)),
        )
        .service(
            web::resource("/sammantraden/{id}/andra")
                .app_data(form_limit())
                .route(web::post().to(drafting::post_edit)),
        )
        .service(
            web::resource("/sammantraden/{id}/omedelbar")
                .app_data(form_limit())
                .route(web::post().to(drafting::immediate)),
        )
        .service(
            web::resource("/sammantraden/{id}/skicka")
                .app_data(form_limit())
                .route(web::post().to(drafting::send)),
        )
        .route("/sammantraden/{id}/handelser", web::get().to(live::events))
        .route(
            "/sammantraden/{id}/paragraf/{n}",
            web::get().to(drafting::paragraph),
        )
        .route("/anslagstavla/direkt/{id}", web::get().to(live::page))
        .route(
            "/anslagstavla/direkt/{id}/handelser",
            web::get().to(live::public_events),
        )
        .route("/static/drafting.js", web::get().to(script))
        .route("/administration", web::get().to(admin::index))
        .service(
            web::resource("/administration/anvandare")
                .app_data(form_limit())
                .route(web::get().to(users::list))
                .route(web::post().to(users::create)),
        )
        .service(
            web::resource("/administration/anvandare/atgard")
                .app_data(form_limit())
                .route(web::post().to(users::act)),
        )
        .service(
            web::resource("/administration/anvandare/{username}")
                .app_data(form_limit())
                .route(web::get().to(users::show))
                .route(web::post().to(users::save)),
        )
        .service(
            web::resource("/konto/{token}")
                .app_data(form_limit())
                .route(web::get().to(account_link::form))
                .route(web::post().to(account_link::submit)),
        )
        .service(
            web::resource("/administration/installningar")
                .app_data(form_limit())
                .route(web::post().to(admin::save_settings)),
        )
        .service(
            web::resource("/administration/organ")
                .app_data(form_limit())
                .route(web::post().to(admin::create_body)),
        )
        .route("/administration/organ/{id}", web::get().to(admin::body))
        .route("/administration/personer", web::get().to(persons::list))
        .service(
            web::resource("/administration/organ/{id}/uppgifter")
                .app_data(form_limit())
                .route(web::post().to(admin::update_body)),
        )
        .route(
            "/administration/organ/{id}/sammansattning.csv",
            web::get().to(admin::composition),
        )
        .route(
            "/administration/organ/{id}/mandatperiod",
            web::post().to(admin::term),
        )
        .service(
            web::resource("/administration/organ/{id}/uppdrag")
                .app_data(form_limit())
                .route(web::post().to(mandates::change)),
        )
        .default_service(web::to(not_found));
}

/// The secretary's forms are text: a quarter of a megabyte is far more than a paragraph needs,
/// and larger bodies are refused before they are read.
fn form_limit() -> web::PayloadConfig {
    web::PayloadConfig::new(256 * 1024)
}

async fn root() -> HttpResponse {
    see_other("/anslagstavla")
}

/// Alive: the process answers.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}

/// Ready: the database answers and its migrations are applied; 503 otherwise.
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.db(|store| Ok(store.ready()?)).await {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ok\n"),
        Err(e) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body(format!("inte redo: {e}\n")),
    }
}

async fn not_found() -> Result<HttpResponse, WebError> {
    Err(WebError::NotFound(
        "Sidan finns inte. Kontrollera adressen eller gå till anslagstavlan.".into(),
    ))
}

#[derive(askama::Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    chrome: crate::html::Chrome,
    updated: String,
}

/// The accessibility statement the accessibility law requires, linked from every page.
async fn accessibility(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let session = crate::session::current(&req, &state).await?;
    let site = crate::site::Site::of(&req, &state);
    let name = state
        .db(move |store| Ok(board_organization(store, &site)?.1))
        .await?;
    html(&AccessibilityPage {
        chrome: crate::html::Chrome::new(&name, session.as_ref()),
        updated: justera_domain::text::long_date(ACCESSIBILITY_REVIEWED),
    })
}

/// When the accessibility statement was last reviewed against the site.
const ACCESSIBILITY_REVIEWED: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
{
    Some(d) => d,
    None => chrono::NaiveDate::MIN,
};

async fn css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../../static/justera.css"))
}

async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(include_str!("../../static/drafting.js"))
}

pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

pub fn html(page: &impl Template) -> Result<HttpResponse, WebError> {
    let body = page
        .render()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// The court an appeal of the organization's decisions goes to, as its notices name it.
pub fn appeal_court(store: &mut Store, id: OrganizationId) -> Result<String, WebError> {
    Ok(store
        .organization(id)?
        .map_or_else(|| "förvaltningsrätten".to_owned(), |o| o.protocol.court()))
}

/// The name of a signed-in user's organization (their pages show it, whatever the host).
pub fn organization_name(store: &mut Store, id: OrganizationId) -> Result<String, WebError> {
    store
        .organizations()?
        .into_iter()
        .find(|(o, _)| *o == id)
        .map(|(_, name)| name)
        .ok_or_else(|| WebError::NotFound("Organisationen finns inte.".into()))
}

pub use crate::actions::board::{board_organization, today};
