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
    let (org, body_name, from, to) = match &command {
        TermCommand::Import {
            org,
            body,
            from,
            to,
            ..
        }
        | TermCommand::Copy {
            org,
            body,
            from,
            to,
            ..
        } => (org.clone(), body.clone(), *from, *to),
    };
    let (org_id, _) = organization(&mut store, org.as_deref())?;
    let body_id = store
        .body_by_short_name(org_id, &body_name)?
        .ok_or_else(|| CliError::Message(format!("organet \"{body_name}\" finns inte")))?;
    let body = store
        .body(body_id)?
        .ok_or_else(|| CliError::Message(format!("organet \"{body_name}\" finns inte")))?;
    check_term(from, to)?;
    match command {
        TermCommand::Import { file, preview, .. } => {
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
        TermCommand::Copy { out, .. } => {
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
    }
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
