//! A body's term (mandatperiod): its members and substitutes for the term, read from the CSV
//! file municipalities export from their register of elected representatives, checked row by
//! row before anything is saved. The columns are documented in `docs/anvandarguide.md`
//! ("Ny mandatperiod") and in [`COLUMNS`].

use chrono::NaiveDate;

use crate::error::DomainError;
use crate::organization::{Body, Mandate, MandateRole, Position};

/// The columns of a term file, in any order, with a header row (`från`, `till` and
/// `befattning` may be left out). Separated by semicolons (as Swedish spreadsheets save CSV)
/// or commas; UTF-8.
pub const COLUMNS: [&str; 7] = [
    "namn",
    "parti",
    "roll",
    "ordning",
    "befattning",
    "från",
    "till",
];

/// Optional columns: the council's order of substitutes by group (`grupp`: the group whose
/// substitutes are called first, e.g. "c-gruppen") and the bloc called next (`block`, e.g.
/// "c-m-fp-kd"); with groups, `ordning` is the place in the council's list of substitutes.
pub const OPTIONAL_COLUMNS: [&str; 2] = ["grupp", "block"];

/// The most rows a term file may have (a council of 101 seats with substitutes is some 200).
pub const MAX_ROWS: usize = 5_000;

/// One member or substitute of the term, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermRow {
    /// The file's line number (the header is line 1).
    pub line: usize,
    pub name: String,
    /// The party the mandate is for ("S", "M", "KD"; "-" for a member outside any party).
    pub party: String,
    pub role: MandateRole,
    pub order: u32,
    pub position: Option<Position>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The substitutes' call group and bloc (see [`OPTIONAL_COLUMNS`]).
    pub call_group: Option<String>,
    pub call_bloc: Option<String>,
}

/// What is wrong with one line of the file (line 1 is the header; 0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// The file read: its rows, and an error per row that is wrong. Nothing is saved unless
/// `errors` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TermPlan {
    pub rows: Vec<TermRow>,
    pub errors: Vec<RowError>,
}

impl TermPlan {
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Members serving on `day`.
    pub fn members_on(&self, day: NaiveDate) -> usize {
        self.rows
            .iter()
            .filter(|r| r.role == MandateRole::Member && r.from <= day && day <= r.to)
            .count()
    }
}

/// A party as registers write it: a short abbreviation of letters ("S", "KD", "LPo", "SD"),
/// or "-" for a member outside any party.
fn valid_party(p: &str) -> bool {
    p == "-" || (!p.is_empty() && p.chars().count() <= 12 && p.chars().all(char::is_alphabetic))
}

fn role(text: &str) -> Option<MandateRole> {
    match text.trim().to_lowercase().as_str() {
        "ledamot" => Some(MandateRole::Member),
        "ersättare" => Some(MandateRole::Substitute),
        _ => None,
    }
}

fn position(text: &str) -> Result<Option<Position>, ()> {
    match text.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "ordförande" => Ok(Some(Position::Chair)),
        "1:e vice ordförande" | "förste vice ordförande" | "första vice ordförande" => {
            Ok(Some(Position::FirstViceChair))
        }
        "2:e vice ordförande" | "andre vice ordförande" | "andra vice ordförande" => {
            Ok(Some(Position::SecondViceChair))
        }
        _ => Err(()),
    }
}

/// Reads a term file for `body` and the term `start`–`end`: every row checked, every error
/// named with its line. Rows with errors are left out of `rows`.
pub fn read_term(
    records: &[Vec<String>],
    body: &Body,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<TermPlan, DomainError> {
    if end < start {
        return Err(DomainError::Invalid {
            field: "term".into(),
            reason: "mandatperioden slutar före den börjar".into(),
        });
    }
    let mut plan = TermPlan::default();
    let Some((header, rows)) = records.split_first() else {
        plan.errors.push(RowError {
            line: 0,
            message: format!(
                "filen är tom; första raden ska vara rubrikerna {}",
                COLUMNS.join(";")
            ),
        });
        return Ok(plan);
    };
    if rows.len() > MAX_ROWS {
        plan.errors.push(RowError {
            line: 0,
            message: format!(
                "filen har {} rader; högst {MAX_ROWS} går att läsa in",
                rows.len()
            ),
        });
        return Ok(plan);
    }
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase() == name)
    };
    let missing: Vec<&str> = ["namn", "parti", "roll", "ordning"]
        .into_iter()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        plan.errors.push(RowError {
            line: 1,
            message: format!(
                "kolumnen {} saknas; rubrikraden ska innehålla {}",
                missing.join(", "),
                COLUMNS.join(";")
            ),
        });
        return Ok(plan);
    }
    let at = |row: &Vec<String>, name: &str| -> String {
        column(name)
            .and_then(|i| row.get(i))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        if row.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let mut wrong = |message: String| plan.errors.push(RowError { line, message });
        let name = at(row, "namn");
        if name.is_empty() {
            wrong("namn saknas".into());
            continue;
        }
        if name.chars().count() > 200 || crate::text::unprintable(&name, false).is_some() {
            wrong(format!(
                "namnet \"{}\" kan inte användas (för långt eller med styrtecken)",
                name.chars().take(40).collect::<String>()
            ));
            continue;
        }
        let party = at(row, "parti");
        if !valid_party(&party) {
            wrong(format!(
                "{name}: partiet \"{party}\" ska skrivas som förkortning, t.ex. S, M, KD eller - för en ledamot utan parti"
            ));
            continue;
        }
        let Some(role) = role(&at(row, "roll")) else {
            wrong(format!("{name}: roll ska vara ledamot eller ersättare"));
            continue;
        };
        let order_text = at(row, "ordning");
        let order = if order_text.is_empty() {
            if role == MandateRole::Substitute {
                wrong(format!(
                    "{name}: ordning saknas; ersättarnas ordning (1, 2, 3 …) ska anges per parti"
                ));
                continue;
            }
            u32::try_from(i + 1).unwrap_or(u32::MAX)
        } else {
            match order_text.parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    wrong(format!(
                        "{name}: ordningen \"{order_text}\" ska vara ett heltal från 1"
                    ));
                    continue;
                }
            }
        };
        let Ok(position) = position(&at(row, "befattning")) else {
            wrong(format!(
                "{name}: befattningen \"{}\" finns inte; skriv ordförande, 1:e vice ordförande, 2:e vice ordförande eller lämna tomt",
                at(row, "befattning")
            ));
            continue;
        };
        if position.is_some() && role != MandateRole::Member {
            wrong(format!(
                "{name}: bara en ledamot kan vara {}",
                position.map_or("", Position::swedish_name)
            ));
            continue;
        }
        let date = |col: &str, default: NaiveDate| -> Result<NaiveDate, String> {
            let text = at(row, col);
            if text.is_empty() {
                return Ok(default);
            }
            NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
                format!("{name}: datumet \"{text}\" i kolumnen {col} ska skrivas ÅÅÅÅ-MM-DD")
            })
        };
        let (from, to) = match (date("från", start), date("till", end)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => {
                wrong(e);
                continue;
            }
        };
        if from < start || to > end || to < from {
            wrong(format!(
                "{name}: uppdraget {from}–{to} ska ligga inom mandatperioden {start}–{end}"
            ));
            continue;
        }
        let label = |col: &str| -> Result<Option<String>, String> {
            let text = at(row, col);
            if text.is_empty() {
                return Ok(None);
            }
            if text.chars().count() > 60 || crate::text::unprintable(&text, false).is_some() {
                return Err(format!(
                    "{name}: {col}en \"{}\" kan inte användas (högst 60 tecken, inga styrtecken)",
                    text.chars().take(40).collect::<String>()
                ));
            }
            Ok(Some(text))
        };
        let (call_group, call_bloc) = match (label("grupp"), label("block")) {
            (Ok(g), Ok(b)) => (g, b),
            (Err(e), _) | (_, Err(e)) => {
                wrong(e);
                continue;
            }
        };
        if call_bloc.is_some() && call_group.is_none() {
            wrong(format!(
                "{name}: ett block utan grupp; ange gruppen i kolumnen grupp"
            ));
            continue;
        }
        plan.rows.push(TermRow {
            line,
            name,
            party,
            role,
            order,
            position,
            from,
            to,
            call_group,
            call_bloc,
        });
    }
    check_together(&mut plan, body, start);
    Ok(plan)
}

/// Checks rows made otherwise than from a file (a mandate changed mid-term) as a file's rows
/// are checked together: the same person twice at once, orders, offices and seats.
pub fn check_rows(rows: Vec<TermRow>, body: &Body, start: NaiveDate) -> TermPlan {
    let mut plan = TermPlan {
        rows,
        errors: Vec::new(),
    };
    check_together(&mut plan, body, start);
    plan
}

/// What only the whole file can show: the same person twice at once, a substitute order used
/// twice in a party, two chairs at once, and the number of seats.
fn check_together(plan: &mut TermPlan, body: &Body, start: NaiveDate) {
    let mut errors = Vec::new();
    for (i, a) in plan.rows.iter().enumerate() {
        for b in plan.rows.iter().skip(i + 1) {
            let overlap = a.from <= b.to && b.from <= a.to;
            if !overlap {
                continue;
            }
            if a.name == b.name {
                errors.push(RowError {
                    line: b.line,
                    message: if a.role == b.role {
                        format!("{} står två gånger (rad {} och {}) för samma tid", b.name, a.line, b.line)
                    } else {
                        format!("{}: överlappande uppdrag som både ledamot och ersättare (rad {} och {})", b.name, a.line, b.line)
                    },
                });
            } else if a.role == MandateRole::Substitute
                && b.role == MandateRole::Substitute
                && a.party == b.party
                && a.order == b.order
            {
                errors.push(RowError {
                    line: b.line,
                    message: format!(
                        "{}: ordning {} för ersättare ({}) används redan av {} (rad {})",
                        b.name, b.order, b.party, a.name, a.line
                    ),
                });
            } else if a.position.is_some() && a.position == b.position {
                errors.push(RowError {
                    line: b.line,
                    message: format!(
                        "{}: {} är redan {} (rad {})",
                        b.name,
                        a.name,
                        a.position.map_or("", Position::swedish_name),
                        a.line
                    ),
                });
            }
        }
    }
    // The seats are counted only when every row could be read (a wrong row is left out and
    // would be counted as a missing member).
    let members = plan.members_on(start);
    if plan.errors.is_empty()
        && errors.is_empty()
        && members as u64 != u64::from(body.seats)
        && !plan.rows.is_empty()
    {
        errors.push(RowError {
            line: 0,
            message: format!(
                "{} har {} platser men filen har {members} ledamöter den {start}",
                body.name, body.seats
            ),
        });
    }
    plan.errors.extend(errors);
    plan.errors.sort_by_key(|e| e.line);
}

/// The body's composition on `day` as the rows of a new term `start`–`end` (copy the
/// composition into the next term, then change what differs).
pub fn copy_composition(
    mandates: &[Mandate],
    names: &dyn Fn(crate::ids::PersonId) -> String,
    day: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<TermRow> {
    let mut rows: Vec<TermRow> = mandates
        .iter()
        .filter(|m| m.covers(day))
        .map(|m| TermRow {
            line: 0,
            name: names(m.person_id),
            party: m.party.clone(),
            role: m.role,
            order: m.order,
            position: m.position,
            from: start,
            to: end,
            call_group: m.call_group.clone(),
            call_bloc: m.call_bloc.clone(),
        })
        .collect();
    let rank = |r: MandateRole| u8::from(r == MandateRole::Substitute);
    rows.sort_by(|a, b| (rank(a.role), &a.party, a.order).cmp(&(rank(b.role), &b.party, b.order)));
    for (i, r) in rows.iter_mut().enumerate() {
        r.line = i + 2;
    }
    rows
}

/// The records of a CSV text: semicolon- or comma-separated (as the header line shows),
/// quoted fields allowed, a byte-order mark ignored.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, DomainError> {
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.matches(';').count() >= header.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| DomainError::Invalid {
            field: "csv".into(),
            reason: format!(
                "rad {} kan inte läsas som CSV (kontrollera citattecknen)",
                i + 1
            ),
        })?;
        if out.len() > MAX_ROWS + 1 {
            break;
        }
        out.push(record.iter().map(ToOwned::to_owned).collect());
    }
    Ok(out)
}

/// Rows as a term file (semicolon-separated, with the header), e.g. a copied composition to
/// change and import.
pub fn to_csv(rows: &[TermRow]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    // The order by groups only when the body has one, so ordinary files stay as they were.
    let groups = rows.iter().any(|r| r.call_group.is_some());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if groups {
        header.extend(OPTIONAL_COLUMNS);
    }
    let _ = writer.write_record(&header);
    for r in rows {
        let order = r.order.to_string();
        let from = r.from.to_string();
        let to = r.to.to_string();
        let mut record = vec![
            r.name.as_str(),
            r.party.as_str(),
            match r.role {
                MandateRole::Member => "ledamot",
                MandateRole::Substitute => "ersättare",
            },
            order.as_str(),
            r.position.map_or("", Position::swedish_name),
            from.as_str(),
            to.as_str(),
        ];
        if groups {
            record.push(r.call_group.as_deref().unwrap_or_default());
            record.push(r.call_bloc.as_deref().unwrap_or_default());
        }
        let _ = writer.write_record(&record);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}
