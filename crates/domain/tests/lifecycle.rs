//! The lifecycle of a meeting: only drafts are edited, adjusted paragraphs are locked, and the
//! notice dates follow from the organization's settings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use chrono::NaiveDate;
use common::World;
use justera_domain::calendar::{PostingPolicy, TakedownConvention};
use justera_domain::meeting::{MeetingStatus, SignatureRecord, SignerRole};
use justera_domain::organization::BodyKind;
use justera_domain::paragraph::{Paragraph, ProtocolNote};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn signature(role: SignerRole, name: &str, on: &str) -> SignatureRecord {
    SignatureRecord {
        role,
        name: name.into(),
        signed_on: d(on),
        method: "Protokollet signerat digitalt".into(),
    }
}

#[test]
fn from_planned_to_appeal_period_over() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    let m = &mut w.doc.meeting;
    m.status = MeetingStatus::Planned;
    assert_eq!(
        m.close_session().unwrap_err().code(),
        "paragraph_without_decision"
    );
    m.open_session().unwrap();
    assert_eq!(m.open_session().unwrap_err().code(), "wrong_status");
    assert_eq!(
        m.close_session().unwrap_err().to_string(),
        "sammanträdet kan inte stängas: § 1 saknar beslut"
    );
    m.paragraphs[0].decision = vec!["Kommunstyrelsen bifaller förslaget.".into()];
    m.close_session().unwrap();
    m.send_for_adjustment().unwrap();
    // Frozen: no edits while under adjustment.
    let err = m
        .replace_paragraph(Paragraph::new(1, "Ändrad rubrik"))
        .unwrap_err();
    assert_eq!(err.code(), "not_editable");
    // A signer rejects: back to the draft, editable again.
    m.withdraw_adjustment().unwrap();
    m.replace_paragraph({
        let mut p = m.paragraphs[0].clone();
        p.title = "Ny rubrik".into();
        p
    })
    .unwrap();
    m.send_for_adjustment().unwrap();
    // The adjustment date is the date of the last signature.
    let adjusted = m
        .mark_adjusted(vec![
            signature(SignerRole::Chair, "Anna Ek", "2025-03-12"),
            signature(SignerRole::Adjuster, "Fredrik Dahl", "2025-03-14"),
        ])
        .unwrap();
    assert_eq!(adjusted, d("2025-03-14"));
    assert_eq!(m.status, MeetingStatus::Adjusted);
    // Adjusted Friday 2025-03-14: the next workday (Monday 17 March) is later than the
    // statutory second day after adjustment, so the digital board posts on Sunday 16 March.
    let org = w.doc.organization.clone();
    let m = &mut w.doc.meeting;
    let dates = m.post_notice(&org).unwrap();
    assert_eq!(dates.posted, d("2025-03-16"));
    assert_eq!(dates.last_appeal_day, d("2025-04-07"));
    assert_eq!(dates.takedown, d("2025-04-08"));
    assert_eq!(m.status, MeetingStatus::Posted);
    assert_eq!(m.status_on(d("2025-04-07")), MeetingStatus::Posted);
    assert_eq!(
        m.status_on(d("2025-04-08")),
        MeetingStatus::AppealPeriodOver
    );
    assert_eq!(m.ensure_editable().unwrap_err().code(), "not_editable");
    // The stored document still validates after the whole lifecycle.
    w.doc.validate().unwrap();
}

#[test]
fn organization_settings_change_the_dates() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    w.doc.organization.notice_board.posting = PostingPolicy::SameDay;
    w.doc.organization.notice_board.takedown = TakedownConvention::LastDay;
    let m = &mut w.doc.meeting;
    m.paragraphs[0].decision = vec!["Beslut.".into()];
    m.close_session().unwrap();
    m.send_for_adjustment().unwrap();
    m.mark_adjusted(vec![signature(SignerRole::Chair, "Anna Ek", "2024-10-21")])
        .unwrap();
    let org = w.doc.organization.clone();
    let dates = w.doc.meeting.post_notice(&org).unwrap();
    assert_eq!(dates.posted, d("2024-10-21"));
    assert_eq!(dates.last_appeal_day, d("2024-11-11"));
    assert_eq!(dates.takedown, d("2024-11-11"));
}

#[test]
fn immediately_adjusted_paragraphs_are_locked() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    w.paragraph(2, "arbetsutskottets förslag", 1);
    w.p(1).immediately_adjusted = true;
    let anna = w.id("Anna Ek");
    let ctx_doc = w.doc.clone();
    let m = &mut w.doc.meeting;
    let err = m
        .replace_paragraph(Paragraph::new(1, "Ändrad"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "§ 1 är justerad och kan inte ändras; rättelser görs som ny, länkad paragraf"
    );
    let err = m
        .add_protocol_note(
            &ctx_doc.context(),
            1,
            ProtocolNote {
                person: anna,
                text: "Anteckning".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "paragraph_adjusted");
    m.add_protocol_note(
        &ctx_doc.context(),
        2,
        ProtocolNote {
            person: anna,
            text: "Anna Ek (M) lämnar en protokollsanteckning.".into(),
        },
    )
    .unwrap();
    assert_eq!(m.paragraphs[1].protocol_notes.len(), 1);
}

#[test]
fn notice_dates_are_checked_on_validation() {
    let mut doc = justera_domain::document::MeetingDocument::from_json(include_str!(
        "../../../tests/fixtures/ks-2024-10-21.json"
    ))
    .unwrap();
    if let Some(n) = &mut doc.meeting.adjustments[0].notice {
        n.dates.last_appeal_day = d("2024-11-11");
    }
    assert_eq!(
        doc.validate().unwrap_err().to_string(),
        "sista dag för överklagande stämmer inte: angivet 2024-11-11, beräknat 2024-11-12"
    );
}

#[test]
fn council_needs_two_adjusters() {
    let mut w = World::new(BodyKind::Council);
    w.doc.meeting.adjusters.pop();
    assert_eq!(w.doc.validate().unwrap_err().code(), "too_few_adjusters");
}
