//! Swedish text helpers: lists, genitives, numbers, dates, times and paragraph ranges.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

/// "kommunstyrelsen" → "Kommunstyrelsen".
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The Swedish genitive of a name: "Johan Björkman" → "Johan Björkmans", "Lars" → "Lars",
/// "Max" → "Max", "Ruiz" → "Ruiz" (names ending in s, x or z take no extra s).
pub fn genitive(name: &str) -> String {
    match name.chars().last() {
        Some('s' | 'x' | 'z' | 'S' | 'X' | 'Z') => name.to_owned(),
        Some(_) => format!("{name}s"),
        None => String::new(),
    }
}

/// A number with its noun in the right form: "1 sida", "2 sidor", "0 träffar".
pub fn counted(n: i64, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// A JSON reader's (serde_json's) error in Swedish: which field or value is wrong and where,
/// never the library's English.
pub fn swedish_json_error(message: &str) -> String {
    let (what, place) = match message.rsplit_once(" at line ") {
        Some((what, at)) => {
            let place = at
                .split_once(" column ")
                .map(|(l, c)| format!(" (rad {l}, kolumn {c})"))
                .unwrap_or_default();
            (what, place)
        }
        None => (message, String::new()),
    };
    let quoted = |s: &str| -> String {
        s.split('`')
            .nth(1)
            .map_or_else(String::new, ToOwned::to_owned)
    };
    let expected = |s: &str| -> String {
        s.split_once("expected ")
            .map(|(_, e)| {
                e.trim_start_matches("one of ")
                    .replace('`', "\"")
                    .replace(" or ", " eller ")
            })
            .unwrap_or_default()
    };
    let said = if what.starts_with("missing field") {
        format!("fältet \"{}\" saknas", quoted(what))
    } else if what.starts_with("unknown field") {
        format!(
            "okänt fält \"{}\"; möjliga fält: {}",
            quoted(what),
            expected(what)
        )
    } else if what.starts_with("unknown variant") {
        format!(
            "okänt värde \"{}\"; möjliga värden: {}",
            quoted(what),
            expected(what)
        )
    } else if what.starts_with("duplicate field") {
        format!("fältet \"{}\" förekommer två gånger", quoted(what))
    } else if what.starts_with("invalid type") || what.starts_with("invalid value") {
        "ett värde har fel form (till exempel text där ett tal väntas)".to_owned()
    } else if what.starts_with("invalid length") {
        "en lista har fel antal värden".to_owned()
    } else if what.starts_with("EOF while parsing") {
        "texten tar slut mitt i JSON-innehållet".to_owned()
    } else if what.starts_with("trailing") {
        "det finns tecken efter JSON-innehållet".to_owned()
    } else if what.starts_with("recursion limit exceeded") {
        "JSON-innehållet är för djupt nästlat".to_owned()
    } else if what.contains("control character") {
        "en text innehåller ett styrtecken som inte får förekomma i JSON".to_owned()
    } else if what.starts_with("invalid unicode") || what.contains("escape") {
        "en text innehåller en ogiltig teckenkod".to_owned()
    } else if what.starts_with("number out of range") {
        "ett tal är för stort".to_owned()
    } else if what.contains("UUID") || what.contains("urn:uuid") {
        "ogiltigt id: ett id skrivs som en UUID, till exempel 00000000-0000-4000-8000-000000000101"
            .to_owned()
    } else if [
        "input contains invalid characters",
        "input is out of range",
        "premature end of input",
        "trailing input",
        "input is not enough",
        "no possible date and time",
        "impossible",
    ]
    .iter()
    .any(|c| what.contains(c))
    {
        "ogiltigt datum eller klockslag: skriv datum som ÅÅÅÅ-MM-DD (ett datum som finns) och klockslag som TT:MM".to_owned()
    } else {
        "innehållet är inte giltig JSON".to_owned()
    };
    format!("{said}{place}")
}

/// "A", "A och B", "A, B och C".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {}", init.join(", "), last),
    }
}

/// The neuter number word used with "förslag" and "yrkande": "ett", "två", … "tolv", else digits.
pub fn number_word_neuter(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
        "tolv",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

pub fn month_name(date: NaiveDate) -> &'static str {
    MONTHS.get(date.month0() as usize).copied().unwrap_or("")
}

pub fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "måndag",
        Weekday::Tue => "tisdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lördag",
        Weekday::Sun => "söndag",
    }
}

/// "21 oktober 2024".
pub fn long_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date), date.year())
}

/// "Måndag den 21 oktober 2024".
pub fn weekday_long_date(date: NaiveDate) -> String {
    format!("{} den {}", capitalize(weekday_name(date)), long_date(date))
}

/// "2024-10-21".
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "14.00" — Swedish protocols write clock times with a full stop.
pub fn clock(time: NaiveTime) -> String {
    format!("{:02}.{:02}", time.hour(), time.minute())
}

/// "157, 161-162" from [157, 161, 162]: sorted, duplicates removed, runs of three or more
/// and pairs of consecutive numbers joined with a hyphen, as in the seed protocol.
pub fn paragraph_ranges(numbers: &[u32]) -> String {
    let mut sorted: Vec<u32> = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts = Vec::new();
    let mut iter = sorted.into_iter().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        if end == start {
            parts.push(start.to_string());
        } else {
            parts.push(format!("{start}-{end}"));
        }
    }
    parts.join(", ")
}

/// "§ 157, 161-162".
pub fn paragraph_label(numbers: &[u32]) -> String {
    format!("§ {}", paragraph_ranges(numbers))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_in_swedish() {
        assert_eq!(
            swedish_json_error("missing field `title` at line 1 column 20"),
            "fältet \"title\" saknas (rad 1, kolumn 20)"
        );
        assert_eq!(
            swedish_json_error(
                "unknown variant `x`, expected `prose` or `att_clauses` at line 3 column 4"
            ),
            "okänt värde \"x\"; möjliga värden: \"prose\" eller \"att_clauses\" (rad 3, kolumn 4)"
        );
        assert_eq!(
            swedish_json_error("recursion limit exceeded at line 1 column 129"),
            "JSON-innehållet är för djupt nästlat (rad 1, kolumn 129)"
        );
        assert_eq!(
            swedish_json_error("expected value"),
            "innehållet är inte giltig JSON"
        );
    }

    #[test]
    fn genitives() {
        assert_eq!(genitive("Johan Björkman"), "Johan Björkmans");
        assert_eq!(genitive("Lars"), "Lars");
        assert_eq!(genitive("Felix"), "Felix");
    }

    #[test]
    fn lists() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&["A"])), "A");
        assert_eq!(join_and(&s(&["A", "B"])), "A och B");
        assert_eq!(join_and(&s(&["A", "B", "C"])), "A, B och C");
    }

    #[test]
    fn ranges() {
        assert_eq!(paragraph_ranges(&[162, 157, 161]), "157, 161-162");
        assert_eq!(paragraph_ranges(&[1, 2, 3, 5]), "1-3, 5");
        assert_eq!(paragraph_ranges(&[]), "");
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2024, 10, 21).unwrap();
        assert_eq!(weekday_long_date(d), "Måndag den 21 oktober 2024");
        assert_eq!(clock(NaiveTime::from_hms_opt(14, 0, 0).unwrap()), "14.00");
    }
}

/// The first character that cannot be printed in `text`: any control character except, in
/// running text (`multiline`), a newline, a tab and the CR of a CRLF. A bare CR would end a line
/// of an iCalendar file or a header; NUL and ESC reach terminals and parsers.
pub fn unprintable(text: &str, multiline: bool) -> Option<char> {
    // Byte by byte (every save checks every text of the meeting): in UTF-8 a control character
    // is a byte below 0x20, 0x7F, or 0xC2 followed by 0x80–0x9F (U+0080–U+009F), and the line
    // and paragraph separators are E2 80 A8 / E2 80 A9; no other character's bytes look so.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' | b'\t' if multiline => {}
            b'\r' if multiline && bytes.get(i + 1) == Some(&b'\n') => {}
            0x00..=0x1F | 0x7F => return Some(char::from(b)),
            0xC2 => {
                if let Some(&next @ 0x80..=0x9F) = bytes.get(i + 1) {
                    return char::from_u32(u32::from(next));
                }
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xA8) => return Some('\u{2028}'),
                Some(0xA9) => return Some('\u{2029}'),
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    None
}

/// [`unprintable`] as the error for the field `field` called `name` in Swedish.
pub fn check_printable(
    field: &str,
    name: &str,
    text: &str,
    multiline: bool,
) -> Result<(), crate::DomainError> {
    match unprintable(text, multiline) {
        None => Ok(()),
        Some(c) => Err(crate::DomainError::Invalid {
            field: field.to_owned(),
            reason: format!(
                "{name} innehåller ett styrtecken (U+{:04X}) som inte kan skrivas ut; ta bort det",
                u32::from(c)
            ),
        }),
    }
}

#[cfg(test)]
mod printable_tests {
    use super::unprintable;

    #[test]
    fn control_characters_are_found_and_line_breaks_only_in_running_text() {
        assert_eq!(unprintable("Kommunhuset, Svenljungasalen", false), None);
        assert_eq!(unprintable("rad ett\r\nrad två\n\tindrag", true), None);
        for (text, c) in [
            ("a\u{0}b", '\u{0}'),
            ("a\u{1b}[31m", '\u{1b}'),
            ("a\rb", '\r'),
            ("a\u{85}b", '\u{85}'),
            ("a\u{2028}b", '\u{2028}'),
        ] {
            assert_eq!(unprintable(text, true), Some(c), "{text:?}");
        }
        assert_eq!(unprintable("a\nb", false), Some('\n'));
    }

    /// The rule as first written, char by char: the byte scan must agree with it everywhere.
    fn by_chars(text: &str, multiline: bool) -> Option<char> {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let allowed = multiline
                && match c {
                    '\n' | '\t' => true,
                    '\r' => chars.peek() == Some(&'\n'),
                    _ => false,
                };
            if (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) && !allowed {
                return Some(c);
            }
        }
        None
    }

    #[test]
    fn the_byte_scan_agrees_with_the_rule_for_every_character_up_to_u_ffff_and_beyond() {
        let samples: Vec<char> = (0u32..0x1_0000)
            .chain([0x1_F600, 0x10_FFFF])
            .filter_map(char::from_u32)
            .collect();
        for &c in &samples {
            for text in [
                format!("{c}"),
                format!("Beslut {c} åäö"),
                format!("ö{c}\r"),
                format!("{c}\r\n"),
            ] {
                for multiline in [false, true] {
                    assert_eq!(
                        unprintable(&text, multiline),
                        by_chars(&text, multiline),
                        "{text:?} {multiline}"
                    );
                }
            }
        }
    }
}
