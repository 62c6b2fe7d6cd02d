//! Shaping and line breaking. Each run of text is shaped once; lines are filled greedily on the
//! shaped advances, breaking after spaces and hyphens, and words longer than a line are split.

use krilla::text::{GlyphId, KrillaGlyph};

use crate::fonts::{Face, Fonts, Style};

/// A piece of a line in one style, ready to draw.
#[derive(Debug, Clone)]
pub struct Run {
    pub style: Style,
    /// The text the glyphs map to (for text extraction and accessibility).
    pub text: String,
    /// Glyphs with advances normalized to the em, and text ranges into `text`.
    pub glyphs: Vec<KrillaGlyph>,
    /// Offset from the start of the line, in points.
    pub x: f32,
}

/// One line of text.
#[derive(Debug, Clone)]
pub struct Line {
    pub runs: Vec<Run>,
    /// Visible width in points (without trailing spaces).
    pub width: f32,
}

impl Line {
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Shapes `text` with `face`, left to right. Advances are normalized to the em.
pub fn shape(face: &Face, text: &str) -> Vec<KrillaGlyph> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.set_script(rustybuzz::script::LATIN);
    let output = rustybuzz::shape_with_plan(&face.shaper, &face.plan, buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let upem = face.units_per_em;
    let mut glyphs = Vec::with_capacity(infos.len());
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let end = infos
            .iter()
            .skip(i + 1)
            .find(|next| next.cluster != info.cluster)
            .map_or(text.len(), |next| next.cluster as usize);
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            pos.x_advance as f32 / upem,
            pos.x_offset as f32 / upem,
            pos.y_offset as f32 / upem,
            pos.y_advance as f32 / upem,
            start..end.max(start),
            None,
        ));
    }
    glyphs
}

/// Splits `*emphasis*` out of `text`: the parts between pairs of asterisks are italic. Text with
/// an odd number of asterisks is taken literally.
pub fn spans(text: &str, base: Style) -> Vec<(Style, String)> {
    let stars = text.matches('*').count();
    if stars < 2 || stars % 2 != 0 || base != Style::Regular {
        return vec![(base, text.to_owned())];
    }
    text.split('*')
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(i, s)| (if i % 2 == 1 { Style::Italic } else { base }, s.to_owned()))
        .collect()
}

struct Flat {
    span: usize,
    glyph: KrillaGlyph,
    advance: f32,
    space: bool,
    break_after: bool,
    /// The first and last character of the cluster.
    first: char,
    last: char,
}

/// Breaks `spans` into lines no wider than `width` points at `size`.
pub fn wrap(fonts: &Fonts, spans: &[(Style, String)], size: f32, width: f32) -> Vec<Line> {
    let mut flat: Vec<Flat> = Vec::new();
    for (i, (style, text)) in spans.iter().enumerate() {
        for g in shape(fonts.face(*style), text) {
            let cluster = text.get(g.text_range.clone()).unwrap_or("");
            let first = cluster.chars().next().unwrap_or(' ');
            let last = cluster.chars().last().unwrap_or(' ');
            flat.push(Flat {
                span: i,
                advance: g.x_advance * size,
                space: first.is_whitespace(),
                break_after: matches!(first, '-' | '–' | '/'),
                first,
                last,
                glyph: g,
            });
        }
    }
    // Words: a word ends after a space or a hyphen. A space between digits ("1 150 000") does
    // not break.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, f) in flat.iter().enumerate() {
        let next = flat.get(i + 1);
        let next_is_space = next.is_some_and(|n| n.space);
        let digit_group = i > 0
            && flat.get(i - 1).is_some_and(|p| p.last.is_ascii_digit())
            && next.is_some_and(|n| n.first.is_ascii_digit());
        let after_space = f.space && !digit_group;
        let after_hyphen = f.break_after && !f.space;
        if !next_is_space && (after_space || after_hyphen) {
            words.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < flat.len() {
        words.push((start, flat.len()));
    }
    let width_of = |a: usize, b: usize| -> (f32, f32) {
        let slice = flat.get(a..b).unwrap_or(&[]);
        let full: f32 = slice.iter().map(|f| f.advance).sum();
        let trailing: f32 = slice
            .iter()
            .rev()
            .take_while(|f| f.space)
            .map(|f| f.advance)
            .sum();
        (full, full - trailing)
    };
    let mut lines: Vec<(usize, usize, f32)> = Vec::new();
    let mut line_start = 0;
    let mut line_end = 0;
    let mut line_full = 0.0_f32;
    let mut line_visible = 0.0_f32;
    for (a, b) in words {
        let (full, visible) = width_of(a, b);
        if line_end > line_start && line_full + visible > width {
            lines.push((line_start, line_end, line_visible));
            line_start = a;
            line_end = a;
            line_full = 0.0;
        }
        if line_end == line_start && visible > width {
            // A word longer than the line: split it where it no longer fits.
            let mut s = a;
            let mut acc = 0.0;
            for k in a..b {
                let adv = flat.get(k).map_or(0.0, |f| f.advance);
                if acc + adv > width && k > s {
                    lines.push((s, k, acc));
                    s = k;
                    acc = 0.0;
                }
                acc += adv;
            }
            line_start = s;
            line_end = b;
            let (f, v) = width_of(s, b);
            line_full = f;
            line_visible = v;
            continue;
        }
        line_visible = line_full + visible;
        line_full += full;
        line_end = b;
    }
    if line_end > line_start {
        lines.push((line_start, line_end, line_visible));
    }
    lines
        .into_iter()
        .map(|(a, b, w)| build_line(&flat, spans, a, b, w))
        .collect()
}

fn build_line(flat: &[Flat], spans: &[(Style, String)], a: usize, b: usize, width: f32) -> Line {
    let mut runs: Vec<Run> = Vec::new();
    let mut x = 0.0;
    let slice = flat.get(a..b).unwrap_or(&[]);
    let mut i = 0;
    while i < slice.len() {
        let span = slice.get(i).map_or(0, |f| f.span);
        let mut j = i;
        while slice.get(j).is_some_and(|f| f.span == span) {
            j += 1;
        }
        let group = slice.get(i..j).unwrap_or(&[]);
        let (style, text) = spans
            .get(span)
            .map_or((Style::Regular, ""), |(s, t)| (*s, t.as_str()));
        let from = group
            .iter()
            .map(|f| f.glyph.text_range.start)
            .min()
            .unwrap_or(0);
        let to = group
            .iter()
            .map(|f| f.glyph.text_range.end)
            .max()
            .unwrap_or(from);
        let glyphs: Vec<KrillaGlyph> = group
            .iter()
            .map(|f| {
                let mut g = f.glyph.clone();
                g.text_range = (g.text_range.start - from)..(g.text_range.end - from);
                g
            })
            .collect();
        let run_width: f32 = group.iter().map(|f| f.advance).sum();
        runs.push(Run {
            style,
            text: text.get(from..to).unwrap_or("").to_owned(),
            glyphs,
            x,
        });
        x += run_width;
        i = j;
    }
    Line { runs, width }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_width_and_keeps_all_text() {
        let fonts = Fonts::load().unwrap();
        let text = "Kommunstyrelsen godkänner upprättad verksamhetsplan 2025–2027 för kommunstyrelsen och överlämnar den till kommunfullmäktige för antagande.";
        let lines = wrap(&fonts, &spans(text, Style::Regular), 10.0, 200.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 200.0 + 0.01, "{} > 200", l.width);
        }
        let joined: String = lines.iter().map(Line::text).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn splits_words_longer_than_a_line() {
        let fonts = Fonts::load().unwrap();
        let word = "Översiktsplaneringsförfarandebeslutsunderlagssammanställningen";
        let lines = wrap(&fonts, &spans(word, Style::Regular), 12.0, 80.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.width <= 80.01));
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), word);
    }

    #[test]
    fn digit_groups_stay_together() {
        let fonts = Fonts::load().unwrap();
        let text = "Kommunstyrelsen äskar 1 150 000 kronor i tilläggsanslag";
        for width in [60.0, 90.0, 120.0, 150.0, 180.0] {
            let lines = wrap(&fonts, &spans(text, Style::Regular), 10.0, width);
            for l in &lines {
                let t = l.text();
                assert!(
                    !t.trim_end().ends_with(" 1") && !t.trim_end().ends_with(" 150"),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn emphasis_spans() {
        let s = spans(
            "enligt rapporten *Övergång till ny datacenterlösning*.",
            Style::Regular,
        );
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[1],
            (
                Style::Italic,
                "Övergång till ny datacenterlösning".to_owned()
            )
        );
        assert_eq!(spans("a * b", Style::Regular).len(), 1);
    }
}
