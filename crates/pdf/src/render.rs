//! Drawing laid-out pages with krilla: tagged content, headers and footers as artifacts, a
//! bookmark per paragraph, metadata, and PDF/A-2a (with PDF/UA-1) validation at export.

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use chrono::{Datelike, NaiveDateTime, Timelike};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagTree,
};
use krilla::{Document, SerializeSettings};

use crate::error::PdfError;
use crate::fonts::{Fonts, Style};
use crate::layout::{Block, Frame, Item, PageLayout, TagPath, paginate};
use crate::text::Line;

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

/// The frame body text flows in, between header and footer.
pub const FRAME: Frame = Frame {
    left: 62.0,
    right: PAGE_WIDTH - 56.0,
    top: 112.0,
    bottom: PAGE_HEIGHT - 100.0,
};

/// What the page header says.
#[derive(Debug, Clone)]
pub struct Header {
    /// Left column: organization (bold), body.
    pub left: Vec<String>,
    /// Right column: document kind (bold), date; "Sida N av M" is added below.
    pub right: Vec<String>,
}

/// The boxes at the foot of each page ("Justerandes signatur", "Utdragsbestyrkande").
#[derive(Debug, Clone)]
pub struct Footer {
    pub boxes: Vec<String>,
}

/// Document metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub created: NaiveDateTime,
}

/// Which standards the document was validated against at export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conformance {
    /// PDF/A-2a and PDF/UA-1.
    A2aUa1,
}

/// A finished document.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub conformance: Conformance,
    /// Where the signature fields go (empty for documents nobody signs).
    pub signature_slots: Vec<SignatureSlot>,
}

/// The place of a signer's signature field: the page (from 0) and the rectangle in PDF user
/// space (origin at the bottom left, points).
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureSlot {
    pub field: String,
    pub page: usize,
    pub rect: [f32; 4],
}

fn black() -> Fill {
    Fill {
        paint: rgb::Color::new(0, 0, 0).into(),
        ..Default::default()
    }
}

fn draw_line(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    x: f32,
    baseline: f32,
    size: f32,
    line: &Line,
) {
    for run in &line.runs {
        surface.draw_glyphs(
            Point::from_xy(x + run.x, baseline),
            &run.glyphs,
            fonts.face(run.style).font.clone(),
            &run.text,
            size,
            false,
        );
    }
}

/// The width of `text` on one line, in points.
pub fn text_width(fonts: &Fonts, style: Style, size: f32, text: &str) -> f32 {
    single_line(fonts, style, size, text).map_or(0.0, |l| l.width)
}

/// One line of `text`, unwrapped.
fn single_line(fonts: &Fonts, style: Style, size: f32, text: &str) -> Option<Line> {
    crate::text::wrap(fonts, &[(style, text.to_owned())], size, f32::MAX)
        .into_iter()
        .next()
}

fn stroke_path(surface: &mut Surface<'_>, build: impl FnOnce(&mut PathBuilder), width: f32) {
    let mut pb = PathBuilder::new();
    build(&mut pb);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(0, 0, 0).into(),
            width,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(black()));
    }
}

/// A header line: its size and its shaped text.
type Shaped = (f32, Option<Line>);

/// The header's and footer's text shaped once per document (only "Sida n av m" is shaped per
/// page).
struct Furniture {
    left: Vec<Shaped>,
    right: Vec<Shaped>,
    boxes: Vec<Option<Line>>,
}

impl Furniture {
    fn new(fonts: &Fonts, h: &Header, f: &Footer) -> Self {
        let shape = |i: usize, text: &str, first: (Style, f32), rest: (Style, f32)| {
            let (style, size) = if i == 0 { first } else { rest };
            (size, single_line(fonts, style, size, text))
        };
        Self {
            left: h
                .left
                .iter()
                .enumerate()
                .map(|(i, t)| shape(i, t, (Style::Bold, 11.0), (Style::Regular, 9.5)))
                .collect(),
            right: h
                .right
                .iter()
                .enumerate()
                .map(|(i, t)| shape(i, t, (Style::Bold, 10.0), (Style::Regular, 9.0)))
                .collect(),
            boxes: f
                .boxes
                .iter()
                .map(|label| single_line(fonts, Style::Regular, 7.0, label))
                .collect(),
        }
    }
}

fn header(surface: &mut Surface<'_>, fonts: &Fonts, h: &Furniture, page: usize, pages: usize) {
    surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
        ArtifactType::Header,
    )));
    let mut y = 52.0;
    for (size, line) in &h.left {
        if let Some(line) = line {
            draw_line(surface, fonts, FRAME.left, y, *size, line);
        }
        y += 14.0;
    }
    let size = if h.right.is_empty() { 10.0 } else { 9.0 };
    let style = if h.right.is_empty() {
        Style::Bold
    } else {
        Style::Regular
    };
    let page_line = (
        size,
        single_line(fonts, style, size, &format!("Sida {page} av {pages}")),
    );
    let mut y = 52.0;
    for (size, line) in h.right.iter().chain(std::iter::once(&page_line)) {
        if let Some(line) = line {
            draw_line(surface, fonts, FRAME.right - line.width, y, *size, line);
        }
        y += 13.0;
    }
    stroke_path(
        surface,
        |pb| {
            pb.move_to(FRAME.left, 96.0);
            pb.line_to(FRAME.right, 96.0);
        },
        0.6,
    );
    surface.end_tagged();
}

fn footer(surface: &mut Surface<'_>, fonts: &Fonts, f: &Furniture) {
    if f.boxes.is_empty() {
        return;
    }
    surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
        ArtifactType::Footer,
    )));
    let w = 150.0;
    let h = 40.0;
    let top = PAGE_HEIGHT - 80.0;
    let gap = 12.0;
    let mut x = FRAME.right - (w + gap) * f.boxes.len() as f32 + gap;
    for label in &f.boxes {
        if let Some(rect) = Rect::from_xywh(x, top, w, h) {
            stroke_path(surface, |pb| pb.push_rect(rect), 0.5);
        }
        if let Some(line) = label {
            draw_line(surface, fonts, x + 3.0, top + 9.0, 7.0, line);
        }
        x += w + gap;
    }
    surface.end_tagged();
}

/// A signature's appearance: a page the size of its field with `lines` (style, text), for the
/// signing step to draw in the field (see `justera_sign::fields`). Its fonts are embedded.
pub fn appearance(
    fonts: &Fonts,
    lines: &[(Style, String)],
    width: f32,
    height: f32,
) -> Result<Vec<u8>, PdfError> {
    let Some(page_settings) = PageSettings::from_wh(width, height) else {
        return Err(PdfError::Export("ogiltig storlek på signaturfältet".into()));
    };
    let mut document = Document::new();
    let mut page = document.start_page_with(page_settings);
    let mut surface = page.surface();
    surface.set_fill(Some(black()));
    // Two lines fill the field from its top; three are set smaller and closer.
    let (size, first, step) = if lines.len() <= 2 {
        (8.0, 9.5, 10.0)
    } else {
        (7.0, 7.0, 7.6)
    };
    let shaped: Vec<Line> = lines
        .iter()
        .filter_map(|(style, text)| single_line(fonts, *style, size, text))
        .collect();
    for (i, line) in shaped.iter().enumerate() {
        draw_line(
            &mut surface,
            fonts,
            2.0,
            first + step * i as f32,
            size,
            line,
        );
    }
    surface.finish();
    page.finish();
    document.finish().map_err(export_error)
}

/// Lays out and renders `blocks` as a tagged PDF/A-2a document.
pub fn render(
    fonts: &Fonts,
    blocks: &[Block],
    head: &Header,
    foot: &Footer,
    meta: &Meta,
) -> Result<Rendered, PdfError> {
    let pages = paginate(fonts, blocks, &FRAME);
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Export(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..Default::default()
    };
    let mut document = Document::new_with(settings);
    let mut ids: BTreeMap<TagPath, Vec<Identifier>> = BTreeMap::new();
    let mut outline = Outline::new();
    let total = pages.len();
    let furniture = Furniture::new(fonts, head, foot);
    for (index, page_layout) in pages.iter().enumerate() {
        let Some(page_settings) = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT) else {
            return Err(PdfError::Export("ogiltig sidstorlek".into()));
        };
        let mut page = document.start_page_with(page_settings);
        let mut surface = page.surface();
        surface.set_fill(Some(black()));
        header(&mut surface, fonts, &furniture, index + 1, total);
        draw_items(&mut surface, fonts, page_layout, &mut ids);
        footer(&mut surface, fonts, &furniture);
        surface.finish();
        page.finish();
        for (title, y) in &page_layout.bookmarks {
            outline.push_child(OutlineNode::new(
                title.clone(),
                XyzDestination::new(index, Point::from_xy(FRAME.left, *y)),
            ));
        }
    }
    document.set_outline(outline);
    document.set_tag_tree(tag_tree(blocks, &mut ids));
    let c = meta.created;
    let created = DateTime::new(u16::try_from(c.year()).unwrap_or(2000))
        .month(c.month() as u8)
        .day(c.day() as u8)
        .hour(c.hour() as u8)
        .minute(c.minute() as u8)
        .second(c.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    document.set_metadata(
        Metadata::new()
            .title(meta.title.clone())
            .authors(vec![meta.author.clone()])
            .description(meta.subject.clone())
            .language("sv-SE".to_owned())
            .creator("Justera".to_owned())
            .creation_date(created),
    );
    let bytes = document.finish().map_err(export_error)?;
    let signature_slots = pages
        .iter()
        .enumerate()
        .flat_map(|(page, layout)| {
            layout.items.iter().filter_map(move |item| match item {
                Item::Slot {
                    field,
                    x,
                    y,
                    width,
                    height,
                } => Some(SignatureSlot {
                    field: field.clone(),
                    page,
                    rect: [
                        *x,
                        PAGE_HEIGHT - *y - *height,
                        *x + *width,
                        PAGE_HEIGHT - *y,
                    ],
                }),
                _ => None,
            })
        })
        .collect();
    Ok(Rendered {
        bytes,
        pages: total,
        conformance: Conformance::A2aUa1,
        signature_slots,
    })
}

/// Draws a page's items. Consecutive lines of the same tag path are one marked-content
/// sequence, so a paragraph on a page is one leaf in the tag tree, not one per line.
fn draw_items(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    page: &PageLayout,
    ids: &mut BTreeMap<TagPath, Vec<Identifier>>,
) {
    let mut open: Option<TagPath> = None;
    let mut in_artifact = false;
    let close = |surface: &mut Surface<'_>, open: &mut Option<TagPath>, in_artifact: &mut bool| {
        if open.take().is_some() || std::mem::take(in_artifact) {
            surface.end_tagged();
        }
    };
    for item in &page.items {
        match item {
            Item::Text {
                path,
                x,
                baseline,
                size,
                line,
                artifact,
            } => {
                if *artifact {
                    if !in_artifact {
                        close(surface, &mut open, &mut in_artifact);
                        surface.start_tagged(ContentTag::Artifact(
                            krilla::tagging::Artifact::with_kind(ArtifactType::Other),
                        ));
                        in_artifact = true;
                    }
                } else if open != Some(*path) {
                    close(surface, &mut open, &mut in_artifact);
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    ids.entry(*path).or_default().push(id);
                    open = Some(*path);
                }
                draw_line(surface, fonts, *x, *baseline, *size, line);
            }
            Item::Rule { x1, x2, y } => {
                close(surface, &mut open, &mut in_artifact);
                surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                    ArtifactType::Other,
                )));
                stroke_path(
                    surface,
                    |pb| {
                        pb.move_to(*x1, *y);
                        pb.line_to(*x2, *y);
                    },
                    0.4,
                );
                surface.end_tagged();
            }
            // The field itself is added to the file afterwards; on the page, a signature line
            // at its foot.
            Item::Slot {
                x,
                y,
                width,
                height,
                ..
            } => {
                close(surface, &mut open, &mut in_artifact);
                surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                    ArtifactType::Other,
                )));
                stroke_path(
                    surface,
                    |pb| {
                        pb.move_to(*x, *y + *height - 2.0);
                        pb.line_to(*x + *width, *y + *height - 2.0);
                    },
                    0.3,
                );
                surface.end_tagged();
            }
        }
    }
    close(surface, &mut open, &mut in_artifact);
}

fn leaf(tag: impl Into<krilla::tagging::TagKind>, ids: Vec<Identifier>) -> Option<TagGroup> {
    if ids.is_empty() {
        return None;
    }
    let mut g = TagGroup::new(tag);
    for id in ids {
        g.push(id);
    }
    Some(g)
}

/// The logical structure, in reading order: headings, paragraphs, lists and tables.
fn tag_tree(blocks: &[Block], ids: &mut BTreeMap<TagPath, Vec<Identifier>>) -> TagTree {
    let mut take = |p: TagPath| ids.remove(&p).unwrap_or_default();
    let mut tree = TagTree::new();
    for (i, block) in blocks.iter().enumerate() {
        let group = match block {
            Block::Slot { .. } => None,
            Block::Heading { level, lines, .. } => {
                let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                leaf(Tag::Hn(level, Some(lines.join(" "))), take((i, 0, 0)))
            }
            Block::Para { .. } => leaf(Tag::P, take((i, 0, 0))),
            Block::Rows { rows, .. } => {
                let mut table = TagGroup::new(Tag::Table);
                for r in 0..rows.len() {
                    let mut tr = TagGroup::new(Tag::TR);
                    if let Some(th) = leaf(Tag::TH(TableHeaderScope::Row), take((i, r, 0))) {
                        tr.push(th);
                    }
                    if let Some(td) = leaf(Tag::TD, take((i, r, 1))) {
                        tr.push(td);
                    }
                    if !tr.children.is_empty() {
                        table.push(tr);
                    }
                }
                (!table.children.is_empty()).then_some(table)
            }
            Block::List { items, .. } => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::None));
                for k in 0..items.len() {
                    if let Some(body) = leaf(Tag::LBody, take((i, k, 0))) {
                        let mut li = TagGroup::new(Tag::LI);
                        li.push(body);
                        list.push(li);
                    }
                }
                (!list.children.is_empty()).then_some(list)
            }
            Block::Table { header, rows, .. } => {
                let mut table = TagGroup::new(Tag::Table);
                for r in 0..=rows.len() {
                    let mut tr = TagGroup::new(Tag::TR);
                    for c in 0..header.len() {
                        let ids = take((i, r, c));
                        let cell = if r == 0 {
                            leaf(Tag::TH(TableHeaderScope::Column), ids)
                        } else {
                            leaf(Tag::TD, ids)
                        };
                        if let Some(cell) = cell {
                            tr.push(cell);
                        }
                    }
                    if !tr.children.is_empty() {
                        table.push(tr);
                    }
                }
                (!table.children.is_empty()).then_some(table)
            }
            Block::Rule { .. } | Block::PageBreak | Block::KeepTogether { .. } => None,
        };
        if let Some(g) = group {
            tree.push(g);
        }
    }
    tree
}

/// Characters the font cannot show are the writer's to fix, named as code points; anything
/// else is an internal failure.
fn export_error(e: krilla::error::KrillaError) -> PdfError {
    if let krilla::error::KrillaError::Validation(list) = &e {
        let mut missing: Vec<String> = Vec::new();
        for (problem, _) in list {
            let krilla::configure::ValidationError::ContainsNotDefGlyph(_, _, text) = problem
            else {
                return PdfError::Export(format!("{e:?}"));
            };
            for c in text.chars() {
                let name = format!("U+{:04X}", u32::from(c));
                if !missing.contains(&name) {
                    missing.push(name);
                }
            }
        }
        if !missing.is_empty() {
            return PdfError::MissingGlyphs(missing);
        }
    }
    PdfError::Export(format!("{e:?}"))
}
