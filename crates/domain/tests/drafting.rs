//! Drafting during the meeting: edits are idempotent, conflicting text edits are refused,
//! the decision order is recorded step by step with the next question named, and closing
//! requires every recorded decision order to be complete.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::World;
use justera_domain::decision::{Alternative, MainVote, Question, Step};
use justera_domain::drafting::{Edit, ParagraphText, fingerprint};
use justera_domain::meeting::MeetingStatus;
use justera_domain::organization::BodyKind;
use justera_domain::paragraph::{Motion, MotionKind, MotionTarget};

fn apply(w: &mut World, edit: Edit) -> Result<(), justera_domain::DomainError> {
    let ctx_doc = w.doc.clone();
    let mut meeting = w.doc.meeting.clone();
    meeting.apply(&ctx_doc.context(), edit)?;
    w.doc.meeting = meeting;
    w.doc.validate()
}

fn rejection(w: &World, id: &str, mover: &str) -> Motion {
    Motion {
        id: id.into(),
        mover: w.id(mover),
        kind: MotionKind::Rejection,
        text: String::new(),
        refers_to: Some(MotionTarget::Proposal),
        clause: None,
        supporters: vec![],
        withdrawn: false,
        taken_in_by: None,
    }
}

#[test]
fn a_text_edit_on_an_old_version_is_a_conflict_and_a_repeat_is_harmless() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    let base = fingerprint(&w.doc.meeting.paragraphs[0]);
    let mut text = ParagraphText::of(&w.doc.meeting.paragraphs[0]);
    text.summary = Some("Första versionen.".into());
    let first = Edit::UpdateText {
        number: 1,
        base: base.clone(),
        text: text.clone(),
    };
    apply(&mut w, first.clone()).unwrap();
    // The same edit again (a double submit): accepted, nothing changes.
    let before = w.doc.meeting.clone();
    apply(&mut w, first).unwrap();
    assert_eq!(w.doc.meeting, before);
    // Someone else's edit made on the old version: refused, not overwritten.
    text.summary = Some("Någon annans version.".into());
    let err = apply(
        &mut w,
        Edit::UpdateText {
            number: 1,
            base,
            text,
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit_conflict");
    assert_eq!(
        w.doc.meeting.paragraphs[0].summary.as_deref(),
        Some("Första versionen.")
    );
}

#[test]
fn the_decision_order_is_recorded_step_by_step_with_the_next_question() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    let motion = rejection(&w, "m1", "Fredrik Dahl");
    apply(
        &mut w,
        Edit::AddMotion {
            number: 1,
            motion: motion.clone(),
        },
    )
    .unwrap();
    // A repeated motion (same id, same content) is recorded once; other content is a conflict.
    apply(
        &mut w,
        Edit::AddMotion {
            number: 1,
            motion: motion.clone(),
        },
    )
    .unwrap();
    assert_eq!(w.doc.meeting.paragraphs[0].motions.len(), 1);
    let mut other = motion;
    other.text = "Annan lydelse".into();
    assert_eq!(
        apply(
            &mut w,
            Edit::AddMotion {
                number: 1,
                motion: other
            }
        )
        .unwrap_err()
        .code(),
        "edit_conflict"
    );

    let ctx_doc = w.doc.clone();
    let progress = w
        .doc
        .meeting
        .live_progress(&ctx_doc.context(), 1)
        .unwrap()
        .unwrap();
    assert!(progress.outcome.is_none());
    assert_eq!(
        progress.next,
        Some(Question::Main {
            alternatives: vec![Alternative::Proposal, Alternative::Motion("m1".into())]
        })
    );
    // Closing now is refused: § 1 has neither decision nor decision order.
    let mut closing = w.doc.meeting.clone();
    assert_eq!(
        closing
            .apply(&ctx_doc.context(), Edit::CloseSession { ends_at: None })
            .unwrap_err()
            .code(),
        "paragraph_without_decision"
    );

    // The main question by roll call: a step recorded when 0 were there.
    let roll_call = w.roll_call(1, &["S", "C", "L", "KD"], &["M", "SD", "V", "MP"], &[]);
    let step = Step::Main {
        finding: Alternative::Proposal,
        vote: Some(MainVote {
            counter: Alternative::Motion("m1".into()),
            counter_rounds: vec![],
            roll_call,
        }),
    };
    let record = |recorded| Edit::AddStep {
        number: 1,
        recorded,
        step: step.clone(),
    };
    apply(&mut w, record(0)).unwrap();
    // The same step again: harmless. A step made on a stale view: a conflict.
    apply(&mut w, record(0)).unwrap();
    assert_eq!(
        w.doc.meeting.paragraphs[0]
            .decision_order
            .as_ref()
            .unwrap()
            .steps
            .len(),
        1
    );
    assert_eq!(
        apply(&mut w, record(5)).unwrap_err().code(),
        "edit_conflict"
    );
    let ctx_doc = w.doc.clone();
    let progress = w
        .doc
        .meeting
        .live_progress(&ctx_doc.context(), 1)
        .unwrap()
        .unwrap();
    assert!(progress.next.is_none());
    assert!(progress.outcome.is_some());
    assert!(
        progress
            .text
            .iter()
            .any(|t| t.contains("Omröstning begärs"))
    );

    // The decision generated from the outcome goes into "Beslut"; then the session closes.
    apply(&mut w, Edit::AdoptDecision { number: 1 }).unwrap();
    assert!(!w.doc.meeting.paragraphs[0].decision.is_empty());
    apply(&mut w, Edit::CloseSession { ends_at: None }).unwrap();
    assert_eq!(w.doc.meeting.status, MeetingStatus::Closed);
    // Once closed, a motion can no longer be recorded.
    let late = rejection(&w, "m2", "Anna Ek");
    assert_eq!(
        apply(
            &mut w,
            Edit::AddMotion {
                number: 1,
                motion: late
            }
        )
        .unwrap_err()
        .code(),
        "wrong_status"
    );
}

#[test]
fn a_closed_meeting_needs_complete_decision_orders() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    let motion = rejection(&w, "m1", "Fredrik Dahl");
    apply(&mut w, Edit::AddMotion { number: 1, motion }).unwrap();
    // A decision written by hand and a decision order with nothing recorded yet.
    w.p(1).decision = vec!["Kommunstyrelsen bifaller förslaget.".into()];
    w.p(1).decision_order = Some(Default::default());
    w.doc.validate().unwrap();
    w.doc.meeting.status = MeetingStatus::Closed;
    let err = w.doc.validate().unwrap_err();
    assert_eq!(err.code(), "decision_order", "{err}");
}

#[test]
fn paragraphs_are_added_in_series_and_a_repeat_is_harmless() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    let add = |number| Edit::AddParagraph {
        number,
        title: "Nytt ärende".into(),
        case_number: Some(" KS-2026-1 ".into()),
    };
    apply(&mut w, add(2)).unwrap();
    apply(&mut w, add(2)).unwrap();
    assert_eq!(w.doc.meeting.numbers(), vec![1, 2]);
    assert_eq!(
        w.doc.meeting.paragraphs[1].case_number.as_deref(),
        Some("KS-2026-1")
    );
    assert_eq!(apply(&mut w, add(4)).unwrap_err().code(), "numbering_gap");
}

#[test]
fn control_characters_are_refused_with_the_code_point() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    let base = fingerprint(&w.doc.meeting.paragraphs[0]);
    let mut text = ParagraphText::of(&w.doc.meeting.paragraphs[0]);
    text.summary = Some("Rad ett\nrad två med \u{1f} inklistrat".into());
    let err = apply(
        &mut w,
        Edit::UpdateText {
            number: 1,
            base,
            text,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("U+001F"), "{err}");
    assert!(err.to_string().contains("sammanfattningen"), "{err}");
}
