//! Procedures real protocols record (issue 14): an avslag aimed at a tillägg, a minority
//! referral found by the chair, and the other rules of the decision order, each with the exact
//! Swedish it prints.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::World;
use justera_domain::DomainError;
use justera_domain::decision::{Alternative, DecisionRecord, Outcome, Resolution, Step};
use justera_domain::organization::BodyKind;
use justera_domain::paragraph::{MotionKind, MotionTarget};
use justera_domain::protocol;

fn record(steps: Vec<Step>) -> Option<DecisionRecord> {
    Some(DecisionRecord {
        presiding: None,
        steps,
    })
}

fn eval(w: &World, n: u32) -> Result<justera_domain::decision::Evaluation, DomainError> {
    w.doc
        .meeting
        .evaluate(&w.doc.context(), n)
        .map(|e| e.expect("a decision order is recorded"))
}

/// A board: the proposal, a tillägg by Cecilia Holm (C) and an avslag by Fredrik Dahl (S)
/// aimed at the tillägg, not at the proposal.
fn addition_with_rejection() -> World {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "ledningskontorets förslag", 1);
    w.motion(
        1,
        "m1",
        "Cecilia Holm",
        MotionKind::Addition,
        "Kommunstyrelsen föreslår skattesänkning med 15 respektive 20 öre.",
    );
    w.motion(1, "m2", "Fredrik Dahl", MotionKind::Rejection, "");
    w.p(1).motions[1].refers_to = Some(MotionTarget::Motion("m1".into()));
    w
}

/// Rule 5: an avslag aimed at a tillägg is the "no" side of the tillägg's own question: the
/// main question has only the proposal, and the tillägg is put against the avslag.
#[test]
fn an_avslag_aimed_at_a_tillagg_is_the_no_side_of_its_question() {
    let mut w = addition_with_rejection();
    let rc = w.roll_call(1, &["C", "M", "KD", "L"], &["S", "V", "MP", "SD"], &[]);
    w.p(1).decision_order = record(vec![
        Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        },
        Step::Addition {
            motion: "m1".into(),
            resolution: Resolution::Vote { roll_call: rc },
        },
    ]);
    let e = eval(&w, 1).unwrap();
    assert_eq!(
        e.text,
        vec![
            "Ordförande Anna Ek (M) finner att det finns ett förslag till beslut, ledningskontorets förslag samt tilläggsyrkande från Cecilia Holm (C) som Fredrik Dahl (S) yrkar avslag på. Ordförande frågar först på ledningskontorets förslag och finner att kommunstyrelsen bifaller det. Ordförande ställer därefter proposition på Cecilia Holms (C) tilläggsyrkande och Fredrik Dahls (S) avslagsyrkande. Omröstning begärs och verkställs. Den som vill bifalla Cecilia Holms (C) tilläggsyrkande röstar ja, den som vill bifalla Fredrik Dahls (S) avslagsyrkande röstar nej. Med 5 ja-röster mot 8 nej-röster, 0 avstår, beslutar kommunstyrelsen att avslå tilläggsyrkandet."
        ]
    );
    assert_eq!(
        e.outcome,
        Outcome::Decided {
            main: Alternative::Proposal,
            clauses: vec![],
            additions: vec![("m1".into(), false)],
        }
    );
    // The old engine made the avslag a main alternative: a Main step finding for it is now
    // refused, since it is not among the alternatives to the proposal.
    w.p(1).decision_order = record(vec![Step::Main {
        finding: Alternative::Motion("m2".into()),
        vote: None,
    }]);
    let err = eval(&w, 1).unwrap_err().to_string();
    assert!(err.contains("finns inte bland förslagen"), "{err}");
}

/// Rule 5, by acclamation: the chair puts the tillägg against the avslag by name.
#[test]
fn a_tillagg_and_its_avslag_by_acclamation() {
    let mut w = addition_with_rejection();
    w.p(1).decision_order = record(vec![
        Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        },
        Step::Addition {
            motion: "m1".into(),
            resolution: Resolution::Acclamation { carried: true },
        },
    ]);
    let e = eval(&w, 1).unwrap();
    assert!(
        e.text[0].ends_with("Ordförande ställer därefter proposition på Cecilia Holms (C) tilläggsyrkande och Fredrik Dahls (S) avslagsyrkande och finner att kommunstyrelsen bifaller tilläggsyrkandet."),
        "{}",
        e.text[0]
    );
    let decision = e.decision_text(&w.doc.meeting.paragraphs[0], &w.doc.body);
    assert_eq!(
        decision[1],
        "Kommunstyrelsen föreslår skattesänkning med 15 respektive 20 öre."
    );
}

/// Rule 5 for an ändring: an avslag aimed at it is not a main alternative either.
#[test]
fn an_avslag_aimed_at_an_andring_is_not_a_main_alternative() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 2);
    w.motion(
        1,
        "m1",
        "Ingrid Falk",
        MotionKind::Amendment,
        "Kommunstyrelsen beslutar att avsätta 2 mnkr.",
    );
    w.p(1).motions[0].clause = Some(2);
    w.motion(1, "m2", "Bo Lind", MotionKind::Rejection, "");
    w.p(1).motions[1].refers_to = Some(MotionTarget::Motion("m1".into()));
    w.p(1).decision_order = record(vec![
        Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        },
        Step::Clause {
            clause: 2,
            finding: Alternative::Proposal,
            vote: None,
        },
    ]);
    let e = eval(&w, 1).unwrap();
    assert!(
        e.text[0].starts_with("Ordförande Anna Ek (M) finner att det finns ett förslag till beslut, arbetsutskottets förslag samt ändringsyrkande från Ingrid Falk (V) avseende att-sats 2 som Bo Lind (M) yrkar avslag på."),
        "{}",
        e.text[0]
    );
}

fn council_with_referral(motive: &str) -> World {
    let mut w = World::new(BodyKind::Council);
    w.paragraph(1, "kommunstyrelsens förslag", 1);
    w.motion(1, "m1", "Fredrik Dahl", MotionKind::Referral, motive);
    w
}

/// Rule 2: the chair finds that a third of the members present support a minority referral,
/// without a named roll call, with or without the count.
#[test]
fn a_minority_referral_found_by_the_chair() {
    let mut w = council_with_referral(
        "för att utreda\n1. kostnaderna för skolskjutsarna,\n2. elevernas restider.",
    );
    w.p(1).decision_order = record(vec![Step::Formal {
        motion: "m1".into(),
        resolution: Resolution::MinoritySupport {
            supporters: Some(5),
        },
    }]);
    let e = eval(&w, 1).unwrap();
    assert_eq!(
        e.outcome,
        Outcome::Referred {
            motion: "m1".into(),
            minority: true
        }
    );
    assert!(
        e.text[0].ends_with("Ordförande frågar först om ärendet ska avgöras i dag eller återremitteras och finner att återremissyrkandet har stöd av minst en tredjedel av de närvarande ledamöterna (5 av 15). Ärendet ska därmed återremitteras enligt kommunallagens regel om minoritetsåterremiss."),
        "{}",
        e.text[0]
    );
    // The motive with several points prints with its lines.
    let printed = protocol::render_plain(&w.doc).unwrap();
    assert!(
        printed.contains("Yrkar att ärendet återremitteras för att utreda"),
        "{printed}"
    );
    assert!(printed.contains("2. elevernas restider."), "{printed}");

    // Without the count.
    w.p(1).decision_order = record(vec![Step::Formal {
        motion: "m1".into(),
        resolution: Resolution::MinoritySupport { supporters: None },
    }]);
    let e = eval(&w, 1).unwrap();
    assert!(
        e.text[0].contains("finner att återremissyrkandet har stöd av minst en tredjedel av de närvarande ledamöterna."),
        "{}",
        e.text[0]
    );
}

/// Rule 2, refused: fewer than a third, more than are present, an unmotivated referral, a
/// second minority referral, and outside the council — each with a Swedish reason.
#[test]
fn a_minority_referral_is_refused_when_the_law_does_not_allow_it() {
    let cases: Vec<(World, Option<u32>, &str)> = vec![
        (
            council_with_referral("för komplettering"),
            Some(4),
            "mindre än en tredjedel",
        ),
        (
            council_with_referral("för komplettering"),
            Some(16),
            "bara 15 är närvarande",
        ),
        (council_with_referral(""), None, "saknar motivering"),
        (
            {
                let mut w = council_with_referral("för komplettering");
                w.p(1).minority_referral_used = true;
                w
            },
            None,
            "kan inte ske igen",
        ),
        (
            {
                let mut w = World::new(BodyKind::Board);
                w.paragraph(1, "arbetsutskottets förslag", 1);
                w.motion(
                    1,
                    "m1",
                    "Fredrik Dahl",
                    MotionKind::Referral,
                    "för utredning",
                );
                w
            },
            None,
            "finns bara i fullmäktige",
        ),
    ];
    for (mut w, supporters, expected) in cases {
        w.p(1).decision_order = record(vec![Step::Formal {
            motion: "m1".into(),
            resolution: Resolution::MinoritySupport { supporters },
        }]);
        let err = eval(&w, 1).unwrap_err().to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("§ 1"), "{err}");
    }
    // A tillägg is never carried by a minority.
    let mut w = addition_with_rejection();
    w.p(1).decision_order = record(vec![
        Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        },
        Step::Addition {
            motion: "m1".into(),
            resolution: Resolution::MinoritySupport { supporters: None },
        },
    ]);
    let err = eval(&w, 1).unwrap_err().to_string();
    assert!(
        err.contains("gäller bara återremiss och bordläggning"),
        "{err}"
    );
}

/// Rule 6: a written decision that contradicts the decision order is flagged with the step,
/// and the protocol cannot be sent for adjustment with it; other wording is free.
#[test]
fn the_printed_decision_must_agree_with_the_decision_order() {
    use justera_domain::decision::disagreement;
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    w.motion(1, "m1", "Ingrid Falk", MotionKind::Rejection, "");
    w.p(1).decision_order = record(vec![Step::Main {
        finding: Alternative::Proposal,
        vote: None,
    }]);
    let check = |w: &World| {
        let e = eval(w, 1).unwrap();
        disagreement(&w.doc.meeting.paragraphs[0], &e, &w.doc.body)
    };
    // Free wording that does what the decision order did.
    w.p(1).decision = vec!["Motionen anses besvarad.".into()];
    assert_eq!(check(&w), None);
    // "avslår" after a Beslutsgång that adopts the proposal.
    w.p(1).decision = vec!["Kommunstyrelsen avslår arbetsutskottets förslag.".into()];
    let reason = check(&w).unwrap();
    assert!(
        reason.contains("i huvudfrågan bifölls arbetsutskottets förslag, men beslutet avslår"),
        "{reason}"
    );
    let ctx_doc = w.doc.clone();
    w.doc.meeting.status = justera_domain::meeting::MeetingStatus::Closed;
    let err = w
        .doc
        .meeting
        .start_adjustment(&ctx_doc.context(), "h".into(), w.doc.meeting.date)
        .unwrap_err();
    assert_eq!(err.code(), "decision_disagrees");
    assert!(
        err.to_string()
            .starts_with("§ 1: beslutet stämmer inte med beslutsgången"),
        "{err}"
    );
    assert_eq!(
        w.doc.meeting.status,
        justera_domain::meeting::MeetingStatus::Closed,
        "nothing changed"
    );
    // The avslag won, but the decision adopts the proposal.
    w.p(1).decision_order = record(vec![Step::Main {
        finding: Alternative::Motion("m1".into()),
        vote: None,
    }]);
    w.doc.meeting.status = justera_domain::meeting::MeetingStatus::InSession;
    w.p(1).decision = vec!["Kommunstyrelsen beslutar enligt förslaget.".into()];
    assert!(
        check(&w)
            .unwrap()
            .contains("beslutet avslår inte arbetsutskottets förslag")
    );
    // Referred, but the decision decides.
    let mut w = council_with_referral("för komplettering");
    w.p(1).decision_order = record(vec![Step::Formal {
        motion: "m1".into(),
        resolution: Resolution::Acclamation { carried: true },
    }]);
    w.p(1).decision = vec!["Kommunfullmäktige bifaller kommunstyrelsens förslag.".into()];
    assert!(
        check(&w)
            .unwrap()
            .contains("men beslutet säger inte att ärendet återremitteras")
    );
    w.p(1).decision = vec!["Ärendet återremitteras till kommunstyrelsen.".into()];
    assert_eq!(check(&w), None);
}

/// Rule 9: a protocol note by a group, or by a named person without a mandate, prints as
/// written and survives the interchange round trip; never a raw id; exactly one author.
#[test]
fn protocol_notes_by_a_group_or_a_person_without_a_mandate() {
    use justera_domain::document::MeetingDocument;
    use justera_domain::paragraph::ProtocolNote;
    let mut w = World::new(BodyKind::Council);
    w.paragraph(1, "kommunstyrelsens förslag", 1);
    w.p(1).decision = vec!["Kommunfullmäktige bifaller förslaget.".into()];
    let gun = w.id("Gun Sjö");
    w.p(1).protocol_notes = vec![
        ProtocolNote {
            person: None,
            by: Some("S-, V- och MP-ledamöterna".into()),
            text: "antecknar att de avser att återkomma i budgeten.".into(),
        },
        ProtocolNote {
            person: None,
            by: Some("Kommundirektör Lena Holm".into()),
            text: "Förvaltningen redovisar kostnaderna i maj.".into(),
        },
        ProtocolNote::by_person(gun, "Jag vill ha antecknat att underlaget kom sent."),
    ];
    w.doc.validate().unwrap();
    let json = w.doc.to_json().unwrap();
    let back = MeetingDocument::from_json(&json).unwrap();
    assert_eq!(back, w.doc, "round trip");
    let printed = protocol::render_plain(&back).unwrap();
    for line in [
        "S-, V- och MP-ledamöterna: antecknar att de avser att återkomma i budgeten.",
        "Kommundirektör Lena Holm: Förvaltningen redovisar kostnaderna i maj.",
        "Gun Sjö (S): Jag vill ha antecknat att underlaget kom sent.",
    ] {
        assert!(printed.contains(line), "{line}\n{printed}");
    }
    assert!(!printed.contains("00000000-0000-4000"), "{printed}");
    // Both, neither, blank, a control character, or too long: refused in Swedish.
    for (person, by, expected) in [
        (Some(gun), Some("S-gruppen".to_owned()), "inte båda"),
        (None, None, "ange vem protokollsanteckningen är av"),
        (
            None,
            Some("   ".to_owned()),
            "ange vem protokollsanteckningen är av",
        ),
        (None, Some("S-\u{7}gruppen".to_owned()), "styrtecken"),
        (None, Some("x".repeat(201)), "längre än 200 tecken"),
    ] {
        let mut w2 = World::new(BodyKind::Council);
        w2.paragraph(1, "kommunstyrelsens förslag", 1);
        w2.p(1).decision = vec!["Beslut.".into()];
        w2.p(1).protocol_notes = vec![ProtocolNote {
            person,
            by,
            text: "Text.".into(),
        }];
        let err = w2.doc.validate().unwrap_err().to_string();
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("§ 1"), "{err}");
    }
}

/// Rule 10: serving substitutes without a stated pairing print without "för …"; one who is
/// not a serving substitute cannot be listed so.
#[test]
fn serving_substitutes_without_a_stated_pairing() {
    use justera_domain::attendance::SeatState;
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 1);
    w.p(1).decision = vec!["Beslut.".into()];
    let (fredrik, per) = (w.id("Fredrik Dahl"), w.id("Per Åberg"));
    for seat in &mut w.doc.meeting.attendance.seats {
        if seat.member == fredrik {
            seat.state = SeatState::ServedBy { substitute: per };
        }
    }
    w.doc.meeting.adjusters = vec![w.id("Bo Lind")];
    w.doc.meeting.attendance.drop_serving_from_present();
    w.doc.meeting.attendance.pairing_unstated = vec![per];
    w.doc.validate().unwrap();
    let printed = protocol::render_plain(&w.doc).unwrap();
    assert!(
        printed.contains("Tjänstgörande ersättare       Per Åberg (S)\n"),
        "{printed}"
    );
    assert!(!printed.contains("Per Åberg (S) för"), "{printed}");
    w.doc.meeting.attendance.pairing_unstated = vec![w.id("Olle Ström")];
    let err = w.doc.validate().unwrap_err().to_string();
    assert!(
        err.contains("Olle Ström (M) tjänstgör inte som ersättare"),
        "{err}"
    );
}

/// Rule 18: information §§ need no decision and print "Informationen noteras.";
/// interpellations and questions are kinds of §; speakers print as "I debatten yttrade sig".
#[test]
fn information_interpellations_and_speakers() {
    use justera_domain::document::MeetingDocument;
    use justera_domain::paragraph::{Paragraph, ParagraphKind};
    let mut w = World::new(BodyKind::Council);
    let mut info = Paragraph::new(1, "Information om budgetuppföljningen");
    info.kind = ParagraphKind::Information;
    let mut interp = Paragraph::new(2, "Interpellation om upphandlingspolicyn (nr 2007:29)");
    interp.kind = ParagraphKind::Interpellation;
    interp.speakers = vec![w.id("Jonas Lund"), w.id("Bo Lind")];
    w.doc.meeting.paragraphs = vec![info, interp];
    let json = w.doc.to_json().unwrap();
    assert_eq!(MeetingDocument::from_json(&json).unwrap(), w.doc);
    let printed = protocol::render_plain(&w.doc).unwrap();
    for line in [
        "Information\n",
        "Informationen noteras.",
        "Interpellation\n",
        "I debatten yttrade sig Jonas Lund (MP) och Bo Lind (M).",
    ] {
        assert!(printed.contains(line), "{line:?}\n{printed}");
    }
    // Neither needs a decision to close the meeting; a matter does.
    let mut m = w.doc.meeting.clone();
    m.close_session().unwrap();
    let mut m = w.doc.meeting.clone();
    m.paragraphs[1].kind = ParagraphKind::Matter;
    assert_eq!(
        m.close_session().unwrap_err().code(),
        "paragraph_without_decision"
    );
    // A speaker twice is refused.
    let jonas = w.id("Jonas Lund");
    w.p(2).speakers.push(jonas);
    let err = w.doc.validate().unwrap_err().to_string();
    assert!(
        err.contains("§ 2: Jonas Lund (MP) står två gånger"),
        "{err}"
    );
}

/// Rule 3: jämkning. The chair takes an ändringsyrkande into the proposal; the adjusted
/// proposal is put and decided, and the Beslutsgång says so.
#[test]
fn jamkning_takes_an_andring_into_the_proposal() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 2);
    w.motion(1, "m1", "Anna Ek", MotionKind::Approval, "");
    w.motion(
        1,
        "m2",
        "Ingrid Falk",
        MotionKind::Amendment,
        "Kommunstyrelsen beslutar att avsätta 2 mnkr till fritidsgårdarna.",
    );
    w.p(1).motions[1].clause = Some(2);
    let anna = w.id("Anna Ek");
    w.p(1).motions[1].taken_in_by = Some(anna);
    w.p(1).decision_order = record(vec![Step::Main {
        finding: Alternative::Proposal,
        vote: None,
    }]);
    let e = eval(&w, 1).unwrap();
    assert!(
        e.text[0].contains("Ordförande Anna Ek (M) jämkar sitt förslag enligt Ingrid Falks (V) ändringsyrkande avseende att-sats 2. Ordförande frågar först på arbetsutskottets förslag och finner att kommunstyrelsen bifaller det."),
        "{}",
        e.text[0]
    );
    let decision = e.decision_text(&w.doc.meeting.paragraphs[0], &w.doc.body);
    assert_eq!(
        decision,
        vec![
            "Kommunstyrelsen beslutar i punkt 1 enligt förslaget.",
            "Kommunstyrelsen beslutar att avsätta 2 mnkr till fritidsgårdarna."
        ]
    );
    // No clause question remains for a taken-in ändring.
    w.p(1).decision_order = record(vec![
        Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        },
        Step::Clause {
            clause: 2,
            finding: Alternative::Proposal,
            vote: None,
        },
    ]);
    assert!(
        eval(&w, 1)
            .unwrap_err()
            .to_string()
            .contains("hör inte till beslutsgången")
    );
    // Only an ändring can be taken in, by someone serving.
    w.p(1).motions[0].taken_in_by = Some(anna);
    assert!(
        eval(&w, 1)
            .unwrap_err()
            .to_string()
            .contains("bara ett ändringsyrkande kan jämkas in")
    );
}

/// Rule 4: with the proposal alone, the chair may put an ändring straight against it in one
/// proposition — two propositions in all where the protocol has two, not three.
#[test]
fn an_andring_put_straight_against_the_proposal() {
    let mut w = World::new(BodyKind::Board);
    w.paragraph(1, "arbetsutskottets förslag", 2);
    w.motion(
        1,
        "m1",
        "Ingrid Falk",
        MotionKind::Amendment,
        "Kommunstyrelsen beslutar att avsätta 2 mnkr.",
    );
    w.p(1).motions[0].clause = Some(2);
    w.p(1).decision_order = record(vec![Step::Clause {
        clause: 2,
        finding: Alternative::Motion("m1".into()),
        vote: None,
    }]);
    let e = eval(&w, 1).unwrap();
    assert_eq!(
        e.text,
        vec![
            "Ordförande Anna Ek (M) finner att det finns ett förslag till beslut, arbetsutskottets förslag samt ändringsyrkande från Ingrid Falk (V) avseende att-sats 2. Ordförande ställer proposition på arbetsutskottets förslag och Ingrid Falks (V) ändringsyrkande avseende att-sats 2 och finner att kommunstyrelsen beslutar enligt Ingrid Falks (V) ändringsyrkande."
        ]
    );
    assert_eq!(
        e.outcome,
        Outcome::Decided {
            main: Alternative::Proposal,
            clauses: vec![(2, Alternative::Motion("m1".into()))],
            additions: vec![],
        }
    );
    // The old order (the whole proposal first, then the clause) still holds.
    w.p(1).decision_order = record(vec![
        Step::Main {
            finding: Alternative::Proposal,
            vote: None,
        },
        Step::Clause {
            clause: 2,
            finding: Alternative::Proposal,
            vote: None,
        },
    ]);
    assert!(eval(&w, 1).is_ok());
}

/// Rule 15: a meeting over several days prints each day with its times and adjournments and
/// the span on the front page; days must follow one another.
#[test]
fn a_meeting_over_several_days() {
    use chrono::{NaiveDate, NaiveTime};
    use justera_domain::meeting::{Adjournment, MeetingDay};
    let t = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let d = |y: i32, mo: u32, da: u32| NaiveDate::from_ymd_opt(y, mo, da).unwrap();
    let mut w = World::new(BodyKind::Council);
    w.paragraph(1, "kommunstyrelsens förslag", 1);
    w.p(1).decision = vec!["Beslut.".into()];
    w.doc.meeting.further_days = vec![MeetingDay {
        date: d(2025, 3, 11),
        starts_at: t(9, 0),
        ends_at: Some(t(12, 30)),
        adjournments: vec![Adjournment {
            from: t(10, 15),
            to: t(10, 45),
        }],
    }];
    w.doc.validate().unwrap();
    assert_eq!(w.doc.meeting.date_label(), "2025-03-10--11");
    assert_eq!(w.doc.meeting.last_day(), d(2025, 3, 11));
    let printed = protocol::render_plain(&w.doc).unwrap();
    for line in [
        "Sammanträdesdatum 2025-03-10--11",
        "Måndag den 10 mars 2025 klockan 13.00-16.00",
        "Tisdag den 11 mars 2025 klockan 09.00-12.30",
        "Mötet ajourneras den 11 mars 2025 klockan 10.15-10.45",
    ] {
        assert!(printed.contains(line), "{line}\n{printed}");
    }
    let json = w.doc.to_json().unwrap();
    assert_eq!(
        justera_domain::document::MeetingDocument::from_json(&json).unwrap(),
        w.doc
    );
    // Over a month's and a year's end.
    w.doc.meeting.date = d(2025, 12, 31);
    w.doc.meeting.further_days[0].date = d(2026, 1, 1);
    assert_eq!(w.doc.meeting.date_label(), "2025-12-31--2026-01-01");
    w.doc.meeting.date = d(2025, 11, 30);
    w.doc.meeting.further_days[0].date = d(2025, 12, 1);
    assert_eq!(w.doc.meeting.date_label(), "2025-11-30--12-01");
    // A day before the first, or an adjournment outside the day's times: refused.
    w.doc.meeting.further_days[0].date = d(2025, 11, 29);
    assert!(
        w.doc
            .validate()
            .unwrap_err()
            .to_string()
            .contains("ska komma efter 2025-11-30")
    );
    w.doc.meeting.further_days[0].date = d(2025, 12, 1);
    w.doc.meeting.further_days[0].adjournments[0].to = t(13, 0);
    assert!(
        w.doc
            .validate()
            .unwrap_err()
            .to_string()
            .contains("ligger inte inom dagens sammanträde")
    );
}
