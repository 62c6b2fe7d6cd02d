//! The documents Justera produces, as blocks: the minutes, the public copy, the notice
//! (anslagsbevis) and the certified extract.

use chrono::NaiveDate;
use justera_domain::document::MeetingDocument;
use justera_domain::meeting::AdjustmentRecord;
use justera_domain::protocol::{ProtocolView, SectionBody};
use justera_domain::text::{genitive, iso_date, paragraph_label};

use crate::fonts::Style;
use crate::layout::{BODY_SIZE, Block};

const LABEL_WIDTH: f32 = 165.0;

fn para(text: impl Into<String>, space_before: f32) -> Block {
    Block::Para {
        text: text.into(),
        style: Style::Regular,
        size: BODY_SIZE,
        space_before,
    }
}

fn bold(text: impl Into<String>, space_before: f32) -> Block {
    Block::Para {
        text: text.into(),
        style: Style::Bold,
        size: BODY_SIZE,
        space_before,
    }
}

fn heading(level: u16, lines: Vec<String>, size: f32, space_before: f32) -> Block {
    Block::Heading {
        level,
        lines,
        size,
        space_before,
        bookmark: None,
    }
}

/// The front page, the signatures, every paragraph and the proofs of posting.
pub fn protocol_blocks(view: &ProtocolView) -> Vec<Block> {
    let mut blocks = vec![heading(
        1,
        vec![format!("{} – sammanträdesprotokoll", view.body)],
        15.0,
        0.0,
    )];
    if let Some(notice) = &view.copy_notice {
        blocks.push(bold(notice.clone(), 8.0));
    }
    for section in &view.front {
        if let Some(h) = &section.heading {
            blocks.push(heading(2, vec![h.clone()], 12.0, 14.0));
        }
        blocks.push(Block::Rows {
            rows: section
                .rows
                .iter()
                .map(|r| (r.label.clone(), r.values.clone()))
                .collect(),
            label_width: LABEL_WIDTH,
            space_before: 8.0,
        });
    }
    blocks.extend(signature_blocks(view));
    blocks.extend(paragraph_blocks(view));
    for proof in &view.proofs {
        blocks.push(Block::Rule { space_before: 18.0 });
        blocks.push(Block::Heading {
            level: 2,
            lines: vec![proof.heading.clone()],
            size: 12.0,
            space_before: 6.0,
            bookmark: Some(proof.heading.clone()),
        });
        for line in &proof.lines {
            blocks.push(para(line.clone(), 4.0));
        }
    }
    blocks
}

/// The height of a signature field: two lines of its appearance.
const SLOT_HEIGHT: f32 = crate::layout::SIGNATURE_FIELD.1;

/// "Underskrifter": each group's heading and signers, kept together on one page. A signer with
/// a field to fill gets a row of their own and the field's place under it.
fn signature_blocks(view: &ProtocolView) -> Vec<Block> {
    if view.signatures.is_empty() {
        return Vec::new();
    }
    let mut inner = vec![heading(2, vec!["Underskrifter".into()], 12.0, 16.0)];
    for group in &view.signatures {
        inner.push(bold(group.heading.clone(), 8.0));
        let fields = group.signers.iter().any(|s| s.field.is_some());
        if !fields {
            inner.push(Block::Rows {
                rows: group
                    .signers
                    .iter()
                    .map(|s| (s.role.clone(), vec![format!("{} – {}", s.name, s.status)]))
                    .collect(),
                label_width: LABEL_WIDTH,
                space_before: 4.0,
            });
            continue;
        }
        for s in &group.signers {
            inner.push(Block::Rows {
                rows: vec![(s.role.clone(), vec![s.name.clone()])],
                label_width: LABEL_WIDTH,
                space_before: 2.0,
            });
            if let Some(field) = &s.field {
                inner.push(Block::Slot {
                    field: field.clone(),
                    height: SLOT_HEIGHT,
                });
            }
        }
    }
    let mut blocks = vec![Block::KeepTogether { count: inner.len() }];
    blocks.extend(inner);
    blocks
}

/// Every paragraph of the view, each starting on a new page.
fn paragraph_blocks(view: &ProtocolView) -> Vec<Block> {
    let mut blocks = Vec::new();
    for p in &view.paragraphs {
        blocks.push(Block::PageBreak);
        blocks.push(Block::Heading {
            level: 2,
            lines: vec![format!("§ {}", p.number), p.title.clone()],
            size: 13.0,
            space_before: 0.0,
            bookmark: Some(format!("§ {} {}", p.number, p.title)),
        });
        for line in &p.head_lines {
            blocks.push(para(line.clone(), 6.0));
        }
        for section in &p.sections {
            blocks.push(heading(
                3,
                vec![section.heading.clone()],
                BODY_SIZE + 0.5,
                12.0,
            ));
            match &section.body {
                SectionBody::Text(items) => {
                    for (i, item) in items.iter().enumerate() {
                        blocks.push(para(item.clone(), if i == 0 { 3.0 } else { 6.0 }));
                    }
                }
                SectionBody::List(items) => blocks.push(Block::List {
                    items: items.clone(),
                    space_before: 3.0,
                }),
                SectionBody::Votes(votes) => {
                    for v in votes {
                        blocks.push(bold(v.heading.clone(), 4.0));
                        blocks.push(para(v.tally.clone(), 2.0));
                        blocks.push(Block::Table {
                            header: vec!["Ledamot".into(), "Röst".into()],
                            rows: v
                                .rows
                                .iter()
                                .map(|(n, b)| vec![n.clone(), b.clone()])
                                .collect(),
                            columns: vec![0.7, 0.3],
                            space_before: 4.0,
                        });
                    }
                }
            }
        }
    }
    blocks
}

/// The notice of an adjusted protocol (anslagsbevis), one page.
pub fn notice_blocks(doc: &MeetingDocument, adjustment: &AdjustmentRecord) -> Vec<Block> {
    let mut blocks = vec![heading(
        1,
        vec![if adjustment.immediate {
            "Bevis om tillkännagivande av justerat protokoll (direktjustering)".to_owned()
        } else {
            "Bevis om tillkännagivande av justerat protokoll".to_owned()
        }],
        14.0,
        0.0,
    )];
    blocks.push(para(
        format!(
            "Justeringen av {} protokoll har tillkännagivits på {} anslagstavla.",
            genitive(&doc.body.definite_name),
            genitive(&doc.organization.name)
        ),
        8.0,
    ));
    let mut rows = vec![
        ("Organ".to_owned(), vec![doc.body.name.clone()]),
        (
            "Sammanträdesdatum".to_owned(),
            vec![iso_date(doc.meeting.date)],
        ),
        (
            "Paragrafer".to_owned(),
            vec![paragraph_label(&adjustment.paragraphs)],
        ),
        (
            "Protokollet justerades".to_owned(),
            vec![iso_date(adjustment.adjusted_on)],
        ),
    ];
    if let Some(n) = &adjustment.notice {
        rows.push((
            "Tillkännagivandet publiceras".to_owned(),
            vec![iso_date(n.dates.posted)],
        ));
        rows.push((
            "Överklagandetiden går ut".to_owned(),
            vec![iso_date(n.dates.last_appeal_day)],
        ));
        rows.push((
            "Publiceringen upphör".to_owned(),
            vec![iso_date(n.dates.takedown)],
        ));
    }
    rows.push((
        "Förvaringsplats för protokollet".to_owned(),
        vec![doc.organization.protocol_storage.clone()],
    ));
    blocks.push(Block::Rows {
        rows,
        label_width: LABEL_WIDTH + 20.0,
        space_before: 10.0,
    });
    blocks.push(heading(2, vec!["Så överklagar du".into()], 12.0, 18.0));
    blocks.push(para(
        format!(
            "Den som är medlem i kommunen kan överklaga beslutet genom laglighetsprövning enligt 13 kap. kommunallagen. Överklagandet ska ha kommit in till {} inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla att protokollet justerats.",
            doc.organization.protocol.court()
        ),
        4.0,
    ));
    blocks
}

/// Who certifies an extract, and when.
#[derive(Debug, Clone)]
pub struct Certification {
    pub name: String,
    pub title: String,
    pub date: NaiveDate,
}

/// A head (title; body, date, §§ and `extra` rows) followed by the view's paragraphs, the
/// first of them on the same page.
fn head_and_paragraphs(
    view: &ProtocolView,
    title: &str,
    extra: Vec<(String, Vec<String>)>,
) -> Vec<Block> {
    let numbers: Vec<u32> = view.paragraphs.iter().map(|p| p.number).collect();
    let mut rows = vec![
        ("Organ".into(), vec![view.body.clone()]),
        ("Sammanträdesdatum".into(), vec![view.date_label.clone()]),
        ("Paragrafer".into(), vec![paragraph_label(&numbers)]),
    ];
    rows.extend(extra);
    head_then_paragraphs(view, title, rows, false)
}

/// A title and label–value rows, a rule, then the view's paragraphs (the first not on a new
/// page): the head of an extract and of an immediate adjustment's document.
fn head_then_paragraphs(
    view: &ProtocolView,
    title: &str,
    rows: Vec<(String, Vec<String>)>,
    signatures: bool,
) -> Vec<Block> {
    let mut blocks = vec![
        heading(1, vec![title.to_owned()], 15.0, 0.0),
        Block::Rows {
            rows,
            label_width: LABEL_WIDTH,
            space_before: 8.0,
        },
    ];
    if signatures {
        blocks.extend(signature_blocks(view));
    }
    let mut paragraphs = paragraph_blocks(view);
    if matches!(paragraphs.first(), Some(Block::PageBreak)) {
        paragraphs.remove(0);
        blocks.push(Block::Rule { space_before: 10.0 });
    }
    blocks.extend(paragraphs);
    blocks
}

/// A certified extract of some paragraphs.
pub fn extract_blocks(view: &ProtocolView, certification: &Certification) -> Vec<Block> {
    let mut blocks = head_and_paragraphs(view, "Utdrag ur protokoll", Vec::new());
    blocks.push(Block::Rule { space_before: 18.0 });
    blocks.push(Block::Heading {
        level: 2,
        lines: vec!["Utdragsbestyrkande".into()],
        size: 12.0,
        space_before: 6.0,
        bookmark: Some("Utdragsbestyrkande".into()),
    });
    blocks.push(para(
        "Utdraget överensstämmer med originalprotokollet.",
        4.0,
    ));
    blocks.push(Block::Rows {
        rows: vec![
            (
                "Bestyrkt av".into(),
                vec![format!("{}, {}", certification.name, certification.title)],
            ),
            ("Datum".into(), vec![iso_date(certification.date)]),
        ],
        label_width: LABEL_WIDTH,
        space_before: 6.0,
    });
    blocks
}

/// The document of an immediate adjustment: the view's own head rows (the same the signers
/// read on the web), then the paragraphs, each with "Paragrafen förklaras omedelbart justerad".
pub fn immediate_blocks(view: &ProtocolView) -> Vec<Block> {
    let title = view
        .heading
        .clone()
        .unwrap_or_else(|| "Omedelbart justerade paragrafer".into());
    let rows = view
        .front
        .iter()
        .flat_map(|s| s.rows.iter())
        .map(|r| (r.label.clone(), r.values.clone()))
        .collect();
    head_then_paragraphs(view, &title, rows, true)
}
