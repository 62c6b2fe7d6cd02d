//! Reading a term file: every row checked and every error named with its line, nothing taken
//! until the whole file is clean.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use chrono::NaiveDate;
use common::World;
use justera_domain::organization::{BodyKind, MandateRole, Position};
use justera_domain::term::{copy_composition, parse_csv, read_term, to_csv};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn board() -> justera_domain::organization::Body {
    let mut b = World::new(BodyKind::Board).doc.body;
    b.seats = 3;
    b
}

const GOOD: &str = "\u{feff}namn;parti;roll;ordning;befattning;från;till\n\
Anna Ek;M;ledamot;1;ordförande;;\n\
Bo Lind;S;Ledamot;2;1:e vice ordförande;;\n\
Cecilia Holm;C;ledamot;3;;;2028-06-30\n\
Dan Berg;C;ledamot;3;;2028-07-01;\n\
Per Åberg;S;ersättare;1;;;\n\
\"Lund, Jonas\";S;ersättare;2;;;\n";

#[test]
fn a_clean_file_gives_every_mandate_with_its_validity() {
    let rows = parse_csv(GOOD).unwrap();
    let plan = read_term(&rows, &board(), d(2027, 1, 1), d(2030, 12, 31)).unwrap();
    assert!(plan.is_clean(), "{:?}", plan.errors);
    assert_eq!(plan.rows.len(), 6);
    assert_eq!(plan.rows[0].position, Some(Position::Chair));
    assert_eq!(plan.rows[1].role, MandateRole::Member);
    assert_eq!(plan.rows[2].to, d(2028, 6, 30));
    assert_eq!(plan.rows[3].from, d(2028, 7, 1));
    assert_eq!(plan.rows[5].name, "Lund, Jonas");
    assert_eq!(plan.members_on(d(2029, 1, 1)), 3);
    // Written out and read again: the same rows.
    let again = read_term(
        &parse_csv(&to_csv(&plan.rows)).unwrap(),
        &board(),
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    assert!(again.is_clean(), "{:?}", again.errors);
    assert_eq!(
        again
            .rows
            .iter()
            .map(|r| (&r.name, r.from, r.to))
            .collect::<Vec<_>>(),
        plan.rows
            .iter()
            .map(|r| (&r.name, r.from, r.to))
            .collect::<Vec<_>>()
    );
}

#[test]
fn every_bad_row_is_named_and_nothing_is_taken() {
    let text = "namn,parti,roll,ordning\n\
Anna Ek,M,ledamot,1\n\
Bo Lind,Socialdemokraterna (S),ledamot,2\n\
Anna Ek,M,ledamot,4\n\
Cecilia Holm,C,ordförande,3\n\
Per Åberg,S,ersättare,\n\
Pia Öst,V,ersättare,1\n\
Olle Ström,V,ersättare,1\n\
Rut Sand,M,ledamot,x\n";
    let plan = read_term(
        &parse_csv(text).unwrap(),
        &board(),
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    assert!(!plan.is_clean());
    let said: Vec<(usize, &str)> = plan
        .errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    let has = |line: usize, part: &str| said.iter().any(|(l, m)| *l == line && m.contains(part));
    assert!(has(3, "ska skrivas som förkortning"), "{said:?}");
    assert!(has(4, "Anna Ek står två gånger"), "{said:?}");
    assert!(has(5, "roll ska vara ledamot eller ersättare"), "{said:?}");
    assert!(has(6, "ordning saknas"), "{said:?}");
    assert!(
        has(8, "ordning 1 för ersättare (V) används redan av Pia Öst"),
        "{said:?}"
    );
    assert!(has(9, "ska vara ett heltal"), "{said:?}");
    // A wrong row is left out, so the seats are not counted as missing on top of it.
    assert!(!said.iter().any(|(l, _)| *l == 0), "{said:?}");
    // Rows that are all right but too few for the seats: said once, for the file.
    let few = "namn;parti;roll;ordning\nAnna Ek;M;ledamot;1\nBo Lind;S;ledamot;2\n";
    let plan = read_term(
        &parse_csv(few).unwrap(),
        &board(),
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    assert_eq!(plan.errors.len(), 1, "{:?}", plan.errors);
    assert!(
        plan.errors[0]
            .message
            .contains("har 3 platser men filen har 2 ledamöter den 2027-01-01")
    );
}

#[test]
fn hostile_files_get_a_swedish_answer() {
    let body = board();
    let term = (d(2027, 1, 1), d(2030, 12, 31));
    // Empty, no header columns, a control character, a date outside the term, a huge file.
    let plan = read_term(&parse_csv("").unwrap(), &body, term.0, term.1).unwrap();
    assert!(plan.errors[0].message.contains("filen är tom"));
    let plan = read_term(&parse_csv("a;b\n1;2\n").unwrap(), &body, term.0, term.1).unwrap();
    assert!(
        plan.errors[0]
            .message
            .contains("kolumnen namn, parti, roll, ordning saknas"),
        "{:?}",
        plan.errors
    );
    let plan = read_term(
        &parse_csv("namn;parti;roll;ordning\nA\u{7}B;M;ledamot;1\n").unwrap(),
        &body,
        term.0,
        term.1,
    )
    .unwrap();
    assert!(
        plan.errors[0].message.contains("styrtecken"),
        "{:?}",
        plan.errors
    );
    let plan = read_term(
        &parse_csv("namn;parti;roll;ordning;från\nA B;M;ledamot;1;2026-12-01\n").unwrap(),
        &body,
        term.0,
        term.1,
    )
    .unwrap();
    assert!(
        plan.errors[0].message.contains("inom mandatperioden"),
        "{:?}",
        plan.errors
    );
    let huge: String = std::iter::once("namn;parti;roll;ordning\n".to_owned())
        .chain((0..6000).map(|i| format!("P{i};M;ersättare;{}\n", i + 1)))
        .collect();
    let plan = read_term(&parse_csv(&huge).unwrap(), &body, term.0, term.1).unwrap();
    assert!(
        plan.errors[0].message.contains("högst 5000"),
        "{:?}",
        &plan.errors[..1]
    );
    assert!(read_term(&[], &body, term.1, term.0).is_err());
}

#[test]
fn a_composition_is_copied_into_the_next_term() {
    let w = World::new(BodyKind::Board);
    let doc = w.doc.clone();
    let names = |p| {
        doc.context()
            .people
            .person(p)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let rows = copy_composition(
        &doc.mandates,
        &names,
        d(2026, 12, 31),
        d(2027, 1, 1),
        d(2030, 12, 31),
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r.role == MandateRole::Member)
            .count(),
        13
    );
    assert!(
        rows.iter()
            .all(|r| r.from == d(2027, 1, 1) && r.to == d(2030, 12, 31))
    );
    let plan = read_term(
        &parse_csv(&to_csv(&rows)).unwrap(),
        &doc.body,
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    assert!(plan.is_clean(), "{:?}", plan.errors);
}

/// Issue 14, rule 11: the council's order of substitutes by group and bloc, in the optional
/// columns grupp and block; written out again only when the body has one.
#[test]
fn the_order_of_substitutes_by_group_and_bloc() {
    let text = "namn;parti;roll;ordning;grupp;block\n\
Anna Ek;C;ledamot;1;c-gruppen;c-m-fp-kd\n\
Bo Lind;M;ledamot;2;m-gruppen;c-m-fp-kd\n\
Cecilia Holm;S;ledamot;3;s-gruppen;s-v-mp\n\
Kjell Skalberg;C;ersättare;1;c-gruppen;c-m-fp-kd\n\
Rut Smeds;KD;ersättare;2;c-gruppen;c-m-fp-kd\n";
    let plan = read_term(
        &parse_csv(text).unwrap(),
        &board(),
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    assert!(plan.is_clean(), "{:?}", plan.errors);
    assert_eq!(plan.rows[4].call_group.as_deref(), Some("c-gruppen"));
    assert_eq!(plan.rows[4].call_bloc.as_deref(), Some("c-m-fp-kd"));
    let written = to_csv(&plan.rows);
    assert!(
        written.starts_with("namn;parti;roll;ordning;befattning;från;till;grupp;block\n"),
        "{written}"
    );
    assert!(
        written.contains("Rut Smeds;KD;ersättare;2;;2027-01-01;2030-12-31;c-gruppen;c-m-fp-kd"),
        "{written}"
    );
    // A bloc without a group, or a group with a control character: the line is named.
    let bad = "namn;parti;roll;ordning;grupp;block\n\
Anna Ek;C;ledamot;1;;c-m-fp-kd\n\
Bo Lind;M;ledamot;2;m-\u{7}gruppen;\n\
Cecilia Holm;S;ledamot;3;;\n";
    let plan = read_term(
        &parse_csv(bad).unwrap(),
        &board(),
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    let messages: Vec<String> = plan
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.line, e.message))
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("2: Anna Ek: ett block utan grupp")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("3: Bo Lind: grupp")),
        "{messages:?}"
    );
    // A file without groups is written as before.
    let plain = read_term(
        &parse_csv(GOOD).unwrap(),
        &board(),
        d(2027, 1, 1),
        d(2030, 12, 31),
    )
    .unwrap();
    assert!(to_csv(&plain.rows).starts_with("namn;parti;roll;ordning;befattning;från;till\n"));
}
