//! `justera org` and `justera body`: the organization's settings and its bodies as JSON, shown
//! and changed with the same checks as the Administration pages.

use std::path::Path;

use justera_domain::organization::{Body, Organization};
use justera_store::OpenMode;

use crate::cli::{BodyCommand, OrgCommand};
use crate::commands::{CliError, open, read_file};
use crate::signing::{actor, organization, service};

fn json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map(|t| t + "\n")
        .map_err(|e| CliError::Message(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T, CliError> {
    let text = read_file(path)?;
    serde_json::from_str(&text).map_err(|e| {
        CliError::Message(format!(
            "{}: {what} kunde inte läsas (rad {}, kolumn {}): {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

pub fn org(command: OrgCommand) -> Result<String, CliError> {
    let mut store = open(OpenMode::Existing)?;
    match command {
        OrgCommand::Show { org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let found = store
                .organization(id)?
                .ok_or_else(|| CliError::Message("organisationen finns inte".into()))?;
            json(&found)
        }
        OrgCommand::Set { file, org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let changed: Organization = parse(&file, "organisationens inställningar")?;
            if changed.id != id {
                return Err(CliError::Message(
                    "filen gäller en annan organisation (id stämmer inte)".into(),
                ));
            }
            justera_service::organization::operator_update_settings(&mut store, &changed, &actor())
                .map_err(service)?;
            Ok("Organisationens inställningar är sparade.\n".into())
        }
    }
}

pub fn body(command: BodyCommand) -> Result<String, CliError> {
    let mut store = open(OpenMode::Existing)?;
    match command {
        BodyCommand::List { org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let mut text = String::new();
            for b in store.bodies(id)? {
                text.push_str(&format!(
                    "{:<8} {:<40} {} platser, {}\n",
                    b.short_name,
                    b.name,
                    b.seats,
                    b.kind.swedish_name()
                ));
            }
            Ok(text)
        }
        BodyCommand::Show { body, org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let body_id = store
                .body_by_short_name(id, &body)?
                .ok_or_else(|| CliError::Message(format!("organet \"{body}\" finns inte")))?;
            let found = store
                .body(body_id)?
                .ok_or_else(|| CliError::Message(format!("organet \"{body}\" finns inte")))?;
            json(&found)
        }
        BodyCommand::Set { file, org } => {
            let (id, _) = organization(&mut store, org.as_deref())?;
            let changed: Body = parse(&file, "organet")?;
            justera_service::organization::operator_save_body(&mut store, id, &changed, &actor())
                .map_err(service)?;
            Ok(format!("Organet {} är sparat.\n", changed.short_name))
        }
    }
}
