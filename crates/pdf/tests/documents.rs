//! The documents, checked from the outside: text extracted with poppler, validated with qpdf,
//! pdffonts, pdfinfo and pikepdf, redaction, determinism and layout edge cases.
//! External tools skip loudly when missing, unless `JUSTERA_REQUIRE_PDF_TOOLS=1` (as in CI).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use justera_domain::document::MeetingDocument;
use justera_domain::paragraph::Confidentiality;
use justera_pdf::{Block, Certification, Renderer, sample};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn created() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 10, 21)
        .unwrap()
        .and_hms_opt(18, 0, 0)
        .unwrap()
}

fn required() -> bool {
    std::env::var("JUSTERA_REQUIRE_PDF_TOOLS").is_ok_and(|v| v == "1")
}

fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        assert!(
            !required(),
            "{tool} is required (JUSTERA_REQUIRE_PDF_TOOLS=1)"
        );
        eprintln!(
            "\n!!! SKIPPING a PDF check: {tool} is not installed (apt-get install poppler-utils qpdf) !!!\n"
        );
    }
    ok
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// `pdftotext -layout`, or None when poppler is missing.
fn text_of(path: &Path) -> Option<String> {
    if !have("pdftotext") {
        return None;
    }
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).unwrap())
}

fn seed() -> MeetingDocument {
    sample::seed().unwrap()
}

#[test]
fn same_data_and_clock_give_the_same_bytes() {
    let r = Renderer::new().unwrap();
    let a = r.minutes(&seed(), created()).unwrap();
    let b = r.minutes(&seed(), created()).unwrap();
    assert_eq!(a.bytes, b.bytes);
    let c = r
        .minutes(&seed(), created() + chrono::Duration::seconds(1))
        .unwrap();
    assert_ne!(a.bytes, c.bytes, "the clock is part of the document");
    let long1 = r
        .minutes(&sample::long_protocol(40, 2).unwrap(), created())
        .unwrap();
    let long2 = r
        .minutes(&sample::long_protocol(40, 2).unwrap(), created())
        .unwrap();
    assert_eq!(long1.bytes, long2.bytes);
}

#[test]
fn seed_minutes_text_matches_the_reviewed_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let rendered = Renderer::new()
        .unwrap()
        .minutes(&seed(), created())
        .unwrap();
    let path = write(&dir, "minutes.pdf", &rendered.bytes);
    let Some(text) = text_of(&path) else { return };
    let golden = root().join("tests/golden/ks-2024-10-21.minutes.txt");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&golden, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(
        text, expected,
        "run with UPDATE_GOLDEN=1 and review the diff"
    );
    for needle in [
        "§ 162",
        "Verksamhetsplan 2025–2027 för kommunstyrelsen",
        "Lennart Martinsson (SD) för Gerth Månsson (-)",
        "Öppet sammanträde § 157, 161-162",
        "Ordförande Johan Björkman (M) finner att det finns ett förslag till beslut",
        "Publiceringen av tillkännagivandet upphör 2024-11-13",
        "Överklagandetiden går ut 2024-11-12",
        "Sida 1 av",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    // Signed digitally: no empty paper boxes on the pages.
    assert!(!text.contains("Justerandes signatur"), "{text}");
}

#[test]
fn paper_signature_boxes_only_for_organizations_that_sign_on_paper() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new().unwrap();
    let mut doc = seed();
    doc.organization.protocol.paper_signature_boxes = true;
    let path = dir.path().join("papper.pdf");
    std::fs::write(&path, r.minutes(&doc, created()).unwrap().bytes).unwrap();
    let Some(text) = text_of(&path) else { return };
    let pages = text.matches("Sida ").count();
    assert!(pages >= 2, "{text}");
    assert_eq!(
        text.matches("Justerandes signatur").count(),
        pages,
        "{text}"
    );
    assert_eq!(text.matches("Utdragsbestyrkande").count(), pages, "{text}");
}

#[test]
fn every_document_passes_the_independent_checks() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new().unwrap();
    let doc = seed();
    let cert = Certification {
        name: "Alexandra Skoog".into(),
        title: "kommunsekreterare".into(),
        date: NaiveDate::from_ymd_opt(2024, 10, 22).unwrap(),
    };
    let files = [
        write(
            &dir,
            "minutes.pdf",
            &r.minutes(&doc, created()).unwrap().bytes,
        ),
        write(
            &dir,
            "public.pdf",
            &r.public_copy(&doc, created()).unwrap().bytes,
        ),
        write(
            &dir,
            "notice.pdf",
            &r.notice(&doc, created()).unwrap().bytes,
        ),
        write(
            &dir,
            "extract.pdf",
            &r.extract(&doc, &[161, 162], &cert, created())
                .unwrap()
                .bytes,
        ),
        write(
            &dir,
            "long.pdf",
            &r.minutes(&sample::long_protocol(40, 2).unwrap(), created())
                .unwrap()
                .bytes,
        ),
    ];
    let script = root().join("tests/pdf/check_pdf.py");
    let out = match Command::new("python3").arg(&script).args(&files).output() {
        Ok(out) => out,
        Err(e) => {
            assert!(!required(), "python3: {e}");
            eprintln!("\n!!! SKIPPING PDF validation: python3 not runnable !!!\n");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() == Some(3) {
        assert!(
            !required(),
            "PDF tools missing: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "\n!!! SKIPPING PDF validation: {} (apt-get install qpdf poppler-utils; pip install pikepdf) !!!\n",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return;
    }
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.matches("PDF/A-2a, PDF/UA-1").count(),
        files.len(),
        "{stdout}"
    );
}

fn with_confidential(doc: &mut MeetingDocument) {
    let p = doc
        .meeting
        .paragraphs
        .iter_mut()
        .find(|p| p.number == 159)
        .unwrap();
    p.title = "Ansökan om bistånd – Kalle Hemlig".into();
    p.summary = Some("Kalle Hemlig har ansökt om ekonomiskt bistånd för hyra.".into());
    p.decision = vec!["Kommunstyrelsen avslår ansökan.".into()];
    p.confidentiality = Confidentiality::Confidential {
        reason: "26 kap. 1 § offentlighets- och sekretesslagen".into(),
        title_confidential: true,
    };
}

#[test]
fn confidential_paragraphs_never_reach_the_public_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = seed();
    with_confidential(&mut doc);
    let r = Renderer::new().unwrap();
    let original = write(&dir, "o.pdf", &r.minutes(&doc, created()).unwrap().bytes);
    let public = write(
        &dir,
        "p.pdf",
        &r.public_copy(&doc, created()).unwrap().bytes,
    );
    let (Some(original), Some(public)) = (text_of(&original), text_of(&public)) else {
        return;
    };
    assert!(original.contains("Kalle Hemlig"));
    assert!(!public.contains("Kalle Hemlig"), "{public}");
    assert!(!public.contains("ekonomiskt bistånd"));
    assert!(public.contains("Rubriken omfattas av sekretess"));
    assert!(public.contains("omfattas av sekretess (26 kap. 1 § offentlighets- och"));
    assert!(public.contains("Offentlig kopia"));
    assert!(
        public.contains("Verksamhetsplan 2025–2027"),
        "public paragraphs stay"
    );
}

#[test]
fn a_personal_identity_number_blocks_publication_and_names_the_paragraph() {
    let mut doc = seed();
    let p = doc
        .meeting
        .paragraphs
        .iter_mut()
        .find(|p| p.number == 162)
        .unwrap();
    p.summary = Some(format!(
        "{} Sökanden har personnummer 811218-9876.",
        p.summary.clone().unwrap_or_default()
    ));
    let err = Renderer::new()
        .unwrap()
        .public_copy(&doc, created())
        .err()
        .unwrap();
    assert_eq!(err.code(), "personal_identity_number");
    let msg = err.to_string();
    assert!(
        msg.contains("§ 162") && msg.contains("811218-****"),
        "{msg}"
    );
    assert!(
        !msg.contains("9876"),
        "the error must not repeat the number"
    );
    // In a confidential paragraph the number is masked with the paragraph: no error.
    if let Some(p) = doc.meeting.paragraphs.iter_mut().find(|p| p.number == 162) {
        p.confidentiality = Confidentiality::Confidential {
            reason: "26 kap. 1 § offentlighets- och sekretesslagen".into(),
            title_confidential: false,
        };
    }
    assert!(
        Renderer::new()
            .unwrap()
            .public_copy(&doc, created())
            .is_ok()
    );
}

#[test]
fn notice_and_extract() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new().unwrap();
    let doc = seed();
    let notice = r.notice(&doc, created()).unwrap();
    assert_eq!(notice.pages, 1);
    let cert = Certification {
        name: "Alexandra Skoog".into(),
        title: "kommunsekreterare".into(),
        date: NaiveDate::from_ymd_opt(2024, 10, 22).unwrap(),
    };
    // Only adjusted paragraphs can be extracted: § 158 is not.
    let err = r.extract(&doc, &[158], &cert, created()).err().unwrap();
    assert_eq!(
        err.to_string(),
        "§ 158 är inte justerad; utdrag kan bara göras ur justerade paragrafer"
    );
    assert_eq!(
        r.extract(&doc, &[999], &cert, created())
            .err()
            .unwrap()
            .code(),
        "unknown_paragraph"
    );
    let extract = r.extract(&doc, &[162], &cert, created()).unwrap();
    let np = write(&dir, "n.pdf", &notice.bytes);
    let ep = write(&dir, "e.pdf", &extract.bytes);
    let (Some(n), Some(e)) = (text_of(&np), text_of(&ep)) else {
        return;
    };
    for needle in [
        "Bevis om tillkännagivande av justerat protokoll (direktjustering)",
        "2024-10-22",
        "2024-11-12",
        "2024-11-13",
        "förvaltningsrätten inom tre veckor",
        "Kommunstyrelseförvaltningen, kansliet",
    ] {
        assert!(n.contains(needle), "notice lacks {needle:?}\n{n}");
    }
    assert!(e.contains("Utdrag ur protokoll"));
    assert!(e.contains("Utdraget överensstämmer med originalprotokollet."));
    assert!(e.contains("Alexandra Skoog, kommunsekreterare"));
    assert!(e.contains("2024-10-22"));
    assert!(e.contains("§ 162") && !e.contains("§ 161\n"));
}

#[test]
fn layout_edge_cases() {
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new().unwrap();
    let doc = seed();
    let long_word = "Översiktsplaneringsförfarandebeslutsunderlagssammanställningsdokumentationen";
    let long_name =
        "Anna-Karin Maria Elisabeth Johansson-Östergren de la Gardie Bernadotte af Wisborg (KD)";
    let mut blocks = vec![Block::Heading {
        level: 1,
        lines: vec![format!("§ 1 {long_word}")],
        size: 13.0,
        space_before: 0.0,
        bookmark: Some("§ 1".into()),
    }];
    // A paragraph longer than a page.
    let sentence = "Kommunstyrelsen ansvarar för kommunövergripande styrning, samordning, planering, utveckling och uppföljning av de kommunala verksamheterna och bolagen. ";
    blocks.push(Block::Para {
        text: format!("{}SLUTET AV STYCKET.", sentence.repeat(60)),
        style: justera_pdf::Style::Regular,
        size: 10.5,
        space_before: 6.0,
    });
    // A 70-row voting list (a council).
    blocks.push(Block::Table {
        header: vec!["Ledamot".into(), "Röst".into()],
        rows: (1..=70)
            .map(|i| {
                vec![
                    if i == 35 {
                        long_name.to_owned()
                    } else {
                        format!("Ledamot nummer {i} (S)")
                    },
                    ["Ja", "Nej", "Avstår"][i % 3].to_owned(),
                ]
            })
            .collect(),
        columns: vec![0.7, 0.3],
        space_before: 8.0,
    });
    let rendered = r.blocks(&doc, &blocks, created()).unwrap();
    assert!(rendered.pages >= 4, "{} pages", rendered.pages);
    let path = write(&dir, "edge.pdf", &rendered.bytes);
    let Some(text) = text_of(&path) else { return };
    assert!(text.contains("SLUTET AV STYCKET."));
    for i in [1, 34, 36, 70] {
        assert!(text.contains(&format!("Ledamot nummer {i} (S)")), "row {i}");
    }
    assert!(text.contains("Bernadotte"));
    // The table header is repeated on the pages the table continues on.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let with_rows: Vec<&&str> = pages
        .iter()
        .filter(|p| p.contains("Ledamot nummer"))
        .collect();
    assert!(with_rows.len() >= 2);
    for p in &with_rows {
        assert!(p.contains("Röst"), "header missing on a continuation page");
    }
    // The long word was split, and all its letters are there.
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(long_word), "long word lost");
}

#[test]
fn characters_the_font_lacks_are_named_not_an_internal_error() {
    let mut doc = seed();
    doc.meeting.paragraphs[0].title = "Ärende med \u{5CADF} i rubriken".into();
    let Err(err) = Renderer::new().unwrap().minutes(&doc, created()) else {
        panic!("a character the font lacks was rendered");
    };
    assert_eq!(err.code(), "missing_glyphs", "{err}");
    assert!(err.to_string().contains("U+5CADF"), "{err}");
}

/// A small protocol: one §, one vote, one reservation — the whole PDF text reviewed as a
/// golden file (tests/golden/one-paragraph.minutes.txt).
#[test]
fn a_protocol_with_one_paragraph_one_vote_and_one_reservation_matches_the_reviewed_text() {
    use justera_domain::decision::{
        Alternative, Ballot, DecisionRecord, MainVote, RollCall, Step, VoteEntry,
    };
    use justera_domain::meeting::MeetingStatus;
    use justera_domain::paragraph::{
        Motion, MotionKind, MotionTarget, Paragraph, Proposal, Reservation,
    };

    let mut doc = seed();
    let m = &mut doc.meeting;
    m.status = MeetingStatus::Closed;
    m.adjustments.clear();
    m.pending_adjustment = None;
    m.pending_immediate = None;
    m.attendance.changes.clear();
    m.attendance.recusals.clear();
    m.officials.retain(|o| o.paragraphs.is_empty());
    m.adjustment_place_and_time = "Digital justering".into();
    let mut p = Paragraph::new(157, "Motion om fler laddstolpar vid kommunens anläggningar");
    p.case_number = Some("KSF-2024-101".into());
    p.proposal = Some(Proposal {
        source: "arbetsutskottets förslag".into(),
        clauses: vec!["Motionen avslås.".into()],
    });
    let patrik = doc
        .persons
        .iter()
        .find(|x| x.name == "Patrik Harrysson")
        .unwrap()
        .id;
    let lisbeth = doc
        .persons
        .iter()
        .find(|x| x.name == "Lisbeth Jakobsson")
        .unwrap()
        .id;
    p.motions.push(Motion {
        id: "m1".into(),
        mover: patrik,
        kind: MotionKind::Rejection,
        text: String::new(),
        refers_to: Some(MotionTarget::Proposal),
        clause: None,
        supporters: vec![],
        withdrawn: false,
        taken_in_by: None,
    });
    p.decision = vec!["Motionen avslås.".into()];
    m.paragraphs = vec![p];
    let ctx_doc = doc.clone();
    let ctx = ctx_doc.context();
    let roster = ctx_doc.meeting.roster(&ctx, 157).unwrap();
    let votes: Vec<VoteEntry> = roster
        .serving
        .iter()
        .enumerate()
        .map(|(i, s)| VoteEntry {
            person: s.person,
            ballot: match i {
                0..=3 | 8 => Ballot::Yes,
                _ => Ballot::No,
            },
        })
        .collect();
    let p = &mut doc.meeting.paragraphs[0];
    p.decision_order = Some(DecisionRecord {
        presiding: None,
        steps: vec![Step::Main {
            finding: Alternative::Proposal,
            vote: Some(MainVote {
                counter: Alternative::Motion("m1".into()),
                counter_rounds: vec![],
                roll_call: RollCall {
                    votes,
                    announced: None,
                    casting_vote: None,
                    lot: None,
                },
            }),
        }],
    });
    p.reservations.push(Reservation {
        person: lisbeth,
        in_favour_of: Some("m1".into()),
        written: false,
        text: None,
    });
    doc.validate().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let r = Renderer::new().unwrap();
    let rendered = r.minutes(&doc, created()).unwrap();
    let path = write(&dir, "en-paragraf.pdf", &rendered.bytes);
    let Some(text) = text_of(&path) else { return };
    let golden = root().join("tests/golden/one-paragraph.minutes.txt");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&golden, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(
        text, expected,
        "run with UPDATE_GOLDEN=1 and review the diff"
    );
    // The front page and the § on its own page; nothing spills onto a third.
    assert_eq!(rendered.pages, 2, "{text}");
    // A field per signer, on the front page, beside the names, inside the page and apart.
    let slots: Vec<(&str, usize)> = rendered
        .signature_slots
        .iter()
        .map(|s| (s.field.as_str(), s.page))
        .collect();
    assert_eq!(
        slots,
        [
            ("Sekreterare Alexandra Skoog", 0),
            ("Ordförande Johan Björkman", 0),
            ("Justerare Patrik Harrysson", 0)
        ]
    );
    for pair in rendered.signature_slots.windows(2) {
        assert!(pair[1].rect[3] <= pair[0].rect[1], "{pair:?}");
    }
    for s in &rendered.signature_slots {
        let [x1, y1, x2, y2] = s.rect;
        assert!(
            x1 > 300.0 && x2 <= 540.0 && y1 > 90.0 && y2 - y1 > 20.0,
            "{s:?}"
        );
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Med 5 ja-röster mot 4 nej-röster, 0 avstår, beslutar kommunstyrelsen enligt arbetsutskottets förslag.",
        "Lisbeth Jakobsson (S) reserverar sig mot beslutet till förmån för Patrik Harryssons (S) avslagsyrkande.",
        "Omröstningsresultat",
        // The names of the signers, each beside an empty signature field (the field itself is
        // added when the document is frozen for signing).
        "Underskrifter § 157 Sekreterare Alexandra Skoog Ordförande Johan Björkman Justerare Patrik Harrysson",
    ] {
        assert!(flat.contains(needle), "missing {needle:?}\n{text}");
    }
    for wrong in ["Ej signerat", "ej justerade", "Justerandes signatur"] {
        assert!(!text.contains(wrong), "{wrong:?} in\n{text}");
    }
}
