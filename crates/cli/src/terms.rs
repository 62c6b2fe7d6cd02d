//! `justera term`: a body's new term from a CSV file (checked row by row, imported in one
//! transaction) and the body's composition written as such a file.

use std::path::Path;

use chrono::{Duration, NaiveDate};
use justera_domain::term::{copy_composition, parse_csv, read_term, to_csv};
use justera_store::OpenMode;

use crate::cli::TermCommand;
use crate::commands::{CliError, open, print, read_file};
use crate::signing::{actor, organization};

pub fn term(command: TermCommand) -> Result<String, CliError> {
    let mut store = open(OpenMode::Existing)?;
    match command {
        TermCommand::Import {
            file,
            body,
            from,
            to,
            preview,
            org,
        } => {
            let body = term_body(&mut store, org.as_deref(), &body, from, to)?;
            let text = read_file(&file)?;
            let plan = read_term(&parse_csv(&text)?, &body, from, to)?;
            if !plan.is_clean() {
                let mut said = format!(
                    "{} har {} fel; inget är inläst:\n",
                    file.display(),
                    plan.errors.len()
                );
                for e in &plan.errors {
                    if e.line == 0 {
                        said.push_str(&format!("  filen: {}\n", e.message));
                    } else {
                        said.push_str(&format!("  rad {}: {}\n", e.line, e.message));
                    }
                }
                return Err(CliError::Message(said.trim_end().to_owned()));
            }
            if preview {
                return Ok(format!(
                    "{} är felfri: {} ledamöter och {} ersättare i {} {from}–{to}. Inget är inläst (--preview).\n",
                    file.display(),
                    plan.rows
                        .iter()
                        .filter(|r| r.role == justera_domain::organization::MandateRole::Member)
                        .count(),
                    plan.rows
                        .iter()
                        .filter(|r| r.role == justera_domain::organization::MandateRole::Substitute)
                        .count(),
                    body.name
                ));
            }
            let done = store.import_term(&body, from, to, &plan.rows, &actor())?;
            Ok(format!(
                "Mandatperioden {from}–{to} för {} är inläst: {} uppdrag, {} nya personer{}.\n",
                body.name,
                done.mandates,
                done.new_persons,
                if done.replaced > 0 {
                    format!(
                        ", {} tidigare inlästa uppdrag för perioden ersatta",
                        done.replaced
                    )
                } else {
                    String::new()
                }
            ))
        }
        TermCommand::Copy {
            body,
            from,
            to,
            out,
            org,
        } => {
            let body = term_body(&mut store, org.as_deref(), &body, from, to)?;
            let rows = store.body_mandates(body.id)?;
            let mandates: Vec<_> = rows.iter().map(|(m, _)| m.clone()).collect();
            let names = |p| {
                rows.iter()
                    .find(|(_, person)| person.id == p)
                    .map(|(_, person)| person.name.clone())
                    .unwrap_or_default()
            };
            let copied = copy_composition(&mandates, &names, from - Duration::days(1), from, to);
            let text = to_csv(&copied);
            match out {
                Some(path) => {
                    write_text(&path, &text)?;
                    Ok(format!(
                        "Skrev {} med {} rader: sammansättningen {} som mandatperioden {from}–{to}. Ändra det som skiljer och läs in med justera term import.\n",
                        path.display(),
                        copied.len(),
                        from - Duration::days(1)
                    ))
                }
                None => {
                    print(&text)?;
                    Ok(String::new())
                }
            }
        }
        TermCommand::End {
            body,
            name,
            last_day,
            successor,
            party,
            org,
        } => end_mandate(
            &mut store,
            org.as_deref(),
            &body,
            &name,
            last_day,
            &successor,
            &party,
        ),
    }
}

/// The body named by its short name, for a term `from`–`to` that is checked.
fn term_body(
    store: &mut justera_store::Store,
    org: Option<&str>,
    body_name: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<justera_domain::organization::Body, CliError> {
    let (org_id, _) = organization(store, org)?;
    let body_id = store
        .body_by_short_name(org_id, body_name)?
        .ok_or_else(|| CliError::Message(format!("organet \"{body_name}\" finns inte")))?;
    let body = store
        .body(body_id)?
        .ok_or_else(|| CliError::Message(format!("organet \"{body_name}\" finns inte")))?;
    check_term(from, to)?;
    Ok(body)
}

fn check_term(from: NaiveDate, to: NaiveDate) -> Result<(), CliError> {
    if to < from {
        return Err(CliError::Message(
            "mandatperioden slutar före den börjar (--to före --from)".into(),
        ));
    }
    Ok(())
}

fn write_text(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// `justera term end`: the mandate of `name` in the body's term that covers `last_day` ends on
/// it; the successor, if given, has the seat from the day after.
fn end_mandate(
    store: &mut justera_store::Store,
    org: Option<&str>,
    body_name: &str,
    name: &str,
    last_day: NaiveDate,
    successor: &Option<String>,
    party: &str,
) -> Result<String, CliError> {
    use justera_domain::term_change::{MandateChange, Successor};
    let (org_id, _) = organization(store, org)?;
    let body_id = store
        .body_by_short_name(org_id, body_name)?
        .ok_or_else(|| CliError::Message(format!("organet \"{body_name}\" finns inte")))?;
    let body = store
        .body(body_id)?
        .ok_or_else(|| CliError::Message(format!("organet \"{body_name}\" finns inte")))?;
    let mandate = store
        .body_mandates(body_id)?
        .into_iter()
        .filter(|(m, p)| p.name == name.trim() && m.covers(last_day))
        .map(|(m, _)| m)
        .next()
        .ok_or_else(|| {
            CliError::Message(format!(
                "{name} har inget uppdrag i {} den {last_day}",
                body.definite_name
            ))
        })?;
    let change = MandateChange {
        mandate: mandate.id,
        last_day,
        successor: successor.as_ref().map(|s| Successor {
            name: s.clone(),
            party: party.to_owned(),
            position: None,
        }),
    };
    justera_service::terms::operator_change_mandate(store, &body, &change, &actor())
        .map_err(crate::signing::service)?;
    Ok(match successor {
        Some(s) => format!(
            "{name}s uppdrag i {} slutar {last_day}; {s} har det från dagen efter.\n",
            body.definite_name
        ),
        None => format!(
            "{name}s uppdrag i {} slutar {last_day}.\n",
            body.definite_name
        ),
    })
}
