//! The protocol as text: the front page, every paragraph in the order of domain.md §4, and the
//! proof of posting. Generated from the structured data only; the same data gives the same text.
//! The PDF renderer and the web pages use the same sentences.

use crate::attendance::{People, Roster};
use crate::decision::Evaluation;
use crate::document::MeetingDocument;
use crate::error::DomainError;
use crate::ids::PersonId;
use crate::meeting::{AdjustmentRecord, SignerRole};
use crate::paragraph::{DecisionStyle, Motion, MotionKind, MotionTarget, Paragraph, Reservation};
use crate::text::{clock, iso_date, join_and, paragraph_label, weekday_long_date};

/// "X (M) anmäler jäv och deltar inte i handläggningen."
pub fn recusal_sentence(name_with_party: &str) -> String {
    format!("{name_with_party} anmäler jäv och deltar inte i handläggningen.")
}

/// "X (V) reserverar sig mot beslutet till förmån för eget yrkande."
pub fn reservation_sentence(
    paragraph: &Paragraph,
    reservation: &Reservation,
    people: &People<'_>,
) -> String {
    let name = people.name(reservation.person);
    let favour = reservation
        .in_favour_of
        .as_ref()
        .and_then(|id| paragraph.motion(id).ok())
        .map(|m| {
            if m.mover == reservation.person {
                " till förmån för eget yrkande".to_owned()
            } else {
                let mover = people
                    .person(m.mover)
                    .map_or_else(|_| m.mover.to_string(), |p| p.genitive_with_party());
                format!(" till förmån för {mover} {}", m.kind.noun())
            }
        })
        .unwrap_or_default();
    let written = if reservation.written {
        " Reservationen är skriftlig och bifogas protokollet."
    } else {
        ""
    };
    format!("{name} reserverar sig mot beslutet{favour}.{written}")
}

/// How a motion is minuted under "Förslag till beslut på sammanträdet".
pub fn motion_line(paragraph: &Paragraph, motion: &Motion, people: &People<'_>) -> String {
    let text = motion.text.trim();
    let target = || match &motion.refers_to {
        Some(MotionTarget::Motion(id)) => paragraph.motion(id).map_or_else(
            |_| id.to_string(),
            |m| {
                let mover = people
                    .person(m.mover)
                    .map_or_else(|_| m.mover.to_string(), |p| p.genitive_with_party());
                format!("{mover} {}", m.kind.noun())
            },
        ),
        _ => paragraph
            .proposal
            .as_ref()
            .map_or_else(|| "förslaget".to_owned(), |p| p.source.clone()),
    };
    let wording = match motion.kind {
        MotionKind::Approval if text.is_empty() => format!("Yrkar bifall till {}.", target()),
        MotionKind::Rejection if text.is_empty() => format!("Yrkar avslag på {}.", target()),
        MotionKind::Approval | MotionKind::Rejection => text.to_owned(),
        MotionKind::Addition => format!("Tilläggsyrkande: {text}"),
        MotionKind::Amendment => format!(
            "Ändringsyrkande avseende att-sats {}: {text}",
            motion.clause.unwrap_or(0)
        ),
        MotionKind::Referral => with_motivation("Yrkar att ärendet återremitteras", text),
        MotionKind::Tabling => with_motivation("Yrkar att ärendet bordläggs", text),
        MotionKind::OwnProposal => format!("Eget yrkande: {text}"),
    };
    let mut line = format!("{}: {wording}", people.name(motion.mover));
    if !motion.supporters.is_empty() {
        let names: Vec<String> = motion.supporters.iter().map(|p| people.name(*p)).collect();
        line.push_str(&format!(" {} instämmer.", join_and(&names)));
    }
    line
}

fn with_motivation(base: &str, motivation: &str) -> String {
    if motivation.is_empty() {
        format!("{base}.")
    } else {
        format!("{base} {}.", motivation.trim_end_matches('.'))
    }
}

/// The decision as printed, in the paragraph's style.
pub fn decision_lines(paragraph: &Paragraph) -> Vec<String> {
    match paragraph.decision_style {
        DecisionStyle::Prose => paragraph.decision.clone(),
        DecisionStyle::AttClauses => paragraph
            .decision
            .iter()
            .map(|c| {
                if c.starts_with("att ") {
                    c.clone()
                } else {
                    format!("att {c}")
                }
            })
            .collect(),
    }
}

const LABEL: usize = 30;

struct Out {
    lines: Vec<String>,
}

impl Out {
    fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A label in the left column and values below each other in the right column.
    fn labelled(&mut self, label: &str, values: &[String]) {
        for (i, v) in values.iter().enumerate() {
            let l = if i == 0 { label } else { "" };
            let pad = LABEL.saturating_sub(l.chars().count()).max(1);
            self.lines
                .push(format!("{l}{}{v}", " ".repeat(pad)).trim_end().to_owned());
        }
    }

    fn section(&mut self, heading: &str, paragraphs: &[String]) {
        if paragraphs.iter().all(|p| p.trim().is_empty()) {
            return;
        }
        self.blank();
        self.line(heading);
        for p in paragraphs {
            self.blank();
            self.line(p.trim());
        }
    }
}

/// Which paragraphs a person served in, as "§ 157-160", or empty when they served in all.
fn served_label(numbers: &[u32], served: &[u32]) -> String {
    if served.len() == numbers.len() {
        String::new()
    } else {
        format!(" {}", paragraph_label(served))
    }
}

/// The protocol of a whole meeting as plain text in the seed protocol's layout.
pub fn render_plain(doc: &MeetingDocument) -> Result<String, DomainError> {
    let ctx = doc.context();
    let meeting = &doc.meeting;
    let numbers = meeting.numbers();
    let rosters = meeting.rosters(&ctx)?;
    let people = &ctx.people;
    let mut out = Out { lines: Vec::new() };

    out.line(&doc.organization.name);
    out.line(&doc.body.name);
    out.line("SAMMANTRÄDESPROTOKOLL");
    out.line(format!("Sammanträdesdatum {}", iso_date(meeting.date)));
    out.blank();

    let mut when = format!(
        "{} klockan {}",
        weekday_long_date(meeting.date),
        clock(meeting.starts_at)
    );
    if let Some(end) = meeting.ends_at {
        when.push_str(&format!("-{}", clock(end)));
    }
    out.labelled("Datum och tid", &[when]);
    let mut place = vec![meeting.place.clone()];
    if !meeting.adjournments.is_empty() {
        let spans: Vec<String> = meeting
            .adjournments
            .iter()
            .map(|a| format!("{}-{}", clock(a.from), clock(a.to)))
            .collect();
        place.push(format!("Mötet ajourneras klockan {}", join_and(&spans)));
    }
    out.labelled("Plats", &place);
    out.blank();

    // Beslutande: members in seat order, then serving substitutes.
    out.line("Beslutande");
    out.blank();
    let served_in = |person: PersonId, seat: PersonId| -> Vec<u32> {
        rosters
            .iter()
            .filter(|r| {
                r.serving
                    .iter()
                    .any(|s| s.person == person && s.seat == seat)
            })
            .map(|r| r.paragraph)
            .collect()
    };
    let mut member_lines = Vec::new();
    for seat in &meeting.attendance.seats {
        let name = people.name(seat.member);
        let served = served_in(seat.member, seat.member);
        let mut line = name;
        if seat.member == meeting.chair {
            line.push_str(", ordförande");
        }
        if meeting.adjusters.contains(&seat.member) {
            line.push_str(", justerare");
        }
        if served.is_empty() {
            line.push_str(", frånvarande");
        } else {
            line.push_str(&served_label(&numbers, &served));
        }
        member_lines.push(line);
    }
    out.labelled("Ledamöter", &member_lines);
    let mut pairs: Vec<(PersonId, PersonId)> = Vec::new();
    for r in &rosters {
        for s in r.serving.iter().filter(|s| s.is_substitute()) {
            if !pairs.contains(&(s.person, s.seat)) {
                pairs.push((s.person, s.seat));
            }
        }
    }
    let substitute_lines: Vec<String> = pairs
        .iter()
        .map(|(sub, seat)| {
            let mut line = format!("{} för {}", people.name(*sub), people.name(*seat));
            if *sub == meeting.chair {
                line.push_str(", ordförande");
            }
            if meeting.adjusters.contains(sub) {
                line.push_str(", justerare");
            }
            line.push_str(&served_label(&numbers, &served_in(*sub, *seat)));
            line
        })
        .collect();
    if !substitute_lines.is_empty() {
        out.labelled("Tjänstgörande ersättare", &substitute_lines);
    }
    out.blank();

    out.line("Övriga närvarande");
    out.blank();
    let mut present_subs: Vec<PersonId> = Vec::new();
    for r in &rosters {
        for s in &r.substitutes_not_serving {
            if !present_subs.contains(s) && !pairs.iter().any(|(p, _)| p == s) {
                present_subs.push(*s);
            }
        }
    }
    let sub_lines: Vec<String> = present_subs.iter().map(|p| people.name(*p)).collect();
    if !sub_lines.is_empty() {
        out.labelled("Ersättare", &sub_lines);
    }
    let official_lines: Vec<String> = meeting
        .officials
        .iter()
        .map(|o| {
            if o.paragraphs.is_empty() {
                format!("{}, {}", o.name, o.title)
            } else {
                format!("{}, {} {}", o.name, o.title, paragraph_label(&o.paragraphs))
            }
        })
        .collect();
    if !official_lines.is_empty() {
        out.labelled("Tjänstepersoner", &official_lines);
    }
    let open: Vec<u32> = meeting
        .paragraphs
        .iter()
        .filter(|p| p.open_to_public)
        .map(|p| p.number)
        .collect();
    let public = if open.is_empty() {
        "Sammanträdet är inte öppet för allmänheten".to_owned()
    } else {
        format!("Öppet sammanträde {}", paragraph_label(&open))
    };
    out.labelled("Allmänhet", &[public]);
    out.blank();

    let adjusters: Vec<String> = meeting.adjusters.iter().map(|p| people.name(*p)).collect();
    out.labelled("Utses att justera", &[join_and(&adjusters)]);
    out.labelled(
        "Plats och dag för justering",
        std::slice::from_ref(&meeting.adjustment_place_and_time),
    );
    out.labelled("Paragrafer", &[paragraph_label(&numbers)]);
    out.blank();

    signatures(&mut out, doc, &numbers);

    for (p, roster) in meeting.paragraphs.iter().zip(&rosters) {
        let evaluation = meeting.evaluate(&ctx, p.number)?;
        paragraph(&mut out, doc, p, roster, evaluation.as_ref());
    }

    for a in &meeting.adjustments {
        proof_of_posting(&mut out, doc, a);
    }
    let mut text = out.lines.join("\n");
    text.push('\n');
    Ok(text)
}

fn signatures(out: &mut Out, doc: &MeetingDocument, numbers: &[u32]) {
    let meeting = &doc.meeting;
    let people = &doc.context().people;
    out.line("Underskrifter");
    let mut roles: Vec<(SignerRole, String)> = Vec::new();
    if doc.body.secretary_signs {
        roles.push((SignerRole::Secretary, meeting.secretary.clone()));
    }
    let name_only = |p: PersonId| {
        people
            .person(p)
            .map_or_else(|_| p.to_string(), |x| x.name.clone())
    };
    roles.push((SignerRole::Chair, name_only(meeting.chair)));
    for a in &meeting.adjusters {
        roles.push((SignerRole::Adjuster, name_only(*a)));
    }
    let mut covered: Vec<u32> = Vec::new();
    for a in &meeting.adjustments {
        covered.extend(&a.paragraphs);
        out.blank();
        let kind = if a.immediate {
            " (omedelbart justerade)"
        } else {
            ""
        };
        out.line(format!("{}{kind}", paragraph_label(&a.paragraphs)));
        for (role, name) in &roles {
            let signed = a
                .signatures
                .iter()
                .find(|s| s.role == *role && &s.name == name);
            let status = signed.map_or_else(
                || "Ej signerat".to_owned(),
                |s| format!("{} {}", s.method, iso_date(s.signed_on)),
            );
            out.labelled(role.swedish(), &[status, name.clone()]);
        }
    }
    let rest: Vec<u32> = numbers
        .iter()
        .filter(|n| !covered.contains(n))
        .copied()
        .collect();
    if !rest.is_empty() {
        out.blank();
        out.line(format!("{} (ej justerade)", paragraph_label(&rest)));
        for (role, name) in &roles {
            out.labelled(role.swedish(), &["Ej signerat".to_owned(), name.clone()]);
        }
    }
}

fn paragraph(
    out: &mut Out,
    doc: &MeetingDocument,
    p: &Paragraph,
    roster: &Roster,
    evaluation: Option<&Evaluation>,
) {
    let people = &doc.context().people;
    out.blank();
    out.line("—".repeat(40));
    out.blank();
    out.line(format!("§ {}", p.number));
    out.blank();
    out.line(&p.title);
    if let Some(dnr) = &p.case_number {
        out.blank();
        out.line(format!("Diarienummer: {dnr}"));
    }
    if let Some(code) = &p.filing_code {
        out.blank();
        out.line(code);
    }
    if p.immediately_adjusted {
        out.blank();
        out.line("Paragrafen förklaras omedelbart justerad");
    }
    if let crate::paragraph::Confidentiality::Confidential { reason, .. } = &p.confidentiality {
        out.blank();
        out.line(format!("Sekretess: {reason}"));
    }
    let recusals: Vec<String> = roster
        .recused
        .iter()
        .map(|r| recusal_sentence(&people.name(*r)))
        .collect();
    out.section("Jäv", &recusals);
    out.section("Beslut", &decision_lines(p));
    out.section("Sammanfattning", &split(p.summary.as_deref()));
    out.section("Beredning", &split(p.preparation.as_deref()));
    out.section("Beslutsunderlag", &p.decision_basis);
    out.section("Föredragande", &split(p.presenters.as_deref()));
    let motions: Vec<String> = p
        .motions
        .iter()
        .filter(|m| !m.withdrawn)
        .map(|m| motion_line(p, m, people))
        .collect();
    out.section("Förslag till beslut på sammanträdet", &motions);
    if let Some(e) = evaluation {
        out.section("Beslutsgång", &e.text);
        for (heading, rc) in &e.roll_calls {
            let t = rc.tally();
            let mut lines = vec![
                heading.clone(),
                format!("Ja: {}   Nej: {}   Avstår: {}", t.yes, t.no, t.abstain),
            ];
            let mut rows = String::new();
            for v in &rc.votes {
                let name = people.name(v.person);
                let pad = 40usize.saturating_sub(name.chars().count()).max(1);
                rows.push_str(&format!(
                    "{name}{}{}\n",
                    " ".repeat(pad),
                    v.ballot.swedish()
                ));
            }
            lines.push(rows.trim_end().to_owned());
            out.section("Omröstningsresultat", &lines);
        }
    }
    let reservations: Vec<String> = p
        .reservations
        .iter()
        .map(|r| reservation_sentence(p, r, people))
        .collect();
    out.section("Reservation", &reservations);
    let notes: Vec<String> = p
        .protocol_notes
        .iter()
        .map(|n| format!("{}: {}", people.name(n.person), n.text))
        .collect();
    out.section("Protokollsanteckning", &notes);
    out.section("Protokollsbilaga", &p.attachments);
    out.section("Beslutet expedieras till", &p.distribution);
}

fn split(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split("\n\n")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

fn proof_of_posting(out: &mut Out, doc: &MeetingDocument, a: &AdjustmentRecord) {
    let Some(notice) = &a.notice else {
        return;
    };
    let d = notice.dates;
    out.blank();
    out.line("—".repeat(40));
    out.blank();
    out.line(if a.immediate {
        "Bevis om tillkännagivande av justerat protokoll (direktjustering)"
    } else {
        "Bevis om tillkännagivande av justerat protokoll"
    });
    out.blank();
    out.line("Justeringen har tillkännagivits på kommunens anslagstavla.");
    out.blank();
    out.line(format!(
        "Protokollet justerades {}, {}",
        iso_date(a.adjusted_on),
        paragraph_label(&a.paragraphs)
    ));
    out.blank();
    out.line(format!(
        "Tillkännagivandet publiceras {}",
        iso_date(d.posted)
    ));
    out.blank();
    out.line(format!(
        "Publiceringen av tillkännagivandet upphör {}",
        iso_date(d.takedown)
    ));
    out.blank();
    out.line(format!(
        "Överklagandetiden går ut {}",
        iso_date(d.last_appeal_day)
    ));
    out.blank();
    out.line(format!(
        "Förvaringsplats för protokollet: {}",
        doc.organization.protocol_storage
    ));
}
