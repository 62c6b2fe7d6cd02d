//! Recording during the meeting: a vote requested after the chair's finding, reservations by
//! a party group, who may reserve and in favour of what, matters without a proposal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::World;
use justera_domain::decision::{Alternative, Ballot, DecisionRecord, MainVote, Question, Step};
use justera_domain::drafting::Edit;
use justera_domain::organization::{BodyKind, WrittenReservations};
use justera_domain::paragraph::{MotionKind, Reservation};
use justera_domain::protocol::reservation_lines;

const RIGHT: [&str; 5] = ["M", "C", "KD", "L", "SD"];
const LEFT: [&str; 3] = ["S", "V", "MP"];

fn m(id: &str) -> Alternative {
    Alternative::Motion(id.into())
}

fn apply(w: &mut World, edit: Edit) -> Result<(), justera_domain::DomainError> {
    let doc = w.doc.clone();
    let ctx = doc.context();
    w.doc.meeting.apply(&ctx, edit)
}

/// § 1: arbetsutskottets förslag against Ingrid Falk's rejection; the chair finds for the
/// proposal and nothing else is recorded yet.
fn found_for_proposal() -> World {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    w.motion(1, "m1", "Bo Lind", MotionKind::Approval, "");
    w.motion(1, "m2", "Ingrid Falk", MotionKind::Rejection, "");
    w.p(1).decision_order = Some(DecisionRecord {
        presiding: None,
        steps: vec![Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        }],
    });
    w
}

fn vote_on_finding(w: &World, overrides: &[(&str, Ballot)]) -> Step {
    Step::Main {
        finding: Alternative::Proposal,
        vote: Some(MainVote {
            counter: m("m2"),
            counter_rounds: vec![],
            roll_call: w.roll_call(1, &RIGHT, &LEFT, overrides),
        }),
    }
}

#[test]
fn a_vote_is_requested_after_the_chairs_finding() {
    let mut w = found_for_proposal();
    let ctx_doc = w.doc.clone();
    let (question, _) = ctx_doc
        .meeting
        .vote_may_be_requested(&ctx_doc.context(), 1)
        .expect("a vote may be requested on the finding");
    assert!(matches!(question, Question::Main { ref alternatives } if alternatives.len() == 2));

    // A vote on another finding than the one recorded is refused, and nothing changes.
    let other = Step::Main {
        finding: m("m2"),
        vote: Some(MainVote {
            counter: Alternative::Proposal,
            counter_rounds: vec![],
            roll_call: w.roll_call(1, &LEFT, &RIGHT, &[]),
        }),
    };
    let err = apply(
        &mut w,
        Edit::RequestVote {
            number: 1,
            recorded: 1,
            step: other,
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("samma fråga och samma förslag"),
        "{err}"
    );
    assert_eq!(
        w.doc.meeting.paragraph(1).unwrap().decision_order,
        ctx_doc.meeting.paragraph(1).unwrap().decision_order
    );

    // A stale page (recorded 0) is a conflict.
    let voted = vote_on_finding(&w, &[]);
    let err = apply(
        &mut w,
        Edit::RequestVote {
            number: 1,
            recorded: 0,
            step: voted.clone(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit_conflict");

    let edit = Edit::RequestVote {
        number: 1,
        recorded: 1,
        step: voted,
    };
    apply(&mut w, edit.clone()).unwrap();
    // Repeating the request (a double click) changes nothing.
    apply(&mut w, edit).unwrap();
    let e = w
        .doc
        .meeting
        .evaluate(&w.doc.context(), 1)
        .unwrap()
        .unwrap();
    assert_eq!(
        e.text,
        vec![
            "Ordförande Anna Ek (M) finner att det finns två förslag till beslut, arbetsutskottets förslag som Bo Lind (M) yrkar bifall till och avslagsyrkande från Ingrid Falk (V). Ordförande ställer proposition på arbetsutskottets förslag och Ingrid Falks (V) avslagsyrkande och finner att kommunstyrelsen beslutar enligt arbetsutskottets förslag. Omröstning begärs och verkställs. Den som vill bifalla arbetsutskottets förslag röstar ja, den som vill bifalla Ingrid Falks (V) avslagsyrkande röstar nej. Med 7 ja-röster mot 6 nej-röster, 0 avstår, beslutar kommunstyrelsen enligt arbetsutskottets förslag."
        ]
    );
    // Once voted, no second vote is offered on the same question.
    assert!(
        w.doc
            .meeting
            .vote_may_be_requested(&w.doc.context(), 1)
            .is_none()
    );
}

#[test]
fn a_party_group_reserves_at_once_and_only_who_took_part_and_lost() {
    let mut w = found_for_proposal();
    // Maria Ros (S) abstains: she did not take part in the decision.
    let voted = vote_on_finding(&w, &[("Maria Ros", Ballot::Abstain)]);
    apply(
        &mut w,
        Edit::RequestVote {
            number: 1,
            recorded: 1,
            step: voted,
        },
    )
    .unwrap();
    let ctx_doc = w.doc.clone();
    let ctx = ctx_doc.context();
    let names = |ids: Vec<justera_domain::ids::PersonId>| -> Vec<String> {
        ids.into_iter().map(|p| ctx.people.name(p)).collect()
    };
    assert_eq!(
        names(w.doc.meeting.reservation_candidates(&ctx, 1)),
        vec![
            "Fredrik Dahl (S)",
            "Gun Sjö (S)",
            "Hans Borg (S)",
            "Ingrid Falk (V)",
            "Jonas Lund (MP)"
        ]
    );
    // Only the losing alternative may be favoured (the approval of the winner is not offered).
    assert_eq!(w.doc.meeting.losing_motions(&ctx, 1), vec!["m2".into()]);

    let persons = ctx_doc.persons.clone();
    let group = |names: &[&str]| -> Vec<Reservation> {
        names
            .iter()
            .map(|n| Reservation {
                person: persons.iter().find(|p| p.name == *n).unwrap().id,
                in_favour_of: Some("m2".into()),
                written: false,
                text: None,
            })
            .collect()
    };
    // One who abstained in the group: nobody is recorded.
    let err = apply(
        &mut w,
        Edit::AddReservations {
            number: 1,
            reservations: group(&["Fredrik Dahl", "Maria Ros"]),
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "reservation_by_abstainer");
    assert!(
        err.to_string()
            .contains("Maria Ros (S) avstod från att rösta"),
        "{err}"
    );
    assert!(w.doc.meeting.paragraph(1).unwrap().reservations.is_empty());
    // Nobody marked.
    let err = apply(
        &mut w,
        Edit::AddReservations {
            number: 1,
            reservations: vec![],
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("markera vem"), "{err}");

    let s = group(&["Fredrik Dahl", "Gun Sjö", "Hans Borg"]);
    apply(
        &mut w,
        Edit::AddReservations {
            number: 1,
            reservations: s.clone(),
        },
    )
    .unwrap();
    // Repeated: harmless.
    apply(
        &mut w,
        Edit::AddReservations {
            number: 1,
            reservations: s,
        },
    )
    .unwrap();
    let mut v = Reservation {
        person: w.id("Ingrid Falk"),
        in_favour_of: Some("m2".into()),
        written: true,
        text: Some("Vi anser att förslaget saknar finansiering.\n\nIngrid Falk (V)".into()),
    };
    apply(
        &mut w,
        Edit::AddReservation {
            number: 1,
            reservation: v.clone(),
        },
    )
    .unwrap();
    let p = w.doc.meeting.paragraph(1).unwrap();
    assert_eq!(p.reservations.len(), 4);
    assert_eq!(
        reservation_lines(
            p,
            &p.reservations,
            &ctx.people,
            WrittenReservations::Attached
        ),
        vec![
            "Fredrik Dahl (S), Gun Sjö (S) och Hans Borg (S) reserverar sig mot beslutet till förmån för Ingrid Falks (V) avslagsyrkande.",
            "Ingrid Falk (V) reserverar sig mot beslutet till förmån för eget yrkande. Reservation, se bilaga.",
        ]
    );
    assert_eq!(
        reservation_lines(
            p,
            &p.reservations,
            &ctx.people,
            WrittenReservations::InParagraph
        )[1..],
        [
            "Ingrid Falk (V) reserverar sig mot beslutet till förmån för eget yrkande.",
            "Vi anser att förslaget saknar finansiering.",
            "Ingrid Falk (V)",
        ]
    );
    // A control character or an endless text is refused, and nothing changes.
    v.person = w.id("Jonas Lund");
    v.text = Some("rad\u{7}".into());
    let before = w.doc.meeting.clone();
    let err = apply(
        &mut w,
        Edit::AddReservation {
            number: 1,
            reservation: v.clone(),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("styrtecken"), "{err}");
    v.text = Some("x".repeat(20_001));
    let err = apply(
        &mut w,
        Edit::AddReservation {
            number: 1,
            reservation: v,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("20000 tecken"), "{err}");
    assert_eq!(w.doc.meeting, before);
}

#[test]
fn a_matter_without_a_proposal_takes_an_own_proposal_and_an_information_item_says_nothing() {
    let mut w = World::new(BodyKind::Board);
    let p = w.paragraph(1, "x", 0);
    p.proposal = None;
    // Information item: no motions, no proposal → no generated sentence at all.
    let doc = w.doc.clone();
    let progress = doc
        .meeting
        .live_progress(&doc.context(), 1)
        .unwrap()
        .unwrap();
    assert!(progress.text.is_empty(), "{:?}", progress.text);
    assert_eq!(progress.next, None);

    // Eget förslag without a prepared proposal: the one alternative is put.
    w.motion(
        1,
        "e1",
        "Ingrid Falk",
        MotionKind::OwnProposal,
        "Kommunstyrelsen beslutar att utreda frågan.",
    );
    w.p(1).decision_order = Some(DecisionRecord {
        presiding: None,
        steps: vec![Step::Main {
            finding: m("e1"),
            vote: None,
        }],
    });
    let e = w
        .doc
        .meeting
        .evaluate(&w.doc.context(), 1)
        .unwrap()
        .unwrap();
    assert_eq!(
        e.text,
        vec![
            "Ordförande Anna Ek (M) finner att det finns ett förslag till beslut, yrkande från Ingrid Falk (V). Ordförande frågar först på Ingrid Falks (V) yrkande och finner att kommunstyrelsen bifaller det."
        ]
    );
    let p = w.doc.meeting.paragraph(1).unwrap();
    assert_eq!(
        e.decision_text(p, &w.doc.body),
        vec!["Kommunstyrelsen beslutar att utreda frågan."]
    );
    // A bifall to a proposal that does not exist says so, without any internal id.
    let err = p.clone();
    let mut bad = err;
    bad.motions.push(justera_domain::paragraph::Motion {
        id: "0f9c3c2e-uuid".into(),
        mover: w.id("Bo Lind"),
        kind: MotionKind::Approval,
        text: String::new(),
        refers_to: None,
        clause: None,
        supporters: vec![],
        withdrawn: false,
        taken_in_by: None,
    });
    let msg = bad.validate_shape().unwrap_err().to_string();
    assert!(!msg.contains("0f9c3c2e"), "{msg}");
    assert!(msg.contains("inget förslag till beslut"), "{msg}");
}

#[test]
fn attendance_is_saved_at_once_and_a_serving_substitute_is_not_only_present() {
    use justera_domain::attendance::{SeatAttendance, SeatState};
    let mut w = World::new(BodyKind::Board);
    let per = w.id("Per Åberg"); // substitute (S)
    let pia = w.id("Pia Öst"); // substitute (V)
    let fredrik = w.id("Fredrik Dahl"); // member (S)
    let gun = w.id("Gun Sjö"); // member (S)
    let mut seats: Vec<SeatAttendance> = w.doc.meeting.attendance.seats.clone();
    let set = |seats: &mut Vec<SeatAttendance>, who, state: SeatState| {
        if let Some(s) = seats.iter_mut().find(|s| s.member == who) {
            s.state = state;
        }
    };
    set(&mut seats, fredrik, SeatState::ServedBy { substitute: per });
    let before = w.doc.meeting.clone();
    // Per cannot serve in two seats.
    let mut twice = seats.clone();
    set(&mut twice, gun, SeatState::ServedBy { substitute: per });
    let err = apply(
        &mut w,
        Edit::SetAttendance {
            seats: twice,
            substitutes_present: vec![],
        },
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("kan bara tjänstgöra för en ledamot"),
        "{err}"
    );
    // A member is no substitute.
    let err = apply(
        &mut w,
        Edit::SetAttendance {
            seats: seats.clone(),
            substitutes_present: vec![gun],
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_a_substitute");
    // A page from before a seat changed is a conflict.
    let err = apply(
        &mut w,
        Edit::SetAttendance {
            seats: seats[1..].to_vec(),
            substitutes_present: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "edit_conflict");
    assert_eq!(w.doc.meeting, before);

    // Per serves and is listed as present too: he is only serving.
    apply(
        &mut w,
        Edit::SetAttendance {
            seats: seats.clone(),
            substitutes_present: vec![per, pia, pia],
        },
    )
    .unwrap();
    assert_eq!(w.doc.meeting.attendance.substitutes_present, vec![pia]);
    assert_eq!(w.doc.meeting.attendance.serving_substitutes(), vec![per]);

    // The next meeting copies it.
    let mut next = before.clone();
    next.attendance.substitutes_present.clear();
    let doc = w.doc.clone();
    let edit = next.attendance_like(&doc.context(), &w.doc.meeting);
    let Edit::SetAttendance {
        seats: copied,
        substitutes_present,
    } = edit
    else {
        panic!()
    };
    assert_eq!(copied, w.doc.meeting.attendance.seats);
    assert_eq!(substitutes_present, vec![pia]);
}

#[test]
fn provisional_numbers_move_with_everything_that_names_them() {
    use justera_domain::attendance::{AttendanceChange, AttendanceEvent, Recusal};
    let mut w = World::new(BodyKind::Board);
    w.paragraph(166, "x", 1);
    w.paragraph(167, "y", 1);
    let bo = w.id("Bo Lind");
    let m = &mut w.doc.meeting;
    m.attendance.changes.push(AttendanceChange {
        from_paragraph: 167,
        details: Default::default(),
        event: AttendanceEvent::Leaves { person: bo },
    });
    m.attendance.recusals.push(Recusal {
        paragraph: 166,
        person: bo,
        substitute: None,
    });
    // Only a meeting not yet opened.
    assert!(m.renumber_from(170).is_err());
    m.status = justera_domain::meeting::MeetingStatus::Planned;
    m.renumber_from(170).unwrap();
    assert_eq!(m.numbers(), vec![170, 171]);
    assert_eq!(m.attendance.changes[0].from_paragraph, 171);
    assert_eq!(m.attendance.recusals[0].paragraph, 170);
}
