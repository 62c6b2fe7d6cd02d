//! The OpenAPI 3.1 document, generated from the same Rust types the handlers use (schemas by
//! schemars, JSON Schema 2020-12 as OpenAPI 3.1 expects), and the vendored API browser.

use actix_web::HttpResponse;
use actix_web::http::header;
use justera_domain::drafting::{Edit, NewMeeting};
use schemars::JsonSchema;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Value, json};

use super::types::*;

/// The browser page may use Swagger UI's inline styles; scripts still only from here.
const BROWSER_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    serde_json::to_value(g.subschema_for::<T>()).unwrap_or(Value::Null)
}

fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn set(target: &mut Value, key: &str, value: Value) {
    if let Some(m) = target.as_object_mut() {
        m.insert(key.to_owned(), value);
    }
}

fn error_response(code: &str) -> Value {
    errors(&[code]).remove(code).unwrap_or(Value::Null)
}

fn errors(codes: &[&str]) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    for c in codes {
        let description = match *c {
            "400" => "Felaktig begäran",
            "401" => "Inte inloggad (session eller API-token saknas)",
            "403" => "Ingen behörighet, eller CSRF-token saknas",
            "404" => "Finns inte",
            "409" => "Konflikt: någon annan har ändrat samma sak",
            "422" => "Går inte enligt reglerna; meddelandet säger varför",
            "429" => "För många försök",
            _ => "Fel",
        };
        m.insert(
            (*c).to_owned(),
            json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } } }),
        );
    }
    m
}

fn op(
    summary: &str,
    tag: &str,
    secured: bool,
    body: Option<Value>,
    success: (&str, Value),
    error_codes: &[&str],
) -> Value {
    let mut responses = errors(error_codes);
    responses.insert(success.0.to_owned(), success.1);
    if secured {
        responses.insert(
            "401".into(),
            json!({ "description": "Inte inloggad", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } } }),
        );
    }
    let mut o = json!({ "summary": summary, "tags": [tag], "responses": responses });
    if let Some(b) = body {
        set(&mut o, "requestBody", b);
    }
    if secured {
        set(
            &mut o,
            "security",
            json!([{ "token": [] }, { "session": [] }]),
        );
    } else {
        set(&mut o, "security", json!([]));
    }
    o
}

fn id_param(name: &str, description: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string", "format": "uuid" } })
}

/// The whole document.
pub fn build() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut g = settings.into_generator();
    let error = schema::<ErrorBody>(&mut g);
    let board = schema::<Board>(&mut g);
    let archive = schema::<Archive>(&mut g);
    let notice = schema::<Notice>(&mut g);
    let verification = schema::<Verification>(&mut g);
    let me = schema::<Me>(&mut g);
    let items = schema::<Vec<MeetingItem>>(&mut g);
    let new_meeting = schema::<NewMeeting>(&mut g);
    let created = schema::<Created>(&mut g);
    let state = schema::<MeetingState>(&mut g);
    let edit = schema::<Edit>(&mut g);
    let edit_result = schema::<EditResult>(&mut g);
    let immediate = schema::<ImmediateRequest>(&mut g);
    let awaiting = schema::<Vec<Awaiting>>(&mut g);
    let sign = schema::<SignRequest>(&mut g);
    let sign_result = schema::<SignResult>(&mut g);
    let reject = schema::<RejectRequest>(&mut g);
    let api_user = schema::<ApiUser>(&mut g);
    let api_users = schema::<Vec<ApiUser>>(&mut g);
    let new_user = schema::<NewUserRequest>(&mut g);
    let user_change = schema::<UserChangeRequest>(&mut g);
    let one_time_link = schema::<OneTimeLink>(&mut g);
    let organization = schema::<justera_domain::organization::Organization>(&mut g);
    let mandate_change = schema::<super::admin::MandateChangeRequest>(&mut g);
    let body_schema = schema::<justera_domain::organization::Body>(&mut g);
    let other_posting = schema::<super::admin::OtherPostingRequest>(&mut g);
    let persons = schema::<Vec<super::admin::ApiPerson>>(&mut g);
    let _ = error;
    let mut schemas = g.take_definitions(true);
    schemas
        .entry("ErrorBody".to_owned())
        .or_insert_with(|| json!({ "type": "object" }));
    let meeting_id = id_param("id", "Sammanträdets id");
    let username = json!({ "name": "username", "in": "path", "required": true, "description": "Användarnamnet", "schema": { "type": "string" } });
    let body_id = id_param("id", "Organets id");
    let term_summary = json!({ "type": "object", "required": ["from", "to", "members", "substitutes"], "properties": {
        "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" },
        "members": { "type": "integer" }, "substitutes": { "type": "integer" } } });
    let bodies = json!({ "type": "array", "items": { "type": "object", "required": ["id", "name", "seats", "terms"], "properties": {
        "id": { "type": "string" }, "name": { "type": "string" }, "seats": { "type": "integer" },
        "terms": { "type": "array", "items": term_summary } } } });
    let term_params = json!([
        body_id.clone(),
        { "name": "fran", "in": "query", "required": true, "schema": { "type": "string", "format": "date" }, "description": "Mandatperiodens första dag" },
        { "name": "till", "in": "query", "required": true, "schema": { "type": "string", "format": "date" }, "description": "Mandatperiodens sista dag" },
        { "name": "forhandsgranska", "in": "query", "required": false, "schema": { "type": "boolean" }, "description": "Bara kontrollera filen" }
    ]);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Justera API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Protokoll, justering och anslagstavla för kommuner och regioner. Samma behörigheter som webbsidorna. Autentisering: API-token (`Authorization: Bearer …`, skapas med `justera user token`) eller webbsessionens cookie; med cookie ska ändrande anrop skicka sessionens CSRF-token i `X-CSRF-Token`. Fel besvaras med `{error, code}` där `error` är ett svenskt meddelande.",
            "license": { "name": "EUPL-1.2 OR MIT" }
        },
        "servers": [{ "url": "/" }],
        "tags": [
            { "name": "Anslagstavlan", "description": "Offentligt: tillkännagivanden, arkiv och kontroll av protokoll" },
            { "name": "Sammanträden", "description": "Sekreteraren: sammanträden, närvaro, paragrafer, yrkanden, beslutsgång" },
            { "name": "Justering", "description": "Ordförande och justerare: signera eller avvisa" },
            { "name": "Administration", "description": "Administratören: organisationens inställningar, organ, mandatperioder och användare" }
        ],
        "paths": {
            "/api/anslagstavla": { "get": op("Aktuella tillkännagivanden och kommande sammanträden", "Anslagstavlan", false, None, ("200", ok("Anslagstavlan i dag", board)), &[]) },
            "/api/anslagstavla/arkiv": { "get": {
                "summary": "Sök bland nedtagna tillkännagivanden", "tags": ["Anslagstavlan"], "security": [],
                "parameters": [
                    { "name": "organ", "in": "query", "schema": { "type": "string" }, "description": "Del av organets namn" },
                    { "name": "fran", "in": "query", "schema": { "type": "string", "format": "date" } },
                    { "name": "till", "in": "query", "schema": { "type": "string", "format": "date" } },
                    { "name": "sok", "in": "query", "schema": { "type": "string" }, "description": "Ord som alla ska förekomma" },
                    { "name": "sida", "in": "query", "schema": { "type": "integer", "minimum": 1 } }
                ],
                "responses": {
                    "200": ok("En sida av arkivet", archive),
                    "400": error_response("400"),
                    "422": error_response("422")
                }
            } },
            "/api/anslagstavla/anslag/{id}": { "get": {
                "summary": "Ett tillkännagivande", "tags": ["Anslagstavlan"], "security": [],
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "200": ok("Tillkännagivandet", notice), "404": error_response("404") }
            } },
            "/api/verifiera": { "post": {
                "summary": "Kontrollera en PDF: signaturer och om den är ett registrerat justerat protokoll", "tags": ["Anslagstavlan"], "security": [],
                "requestBody": { "required": true, "content": { "application/pdf": { "schema": { "type": "string", "contentMediaType": "application/pdf" } } } },
                "responses": { "200": ok("Utlåtandet", verification), "422": error_response("422"), "413": { "description": "Filen är större än 20 MB" } }
            } },
            "/api/jag": { "get": op("Den inloggade användaren", "Justering", true, None, ("200", ok("Användaren", me)), &[]) },
            "/api/organ": { "get": op("Organisationens organ med mandatperioder (administratör)", "Administration", true, None, ("200", ok("Organen", bodies)), &["403"]) },
            "/api/organ/{id}/mandatperiod": { "post": {
                "parameters": term_params,
                "summary": "Läs in en mandatperiod från en CSV-fil (namn;parti;roll;ordning;befattning;från;till); varje fel rad nämns och inget sparas förrän filen är felfri",
                "tags": ["Administration"], "security": [{ "token": [] }, { "session": [] }],
                "requestBody": { "required": true, "content": { "text/csv": { "schema": { "type": "string" } } } },
                "responses": {
                    "200": ok("Felfri (förhandsgranskning)", json!({ "type": "object" })),
                    "201": ok("Inläst", json!({ "type": "object" })),
                    "400": error_response("400"), "401": error_response("401"), "403": error_response("403"),
                    "404": error_response("404"), "413": error_response("413"), "422": error_response("422")
                }
            } },
    "/api/personer": { "get": op("Organisationens personregister med uppdrag och konto (administratör)", "Administration", true, None, ("200", ok("Personerna", persons)), &["403"]) },
            "/api/sammantraden/{id}/anslag": { "post": with_params(op("Registrera dagen då en samverkande kommun satte upp en gemensam nämnds tillkännagivande; överklagandetiden räknas från det senaste", "Sammanträden", true, Some(json_body(other_posting)), ("204", json!({ "description": "Registrerat" })), &["400", "403", "404", "422"]), &meeting_id) },
            "/api/organ/{id}": { "put": with_params(op("Ändra ett organs uppgifter (namn, slag, platser, justerare, numrering, vanlig plats och tid) eller skapa ett nytt med ett nytt id", "Administration", true, Some(json_body(body_schema)), ("204", json!({ "description": "Sparat" })), &["400", "403", "404", "409", "422"]), &body_id) },
            "/api/organ/{id}/uppdrag": { "post": with_params(op("Avsluta ett uppdrag under mandatperioden (avgång) och ge efterträdaren platsen från dagen efter; perioden kontrolleras som en fil", "Administration", true, Some(json_body(mandate_change)), ("200", ok("Sparat", json!({ "type": "object" }))), &["400", "403", "404", "422"]), &body_id) },
                        "/api/organisation": {
                "get": op("Organisationens inställningar (administratör)", "Administration", true, None, ("200", ok("Inställningarna", organization.clone())), &["403"]),
                "put": op("Ändra organisationens inställningar (samma organisation)", "Administration", true, Some(json_body(organization)), ("204", json!({ "description": "Sparat" })), &["400", "403", "422"])
            },
            "/api/anvandare": {
                "get": op("Organisationens användare (administratör)", "Administration", true, None, ("200", ok("Användarna", api_users)), &["403"]),
                "post": op("Skapa en användare utan lösenord; svaret har en engångslänk (sju dagar) med vilken hen väljer lösenord", "Administration", true, Some(json_body(new_user)), ("201", ok("Skapad", one_time_link.clone())), &["400", "403", "409", "422"])
            },
            "/api/anvandare/{username}": {
                "get": with_params(op("En användare", "Administration", true, None, ("200", ok("Användaren", api_user.clone())), &["403", "404"]), &username),
                "put": with_params(op("Ändra namn, roller, person och om kontot är aktivt; organisationen behåller alltid en aktiv administratör", "Administration", true, Some(json_body(user_change)), ("200", ok("Sparat", api_user)), &["400", "403", "404", "422"]), &username)
            },
            "/api/anvandare/{username}/losenordslank": { "post": with_params(op("En engångslänk för nytt lösenord (två dygn); det gamla gäller tills länken används", "Administration", true, None, ("201", ok("Länken", one_time_link)), &["403", "404"]), &username) },
            "/api/anvandare/{username}/tvastegsverifiering": { "delete": with_params(op("Stäng av användarens tvåstegsverifiering (tappad telefon)", "Administration", true, None, ("204", json!({ "description": "Avstängd" })), &["403", "404"]), &username) },
            "/api/anvandare/{username}/sessioner": { "delete": with_params(op("Avsluta alla användarens sessioner", "Administration", true, None, ("204", json!({ "description": "Avslutade" })), &["403", "404"]), &username) },
            "/api/anvandare/{username}/token/{id}": { "delete": {
                "summary": "Återkalla en av användarens API-token", "tags": ["Administration"], "security": [{ "token": [] }, { "session": [] }],
                "parameters": [username.clone(), { "name": "id", "in": "path", "required": true, "schema": { "type": "string" }, "description": "Tokenens id" }],
                "responses": { "204": { "description": "Återkallad" }, "401": error_response("401"), "403": error_response("403"), "404": error_response("404") }
            } },
            "/api/sammantraden": {
                "get": op("Sammanträden för de organ användaren är sekreterare för", "Sammanträden", true, None, ("200", ok("Sammanträdena", items)), &[]),
                "post": op("Skapa ett sammanträde", "Sammanträden", true, Some(json_body(new_meeting)), ("201", ok("Skapat", created)), &["400", "403", "404", "422"])
            },
            "/api/sammantraden/{id}": { "get": {
                "parameters": [meeting_id.clone()],
                "summary": "Utkastet med varje paragrafs läge (fingeravtryck, beslutsgång hittills, nästa proposition)",
                "tags": ["Sammanträden"], "security": [{ "token": [] }, { "session": [] }],
                "responses": { "200": ok("Utkastet", state), "401": error_response("401"), "403": error_response("403"), "404": error_response("404") }
            } },
            "/api/sammantraden/{id}/andringar": { "post": with_params(op("En ändring i utkastet (närvaro, paragraf, yrkande, steg i beslutsgången, reservation …). Upprepade anrop registrerar inte dubbelt; en textändring på en äldre version ger 409.", "Sammanträden", true, Some(json_body(edit)), ("200", ok("Sparat", edit_result)), &["400", "403", "404", "409", "422"]), &meeting_id) },
            "/api/sammantraden/{id}/omedelbar-justering": { "post": with_params(op("Justera paragrafer omedelbart under sammanträdet", "Sammanträden", true, Some(json_body(immediate)), ("204", json!({ "description": "Startad; ordföranden och justerarna kan signera" })), &["400", "403", "404", "409", "422"]), &meeting_id) },
            "/api/sammantraden/{id}/skicka-for-justering": { "post": with_params(op("Skicka det avslutade protokollet för justering", "Sammanträden", true, None, ("204", json!({ "description": "Protokollet är fryst och skickat" })), &["403", "404", "409", "422"]), &meeting_id) },
            "/api/justering": { "get": op("Det som väntar på min signatur", "Justering", true, None, ("200", ok("Listan", awaiting)), &[]) },
            "/api/justering/{id}/signera": { "post": with_params(op("Signera med lösenordet", "Justering", true, Some(json_body(sign)), ("200", ok("Signerat", sign_result)), &["400", "403", "404", "409", "422", "429"]), &meeting_id) },
            "/api/justering/{id}/avvisa": { "post": with_params(op("Avvisa med en kommentar; protokollet går tillbaka till sekreteraren", "Justering", true, Some(json_body(reject)), ("204", json!({ "description": "Avvisat" })), &["400", "403", "404", "409", "422"]), &meeting_id) }
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "token": { "type": "http", "scheme": "bearer", "description": "API-token från `justera user token`" },
                "session": { "type": "apiKey", "in": "cookie", "name": "justera_session", "description": "Webbsessionen; ändrande anrop kräver X-CSRF-Token" }
            }
        }
    })
}

fn with_params(mut op: Value, param: &Value) -> Value {
    set(&mut op, "parameters", json!([param]));
    op
}

/// GET /api/openapi.json
pub async fn document() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(build())
}

/// GET /api/dokumentation — Swagger UI, served from the binary.
pub async fn browser() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, BROWSER_CSP))
        .body(
            r#"<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Justera API</title>
<link rel="stylesheet" href="/api/dokumentation/swagger-ui.css">
<style>.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}</style></head>
<body>
<main><h1 class="visually-hidden">Justera API</h1><div id="swagger-ui"></div></main>
<script src="/api/dokumentation/swagger-ui-bundle.js"></script>
<script src="/api/dokumentation/init.js"></script>
</body></html>"#,
        )
}

pub async fn browser_init() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .body("window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n")
}

pub async fn browser_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(&include_bytes!("../../static/vendor/swagger-ui/swagger-ui-bundle.js")[..])
}

pub async fn browser_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(&include_bytes!("../../static/vendor/swagger-ui/swagger-ui.css")[..])
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Every `$ref` in the document points at a schema that is there.
    #[test]
    fn references_resolve() {
        let doc = build();
        let schemas = doc["components"]["schemas"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut refs = Vec::new();
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, x) in m {
                        if k == "$ref" {
                            if let Some(s) = x.as_str() {
                                out.push(s.to_owned());
                            }
                        } else {
                            walk(x, out);
                        }
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        walk(&doc, &mut refs);
        assert!(refs.len() > 10);
        for r in refs {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or("?");
            assert!(schemas.contains_key(name), "{r} does not resolve");
        }
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/sammantraden/{id}/andringar"]["post"].is_object());
    }
}
