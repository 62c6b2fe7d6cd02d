//! Commands for the CA, users, adjustment, signing and verification.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use justera_domain::account::{Account, Role};
use justera_domain::ids::{MeetingId, OrganizationId};
use justera_service::accounts::{Costs, Issuer, create_user, reset_password};
use justera_service::adjustment::{SignOutcome, reject, send_for_adjustment, sign_minutes};
use justera_service::ca::{ca_certificate, init_ca, master_key_from_env};
use justera_service::verify::verify_file;
use justera_sign::ca::{fingerprint, to_pem};
use justera_sign::verify::Coverage;
use justera_store::{OpenMode, Store};

use crate::cli::{CaCommand, RoleArg, UserCommand};
use crate::commands::{CliError, open, print, print_json};

/// Reads a password: from the terminal without echo, or the first line of standard input.
pub fn read_password(prompt: &str) -> Result<String, CliError> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| CliError::Output(e.to_string()))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Output(e.to_string()))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.is_empty() {
        return Err(CliError::Message("inget lösenord angavs".into()));
    }
    Ok(password)
}

/// The organization a command is about: the only one, or the one named by `--org`.
pub fn organization(
    store: &mut Store,
    org: Option<&str>,
) -> Result<(OrganizationId, String), CliError> {
    let all = store.organizations()?;
    match org {
        Some(wanted) => all
            .into_iter()
            .find(|(id, name)| id.to_string() == wanted || name == wanted)
            .ok_or_else(|| CliError::Message(format!("organisationen \"{wanted}\" finns inte"))),
        None => match all.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(CliError::Message(
                "databasen har ingen organisation ännu; läs in ett sammanträde först".into(),
            )),
            _ => Err(CliError::Message(
                "det finns flera organisationer; ange vilken med --org".into(),
            )),
        },
    }
}

pub(crate) fn service(e: justera_service::ServiceError) -> CliError {
    CliError::Message(e.to_string())
}

pub(crate) fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "okänd".to_owned())
    )
}

pub fn ca(command: CaCommand) -> Result<(), CliError> {
    let mut store = open(OpenMode::Existing)?;
    match command {
        CaCommand::Init { org } => {
            let (id, name) = organization(&mut store, org.as_deref())?;
            let master = master_key_from_env().map_err(service)?;
            let fp = init_ca(&mut store, id, &name, &master, &actor()).map_err(service)?;
            print(&format!(
                "Certifikatutfärdaren för {name} är skapad.\nSHA-256-fingeravtryck: {fp}\n"
            ))
        }
        CaCommand::Show { org, pem } => {
            let (id, name) = organization(&mut store, org.as_deref())?;
            let cert = ca_certificate(&mut store, id).map_err(service)?;
            if pem {
                return print(&to_pem(&cert).map_err(|e| CliError::Message(e.to_string()))?);
            }
            print(&format!(
                "Certifikatutfärdare för {name}\nSHA-256-fingeravtryck: {}\n",
                fingerprint(&cert).map_err(|e| CliError::Message(e.to_string()))?
            ))
        }
        CaCommand::Sparrlista { org, out } => {
            let (id, name) = organization(&mut store, org.as_deref())?;
            let master = master_key_from_env().map_err(service)?;
            let now = chrono::Utc::now().naive_utc();
            let list = justera_service::ca::publish_revocation_list(&mut store, id, &master, now)
                .map_err(service)?;
            let revoked = store.retired_certificates(id)?.len();
            if let Some(path) = out {
                std::fs::write(&path, &list.content).map_err(|e| {
                    CliError::Message(format!("kunde inte skriva {}: {e}", path.display()))
                })?;
            }
            let address = justera_service::ca::revocation_url(id).unwrap_or_else(|| {
                "(ingen: sätt public_url i inställningarna så namnger certifikaten den)".into()
            });
            print(&format!(
                "Spärrlistan för {name} är utställd: {}, giltig till {} UTC.\nAdress: {address}\n",
                match revoked {
                    1 => "1 spärrat certifikat".to_owned(),
                    n => format!("{n} spärrade certifikat"),
                },
                list.next_update.format("%Y-%m-%d %H:%M")
            ))
        }
    }
}

/// The link's address on the site (`JUSTERA_PUBLIC_URL` or `public_url` in the settings
/// file), and how long it works.
fn link_text(username: &str, link: &justera_service::users::Link) -> String {
    let base = std::env::var("JUSTERA_PUBLIC_URL")
        .ok()
        .or_else(|| {
            let path = crate::settings::config_path(None);
            crate::settings::read_file(path.as_deref())
                .ok()
                .and_then(|(f, _)| f.public_url)
        })
        .unwrap_or_else(|| "http://localhost:8080".into());
    format!(
        "Engångslänk för {username} (visas bara nu; gäller till {} UTC och kan användas en gång):\n{}/konto/{}\n",
        link.expires_at.format("%Y-%m-%d %H:%M"),
        base.trim_end_matches('/'),
        link.token
    )
}

fn set_active(
    store: &mut Store,
    username: &str,
    org: Option<String>,
    active: bool,
) -> Result<(), CliError> {
    let (id, _) = organization(store, org.as_deref())?;
    justera_service::users::operator_set_active(store, id, username, active, &actor())
        .map_err(service)?;
    print(&if active {
        format!("Kontot {username} är öppnat igen.\n")
    } else {
        format!("Kontot {username} är avstängt; sessioner och API-token är avslutade.\n")
    })
}

fn roles_of(
    store: &mut Store,
    id: justera_domain::ids::OrganizationId,
    role: RoleArg,
    body: Option<String>,
) -> Result<Vec<Role>, CliError> {
    Ok(match role {
        RoleArg::Administrator => vec![Role::Administrator],
        RoleArg::Member => vec![Role::Member],
        RoleArg::Secretary => {
            let short = body.ok_or_else(|| {
                CliError::Message("en sekreterare behöver --body med organets kortnamn".into())
            })?;
            let body_id = store
                .body_by_short_name(id, &short)?
                .ok_or_else(|| CliError::Message(format!("organet \"{short}\" finns inte")))?;
            vec![Role::Secretary { body: body_id }]
        }
    })
}

fn person_of(person: Option<String>) -> Result<Option<justera_domain::ids::PersonId>, CliError> {
    match person {
        Some(p) => Ok(Some(p.parse().map_err(|_| {
            CliError::Message(format!("\"{p}\" är inget giltigt person-id"))
        })?)),
        None => Ok(None),
    }
}

pub fn user(command: UserCommand) -> Result<(), CliError> {
    let mut store = open(OpenMode::Existing)?;
    match command {
        UserCommand::Add {
            username,
            name,
            role,
            body,
            person,
            org,
        } => {
            let (id, org_name) = organization(&mut store, org.as_deref())?;
            let roles = roles_of(&mut store, id, role, body)?;
            let person = person_of(person)?;
            let master = master_key_from_env().map_err(service)?;
            let password = read_password("Lösenord: ")?;
            create_user(
                &mut store,
                Issuer {
                    organization: id,
                    organization_name: &org_name,
                    master: &master,
                },
                &Account {
                    username: username.clone(),
                    display_name: name,
                    roles,
                    person,
                },
                &password,
                Costs::default(),
                &actor(),
            )
            .map_err(service)?;
            print(&format!(
                "Användaren {username} är skapad med signeringscertifikat.\n"
            ))
        }
        UserCommand::Invite {
            username,
            name,
            role,
            body,
            person,
            org,
        } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let roles = roles_of(&mut store, id, role, body)?;
            let person = person_of(person)?;
            let link = justera_service::users::operator_invite(
                &mut store,
                id,
                &justera_service::users::NewUser {
                    username: username.clone(),
                    display_name: name,
                    roles,
                    person,
                },
                justera_store::audit::now(),
                &actor(),
            )
            .map_err(service)?;
            print(&link_text(&username, &link))
        }
        UserCommand::Link { username, org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let link = justera_service::users::operator_password_link(
                &mut store,
                id,
                &username,
                justera_store::audit::now(),
                &actor(),
            )
            .map_err(service)?;
            print(&link_text(&username, &link))
        }
        UserCommand::Disable { username, org } => set_active(&mut store, &username, org, false),
        UserCommand::Enable { username, org } => set_active(&mut store, &username, org, true),
        UserCommand::Roles {
            username,
            administrator,
            member,
            secretary_of,
            org,
        } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let mut roles = Vec::new();
            if administrator {
                roles.push(Role::Administrator);
            }
            for short in &secretary_of {
                let body = store
                    .body_by_short_name(id, short)?
                    .ok_or_else(|| CliError::Message(format!("organet \"{short}\" finns inte")))?;
                roles.push(Role::Secretary { body });
            }
            if member {
                roles.push(Role::Member);
            }
            justera_service::users::operator_set_roles(&mut store, id, &username, roles, &actor())
                .map_err(service)?;
            print(&format!("Rollerna för {username} är sparade.\n"))
        }
        UserCommand::Passwd { username, org } => {
            let (id, org_name) = organization(&mut store, org.as_deref())?;
            let master = master_key_from_env().map_err(service)?;
            let password = read_password("Nytt lösenord: ")?;
            reset_password(
                &mut store,
                Issuer {
                    organization: id,
                    organization_name: &org_name,
                    master: &master,
                },
                &username,
                &password,
                Costs::default(),
                &actor(),
            )
            .map_err(service)?;
            print(&format!(
                "Lösenordet för {username} är bytt och ett nytt signeringscertifikat utfärdat.\n"
            ))
        }
        UserCommand::Totp { username, off, org } => {
            let (id, name) = organization(&mut store, org.as_deref())?;
            // The secret is sealed under the user's password: they type it at enrolment.
            let password = if off {
                None
            } else {
                Some(read_password(&format!("{username}s lösenord: "))?)
            };
            match justera_service::accounts::set_second_factor(
                &mut store,
                id,
                &username,
                password.as_deref(),
                "cli",
            )
            .map_err(service)?
            {
                Some(secret) => print(&format!(
                    "Tvåstegsverifiering påslagen för {username}.\n\nHemlighet (skriv in i autentiseringsappen): {secret}\nEller öppna adressen (t.ex. som QR-kod):\n{}\n\nFrån och med nu krävs engångskoden vid inloggning och signering.\n",
                    justera_sign::totp::otpauth_uri(&name, &username, &secret)
                )),
                None => print(&format!("Tvåstegsverifiering avstängd för {username}.\n")),
            }
        }
        UserCommand::Token {
            username,
            label,
            days,
            org,
        } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let user = store.find_user(id, &username)?.ok_or_else(|| {
                CliError::Message(format!("användaren \"{username}\" finns inte"))
            })?;
            // Two random (v4) UUIDs: 244 random bits, 64 hexadecimal characters.
            let token = format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            );
            let now = chrono::Utc::now().naive_utc();
            let expires = now + chrono::Duration::days(i64::from(days));
            store.create_api_token(&user.id, &token, &label, now, expires)?;
            print(&format!(
                "{token}\n\nAnvänd den som `Authorization: Bearer {token}`. Den visas inte igen.\n\
                 Giltig till {} (UTC). Den upphör också när lösenordet byts.\n",
                expires.format("%Y-%m-%d %H:%M")
            ))
        }
        UserCommand::Tokens { username, org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let user = store.find_user(id, &username)?.ok_or_else(|| {
                CliError::Message(format!("användaren \"{username}\" finns inte"))
            })?;
            let now = chrono::Utc::now().naive_utc();
            let mut text = String::new();
            for t in store.api_tokens(&user.id)? {
                let state = if t.expires_at > now {
                    "giltig"
                } else {
                    "utgången"
                };
                text.push_str(&format!(
                    "{}  {:<24} skapad {}  till {}  {state}\n",
                    t.id,
                    t.label,
                    t.created_at.format("%Y-%m-%d"),
                    t.expires_at.format("%Y-%m-%d")
                ));
            }
            if text.is_empty() {
                text = format!("{username} har inga API-token.\n");
            }
            print(&text)
        }
        UserCommand::Revoke { username, id, org } => {
            let (org_id, _) = organization(&mut store, org.as_deref())?;
            let user = store.find_user(org_id, &username)?.ok_or_else(|| {
                CliError::Message(format!("användaren \"{username}\" finns inte"))
            })?;
            if store.revoke_api_token(&user.id, id.trim(), "cli")? {
                print(&format!(
                    "API-token {} för {username} är återkallad.\n",
                    id.trim()
                ))
            } else {
                Err(CliError::Message(format!(
                    "{username} har ingen API-token med id \"{}\"",
                    id.trim()
                )))
            }
        }
        UserCommand::List { org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let mut text = String::new();
            for u in store.list_users(id)? {
                let roles: Vec<&str> = u
                    .account
                    .roles
                    .iter()
                    .map(|r| match r {
                        Role::Administrator => "administratör",
                        Role::Secretary { .. } => "sekreterare",
                        Role::Member => "ledamot",
                    })
                    .collect();
                text.push_str(&format!(
                    "{:<16} {:<28} {}\n",
                    u.account.username,
                    u.account.display_name,
                    roles.join(", ")
                ));
            }
            print(&text)
        }
    }
}

fn meeting_id(store: &mut Store, text: &str) -> Result<MeetingId, CliError> {
    Ok(store.resolve_meeting_id(text)?)
}

pub fn adjust(meeting: &str, user: &str, paragraphs: &[u32]) -> Result<(), CliError> {
    let mut store = open(OpenMode::Existing)?;
    let id = meeting_id(&mut store, meeting)?;
    let renderer = justera_pdf::Renderer::new()?;
    if !paragraphs.is_empty() {
        let sha = justera_service::adjustment::start_immediate(
            &mut store,
            &renderer,
            id,
            paragraphs,
            user,
            crate::render::clock(),
        )
        .map_err(service)?;
        let after = store
            .load_meeting(id)?
            .document
            .meeting
            .pending_immediate
            .is_some_and(|p| p.after_meeting);
        return print(&format!(
            "{} {} och är låsta; ordförande och justerare signerar med `justera sign --immediate`.\nSHA-256: {sha}\n",
            justera_domain::text::paragraph_label(paragraphs),
            if after {
                "justeras särskilt, före resten av protokollet,"
            } else {
                "förklaras omedelbart justerade"
            }
        ));
    }
    let sha = send_for_adjustment(&mut store, &renderer, id, user, crate::render::clock())
        .map_err(service)?;
    print(&format!(
        "Protokollet är skickat för justering och låst.\nSHA-256: {sha}\n"
    ))
}

pub fn sign(meeting: &str, user: &str, immediate: bool) -> Result<(), CliError> {
    let mut store = open(OpenMode::Existing)?;
    let id = meeting_id(&mut store, meeting)?;
    let password = read_password("Lösenord: ")?;
    let sign_fn = if immediate {
        justera_service::adjustment::sign_immediate
    } else {
        sign_minutes
    };
    let renderer = justera_pdf::Renderer::new()?;
    let outcome = sign_fn(
        &mut store,
        &renderer,
        id,
        user,
        &password,
        crate::render::clock(),
        Costs::default(),
    )
    .map_err(service)?;
    match outcome {
        SignOutcome::Signed { waiting_for } => print(&format!(
            "Signerat. Protokollet väntar på {}.\n",
            justera_domain::text::join_and(&waiting_for)
        )),
        SignOutcome::Adjusted {
            adjusted_on,
            posted,
            last_appeal_day,
        } => print(&format!(
            "Signerat. Protokollet är justerat {adjusted_on}.\nTillkännagivandet publiceras {posted}; överklagandetiden går ut {last_appeal_day}.\n"
        )),
    }
}

pub fn reject_cmd(meeting: &str, user: &str, comment: &str) -> Result<(), CliError> {
    let mut store = open(OpenMode::Existing)?;
    let id = meeting_id(&mut store, meeting)?;
    let n = reject(&mut store, id, user, comment, crate::render::clock()).map_err(service)?;
    print(&format!(
        "Justeringen är avvisad; {n} signatur(er) förkastades och protokollet kan redigeras igen.\n"
    ))
}

pub fn verify(file: &Path, json: bool, report: Option<&Path>) -> Result<(), CliError> {
    let bytes = std::fs::read(file).map_err(|e| CliError::Io {
        path: file.to_owned(),
        message: e.to_string(),
    })?;
    let mut store = open(OpenMode::Existing)?;
    let verdict = verify_file(&mut store, None, &bytes).map_err(service)?;
    if let Some(out) = report {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let value = justera_service::verify::validation_report(&verdict, &name, chrono::Utc::now());
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| CliError::Message(format!("rapporten kunde inte skrivas: {e}")))?;
        std::fs::write(out, text + "\n").map_err(|e| CliError::Io {
            path: out.to_owned(),
            message: e.to_string(),
        })?;
    }
    if json {
        let signatures: Vec<serde_json::Value> = verdict
            .reports
            .iter()
            .map(|r| {
                serde_json::json!({
                    "signer": r.signer,
                    "reason": r.reason,
                    "time": r.time,
                    "valid": r.valid,
                    "trusted": r.trusted,
                    "covers": match r.coverage { Coverage::WholeFile => "whole_file", Coverage::Revision => "revision" },
                    "revision_end": r.revision_end,
                    "changes_after": r.changes_after,
                    "problems": r.problems,
                    "level": r.level.as_str(),
                    "revocation_in_file": r.revocation_in_file,
                    "timestamp": r.timestamp.as_ref().map(|t| serde_json::json!({
                        "time": t.time.to_rfc3339(),
                        "authority": t.authority,
                        "valid": t.valid,
                    })),
                })
            })
            .collect();
        print_json(&serde_json::json!({
            "file": file.display().to_string(),
            "sha256": verdict.sha256,
            "ok": verdict.ok,
            "registered_meeting": verdict.registered.map(|m| m.to_string()),
            "signatures": signatures,
        }))?;
    } else {
        let mut text = format!("{}\nSHA-256: {}\n", file.display(), verdict.sha256);
        if verdict.reports.is_empty() {
            text.push_str("Filen har inga signaturer.\n");
        }
        for (i, r) in verdict.reports.iter().enumerate() {
            text.push_str(&format!(
                "\nSignatur {}: {} ({}), {}\n  {}\n  {}\n  {}\n",
                i + 1,
                r.signer,
                r.reason,
                r.time,
                if r.valid {
                    "Signaturen är giltig"
                } else {
                    "Signaturen är OGILTIG"
                },
                if r.trusted {
                    "Certifikatet är utfärdat av organisationens certifikatutfärdare"
                } else {
                    "Certifikatet är INTE utfärdat av organisationens certifikatutfärdare"
                },
                match r.coverage {
                    Coverage::WholeFile => "Täcker hela filen".to_owned(),
                    Coverage::Revision if r.changes_after.is_empty() => {
                        "Täcker sin revision; därefter har bara signaturer och valideringsdata lagts till".to_owned()
                    }
                    Coverage::Revision => format!(
                        "Täcker sin revision; därefter har ANNAT ÄN SIGNATURER OCH VALIDERINGSDATA lagts till: {}",
                        r.changes_after.join(", ")
                    ),
                }
            ));
            text.push_str(&format!(
                "  Nivå: PAdES {}{}\n",
                r.level.as_str(),
                if r.revocation_in_file {
                    ", spärrinformation finns i filen"
                } else {
                    ", ingen spärrinformation i filen"
                }
            ));
            if let Some(t) = &r.timestamp {
                text.push_str(&format!(
                    "  Tidsstämpel från {}: {} ({})\n",
                    if t.authority.is_empty() {
                        "okänd tjänst"
                    } else {
                        &t.authority
                    },
                    t.time.format("%Y-%m-%d %H:%M:%S UTC"),
                    if t.valid { "giltig" } else { "OGILTIG" }
                ));
            }
            for p in &r.problems {
                text.push_str(&format!("  Fel: {p}\n"));
            }
        }
        text.push('\n');
        text.push_str(&match verdict.registered {
            Some(m) => {
                format!("Filen är det registrerade justerade protokollet för sammanträdet {m}.\n")
            }
            None => "Filen finns inte bland de registrerade justerade protokollen.\n".to_owned(),
        });
        print(&text)?;
    }
    if verdict.ok {
        Ok(())
    } else {
        Err(CliError::Message("signaturerna håller inte".into()))
    }
}

/// The demo accounts' password (printed by `justera demo`; a demo database only).
pub const DEMO_PASSWORD: &str = "justera-demo-2024";

/// The demo: a master key file, the CA, the accounts, and the seed meeting sent for adjustment
/// and signed by its secretary, chair and adjuster on the seed's date, with its notice posted.
/// Returns the accounts as (username, name, role) for printing.
pub fn demo_signing(
    store: &mut Store,
    data: &Path,
    doc: &justera_domain::document::MeetingDocument,
) -> Result<Vec<(String, String, String)>, CliError> {
    let key_path = data.join("master.key");
    let master_hex = match std::fs::read_to_string(&key_path) {
        Ok(text) => text,
        Err(_) => {
            std::fs::create_dir_all(data).map_err(|e| CliError::Io {
                path: data.to_owned(),
                message: e.to_string(),
            })?;
            let hex_key = justera_service::ca::new_master_key();
            write_private(&key_path, &hex_key)?;
            hex_key
        }
    };
    let master = justera_sign::keys::parse_master_key(&master_hex)
        .map_err(|e| CliError::Message(e.to_string()))?;
    // The demo's signatures carry the CA's revocation list, as a server's would.
    justera_service::ca::set_revocation_master(master);
    let org = doc.organization.id;
    if store.get_ca(org)?.is_none() {
        init_ca(store, org, &doc.organization.name, &master, "demo").map_err(service)?;
    }
    let person = |name: &str| doc.persons.iter().find(|p| p.name == name).map(|p| p.id);
    let accounts = [
        ("admin", "Administratör", Role::Administrator, None),
        (
            "alexandra",
            "Alexandra Skoog",
            Role::Secretary { body: doc.body.id },
            doc.meeting.secretary_person,
        ),
        (
            "johan",
            "Johan Björkman",
            Role::Member,
            person("Johan Björkman"),
        ),
        (
            "patrik",
            "Patrik Harrysson",
            Role::Member,
            person("Patrik Harrysson"),
        ),
    ];
    let issuer = Issuer {
        organization: org,
        organization_name: &doc.organization.name,
        master: &master,
    };
    let mut printed = Vec::new();
    for (username, name, role, person) in accounts {
        let label = match role {
            Role::Administrator => "administratör",
            Role::Secretary { .. } => "sekreterare",
            Role::Member => "ledamot",
        };
        printed.push((username.to_owned(), name.to_owned(), label.to_owned()));
        if store.find_user(org, username)?.is_some() {
            continue;
        }
        create_user(
            store,
            issuer,
            &Account {
                username: username.into(),
                display_name: name.into(),
                roles: vec![role],
                person,
            },
            DEMO_PASSWORD,
            Costs::default(),
            "demo",
        )
        .map_err(service)?;
    }
    let status = store.load_meeting(doc.meeting.id)?.document.meeting.status;
    if status == justera_domain::meeting::MeetingStatus::Closed {
        let at = |h: u32, m: u32| {
            doc.meeting
                .date
                .and_hms_opt(h, m, 0)
                .ok_or_else(|| CliError::Message("ogiltig tid".into()))
        };
        let renderer = justera_pdf::Renderer::new()?;
        send_for_adjustment(store, &renderer, doc.meeting.id, "alexandra", at(17, 55)?)
            .map_err(service)?;
        for (i, user) in ["alexandra", "johan", "patrik"].iter().enumerate() {
            sign_minutes(
                store,
                &renderer,
                doc.meeting.id,
                user,
                DEMO_PASSWORD,
                at(18, i as u32)?,
                Costs::default(),
            )
            .map_err(service)?;
        }
    }
    Ok(printed)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| CliError::Io {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    f.write_all(text.as_bytes()).map_err(|e| CliError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// `justera posted`: a joint committee's notice posted on a participant's board.
pub fn posted(
    meeting: &str,
    municipality: &str,
    date: chrono::NaiveDate,
    index: Option<usize>,
    user: &str,
) -> Result<(), CliError> {
    let mut store = open(OpenMode::Existing)?;
    let id = meeting_id(&mut store, meeting)?;
    let doc = store.load_meeting(id)?.document;
    let index = index.or_else(|| {
        doc.meeting
            .adjustments
            .iter()
            .rposition(|a| a.notice.is_some())
    });
    let today = justera_domain::calendar::stockholm_today(chrono::Utc::now().naive_utc());
    justera_service::publication::register_other_posting(
        &mut store,
        doc.organization.id,
        user,
        id,
        index,
        municipality,
        Some(date),
        today,
    )
    .map_err(service)?;
    let stored = store.load_meeting(id)?.document;
    let last = index
        .and_then(|i| stored.meeting.adjustments.get(i))
        .and_then(|a| a.notice.as_ref())
        .map(|n| n.dates.last_appeal_day.to_string())
        .unwrap_or_default();
    print(&format!(
        "Anslaget hos {municipality} den {date} är registrerat; överklagandetiden går ut {last}.\n"
    ))
}
