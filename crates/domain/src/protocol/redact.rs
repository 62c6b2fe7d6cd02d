//! The public copy: confidential paragraphs masked with the reason shown, and a guard that no
//! personal identity number (personnummer or samordningsnummer) reaches a public document.

use crate::document::MeetingDocument;
use crate::error::DomainError;
use crate::paragraph::Confidentiality;
use crate::text::paragraph_label;

use super::view::{ProtocolView, SectionBody, SectionView};

/// The public rendition of the protocol. The signed original is not changed: this is derived
/// from the same data with the redaction applied, and says so on its front page.
pub fn public_copy(doc: &MeetingDocument) -> Result<ProtocolView, DomainError> {
    let mut view = ProtocolView::build(doc)?;
    let mut masked = Vec::new();
    for (p, pv) in doc
        .meeting
        .paragraphs
        .iter()
        .zip(view.paragraphs.iter_mut())
    {
        let Confidentiality::Confidential {
            reason,
            title_confidential,
        } = &p.confidentiality
        else {
            continue;
        };
        masked.push(p.number);
        if *title_confidential {
            pv.title = "Rubriken omfattas av sekretess".to_owned();
        }
        pv.head_lines.retain(|l| !l.starts_with("Sekretess:"));
        pv.sections = vec![SectionView {
            heading: "Sekretess".to_owned(),
            body: SectionBody::Text(vec![format!(
                "Paragrafen innehåller uppgifter som omfattas av sekretess ({reason}) och har utelämnats i denna kopia."
            )]),
        }];
        pv.redacted = true;
    }
    view.copy_notice = Some(if masked.is_empty() {
        "Offentlig kopia av protokollet. Inga paragrafer har utelämnats.".to_owned()
    } else {
        format!(
            "Offentlig kopia av protokollet. Uppgifter som omfattas av sekretess har utelämnats i {}. Originalet med underskrifter förvaras hos kommunen.",
            paragraph_label(&masked)
        )
    });
    check_no_identity_numbers(&view)?;
    Ok(view)
}

/// Refuses a view that contains a personal identity number anywhere, pointing at where.
pub fn check_no_identity_numbers(view: &ProtocolView) -> Result<(), DomainError> {
    let found = |text: &str, location: String| -> Result<(), DomainError> {
        match find_personal_identity_number(text) {
            Some(masked) => Err(DomainError::PersonalIdentityNumber { location, masked }),
            None => Ok(()),
        }
    };
    for section in &view.front {
        for row in &section.rows {
            for v in &row.values {
                found(v, format!("på förstasidan under \"{}\"", row.label))?;
            }
        }
    }
    for p in &view.paragraphs {
        let at = |what: &str| format!("i § {} ({what})", p.number);
        found(&p.title, at("rubriken"))?;
        for l in &p.head_lines {
            found(l, at("rubrikraderna"))?;
        }
        for s in &p.sections {
            let texts: Vec<&String> = match &s.body {
                SectionBody::Text(v) | SectionBody::List(v) => v.iter().collect(),
                SectionBody::Votes(votes) => votes
                    .iter()
                    .flat_map(|v| v.rows.iter().map(|(name, _)| name))
                    .collect(),
            };
            for t in texts {
                found(t, at(&s.heading))?;
            }
        }
    }
    for proof in &view.proofs {
        for l in &proof.lines {
            found(l, "i beviset om tillkännagivande".to_owned())?;
        }
    }
    Ok(())
}

/// Finds a Swedish personal identity number or coordination number in `text`: 6 or 8 digits
/// of a valid date (day + 60 for samordningsnummer), optionally "-" or "+", then 4 digits, with
/// a valid Luhn check digit and no digit right before or after. Returns it masked
/// ("801231-****").
pub fn find_personal_identity_number(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut i = 0;
    while i < chars.len() {
        if !digit(i) || (i > 0 && digit(i - 1)) {
            i += 1;
            continue;
        }
        let mut j = i;
        while digit(j) {
            j += 1;
        }
        let run: String = chars
            .get(i..j)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let candidates: Vec<(String, String)> = match run.len() {
            10 | 12 => vec![(
                run.get(..run.len() - 4).unwrap_or_default().to_owned(),
                run.get(run.len() - 4..).unwrap_or_default().to_owned(),
            )],
            6 | 8 if matches!(chars.get(j), Some('-' | '+')) => {
                let mut k = j + 1;
                while digit(k) {
                    k += 1;
                }
                let tail: String = chars
                    .get(j + 1..k)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default();
                if tail.len() == 4 {
                    vec![(run.clone(), tail)]
                } else {
                    vec![]
                }
            }
            _ => vec![],
        };
        for (date, last4) in candidates {
            let short = date.get(date.len() - 6..).unwrap_or_default();
            if valid_date(short, date.len() == 8) && luhn(&format!("{short}{last4}")) {
                return Some(format!("{date}-****"));
            }
        }
        i = j.max(i + 1);
    }
    None
}

fn valid_date(yymmdd: &str, _with_century: bool) -> bool {
    let n = |r: std::ops::Range<usize>| yymmdd.get(r).and_then(|s| s.parse::<u32>().ok());
    match (n(2..4), n(4..6)) {
        (Some(month), Some(day)) => {
            (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day))
        }
        _ => false,
    }
}

fn luhn(ten_digits: &str) -> bool {
    if ten_digits.len() != 10 {
        return false;
    }
    let mut sum = 0;
    for (i, c) in ten_digits.chars().enumerate() {
        let Some(d) = c.to_digit(10) else {
            return false;
        };
        let v = if i % 2 == 0 { d * 2 } else { d };
        sum += v / 10 + v % 10;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_identity_numbers() {
        // Skatteverket's test numbers with valid check digits.
        assert_eq!(
            find_personal_identity_number("Sökande 811218-9876 ansöker"),
            Some("811218-****".into())
        );
        assert_eq!(
            find_personal_identity_number("pnr 198112189876."),
            Some("19811218-****".into())
        );
        assert_eq!(
            find_personal_identity_number("19811218+9876"),
            Some("19811218-****".into())
        );
        // Samordningsnummer: day + 60.
        assert_eq!(
            find_personal_identity_number("701063-2391"),
            Some("701063-****".into())
        );
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        for text in [
            "Kommunstyrelsen äskar 1 150 000 kronor",
            "Dnr KSF-2024-253",
            "Tjänsteutlåtande 2024-10-02",
            "811218-9875", // wrong check digit
            "811318-9876", // month 13
            "Telefon 0325-18000",
            "12345678901234", // too long
        ] {
            assert_eq!(find_personal_identity_number(text), None, "{text}");
        }
    }
}
