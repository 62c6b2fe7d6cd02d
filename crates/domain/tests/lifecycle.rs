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
            ProtocolNote::by_person(anna, "Anteckning"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "paragraph_adjusted");
    m.add_protocol_note(
        &ctx_doc.context(),
        2,
        ProtocolNote::by_person(anna, "Anna Ek (M) lämnar en protokollsanteckning."),
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

mod signing {
    use super::*;
    use justera_domain::adjustment::SignerIdentity;

    fn who(w: &World, name: &str) -> SignerIdentity {
        SignerIdentity {
            name: name.into(),
            person: w.doc.persons.iter().find(|p| p.name == name).map(|p| p.id),
        }
    }

    #[test]
    fn signatures_in_order_then_adjusted() {
        let mut w = World::new(BodyKind::Council);
        w.doc.body.secretary_signs = true;
        let sara = justera_domain::ids::PersonId(uuid::Uuid::new_v4());
        w.doc.persons.push(justera_domain::organization::Person {
            id: sara,
            name: "Sara Sekreterare".into(),
            party: None,
        });
        w.doc.meeting.secretary_person = Some(sara);
        w.paragraph(1, "kommunstyrelsens förslag", 1);
        w.doc.meeting.paragraphs[0].decision = vec!["Beslut.".into()];
        w.doc.meeting.close_session().unwrap();
        let ctx_doc = w.doc.clone();
        let ctx = ctx_doc.context();
        w.doc
            .meeting
            .start_adjustment(&ctx, "abc".into(), d("2025-03-11"))
            .unwrap();
        let sec = SignerIdentity {
            name: "Sara Sekreterare".into(),
            person: Some(sara),
        };
        let chair = who(&w, "Anna Ek");
        let adj1 = who(&w, "Fredrik Dahl");
        let adj2 = who(&w, "Cecilia Holm");
        let m = &mut w.doc.meeting;
        // Frozen: no edits.
        assert_eq!(
            m.replace_paragraph(Paragraph::new(1, "Ny"))
                .unwrap_err()
                .code(),
            "not_editable"
        );
        // Not yet the chair's turn; the secretary signs first.
        let err = m.record_signature(&chair, d("2025-03-11")).unwrap_err();
        assert_eq!(err.code(), "not_your_turn");
        assert!(
            err.to_string().contains("Sara Sekreterare (sekreterare)"),
            "{err}"
        );
        assert_eq!(m.record_signature(&sec, d("2025-03-11")).unwrap(), None);
        assert_eq!(
            m.record_signature(&sec, d("2025-03-11"))
                .unwrap_err()
                .code(),
            "already_signed"
        );
        // Someone who is not a signer of this meeting.
        let stranger = SignerIdentity {
            name: "Bo Lind".into(),
            person: w_person(&ctx_doc, "Bo Lind"),
        };
        assert_eq!(
            m.record_signature(&stranger, d("2025-03-11"))
                .unwrap_err()
                .code(),
            "not_a_signer"
        );
        assert_eq!(m.record_signature(&chair, d("2025-03-12")).unwrap(), None);
        // Adjusters in any order.
        assert_eq!(m.record_signature(&adj2, d("2025-03-13")).unwrap(), None);
        assert_eq!(
            m.record_signature(&adj1, d("2025-03-14")).unwrap(),
            Some(d("2025-03-14"))
        );
        assert_eq!(m.status, MeetingStatus::Adjusted);
        assert!(m.pending_adjustment.is_none());
        let record = m.adjustments.last().unwrap();
        assert_eq!(record.signatures.len(), 4);
        assert_eq!(record.adjusted_on, d("2025-03-14"));
        w.doc.validate().unwrap();
    }

    fn w_person(
        doc: &justera_domain::document::MeetingDocument,
        name: &str,
    ) -> Option<justera_domain::ids::PersonId> {
        doc.persons.iter().find(|p| p.name == name).map(|p| p.id)
    }

    #[test]
    fn rejection_discards_the_signatures() {
        let mut w = World::new(BodyKind::Board);
        w.paragraph(1, "arbetsutskottets förslag", 1);
        w.doc.meeting.paragraphs[0].decision = vec!["Beslut.".into()];
        w.doc.meeting.close_session().unwrap();
        let ctx_doc = w.doc.clone();
        let chair = who(&w, "Anna Ek");
        let m = &mut w.doc.meeting;
        m.start_adjustment(&ctx_doc.context(), "abc".into(), d("2025-03-11"))
            .unwrap();
        m.record_signature(&chair, d("2025-03-11")).unwrap();
        let discarded = m.abandon_adjustment().unwrap();
        assert_eq!(discarded.len(), 1);
        assert_eq!(m.status, MeetingStatus::Closed);
        assert!(m.pending_adjustment.is_none());
        assert_eq!(
            m.record_signature(&chair, d("2025-03-11"))
                .unwrap_err()
                .code(),
            "wrong_status"
        );
        // Editable again.
        let mut p = m.paragraphs[0].clone();
        p.title = "Rättad rubrik".into();
        m.replace_paragraph(p).unwrap();
    }
}

mod immediate {
    use super::*;
    use justera_domain::adjustment::SignerIdentity;

    fn who(w: &World, name: &str) -> SignerIdentity {
        SignerIdentity {
            name: name.into(),
            person: w.doc.persons.iter().find(|p| p.name == name).map(|p| p.id),
        }
    }

    fn world() -> World {
        let mut w = World::new(BodyKind::Board);
        for n in 1..=3 {
            w.paragraph(n, "arbetsutskottets förslag", 1);
        }
        w.doc.meeting.paragraphs[0].decision = vec!["Beslut ett.".into()];
        w.doc.meeting.paragraphs[1].decision = vec!["Beslut två.".into()];
        w
    }

    #[test]
    fn paragraphs_adjusted_at_the_meeting_get_their_own_notice() {
        let mut w = world();
        let ctx_doc = w.doc.clone();
        let org = w.doc.organization.clone();
        let chair = who(&w, "Anna Ek");
        let adjuster = who(&w, "Fredrik Dahl");
        let m = &mut w.doc.meeting;
        // § 3 has no decision yet.
        assert_eq!(
            m.start_immediate_adjustment(&ctx_doc.context(), &[2, 3], "h".into(), d("2025-03-10"))
                .unwrap_err()
                .code(),
            "paragraph_without_decision"
        );
        m.start_immediate_adjustment(&ctx_doc.context(), &[2, 1], "h".into(), d("2025-03-10"))
            .unwrap();
        assert!(m.paragraphs[0].immediately_adjusted && m.paragraphs[1].immediately_adjusted);
        // Locked at once.
        assert_eq!(
            m.replace_paragraph(Paragraph::new(1, "Ny"))
                .unwrap_err()
                .code(),
            "paragraph_adjusted"
        );
        assert_eq!(
            m.start_immediate_adjustment(&ctx_doc.context(), &[3], "h".into(), d("2025-03-10"))
                .unwrap_err()
                .code(),
            "immediate_adjustment_in_progress"
        );
        assert_eq!(
            m.record_immediate_signature(&adjuster, d("2025-03-10"), &org)
                .unwrap_err()
                .code(),
            "not_your_turn"
        );
        assert!(
            m.record_immediate_signature(&chair, d("2025-03-10"), &org)
                .unwrap()
                .is_none()
        );
        let record = m
            .record_immediate_signature(&adjuster, d("2025-03-10"), &org)
            .unwrap()
            .unwrap();
        assert!(record.immediate);
        assert_eq!(record.paragraphs, vec![1, 2]);
        let notice = record.notice.unwrap().dates;
        // Adjusted Monday 2025-03-10, posted the next workday, three weeks to appeal.
        assert_eq!(notice.posted, d("2025-03-11"));
        assert_eq!(notice.last_appeal_day, d("2025-04-01"));
        assert_eq!(m.status, MeetingStatus::InSession, "the meeting goes on");
        // The rest is adjusted in the ordinary way later.
        m.paragraphs[2].decision = vec!["Beslut tre.".into()];
        m.close_session().unwrap();
        m.start_adjustment(&ctx_doc.context(), "h2".into(), d("2025-03-12"))
            .unwrap();
        m.record_signature(&chair, d("2025-03-12")).unwrap();
        m.record_signature(&adjuster, d("2025-03-13")).unwrap();
        assert_eq!(m.adjustments.last().unwrap().paragraphs, vec![3]);
        w.doc.validate().unwrap();
    }

    #[test]
    fn an_abandoned_immediate_adjustment_unlocks_the_paragraphs() {
        let mut w = world();
        let ctx_doc = w.doc.clone();
        let org = w.doc.organization.clone();
        let chair = who(&w, "Anna Ek");
        let m = &mut w.doc.meeting;
        m.start_immediate_adjustment(&ctx_doc.context(), &[1], "h".into(), d("2025-03-10"))
            .unwrap();
        m.record_immediate_signature(&chair, d("2025-03-10"), &org)
            .unwrap();
        assert_eq!(m.abandon_immediate_adjustment().unwrap().len(), 1);
        assert!(!m.paragraphs[0].immediately_adjusted);
        assert_eq!(
            m.abandon_immediate_adjustment().unwrap_err().code(),
            "no_immediate_adjustment"
        );
        // Once the meeting is closed it is a separate adjustment (issue 14, rule 17); once
        // the protocol is sent for adjustment, neither.
        m.close_session().unwrap_err();
        m.status = MeetingStatus::Closed;
        m.start_immediate_adjustment(&ctx_doc.context(), &[1], "h".into(), d("2025-03-11"))
            .unwrap();
        assert!(m.pending_immediate.as_ref().unwrap().after_meeting);
        m.abandon_immediate_adjustment().unwrap();
        m.status = MeetingStatus::UnderAdjustment;
        assert_eq!(
            m.start_immediate_adjustment(&ctx_doc.context(), &[1], "h".into(), d("2025-03-10"))
                .unwrap_err()
                .code(),
            "wrong_status"
        );
    }
}

#[test]
fn the_secretary_signs_as_a_person_never_by_name() {
    use justera_domain::adjustment::SignerIdentity;
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    w.doc.body.secretary_signs = true;
    w.doc.meeting.paragraphs[0].decision = vec!["Kommunstyrelsen bifaller förslaget.".into()];
    w.doc.meeting.close_session().unwrap();
    // Without a secretary from the register, the protocol cannot be sent.
    let ctx_doc = w.doc.clone();
    let err = w
        .doc
        .meeting
        .start_adjustment(&ctx_doc.context(), "sha".into(), d("2025-03-10"))
        .unwrap_err();
    assert!(
        err.to_string().contains("ange vem som är sekreterare"),
        "{err}"
    );
    // With one, only that person signs as secretary; an account that merely bears the
    // secretary's name is nobody.
    let sara = justera_domain::ids::PersonId(uuid::Uuid::new_v4());
    w.doc.persons.push(justera_domain::organization::Person {
        id: sara,
        name: "Sara Sekreterare".into(),
        party: None,
    });
    w.doc.meeting.secretary_person = Some(sara);
    let ctx_doc = w.doc.clone();
    w.doc
        .meeting
        .start_adjustment(&ctx_doc.context(), "sha".into(), d("2025-03-10"))
        .unwrap();
    let impostor = SignerIdentity {
        name: "Sara Sekreterare".into(),
        person: None,
    };
    let err = w
        .doc
        .meeting
        .record_signature(&impostor, d("2025-03-11"))
        .unwrap_err();
    assert_eq!(err.code(), "not_a_signer", "{err}");
    let sara_signs = SignerIdentity {
        name: "S. Sekreterare".into(),
        person: Some(sara),
    };
    w.doc
        .meeting
        .record_signature(&sara_signs, d("2025-03-11"))
        .unwrap();
}
