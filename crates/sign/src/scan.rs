//! A bounded first look at an untrusted PDF before any parser builds objects from it.
//!
//! The public verifier takes files from anyone. A general PDF parser allocates for whatever the
//! file declares (a list of ten million elements, an index of a million objects, a stream that
//! inflates to gigabytes), so the file is first read once by this lexer, which allocates nothing
//! per element and refuses, with a Swedish message, a file that is larger or more complex than
//! any protocol: see [`Limits`]. It also records where the file's objects and cross-reference
//! sections really begin, so that the parser is only ever pointed at bytes this lexer has read
//! as such (an object hidden inside a string or a stream is not parsed). Justera's own
//! documents use classic cross-reference tables and no object streams; files with compressed
//! object or cross-reference streams are refused, which keeps decompression out of the verifier
//! altogether.

use std::collections::HashSet;

/// The hard limits on a file the verifier accepts. The defaults are far above a 500-page
/// protocol (which has about 60,000 tokens outside its streams and 3,000 objects) and far below
/// what would take a server's memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Size of the file in bytes.
    pub file_bytes: usize,
    /// Tokens outside stream data (numbers, names, strings, keywords, brackets).
    pub tokens: usize,
    /// Elements of one array or entries of one dictionary.
    pub container: usize,
    /// Arrays and dictionaries inside each other.
    pub depth: usize,
    /// Indirect objects.
    pub objects: usize,
    /// Entries of the cross-reference tables, all sections together.
    pub xref_entries: usize,
    /// Cross-reference sections (the original and its incremental updates).
    pub sections: usize,
    /// Signature dictionaries.
    pub signatures: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            file_bytes: 20 * 1024 * 1024,
            tokens: 1_000_000,
            container: 50_000,
            depth: 32,
            objects: 100_000,
            xref_entries: 100_000,
            sections: 64,
            signatures: 32,
        }
    }
}

/// Where the file's structure is, as read by the lexer.
#[derive(Debug, Default)]
pub struct Layout {
    /// Byte offset of each `N G obj` header read at top level, with its number and generation.
    pub objects: Vec<(usize, u32, u16)>,
    /// Byte offset of each `xref` keyword read at top level.
    pub xref_sections: Vec<usize>,
}

impl Layout {
    /// The offset at which object `id` is defined last before `end`, if it is.
    pub fn object_before(&self, number: u32, generation: u16, end: usize) -> Option<usize> {
        self.objects
            .iter()
            .filter(|(at, n, g)| *n == number && *g == generation && *at < end)
            .map(|(at, _, _)| *at)
            .next_back()
    }
}

fn too_complex(what: impl std::fmt::Display) -> String {
    format!(
        "filen är uppbyggd på ett sätt som inte kan kontrolleras här; ett protokoll från Justera ser aldrig ut så (teknisk orsak: {what})"
    )
}

pub(crate) fn broken(what: impl std::fmt::Display) -> String {
    format!(
        "filen är skadad eller ofullständig; den kan ha avbrutits när den laddades ned, så hämta den gärna på nytt (teknisk orsak: {what})"
    )
}

/// A count as Swedish text: 50 000 (a space between thousands).
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// The first position of `needle` in `haystack` at or after `from`.
pub(crate) fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn parse_uint(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Array,
    Dict,
}

/// A regular token just read (a number or keyword), remembered for `N G obj` and `N G R`.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    limits: Limits,
    tokens: usize,
    stack: Vec<(Open, usize)>,
    /// The last three regular tokens at top level.
    recent: [Option<Word>; 3],
    /// Where the dictionary most recently closed at top level began and ended.
    last_dict: Option<(usize, usize)>,
    layout: Layout,
    xref_entries: usize,
    in_use: Vec<(usize, u32, u16)>,
    prev_links: Vec<usize>,
    startxref: Option<usize>,
    signatures: usize,
    after_trailer: bool,
}

/// Reads `data` once under `limits`; returns where its objects and sections are, or the Swedish
/// reason it is refused.
pub fn scan(data: &[u8], limits: &Limits) -> Result<Layout, String> {
    if data.len() > limits.file_bytes {
        return Err(format!(
            "filen är för stor för att kontrolleras (högst {} MB)",
            limits.file_bytes / (1024 * 1024)
        ));
    }
    if !data.starts_with(b"%PDF-") {
        return Err("filen är inte en PDF-fil".into());
    }
    let mut lexer = Lexer {
        data,
        pos: 0,
        limits: *limits,
        tokens: 0,
        stack: Vec::new(),
        recent: [None; 3],
        last_dict: None,
        layout: Layout::default(),
        xref_entries: 0,
        in_use: Vec::new(),
        prev_links: Vec::new(),
        startxref: None,
        signatures: 0,
        after_trailer: false,
    };
    lexer.run()?;
    lexer.check_references()?;
    Ok(lexer.layout)
}

impl Lexer<'_> {
    fn peek(&self, at: usize) -> Option<u8> {
        self.data.get(at).copied()
    }

    fn count(&mut self) -> Result<(), String> {
        self.tokens += 1;
        if self.tokens > self.limits.tokens {
            return Err(too_complex(format!(
                "fler än {} element",
                grouped(self.limits.tokens)
            )));
        }
        if let Some((open, n)) = self.stack.last_mut() {
            *n += 1;
            if *n > self.limits.container * if *open == Open::Dict { 2 } else { 1 } {
                return Err(too_complex(format!(
                    "en {} med fler än {} element",
                    if *open == Open::Dict {
                        "ordlista"
                    } else {
                        "lista"
                    },
                    grouped(self.limits.container)
                )));
            }
        }
        Ok(())
    }

    fn run(&mut self) -> Result<(), String> {
        while let Some(b) = self.peek(self.pos) {
            match b {
                _ if is_white(b) => self.pos += 1,
                b'%' => {
                    while let Some(c) = self.peek(self.pos) {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                b'(' => {
                    self.count()?;
                    self.literal_string()?;
                }
                b'<' if self.peek(self.pos + 1) == Some(b'<') => {
                    self.count()?;
                    self.open(Open::Dict)?;
                    self.pos += 2;
                }
                b'<' => {
                    self.count()?;
                    let end = find(self.data, b">", self.pos)
                        .ok_or_else(|| broken("en hexadecimal sträng slutar aldrig"))?;
                    self.pos = end + 1;
                }
                b'>' if self.peek(self.pos + 1) == Some(b'>') => {
                    self.close(Open::Dict)?;
                    self.pos += 2;
                }
                b'[' => {
                    self.count()?;
                    self.open(Open::Array)?;
                    self.pos += 1;
                }
                b']' => {
                    self.close(Open::Array)?;
                    self.pos += 1;
                }
                b'/' => {
                    self.count()?;
                    self.pos += 1;
                    while self.peek(self.pos).is_some_and(is_regular) {
                        self.pos += 1;
                    }
                }
                _ if is_regular(b) => {
                    let start = self.pos;
                    while self.peek(self.pos).is_some_and(is_regular) {
                        self.pos += 1;
                    }
                    self.word(Word {
                        start,
                        end: self.pos,
                    })?;
                }
                _ => return Err(broken(format!("oväntat tecken vid byte {}", self.pos))),
            }
        }
        if !self.stack.is_empty() {
            return Err(broken("en lista eller ordlista slutar aldrig"));
        }
        Ok(())
    }

    fn literal_string(&mut self) -> Result<(), String> {
        let mut depth = 0usize;
        while let Some(c) = self.peek(self.pos) {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        Err(broken("en textsträng slutar aldrig"))
    }

    fn open(&mut self, kind: Open) -> Result<(), String> {
        if self.stack.len() >= self.limits.depth {
            return Err(too_complex(format!(
                "mer än {} nivåer inuti varandra",
                self.limits.depth
            )));
        }
        self.stack.push((kind, 0));
        if self.stack.len() == 1 && kind == Open::Dict {
            self.last_dict = Some((self.pos, self.pos));
        }
        Ok(())
    }

    fn close(&mut self, kind: Open) -> Result<(), String> {
        match self.stack.pop() {
            Some((open, _)) if open == kind => {}
            _ => {
                return Err(broken(format!(
                    "obalanserade klamrar vid byte {}",
                    self.pos
                )));
            }
        }
        if self.stack.is_empty() && kind == Open::Dict {
            let end = self.pos + 2;
            if let Some((start, _)) = self.last_dict {
                self.last_dict = Some((start, end));
                self.dict_closed(start, end)?;
            }
        }
        Ok(())
    }

    fn text(&self, w: Word) -> &[u8] {
        self.data.get(w.start..w.end).unwrap_or_default()
    }

    fn word(&mut self, w: Word) -> Result<(), String> {
        let text = self.text(w);
        if self.stack.is_empty() {
            match text {
                b"obj" => return self.object_header(w),
                b"stream" => return self.stream(),
                b"xref" => return self.xref_table(w.start),
                b"trailer" => {
                    self.after_trailer = true;
                    return Ok(());
                }
                b"startxref" => return self.startxref(),
                b"endobj" => {
                    self.recent = [None; 3];
                    return Ok(());
                }
                _ => {}
            }
        }
        if text == b"R" {
            // `N G R` is one reference; its numbers were counted.
            return Ok(());
        }
        self.count()?;
        if self.stack.is_empty() {
            self.recent = [self.recent[1], self.recent[2], Some(w)];
        }
        Ok(())
    }

    fn object_header(&mut self, w: Word) -> Result<(), String> {
        let (Some(n), Some(g)) = (self.recent[1], self.recent[2]) else {
            return Err(broken(format!(
                "ett objekt utan nummer vid byte {}",
                w.start
            )));
        };
        let number = parse_uint(self.text(n)).and_then(|n| u32::try_from(n).ok());
        let generation = parse_uint(self.text(g)).and_then(|g| u16::try_from(g).ok());
        let (Some(number), Some(generation)) = (number, generation) else {
            return Err(broken(format!(
                "ett ogiltigt objektnummer vid byte {}",
                n.start
            )));
        };
        if self.layout.objects.len() >= self.limits.objects {
            return Err(too_complex(format!(
                "fler än {} objekt",
                grouped(self.limits.objects)
            )));
        }
        self.layout.objects.push((n.start, number, generation));
        self.recent = [None; 3];
        self.last_dict = None;
        // The two numbers are the header, not content.
        self.tokens = self.tokens.saturating_sub(2);
        Ok(())
    }

    /// A top-level dictionary ended: a signature, a trailer or the dictionary of a stream.
    fn dict_closed(&mut self, start: usize, end: usize) -> Result<(), String> {
        let dict = self.data.get(start..end).unwrap_or_default();
        if has_name_value(dict, b"Type", b"Sig") {
            self.signatures += 1;
            if self.signatures > self.limits.signatures {
                return Err(too_complex(format!(
                    "fler än {} signaturer",
                    grouped(self.limits.signatures)
                )));
            }
        }
        if self.after_trailer {
            self.after_trailer = false;
            if find(dict, b"/XRefStm", 0).is_some() {
                return Err(unsupported());
            }
            if find(dict, b"/Encrypt", 0).is_some() {
                return Err("filen är krypterad och kan inte kontrolleras".into());
            }
            if let Some(prev) = integer_value(dict, b"Prev") {
                self.prev_links.push(prev);
            } else if find(dict, b"/Prev", 0).is_some() {
                return Err(broken("trailerns /Prev är inte ett tal"));
            }
        }
        Ok(())
    }

    /// Skips a stream's data: by its direct /Length when that ends at `endstream`, else up to
    /// the next `endstream`.
    fn stream(&mut self) -> Result<(), String> {
        let dict = self
            .last_dict
            .and_then(|(s, e)| self.data.get(s..e))
            .unwrap_or_default();
        if has_name_value(dict, b"Type", b"ObjStm") || has_name_value(dict, b"Type", b"XRef") {
            return Err(unsupported());
        }
        let mut start = self.pos;
        if self.peek(start) == Some(b'\r') {
            start += 1;
        }
        if self.peek(start) == Some(b'\n') {
            start += 1;
        }
        let by_length = integer_value(dict, b"Length")
            .and_then(|len| start.checked_add(len))
            .filter(|end| {
                let mut at = *end;
                while self.peek(at).is_some_and(is_white) {
                    at += 1;
                }
                self.data
                    .get(at..)
                    .is_some_and(|rest| rest.starts_with(b"endstream"))
            });
        let end = match by_length {
            Some(end) => end,
            None => find(self.data, b"endstream", start)
                .ok_or_else(|| broken("en dataström slutar aldrig"))?,
        };
        self.pos = find(self.data, b"endstream", end)
            .map(|p| p + b"endstream".len())
            .ok_or_else(|| broken("en dataström slutar aldrig"))?;
        self.last_dict = None;
        Ok(())
    }

    /// A classic cross-reference table: subsections of `start count` and 20-byte entries.
    fn xref_table(&mut self, at: usize) -> Result<(), String> {
        if self.layout.xref_sections.len() >= self.limits.sections {
            return Err(too_complex(format!(
                "fler än {} korsreferensavsnitt",
                grouped(self.limits.sections)
            )));
        }
        self.layout.xref_sections.push(at);
        loop {
            self.skip_white();
            let Some(first) = self.number_word() else {
                break;
            };
            self.skip_white();
            let count = self
                .number_word()
                .ok_or_else(|| broken("korsreferenstabellen är trasig"))?;
            let (Ok(first), Ok(count)) = (u32::try_from(first), usize::try_from(count)) else {
                return Err(broken("korsreferenstabellen är trasig"));
            };
            self.xref_entries = self.xref_entries.saturating_add(count);
            if self.xref_entries > self.limits.xref_entries {
                return Err(too_complex(format!(
                    "fler än {} poster i korsreferenstabellen",
                    grouped(self.limits.xref_entries)
                )));
            }
            for i in 0..count {
                self.skip_white();
                let entry = self
                    .data
                    .get(self.pos..self.pos + 18)
                    .ok_or_else(|| broken("korsreferenstabellen är avkortad"))?;
                let offset = entry.get(0..10).and_then(parse_uint);
                let generation = entry.get(11..16).and_then(parse_uint);
                let kind = entry.get(17).copied();
                let (Some(offset), Some(generation)) = (offset, generation) else {
                    return Err(broken("en post i korsreferenstabellen är trasig"));
                };
                let number = u32::try_from(i)
                    .ok()
                    .and_then(|i| first.checked_add(i))
                    .ok_or_else(|| broken("korsreferenstabellen är trasig"))?;
                match kind {
                    Some(b'n') => self.in_use.push((
                        usize::try_from(offset).unwrap_or(usize::MAX),
                        number,
                        u16::try_from(generation).unwrap_or(u16::MAX),
                    )),
                    Some(b'f') => {}
                    _ => return Err(broken("en post i korsreferenstabellen är trasig")),
                }
                self.pos += 18;
            }
        }
        Ok(())
    }

    fn skip_white(&mut self) {
        while self.peek(self.pos).is_some_and(is_white) {
            self.pos += 1;
        }
    }

    /// An unsigned number at the position (advancing past it), or nothing (not advancing).
    fn number_word(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut end = start;
        while self.peek(end).is_some_and(|b| b.is_ascii_digit()) {
            end += 1;
        }
        if end == start || self.peek(end).is_some_and(is_regular) {
            return None;
        }
        let n = parse_uint(self.data.get(start..end)?)?;
        self.pos = end;
        Some(n)
    }

    fn startxref(&mut self) -> Result<(), String> {
        self.skip_white();
        let at = self
            .number_word()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| broken("startxref saknar en position"))?;
        self.startxref = Some(at);
        Ok(())
    }

    /// Every place the parser will be sent to is one this lexer read as such.
    fn check_references(&self) -> Result<(), String> {
        let sections: HashSet<usize> = self.layout.xref_sections.iter().copied().collect();
        let start = self.startxref.ok_or_else(|| broken("startxref saknas"))?;
        if !sections.contains(&start) {
            return Err(broken("startxref pekar inte på en korsreferenstabell"));
        }
        if let Some(bad) = self.prev_links.iter().find(|p| !sections.contains(p)) {
            return Err(broken(format!(
                "/Prev {bad} pekar inte på en korsreferenstabell"
            )));
        }
        let headers: HashSet<(usize, u32, u16)> = self.layout.objects.iter().copied().collect();
        if let Some((offset, number, generation)) =
            self.in_use.iter().find(|e| !headers.contains(e))
        {
            return Err(broken(format!(
                "korsreferensen för objekt {number} {generation} pekar på byte {offset}, där objektet inte börjar"
            )));
        }
        Ok(())
    }
}

fn unsupported() -> String {
    "filen använder komprimerade objekt- eller korsreferensströmmar, som Justeras protokoll aldrig \
     innehåller; den kan inte kontrolleras här"
        .into()
}

/// The positions of the values of `/key` in the dictionary text (after the white space that
/// follows the key; a longer name such as `/KeyX` is not `/Key`).
fn value_positions<'a>(dict: &'a [u8], key: &[u8]) -> impl Iterator<Item = usize> + 'a {
    let mut pattern = Vec::with_capacity(key.len() + 1);
    pattern.push(b'/');
    pattern.extend_from_slice(key);
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let at = find(dict, &pattern, from)?;
            let mut p = at + pattern.len();
            from = p;
            if dict.get(p).is_some_and(|b| is_regular(*b)) {
                continue;
            }
            while dict.get(p).is_some_and(|b| is_white(*b)) {
                p += 1;
            }
            return Some(p);
        }
    })
}

fn skip(dict: &[u8], mut p: usize, what: impl Fn(u8) -> bool) -> usize {
    while dict.get(p).is_some_and(|b| what(*b)) {
        p += 1;
    }
    p
}

/// Whether the dictionary text has `/key /value` (any white space between).
fn has_name_value(dict: &[u8], key: &[u8], value: &[u8]) -> bool {
    value_positions(dict, key).any(|p| {
        dict.get(p) == Some(&b'/') && dict.get(p + 1..skip(dict, p + 1, is_regular)) == Some(value)
    })
}

/// The direct, non-negative integer value of `/key` in the dictionary text (not a reference).
fn integer_value(dict: &[u8], key: &[u8]) -> Option<usize> {
    let start = value_positions(dict, key).next()?;
    let end = skip(dict, start, |b| b.is_ascii_digit());
    let value = parse_uint(dict.get(start..end)?)?;
    // `12 0 R` is a reference, not a length.
    let q = skip(dict, end, is_white);
    let r = skip(dict, q, |b| b.is_ascii_digit());
    if r > q && dict.get(skip(dict, r, is_white)) == Some(&b'R') {
        return None;
    }
    usize::try_from(value).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn pdf(body: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let obj_at = out.len();
        out.extend_from_slice(format!("1 0 obj\n{body}\nendobj\n").as_bytes());
        let xref_at = out.len();
        out.extend_from_slice(
            format!(
                "xref\n0 2\n0000000000 65535 f \n{obj_at:010} 00000 n \ntrailer\n<</Size 2/Root 1 0 R>>\nstartxref\n{xref_at}\n%%EOF\n"
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn a_small_file_is_read() {
        let layout = scan(&pdf("<</Type/Catalog>>"), &Limits::default()).unwrap();
        assert_eq!(layout.objects.len(), 1);
        assert_eq!(layout.xref_sections.len(), 1);
    }

    #[test]
    fn a_huge_array_is_refused_without_reading_it_all() {
        let body = format!("[{}]", "0 ".repeat(60_000));
        let e = scan(&pdf(&body), &Limits::default()).unwrap_err();
        assert!(e.contains("lista med fler än 50\u{a0}000"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let body = format!("{}{}", "[".repeat(40), "]".repeat(40));
        let e = scan(&pdf(&body), &Limits::default()).unwrap_err();
        assert!(e.contains("nivåer"), "{e}");
    }

    #[test]
    fn an_object_hidden_in_a_string_is_not_an_object() {
        let mut file = pdf("<</Type/Catalog>>(2 0 obj [1 2 3] endobj)");
        // Point a second xref entry into the string.
        let text = String::from_utf8_lossy(&file).into_owned();
        let hidden = text.find("2 0 obj").unwrap();
        let patched = text.replace(
            "xref\n0 2\n",
            &format!("xref\n0 3\n{hidden:010} 00000 n \n"),
        );
        file = patched.into_bytes();
        let e = scan(&file, &Limits::default()).unwrap_err();
        assert!(e.contains("korsreferens"), "{e}");
    }

    #[test]
    fn object_streams_are_refused() {
        let body = "<</Type /ObjStm/N 1/First 4/Length 3>>stream\nabc\nendstream";
        let e = scan(&pdf(body), &Limits::default()).unwrap_err();
        assert!(e.contains("komprimerade"), "{e}");
    }

    #[test]
    fn lengths_and_references() {
        assert_eq!(integer_value(b"<</Length 12>>", b"Length"), Some(12));
        assert_eq!(integer_value(b"<</Length 12 0 R>>", b"Length"), None);
        assert_eq!(
            integer_value(b"<</LengthX 3/Length 4>>", b"Length"),
            Some(4)
        );
        assert!(has_name_value(b"<</Type /Sig>>", b"Type", b"Sig"));
        assert!(!has_name_value(b"<</Type /SigX>>", b"Type", b"Sig"));
    }
}
