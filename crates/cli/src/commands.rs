//! What each command does. Every command that fails says why and changes nothing.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use justera_domain::DomainError;
use justera_domain::calendar::{self, TakedownConvention};
use justera_domain::document::MeetingDocument;
use justera_domain::protocol;
use justera_domain::text::weekday_name;
use justera_store::{DEFAULT_DATABASE_URL, OpenMode, Store, StoreError};
use serde::Serialize;

use crate::cli::Command;

/// The seed meeting, shipped with the binary for `justera demo`.
const SEED: &str = include_str!("../../../tests/fixtures/ks-2024-10-21.json");

#[derive(Debug)]
pub enum CliError {
    Store(StoreError),
    Domain(DomainError),
    Pdf(justera_pdf::PdfError),
    Io { path: PathBuf, message: String },
    Output(String),
    Message(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Store(e) => e.fmt(f),
            Self::Domain(e) => e.fmt(f),
            Self::Pdf(e) => e.fmt(f),
            Self::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Self::Output(m) => write!(f, "kunde inte skriva utdata: {m}"),
            Self::Message(m) => f.write_str(m),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<justera_pdf::PdfError> for CliError {
    fn from(e: justera_pdf::PdfError) -> Self {
        Self::Pdf(e)
    }
}

impl From<DomainError> for CliError {
    fn from(e: DomainError) -> Self {
        Self::Domain(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::Output(e.to_string())
    }
}

type Result<T> = std::result::Result<T, CliError>;

/// `DATABASE_URL`, else `database_url` in the settings file named by `JUSTERA_CONFIG`, else
/// the default.
fn database_url() -> Result<String> {
    let path = crate::settings::config_path(None);
    let (file, name) = crate::settings::read_file(path.as_deref())?;
    crate::settings::database_url(&file, &name)
}

pub(crate) fn open(mode: OpenMode) -> Result<Store> {
    Ok(Store::open(&database_url()?, mode)?)
}

pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

pub(crate) fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| CliError::Output(e.to_string()))?;
    text.push('\n');
    print(&text)
}

pub(crate) fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| CliError::Io {
        path: path.to_owned(),
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "filen finns inte".to_owned(),
            std::io::ErrorKind::InvalidData => "filen är inte UTF-8-text".to_owned(),
            _ => e.to_string(),
        },
    })
}

fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "okänd".to_owned())
    )
}

pub fn run(command: Command) -> Result<()> {
    // The public address from the settings file names the revocation list in every
    // certificate any command issues (JUSTERA_PUBLIC_URL still wins).
    if let Ok((file, _)) = crate::settings::read_file(crate::settings::config_path(None).as_deref())
        && let Some(u) = &file.public_url
    {
        justera_service::ca::set_public_url(u);
    }
    match command {
        Command::Migrate => {
            let store = open(OpenMode::Create)?;
            print(&format!(
                "Databasen {} ({}) är migrerad.\n",
                store.url().redacted(),
                store.backend()
            ))
        }
        Command::Import { file } => {
            let text = read_file(&file)?;
            let doc = MeetingDocument::from_json(&text)?;
            let mut store = open(OpenMode::Create)?;
            let s = store.import_meeting(&doc, &actor())?;
            print(&format!(
                "Inläst: {} {} {} ({} §§)\nid: {}\n",
                s.body_short_name,
                s.date,
                s.body,
                doc.meeting.paragraphs.len(),
                s.id
            ))
        }
        Command::Export { meeting, out } => {
            let mut store = open(OpenMode::Existing)?;
            let id = store.resolve_meeting_id(&meeting)?;
            let json = store.load_meeting(id)?.document.to_json()?;
            match out {
                Some(path) => std::fs::write(&path, json).map_err(|e| CliError::Io {
                    path,
                    message: e.to_string(),
                }),
                None => print(&json),
            }
        }
        Command::List { json } => {
            let mut store = open(OpenMode::Existing)?;
            let meetings = store.list_meetings()?;
            if json {
                return print_json(&meetings);
            }
            if meetings.is_empty() {
                return print("Inga sammanträden. Läs in ett med `justera import FIL.json`.\n");
            }
            let mut text = format!(
                "{:<36}  {:<6}  {:<10}  {}\n",
                "id", "organ", "datum", "status"
            );
            let today = crate::render::clock().date();
            for m in meetings {
                // The deadline runs from the meeting's last day (a meeting over several days);
                // only meetings awaiting adjustment get a note, so only they are read.
                let last_day = if matches!(
                    m.status,
                    justera_domain::meeting::MeetingStatus::Closed
                        | justera_domain::meeting::MeetingStatus::UnderAdjustment
                ) {
                    m.id.parse::<uuid::Uuid>()
                        .ok()
                        .and_then(|u| store.load_meeting(justera_domain::ids::MeetingId(u)).ok())
                        .map_or(m.date, |s| s.document.meeting.last_day())
                } else {
                    m.date
                };
                text.push_str(&format!(
                    "{:<36}  {:<6}  {:<10}  {}{}\n",
                    m.id,
                    m.body_short_name,
                    m.date,
                    m.status.swedish(),
                    deadline_note(m.status, last_day, today)
                ));
            }
            print(&text)
        }
        Command::Show { meeting } => {
            let mut store = open(OpenMode::Existing)?;
            let id = store.resolve_meeting_id(&meeting)?;
            let doc = store.load_meeting(id)?.document;
            print(&protocol::render_plain(&doc)?)
        }
        Command::Dates {
            posted,
            convention,
            json,
        } => dates(posted, convention.into(), json),
        Command::Holidays { year, json } => holidays(year, json),
        Command::Demo {
            data,
            port,
            host,
            setup_only,
        } => {
            let url = demo(&data)?;
            if setup_only {
                return Ok(());
            }
            let settings = crate::settings::resolve(
                &crate::settings::Flags {
                    host: Some(host),
                    port: Some(port),
                    insecure_cookies: false,
                },
                &crate::settings::File {
                    database_url: Some(url),
                    ..Default::default()
                },
                "demo",
            )?;
            // The demo's own master key, so its invitation links work.
            let master = std::fs::read_to_string(data.join("master.key"))
                .ok()
                .and_then(|t| justera_sign::keys::parse_master_key(&t).ok());
            serve_at(&settings, None, master)
        }
        Command::LoadData { archived, current } => {
            let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.into());
            let mut store = Store::open(&url, OpenMode::Create)?;
            let seed = MeetingDocument::from_json(SEED)?;
            let today = justera_domain::calendar::stockholm_today(chrono::Utc::now().naive_utc());
            let started = std::time::Instant::now();
            let (a, c) =
                crate::loaddata::load_data(&mut store, &seed, today, archived, current.min(30))?;
            println!(
                "{a} nedtagna och {c} aktuella tillkännagivanden skapade på {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Serve {
            config,
            port,
            host,
            insecure_cookies,
            today,
        } => {
            let today = match today.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => Some(chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(
                    |_| {
                        CliError::Message(format!(
                            "JUSTERA_TODAY/--today: skriv datumet som ÅÅÅÅ-MM-DD (fick \"{t}\")"
                        ))
                    },
                )?),
                None => None,
            };
            let path = crate::settings::config_path(config.as_deref());
            let (file, name) = crate::settings::read_file(path.as_deref())?;
            let settings = crate::settings::resolve(
                &crate::settings::Flags {
                    host,
                    port,
                    insecure_cookies,
                },
                &file,
                &name,
            )?;
            serve_at(&settings, today, None)
        }
        Command::Render {
            meeting,
            document,
            paragraphs,
            certified_by,
            certified_title,
            out,
        } => {
            let mut store = open(OpenMode::Existing)?;
            let id = store.resolve_meeting_id(&meeting)?;
            let doc = store.load_meeting(id)?.document;
            let request = crate::render::Request {
                document,
                paragraphs,
                certified_by,
                certified_title,
            };
            print(&crate::render::write(&mut store, &doc, &request, &out)?)
        }
        Command::Ca { command } => crate::signing::ca(command),
        Command::User { command } => crate::signing::user(command),
        Command::Term { command } => print(&crate::terms::term(command)?),
        Command::Org { command } => print(&crate::admin::org(command)?),
        Command::Posted {
            meeting,
            municipality,
            date,
            index,
            user,
        } => crate::signing::posted(&meeting, &municipality, date, index, &user),
        Command::Body { command } => print(&crate::admin::body(command)?),
        Command::Adjust {
            meeting,
            user,
            paragraphs,
        } => crate::signing::adjust(&meeting, &user, &paragraphs),
        Command::Sign {
            meeting,
            user,
            immediate,
        } => crate::signing::sign(&meeting, &user, immediate),
        Command::Reject {
            meeting,
            user,
            comment,
        } => crate::signing::reject_cmd(&meeting, &user, &comment),
        Command::Verify { file, json, report } => {
            crate::signing::verify(&file, json, report.as_deref())
        }
        Command::Backup { to } => {
            let mut store = open(OpenMode::Existing)?;
            store.backup_to(&to)?;
            let mut copy = Store::open(&format!("sqlite://{}", to.display()), OpenMode::Existing)?;
            copy.integrity_check()?;
            let n = copy.verify_audit_chain()?;
            print(&format!(
                "Säkerhetskopian {} är skriven och kontrollerad (granskningsloggen obruten, {}).\n",
                to.display(),
                entries(n)
            ))
        }
        Command::Restore { from, force } => crate::backup::restore(&database_url()?, &from, force),
        Command::VerifyAudit { org: None } => {
            let mut store = open(OpenMode::Existing)?;
            let n = store.verify_audit_chain()?;
            print(&format!("Granskningsloggen är obruten ({}).\n", entries(n)))
        }
        Command::VerifyAudit { org: Some(org) } => {
            let mut store = open(OpenMode::Existing)?;
            let (id, name) = crate::signing::organization(&mut store, Some(&org))?;
            let n = store.verify_audit_chain_of(&id.to_string())?;
            print(&format!(
                "Granskningsloggen för {name} är obruten ({}).\n",
                entries(n)
            ))
        }
        Command::Schema => print_json(&MeetingDocument::json_schema()),
    }
}

/// "1 post", "5 poster": a count of audit entries.
pub(crate) fn entries(n: usize) -> String {
    if n == 1 {
        "1 post".into()
    } else {
        format!("{n} poster")
    }
}

/// The 14-day adjustment deadline for meetings not yet adjusted: a warning from day 10.
fn deadline_note(
    status: justera_domain::meeting::MeetingStatus,
    meeting_date: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> String {
    use justera_domain::calendar::{
        AdjustmentDeadlineState, adjustment_deadline, adjustment_deadline_state,
    };
    use justera_domain::meeting::MeetingStatus;
    if !matches!(
        status,
        MeetingStatus::Closed | MeetingStatus::UnderAdjustment
    ) {
        return String::new();
    }
    let (Ok(deadline), Ok(state)) = (
        adjustment_deadline(meeting_date),
        adjustment_deadline_state(meeting_date, today),
    ) else {
        return String::new();
    };
    match state {
        AdjustmentDeadlineState::OnTime { .. } => format!(" – justeras senast {deadline}"),
        AdjustmentDeadlineState::DueSoon { days_left } => {
            format!(" – VARNING: justeras senast {deadline} ({days_left} dagar kvar)")
        }
        AdjustmentDeadlineState::Overdue { days_over } => {
            format!(" – VARNING: skulle ha justerats senast {deadline} ({days_over} dagar sedan)")
        }
    }
}

#[derive(Serialize)]
struct DatesOut {
    posted: chrono::NaiveDate,
    last_appeal_day: chrono::NaiveDate,
    takedown: chrono::NaiveDate,
    convention: &'static str,
}

fn dates(posted: chrono::NaiveDate, convention: TakedownConvention, json: bool) -> Result<()> {
    let d = calendar::notice_dates(posted, convention)?;
    if json {
        return print_json(&DatesOut {
            posted: d.posted,
            last_appeal_day: d.last_appeal_day,
            takedown: d.takedown,
            convention: convention.as_str(),
        });
    }
    print(&format!(
        "Tillkännagivandet publiceras          {} ({})\nÖverklagandetiden går ut              {} ({})\nPubliceringen av tillkännagivandet upphör {} ({})\n",
        d.posted,
        weekday_name(d.posted),
        d.last_appeal_day,
        weekday_name(d.last_appeal_day),
        d.takedown,
        weekday_name(d.takedown)
    ))
}

#[derive(Serialize)]
struct HolidayOut {
    date: chrono::NaiveDate,
    weekday: &'static str,
    name: &'static str,
    kind: calendar::NonWorkday,
    public_holiday: bool,
}

fn holidays(year: i32, json: bool) -> Result<()> {
    let days: Vec<HolidayOut> = calendar::named_non_workdays(year)?
        .into_iter()
        .map(|d| HolidayOut {
            date: d.date,
            weekday: weekday_name(d.date),
            name: d.kind.swedish_name(),
            kind: d.kind,
            public_holiday: d.kind.is_public_holiday(),
        })
        .collect();
    if json {
        return print_json(&days);
    }
    let mut text = String::new();
    for d in days {
        let note = if d.public_holiday {
            ""
        } else {
            "  (ej helgdag, men inte arbetsdag vid fristberäkning)"
        };
        text.push_str(&format!("{}  {:<8} {}{note}\n", d.date, d.weekday, d.name));
    }
    print(&text)
}

/// Runs the web server on `url` until stopped.
fn serve_at(
    settings: &crate::settings::Settings,
    today: Option<chrono::NaiveDate>,
    master: Option<[u8; 32]>,
) -> Result<()> {
    let (host, port) = (settings.host.as_str(), settings.port);
    let mut config = justera_web::WebConfig::new(&format!("{host}:{port}"), &settings.database_url);
    config.secure_cookies = !settings.insecure_cookies;
    config.today = today;
    config.workers = settings.workers;
    config.db_connections = settings.db_connections;
    config.session_minutes = settings.session_minutes;
    config.json_log = settings.json_log;
    config.metrics_bind = settings.metrics_address.map(|a| a.to_string());
    config.sites = settings.sites.clone();
    config.trusted_proxies = settings.trusted_proxies.clone();
    if let Some(u) = &settings.public_url {
        config.public_url = u.trim_end_matches('/').to_owned();
        justera_service::ca::set_public_url(u);
    }
    if let Some(url) = &settings.tsa_url {
        justera_service::ca::set_tsa_url(url);
    }
    // For the signing keys of users who set a password through a link; without it the links
    // say so.
    config.master_key =
        justera_web::MasterKey(master.or_else(|| justera_service::ca::master_key_from_env().ok()));
    // The same key renews the revocation lists that signatures carry in their DSS.
    if let Some(m) = config.master_key.0 {
        justera_service::ca::set_revocation_master(m);
    }
    let shown = if host == "0.0.0.0" || host == "::" {
        "localhost"
    } else {
        host
    };
    print(&format!(
        "Justera lyssnar på http://{shown}:{port}/anslagstavla (avsluta med Ctrl-C)\n"
    ))?;
    justera_web::run(config).map_err(|e| CliError::Message(format!("webbservern: {e}")))
}

fn demo(data: &Path) -> Result<String> {
    let from_env = std::env::var("DATABASE_URL")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let url = from_env
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", data.join("justera.db").display()));
    let mut store = Store::open(&url, OpenMode::Create)?;
    let mut doc = MeetingDocument::from_json(SEED)?;
    // Svenljunga's decisions are appealed to the administrative court in Göteborg (Västra
    // Götalands län); the demo's notices name it.
    doc.organization.protocol.appeal_court = "Förvaltningsrätten i Göteborg".into();
    let id = doc.meeting.id;
    let imported = match store.import_meeting(&doc, "demo") {
        Ok(_) => true,
        Err(StoreError::AlreadyExists { .. }) => false,
        Err(e) => return Err(e.into()),
    };
    let accounts = crate::signing::demo_signing(&mut store, data, &doc)?;
    let today = justera_domain::calendar::stockholm_today(chrono::Utc::now().naive_utc());
    // The new term first: the live meetings of 2027 and later use its mandates.
    crate::demo::next_term(&mut store, &doc, today)?;
    crate::demo::live_meetings(&mut store, &doc, today)?;
    let env = if from_env.is_some() || url == DEFAULT_DATABASE_URL {
        String::new()
    } else {
        format!("DATABASE_URL={url} ")
    };
    let year = doc.meeting.date.year();
    let mut text = format!(
        "{}Demodatabasen finns i {}.\n\n\
Exempelprotokollet är Svenljunga kommunstyrelses sammanträde {} (§ 162 med omedelbar justering).\n\
Protokollet är justerat och signerat digitalt av sekreteraren, ordföranden och justeraren,\n\
och tillkännagivandet är publicerat (och numera arkiverat). Dessutom finns ett nyligen justerat\n\
sammanträde vars tillkännagivande sitter på anslagstavlan i dag, dagens sammanträde (pågår)\n\
och ett planerat sammanträde om två veckor.\n\n\
Demokonton (lösenord för alla: {}):\n",
        if imported {
            ""
        } else {
            "Demodatan fanns redan. "
        },
        store.url().redacted(),
        doc.meeting.date,
        crate::signing::DEMO_PASSWORD,
    );
    for (username, name, role) in accounts {
        text.push_str(&format!("  {username:<10} {name} ({role})\n"));
    }
    text.push_str(&format!(
        "\nTitta på det:\n  {env}justera list\n  {env}justera show {id}\n  {env}justera render {id} --document signed --out protokoll.pdf\n  {env}justera verify protokoll.pdf\n  {env}justera ca show --pem > ca.pem\n\n\
Huvudnyckeln ligger i {}; sätt JUSTERA_MASTER_KEY_FILE till den för att administrera användare.\n\n\
Räkna ut datum på anslagstavlan:\n  justera dates --posted 2024-10-22\n  justera holidays {year}\n",
        data.join("master.key").display()
    ));
    print(&text)?;
    Ok(url)
}
