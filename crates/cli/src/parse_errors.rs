//! The command line's own errors in Swedish: clap's parse errors (unknown command, unknown
//! flag, invalid or missing value) rewritten from their kind and context, never in English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The Swedish message for a parse error; `None` for help and version, which clap prints
/// as they are (their text is Swedish already).
pub fn swedish(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let reason = std::error::Error::source(e)
        .map(ToString::to_string)
        .unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando '{}'",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("okänd flagga eller okänt argument '{arg}'"),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!(" (möjliga värden: {v})"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("{arg} saknar värde{valid}")
            } else {
                format!("ogiltigt värde '{value}' för {arg}{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            if reason.is_empty() {
                format!("ogiltigt värde '{value}' för {arg}")
            } else {
                format!("ogiltigt värde '{value}' för {arg}: {reason}")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("{arg} måste anges"),
        ErrorKind::MissingSubcommand => "ange ett kommando".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "{arg} kan inte anges tillsammans med {}",
            context(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("fel antal värden för {arg}")
        }
        ErrorKind::NoEquals => format!("{arg} ska skrivas med likhetstecken, t.ex. {arg}=värde"),
        _ => "argumenten kunde inte tolkas".to_owned(),
    };
    Some(format!("fel: {message}.\n\nSe justera --help."))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use clap::CommandFactory;

    fn said(args: &[&str]) -> String {
        let cmd = crate::cli::localized(crate::cli::Cli::command());
        match cmd.try_get_matches_from(args) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => super::swedish(&e).unwrap_or_else(|| "(hjälp)".into()),
        }
    }

    #[test]
    fn parse_errors_are_swedish() {
        for (args, expected) in [
            (&["justera", "nosuch"][..], "fel: okänt kommando 'nosuch'."),
            (
                &["justera", "list", "--nej"][..],
                "fel: okänd flagga eller okänt argument '--nej'.",
            ),
            (
                &["justera", "dates", "--posted", "x"][..],
                "fel: ogiltigt värde 'x' för --posted <POSTED>: \"x\" är inget giltigt datum",
            ),
            (
                &["justera", "dates"][..],
                "fel: --posted <POSTED> måste anges.",
            ),
        ] {
            let s = said(args);
            assert!(s.starts_with(expected), "{args:?}: {s}");
            for english in [
                "error:",
                "For more information",
                "unrecognized",
                "invalid value",
                "required",
            ] {
                assert!(!s.contains(english), "{args:?}: {s}");
            }
        }
    }
}
