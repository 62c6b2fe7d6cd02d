//! Pagination: blocks of a document are measured once (lines wrapped), then placed on pages
//! with headings kept with what follows, no single-line orphans or widows, table rows kept
//! whole and table headers repeated on continuation pages.

use crate::fonts::{Fonts, Style};
use crate::text::{Line, spans, wrap};

/// A block of a document, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading of one or more lines (e.g. "§ 162" and the title). `bookmark` names its
    /// outline entry.
    Heading {
        level: u16,
        lines: Vec<String>,
        size: f32,
        space_before: f32,
        bookmark: Option<String>,
    },
    /// A paragraph of prose; `*text*` is italic.
    Para {
        text: String,
        style: Style,
        size: f32,
        space_before: f32,
    },
    /// Label–value rows, as on the front page ("Ledamöter" → names).
    Rows {
        rows: Vec<(String, Vec<String>)>,
        label_width: f32,
        space_before: f32,
    },
    /// A list of items (Beslutsunderlag, Beslutet expedieras till).
    List {
        items: Vec<String>,
        space_before: f32,
    },
    /// A table with a header row; column widths as fractions of the frame.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        columns: Vec<f32>,
        space_before: f32,
    },
    /// A horizontal rule (decoration only).
    Rule { space_before: f32 },
    /// Start a new page.
    PageBreak,
    /// Keep the next `count` blocks on one page (when they fit on an empty one): the
    /// signatures of the front page are never split.
    KeepTogether { count: usize },
    /// The space a signer's signature field takes (named `field`), beside the names.
    Slot { field: String, height: f32 },
}

/// Where tagged content belongs: block, row, cell.
pub type TagPath = (usize, usize, usize);

/// Something placed on a page.
#[derive(Debug, Clone)]
pub enum Item {
    Text {
        path: TagPath,
        x: f32,
        baseline: f32,
        size: f32,
        line: Line,
        /// Repeated table headers are decoration, not content.
        artifact: bool,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
    /// A signature field's place (top-left origin, points).
    Slot {
        field: String,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

#[derive(Debug, Clone, Default)]
pub struct PageLayout {
    pub items: Vec<Item>,
    /// Outline entries that start on this page: (title, y).
    pub bookmarks: Vec<(String, f32)>,
}

/// The area text flows in.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Frame {
    pub fn width(&self) -> f32 {
        self.right - self.left
    }
}

pub const BODY_SIZE: f32 = 10.5;
/// Where a signature field starts (under the signer's name) and how wide it is at most.
const SLOT_INDENT: f32 = 300.0;
const SLOT_UNDER: f32 = 165.0;

/// The size of a signature field (and of its appearance), in points.
pub const SIGNATURE_FIELD: (f32, f32) = (177.0, 24.0);
const LEADING: f32 = 1.25;
const CELL_GAP: f32 = 6.0;

fn line_height(size: f32) -> f32 {
    size * LEADING
}

struct Wrapped {
    lines: Vec<Line>,
    size: f32,
}

impl Wrapped {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * line_height(self.size)
    }
}

enum Measured {
    Heading(Vec<Wrapped>),
    Para(Wrapped),
    /// Per row: label lines and value lines (all values one after another).
    Rows(Vec<(Wrapped, Vec<Wrapped>)>),
    List(Vec<Wrapped>),
    Table {
        header: Vec<Wrapped>,
        rows: Vec<Vec<Wrapped>>,
    },
    Rule,
    PageBreak,
    Keep(usize),
    Slot(f32),
}

fn row_height(label: &Wrapped, values: &[Wrapped]) -> f32 {
    let v: f32 = values.iter().map(Wrapped::height).sum();
    label.height().max(v)
}

fn cells_height(cells: &[Wrapped]) -> f32 {
    cells.iter().map(Wrapped::height).fold(0.0, f32::max) + 2.0
}

fn measure(fonts: &Fonts, block: &Block, frame: &Frame) -> Measured {
    let w = frame.width();
    let wrapped = |text: &str, style: Style, size: f32, width: f32| Wrapped {
        lines: wrap(fonts, &spans(text, style), size, width),
        size,
    };
    match block {
        Block::Heading { lines, size, .. } => Measured::Heading(
            lines
                .iter()
                .map(|l| wrapped(l, Style::Bold, *size, w))
                .collect(),
        ),
        Block::Para {
            text, style, size, ..
        } => Measured::Para(wrapped(text, *style, *size, w)),
        Block::Rows {
            rows, label_width, ..
        } => Measured::Rows(
            rows.iter()
                .map(|(label, values)| {
                    (
                        wrapped(label, Style::Bold, BODY_SIZE, label_width - CELL_GAP),
                        values
                            .iter()
                            .map(|v| wrapped(v, Style::Regular, BODY_SIZE, w - label_width))
                            .collect(),
                    )
                })
                .collect(),
        ),
        Block::List { items, .. } => Measured::List(
            items
                .iter()
                .map(|i| wrapped(i, Style::Regular, BODY_SIZE, w))
                .collect(),
        ),
        Block::Table {
            header,
            rows,
            columns,
            ..
        } => {
            let col_w = |c: usize| columns.get(c).copied().unwrap_or(0.0) * w - CELL_GAP;
            Measured::Table {
                header: header
                    .iter()
                    .enumerate()
                    .map(|(c, h)| wrapped(h, Style::Bold, BODY_SIZE, col_w(c)))
                    .collect(),
                rows: rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .enumerate()
                            .map(|(c, t)| wrapped(t, Style::Regular, BODY_SIZE, col_w(c)))
                            .collect()
                    })
                    .collect(),
            }
        }
        Block::Rule { .. } => Measured::Rule,
        Block::Slot { height, .. } => Measured::Slot(*height),
        Block::PageBreak => Measured::PageBreak,
        Block::KeepTogether { count } => Measured::Keep(*count),
    }
}

/// The whole height of a block laid out without a page break.
fn full_height(m: &Measured) -> f32 {
    match m {
        Measured::Heading(ws) => ws.iter().map(Wrapped::height).sum::<f32>(),
        Measured::Para(w) => w.height(),
        Measured::Rows(rows) => rows.iter().map(|(l, v)| row_height(l, v)).sum(),
        Measured::List(items) => items.iter().map(|w| w.height() + 2.0).sum(),
        Measured::Table { header, rows } => {
            cells_height(header) + rows.iter().map(|r| cells_height(r)).sum::<f32>()
        }
        // Mostly beside its row: only what reaches below the row counts.
        Measured::Slot(h) => (*h - line_height(BODY_SIZE)).max(0.0),
        Measured::Rule | Measured::PageBreak | Measured::Keep(_) => 0.0,
    }
}

/// What must follow a heading on its page: a short label or a second heading after it
/// ("Omröstningsresultat", "Omröstning", the tally) goes with it, then the start of the
/// content, so no heading is left alone at a page's foot.
fn heading_needs(blocks: &[Block], measured: &[Measured], i: usize) -> f32 {
    let mut need = 0.0;
    for j in i + 1..(i + 5).min(measured.len()) {
        let (Some(m), Some(b)) = (measured.get(j), blocks.get(j)) else {
            break;
        };
        need += space_before(b);
        let label = match m {
            Measured::Heading(_) => true,
            Measured::Para(w) => w.lines.len() <= 1,
            _ => false,
        };
        if label && j < i + 4 {
            need += full_height(m);
        } else {
            need += min_start(m);
            break;
        }
    }
    need
}

/// The least height that must follow a heading on the same page.
fn min_start(m: &Measured) -> f32 {
    match m {
        Measured::Heading(ws) => ws.iter().map(Wrapped::height).sum::<f32>(),
        Measured::Para(w) => w.lines.len().min(2) as f32 * line_height(w.size),
        Measured::Rows(rows) => rows.first().map_or(0.0, |(l, v)| row_height(l, v)),
        Measured::List(items) => items.first().map_or(0.0, Wrapped::height),
        Measured::Table { header, rows } => {
            cells_height(header) + rows.first().map_or(0.0, |r| cells_height(r))
        }
        // Mostly beside its row: only what reaches below the row counts.
        Measured::Slot(h) => (*h - line_height(BODY_SIZE)).max(0.0),
        Measured::Rule | Measured::PageBreak | Measured::Keep(_) => 0.0,
    }
}

fn space_before(block: &Block) -> f32 {
    match block {
        Block::Heading { space_before, .. }
        | Block::Para { space_before, .. }
        | Block::Rows { space_before, .. }
        | Block::List { space_before, .. }
        | Block::Table { space_before, .. }
        | Block::Rule { space_before } => *space_before,
        Block::PageBreak | Block::KeepTogether { .. } | Block::Slot { .. } => 0.0,
    }
}

struct Flow<'a> {
    frame: &'a Frame,
    done: Vec<PageLayout>,
    current: PageLayout,
    y: f32,
    /// The block and top of the last label–value row placed (a signature field goes beside it).
    last_row: Option<(usize, f32)>,
}

impl Flow<'_> {
    fn page(&mut self) -> &mut PageLayout {
        &mut self.current
    }

    fn at_top(&self) -> bool {
        self.y <= self.frame.top + 0.01
    }

    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.y = self.frame.top;
    }

    fn fits(&self, h: f32) -> bool {
        self.y + h <= self.frame.bottom + 0.01
    }

    /// Starts a new page unless `h` fits or we are already at the top.
    fn ensure(&mut self, h: f32) {
        if !self.fits(h) && !self.at_top() {
            self.new_page();
        }
    }

    fn space(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    fn place_line(&mut self, path: TagPath, x: f32, line: &Line, size: f32, artifact: bool) {
        let baseline = self.y + size;
        self.page().items.push(Item::Text {
            path,
            x,
            baseline,
            size,
            line: line.clone(),
            artifact,
        });
        self.y += line_height(size);
    }

    /// Places a paragraph's lines, splitting across pages without single-line orphans or
    /// widows.
    fn place_lines(&mut self, path: TagPath, x: f32, w: &Wrapped) {
        let lh = line_height(w.size);
        let mut rest: &[Line] = &w.lines;
        while !rest.is_empty() {
            let avail = ((self.frame.bottom - self.y) / lh + 0.01).floor().max(0.0) as usize;
            let mut n = avail.min(rest.len());
            if n < rest.len() {
                if n == 1 && rest.len() > 1 {
                    n = 0; // no orphan
                }
                if rest.len() - n == 1 && n >= 2 {
                    n -= 1; // no widow
                }
                if n == 0 {
                    if self.at_top() {
                        n = avail.max(1).min(rest.len());
                    } else {
                        self.new_page();
                        continue;
                    }
                }
            }
            let (now, later) = rest.split_at(n);
            for line in now {
                self.place_line(path, x, line, w.size, false);
            }
            rest = later;
            if !rest.is_empty() {
                self.new_page();
            }
        }
    }

    /// Places cells side by side and moves below the tallest.
    fn place_cells(
        &mut self,
        block: usize,
        row: usize,
        xs: &[f32],
        cells: &[Wrapped],
        artifact: bool,
    ) {
        let top = self.y;
        let mut bottom = top;
        for (c, (x, w)) in xs.iter().zip(cells).enumerate() {
            self.y = top;
            for line in &w.lines {
                self.place_line((block, row, c), *x, line, w.size, artifact);
            }
            bottom = bottom.max(self.y);
        }
        self.y = bottom + 2.0;
    }
}

/// Measures (shapes and wraps) every block; long documents use both halves of the machine.
fn measure_all(fonts: &Fonts, blocks: &[Block], frame: &Frame) -> Vec<Measured> {
    let serial = |part: &[Block]| -> Vec<Measured> {
        part.iter().map(|b| measure(fonts, b, frame)).collect()
    };
    if blocks.len() < 64 {
        return serial(blocks);
    }
    let (first, second) = blocks.split_at(blocks.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| serial(second));
        let mut measured = serial(first);
        match other.join() {
            Ok(rest) => measured.extend(rest),
            // A panic in the helper thread is not expected; measure that half here instead.
            Err(_) => measured.extend(serial(second)),
        }
        measured
    })
}

/// Lays out `blocks` on pages inside `frame`.
pub fn paginate(fonts: &Fonts, blocks: &[Block], frame: &Frame) -> Vec<PageLayout> {
    let measured = measure_all(fonts, blocks, frame);
    let mut flow = Flow {
        frame,
        done: Vec::new(),
        current: PageLayout::default(),
        y: frame.top,
        last_row: None,
    };
    for (i, (block, m)) in blocks.iter().zip(&measured).enumerate() {
        flow.space(space_before(block));
        match m {
            Measured::PageBreak => {
                if !flow.at_top() {
                    flow.new_page();
                }
            }
            Measured::Keep(count) => {
                let total: f32 = (i + 1..=i + count)
                    .filter_map(|j| {
                        Some(space_before(blocks.get(j)?) + full_height(measured.get(j)?))
                    })
                    .sum();
                if total <= frame.bottom - frame.top {
                    flow.ensure(total);
                }
            }
            Measured::Heading(ws) => {
                let own: f32 = ws.iter().map(Wrapped::height).sum();
                flow.ensure(own + heading_needs(blocks, &measured, i));
                if let Block::Heading {
                    bookmark: Some(title),
                    ..
                } = block
                {
                    let y = flow.y;
                    flow.page().bookmarks.push((title.clone(), y));
                }
                for w in ws {
                    for line in &w.lines {
                        flow.place_line((i, 0, 0), frame.left, line, w.size, false);
                    }
                }
            }
            Measured::Para(w) => flow.place_lines((i, 0, 0), frame.left, w),
            Measured::Rows(rows) => {
                let label_width = match block {
                    Block::Rows { label_width, .. } => *label_width,
                    _ => 0.0,
                };
                for (r, (label, values)) in rows.iter().enumerate() {
                    let h = row_height(label, values);
                    flow.ensure(h);
                    let top = flow.y;
                    flow.last_row = Some((i, top));
                    for line in &label.lines {
                        flow.place_line((i, r, 0), frame.left, line, label.size, false);
                    }
                    let label_bottom = flow.y;
                    flow.y = top;
                    for v in values {
                        flow.place_lines((i, r, 1), frame.left + label_width, v);
                    }
                    flow.y = flow.y.max(label_bottom);
                }
            }
            Measured::List(items) => {
                for (k, w) in items.iter().enumerate() {
                    flow.ensure(w.height().min(frame.bottom - frame.top));
                    flow.place_lines((i, k, 0), frame.left, w);
                    flow.y += 2.0;
                }
            }
            Measured::Table { header, rows } => {
                let columns = match block {
                    Block::Table { columns, .. } => columns.clone(),
                    _ => Vec::new(),
                };
                let mut xs = Vec::with_capacity(columns.len());
                let mut x = frame.left;
                for c in &columns {
                    xs.push(x);
                    x += c * frame.width();
                }
                let header_h = cells_height(header);
                flow.ensure(header_h + rows.first().map_or(0.0, |r| cells_height(r)));
                flow.place_cells(i, 0, &xs, header, false);
                for (r, cells) in rows.iter().enumerate() {
                    let h = cells_height(cells);
                    if !flow.fits(h) {
                        flow.new_page();
                        flow.place_cells(i, 0, &xs, header, true);
                    }
                    flow.place_cells(i, r + 1, &xs, cells, false);
                }
            }
            Measured::Slot(height) => {
                // Beside the signer's name (the row before), or under it when the name leaves
                // too little room.
                let row = flow.last_row;
                let name_end = flow
                    .current
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Text { path, x, line, .. } if Some(path.0) == row.map(|r| r.0) => {
                            Some(x + line.width)
                        }
                        _ => None,
                    })
                    .fold(frame.left, f32::max);
                let beside = frame.left + SLOT_INDENT;
                let (x, top) = match row {
                    Some((_, top)) if name_end + 8.0 <= beside => (beside, top),
                    _ => {
                        flow.ensure(*height);
                        (frame.left + SLOT_UNDER, flow.y)
                    }
                };
                if let Block::Slot { field, .. } = block {
                    flow.page().items.push(Item::Slot {
                        field: field.clone(),
                        x,
                        y: top,
                        width: (frame.right - x).min(SIGNATURE_FIELD.0),
                        height: *height,
                    });
                }
                flow.y = flow.y.max(top + height);
            }
            Measured::Rule => {
                flow.ensure(4.0);
                let y = flow.y + 2.0;
                flow.page().items.push(Item::Rule {
                    x1: frame.left,
                    x2: frame.right,
                    y,
                });
                flow.y += 4.0;
            }
        }
    }
    flow.done.push(flow.current);
    flow.done
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const FRAME: Frame = Frame {
        left: 50.0,
        right: 450.0,
        top: 100.0,
        bottom: 400.0,
    };

    fn para(words: usize) -> Block {
        Block::Para {
            text: "ord ".repeat(words).trim_end().to_owned(),
            style: Style::Regular,
            size: BODY_SIZE,
            space_before: 0.0,
        }
    }

    fn heading(text: &str) -> Block {
        Block::Heading {
            level: 2,
            lines: vec![text.to_owned()],
            size: 12.0,
            space_before: 0.0,
            bookmark: Some(text.to_owned()),
        }
    }

    /// (page, path) of every text line.
    fn lines(pages: &[PageLayout]) -> Vec<(usize, TagPath)> {
        pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.items.iter().filter_map(move |it| match it {
                    Item::Text { path, .. } => Some((i, *path)),
                    Item::Rule { .. } | Item::Slot { .. } => None,
                })
            })
            .collect()
    }

    #[test]
    fn a_heading_at_the_bottom_moves_to_the_next_page() {
        let fonts = Fonts::load().unwrap();
        // The frame holds 300 / 13.125 = 22 lines. 21 lines of text, then a heading.
        let filler = wrap(
            &fonts,
            &spans(&"ord ".repeat(2000), Style::Regular),
            BODY_SIZE,
            400.0,
        );
        let per_line = filler[0].runs.iter().map(|r| r.text.len()).sum::<usize>() / 4;
        let blocks = vec![para(per_line * 21 - 1), heading("Beslut"), para(40)];
        let pages = paginate(&fonts, &blocks, &FRAME);
        let l = lines(&pages);
        let heading_page = l.iter().find(|(_, p)| p.0 == 1).unwrap().0;
        let first_after = l.iter().find(|(_, p)| p.0 == 2).unwrap().0;
        assert_eq!(heading_page, first_after, "heading separated from its text");
        assert_eq!(heading_page, 1);
        assert_eq!(pages[1].bookmarks[0].0, "Beslut");
    }

    #[test]
    fn a_heading_with_labels_goes_with_its_table() {
        // "Omröstningsresultat", the vote's label and its tally, then the voting list: with
        // room for the heading and the labels but not the table's first row, all move on.
        let fonts = Fonts::load().unwrap();
        let filler = wrap(
            &fonts,
            &spans(&"ord ".repeat(2000), Style::Regular),
            BODY_SIZE,
            400.0,
        );
        let per_line = filler[0].runs.iter().map(|r| r.text.len()).sum::<usize>() / 4;
        for lead in 15..21 {
            let blocks = vec![
                para(per_line * lead - 1),
                heading("Omröstningsresultat"),
                para(1),
                para(3),
                Block::Table {
                    header: vec!["Ledamot".into(), "Röst".into()],
                    rows: (0..9).map(|i| vec![format!("L{i}"), "Ja".into()]).collect(),
                    columns: vec![0.7, 0.3],
                    space_before: 0.0,
                },
            ];
            let pages = paginate(&fonts, &blocks, &FRAME);
            let l = lines(&pages);
            let heading_page = l.iter().find(|(_, p)| p.0 == 1).unwrap().0;
            let table_page = l.iter().find(|(_, p)| p.0 == 4).unwrap().0;
            assert_eq!(
                heading_page, table_page,
                "lead {lead}: heading alone at the foot"
            );
        }
    }

    #[test]
    fn blocks_kept_together_move_as_one() {
        let fonts = Fonts::load().unwrap();
        let filler = wrap(
            &fonts,
            &spans(&"ord ".repeat(2000), Style::Regular),
            BODY_SIZE,
            400.0,
        );
        let per_line = filler[0].runs.iter().map(|r| r.text.len()).sum::<usize>() / 4;
        let blocks = vec![
            para(per_line * 18 - 1),
            Block::KeepTogether { count: 3 },
            heading("Underskrifter"),
            para(per_line * 2 - 1),
            para(per_line * 2 - 1),
        ];
        let pages = paginate(&fonts, &blocks, &FRAME);
        let l = lines(&pages);
        let pages_of = |b: usize| -> Vec<usize> {
            l.iter()
                .filter(|(_, p)| p.0 == b)
                .map(|(page, _)| *page)
                .collect()
        };
        assert!(
            pages_of(2)
                .iter()
                .chain(&pages_of(3))
                .chain(&pages_of(4))
                .all(|p| *p == 1)
        );
    }

    #[test]
    fn no_single_line_orphans_or_widows() {
        let fonts = Fonts::load().unwrap();
        for words in (100..1200).step_by(37) {
            for lead in 0..22 {
                let blocks = vec![para(lead * 6), para(words)];
                let pages = paginate(&fonts, &blocks, &FRAME);
                let l: Vec<usize> = lines(&pages)
                    .into_iter()
                    .filter(|(_, p)| p.0 == 1)
                    .map(|(page, _)| page)
                    .collect();
                if l.len() < 4 {
                    continue;
                }
                let first_page = l[0];
                let last_page = l[l.len() - 1];
                let on_first = l.iter().filter(|p| **p == first_page).count();
                let on_last = l.iter().filter(|p| **p == last_page).count();
                if first_page != last_page {
                    assert!(on_first >= 2, "orphan: lead {lead}, words {words}");
                    assert!(on_last >= 2, "widow: lead {lead}, words {words}");
                }
            }
        }
    }

    #[test]
    fn table_rows_are_not_split_and_headers_repeat() {
        let fonts = Fonts::load().unwrap();
        let blocks = vec![Block::Table {
            header: vec!["Ledamot".into(), "Röst".into()],
            rows: (0..70)
                .map(|i| vec![format!("Ledamot {i}"), "Ja".into()])
                .collect(),
            columns: vec![0.7, 0.3],
            space_before: 0.0,
        }];
        let pages = paginate(&fonts, &blocks, &FRAME);
        assert!(pages.len() >= 3);
        for page in &pages {
            let header_cells = page
                .items
                .iter()
                .filter(|it| {
                    matches!(
                        it,
                        Item::Text {
                            path: (0, 0, _),
                            ..
                        }
                    )
                })
                .count();
            assert_eq!(header_cells, 2, "header on every page");
        }
        // Each row's two cells share a page.
        let l = lines(&pages);
        for r in 1..=70 {
            let rows: Vec<usize> = l
                .iter()
                .filter(|(_, p)| p.1 == r)
                .map(|(pg, _)| *pg)
                .collect();
            assert_eq!(rows.len(), 2);
            assert_eq!(rows[0], rows[1]);
        }
    }
}
