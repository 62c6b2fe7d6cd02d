//! The protocol as a view: every line a reader sees, in order, built from the structured data
//! only. The plain-text, PDF and HTML renderers all draw this same view, so they say the same.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::attendance::Roster;
use crate::decision::Evaluation;
use crate::document::MeetingDocument;
use crate::error::DomainError;
use crate::ids::PersonId;
use crate::meeting::{AdjustmentRecord, SignerRole};
use crate::paragraph::{Confidentiality, Paragraph};
use crate::text::{clock, iso_date, join_and, paragraph_label, weekday_long_date};

use super::sentences::{decision_lines, motion_line, recusal_sentence, reservation_lines};

/// A label with one or more values ("Ledamöter" → names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    pub values: Vec<String>,
}

/// A block of the front page, optionally under a heading ("Beslutande").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontSection {
    pub heading: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerView {
    /// "Sekreterare", "Ordförande", "Justerare".
    pub role: String,
    /// "Protokollet signerat digitalt 2024-10-21" or "Ej signerat".
    pub status: String,
    pub name: String,
    /// The name of the empty signature field this signer fills, in a document that is about
    /// to be signed (see [`signature_field_name`]).
    pub field: Option<String>,
}

/// The name of a signer's signature field in the document they sign: the role and the name
/// (a field name cannot hold a period, which separates the parts of a field's full name).
pub fn signature_field_name(role: SignerRole, name: &str) -> String {
    format!("{} {}", role.swedish(), name).replace('.', " ")
}

/// The signatures of one adjustment event (or of the paragraphs not yet adjusted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureGroup {
    /// "§ 157, 161-162 (omedelbart justerade)".
    pub heading: String,
    pub signers: Vec<SignerView>,
}

/// A voting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteView {
    pub heading: String,
    /// "Ja: 7   Nej: 6   Avstår: 0".
    pub tally: String,
    /// (name with party, "Ja"/"Nej"/"Avstår").
    pub rows: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
pub enum SectionBody {
    /// Paragraphs of prose.
    Text(Vec<String>),
    /// Items of a list (Beslutsunderlag, Beslutet expedieras till).
    List(Vec<String>),
    /// Voting lists.
    Votes(Vec<VoteView>),
}

impl SectionBody {
    fn is_empty(&self) -> bool {
        match self {
            Self::Text(v) | Self::List(v) => v.iter().all(|s| s.trim().is_empty()),
            Self::Votes(v) => v.is_empty(),
        }
    }
}

/// A section of a paragraph under its heading ("Beslut", "Beslutsgång").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub heading: String,
    pub body: SectionBody,
}

/// One paragraph as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphView {
    pub number: u32,
    pub title: String,
    /// Lines under the title: "Diarienummer: …", the filing code, "Paragrafen förklaras
    /// omedelbart justerad", the secrecy note.
    pub head_lines: Vec<String>,
    pub sections: Vec<SectionView>,
    /// Whether this paragraph was masked in a public copy.
    pub redacted: bool,
}

/// "Bevis om tillkännagivande av justerat protokoll".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofView {
    pub heading: String,
    pub lines: Vec<String>,
}

/// The whole protocol as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolView {
    /// The document's own title when it is not the whole protocol ("Omedelbart justerade
    /// paragrafer").
    #[serde(default)]
    pub heading: Option<String>,
    pub organization: String,
    pub body: String,
    pub meeting_date: NaiveDate,
    /// "2024-10-21", or "2005-11-22--23" for a meeting over several days.
    pub date_label: String,
    /// Set on public copies: says that the copy is redacted and why.
    pub copy_notice: Option<String>,
    pub front: Vec<FrontSection>,
    pub signatures: Vec<SignatureGroup>,
    pub paragraphs: Vec<ParagraphView>,
    pub proofs: Vec<ProofView>,
}

fn row(label: &str, values: Vec<String>) -> Row {
    Row {
        label: label.to_owned(),
        values,
    }
}

/// Which paragraphs a person served in, as " § 157-160", or empty when they served in all.
fn served_label(numbers: &[u32], served: &[u32]) -> String {
    if served.len() == numbers.len() {
        String::new()
    } else {
        format!(" {}", paragraph_label(served))
    }
}

impl ProtocolView {
    /// The full protocol of a meeting (the signed original).
    pub fn build(doc: &MeetingDocument) -> Result<Self, DomainError> {
        let ctx = doc.context();
        let meeting = &doc.meeting;
        let numbers = meeting.numbers();
        let rosters = meeting.rosters(&ctx)?;
        let mut paragraphs = Vec::with_capacity(meeting.paragraphs.len());
        for (p, roster) in meeting.paragraphs.iter().zip(&rosters) {
            let evaluation = meeting
                .progress_in(&ctx, p, roster, false)?
                .and_then(|x| x.complete());
            paragraphs.push(paragraph_view(doc, p, roster, evaluation.as_ref()));
        }
        Ok(Self {
            heading: None,
            organization: doc.organization.name.clone(),
            body: doc.body.name.clone(),
            meeting_date: meeting.date,
            date_label: meeting.date_label(),
            copy_notice: None,
            front: front_page(doc, &numbers, &rosters),
            signatures: signatures(doc, &numbers),
            paragraphs,
            proofs: meeting
                .adjustments
                .iter()
                .filter_map(|a| proof_of_posting(doc, a))
                .collect(),
        })
    }

    /// The document signed for an immediate adjustment of `numbers`, as the signers read it
    /// and as it is printed: the meeting, the paragraphs and the place and day of adjustment,
    /// then only those paragraphs — not the protocol's front page or its other signatures.
    pub fn immediate(doc: &MeetingDocument, numbers: &[u32]) -> Result<Self, DomainError> {
        let mut view = Self::build(doc)?;
        view.retain_paragraphs(numbers)?;
        let mut rows = vec![
            row("Organ", vec![doc.body.name.clone()]),
            row("Sammanträdesdatum", vec![iso_date(doc.meeting.date)]),
            row("Paragrafer", vec![paragraph_label(numbers)]),
        ];
        let place = doc.meeting.adjustment_place_and_time.trim();
        if !place.is_empty() {
            rows.push(row("Plats och dag för justering", vec![place.to_owned()]));
        }
        view.heading = Some("Omedelbart justerade paragrafer".into());
        view.front = vec![FrontSection {
            heading: None,
            rows,
        }];
        // The signers of the immediate adjustment sign this document: a field each.
        view.signatures = vec![SignatureGroup {
            heading: paragraph_label(numbers),
            signers: signer_roles(doc)
                .into_iter()
                .map(|(role, name)| SignerView {
                    role: role.swedish().to_owned(),
                    status: UNDERSIGNED_DIGITALLY.to_owned(),
                    field: Some(signature_field_name(role, &name)),
                    name,
                })
                .collect(),
        }];
        view.proofs.clear();
        Ok(view)
    }

    /// Only the given paragraphs (for a certified extract), in meeting order.
    pub fn retain_paragraphs(&mut self, numbers: &[u32]) -> Result<(), DomainError> {
        if let Some(missing) = numbers
            .iter()
            .find(|n| !self.paragraphs.iter().any(|p| p.number == **n))
        {
            return Err(DomainError::UnknownParagraph {
                paragraph: *missing,
            });
        }
        self.paragraphs.retain(|p| numbers.contains(&p.number));
        Ok(())
    }

    /// Only what adjustment record `index` covers: for an immediate adjustment its paragraphs,
    /// its signatures, its proof of posting and its paragraphs on the front page (the ordinary
    /// adjustment covers the whole meeting, so the view stays as it is).
    pub fn narrow_to_adjustment(
        &mut self,
        doc: &MeetingDocument,
        index: usize,
    ) -> Result<(), DomainError> {
        let record = doc
            .meeting
            .adjustments
            .get(index)
            .ok_or_else(|| DomainError::Invalid {
                field: "adjustment".into(),
                reason: format!("justering nummer {index} finns inte"),
            })?;
        if !record.immediate {
            return Ok(());
        }
        self.retain_paragraphs(&record.paragraphs)?;
        // One signature group per adjustment record, in order (see `signatures`).
        self.signatures = self.signatures.get(index).cloned().into_iter().collect();
        self.proofs = proof_of_posting(doc, record).into_iter().collect();
        for r in self.front.iter_mut().flat_map(|s| s.rows.iter_mut()) {
            if r.label == "Paragrafer" {
                r.values = vec![paragraph_label(&record.paragraphs)];
            }
        }
        Ok(())
    }

    /// A short title for metadata: "Kommunstyrelsen 2024-10-21".
    pub fn short_title(&self) -> String {
        format!("{} {}", self.body, iso_date(self.meeting_date))
    }
}

fn front_page(doc: &MeetingDocument, numbers: &[u32], rosters: &[Roster]) -> Vec<FrontSection> {
    let meeting = &doc.meeting;
    let people = &doc.context().people;
    let mut sections = Vec::new();

    // One line per day; a meeting over several days names each day's adjournments with it.
    let several = !meeting.further_days.is_empty();
    let mut whens = Vec::new();
    let mut place = vec![meeting.place.clone()];
    let days = std::iter::once((
        meeting.date,
        meeting.starts_at,
        meeting.ends_at,
        &meeting.adjournments,
    ))
    .chain(
        meeting
            .further_days
            .iter()
            .map(|d| (d.date, d.starts_at, d.ends_at, &d.adjournments)),
    );
    for (date, starts, ends, adjournments) in days {
        let mut when = format!("{} klockan {}", weekday_long_date(date), clock(starts));
        if let Some(end) = ends {
            when.push_str(&format!("-{}", clock(end)));
        }
        whens.push(when);
        if !adjournments.is_empty() {
            let spans: Vec<String> = adjournments
                .iter()
                .map(|a| format!("{}-{}", clock(a.from), clock(a.to)))
                .collect();
            let on = if several {
                format!(" den {}", crate::text::long_date(date))
            } else {
                String::new()
            };
            place.push(format!("Mötet ajourneras{on} klockan {}", join_and(&spans)));
        }
    }
    sections.push(FrontSection {
        heading: None,
        rows: vec![row("Datum och tid", whens), row("Plats", place)],
    });

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
    let role_marks = |p: PersonId, line: &mut String| {
        if p == meeting.chair {
            line.push_str(", ordförande");
        } else if let Some(office) = doc
            .mandates
            .iter()
            .find(|m| m.person_id == p && m.covers(meeting.date))
            .and_then(|m| m.position)
            .filter(|o| *o != crate::organization::Position::Chair)
        {
            // The body's vice chairs, as the front page names them.
            line.push_str(&format!(", {}", office.swedish_name()));
        }
        if meeting.adjusters.contains(&p) {
            line.push_str(", justerare");
        }
    };
    let mut members = Vec::new();
    for seat in &meeting.attendance.seats {
        let served = served_in(seat.member, seat.member);
        let mut line = people.name(seat.member);
        role_marks(seat.member, &mut line);
        if served.is_empty() {
            line.push_str(", frånvarande");
        } else {
            line.push_str(&served_label(numbers, &served));
        }
        members.push(line);
    }
    let mut pairs: Vec<(PersonId, PersonId)> = Vec::new();
    for r in rosters {
        for s in r.serving.iter().filter(|s| s.is_substitute()) {
            if !pairs.contains(&(s.person, s.seat)) {
                pairs.push((s.person, s.seat));
            }
        }
    }
    // A substitute whose pairing the protocol does not state prints once, without "för …",
    // with every § served in any seat.
    let unstated = &meeting.attendance.pairing_unstated;
    let mut substitutes: Vec<String> = Vec::new();
    let mut printed_unstated: Vec<PersonId> = Vec::new();
    for (sub, seat) in &pairs {
        if unstated.contains(sub) {
            if printed_unstated.contains(sub) {
                continue;
            }
            printed_unstated.push(*sub);
            let served: Vec<u32> = rosters
                .iter()
                .filter(|r| r.serving.iter().any(|s| s.person == *sub))
                .map(|r| r.paragraph)
                .collect();
            let mut line = people.name(*sub);
            role_marks(*sub, &mut line);
            line.push_str(&served_label(numbers, &served));
            substitutes.push(line);
            continue;
        }
        let mut line = format!("{} för {}", people.name(*sub), people.name(*seat));
        role_marks(*sub, &mut line);
        line.push_str(&served_label(numbers, &served_in(*sub, *seat)));
        substitutes.push(line);
    }
    let mut deciding = vec![row("Ledamöter", members)];
    if !substitutes.is_empty() {
        deciding.push(row("Tjänstgörande ersättare", substitutes));
    }
    if !meeting.attendance.changes.is_empty() {
        deciding.push(row(
            "Ändringar under sammanträdet",
            super::changes::change_sentences(
                &meeting.attendance.changes,
                &meeting.attendance.pairing_unstated,
                people,
                numbers,
                rosters,
                &doc.body.definite_name,
            ),
        ));
    }
    sections.push(FrontSection {
        heading: Some("Beslutande".into()),
        rows: deciding,
    });

    // Substitutes present without serving, in list order, each
    // with the §§ when that is not every §: one who served some §§ and sat by for others
    // is listed here too, with those §§.
    let mut present_subs: Vec<PersonId> = Vec::new();
    for r in rosters {
        for s in &r.substitutes_not_serving {
            if !present_subs.contains(s) {
                present_subs.push(*s);
            }
        }
    }
    // The order the secretary recorded them in, then the body's list order (the mandates').
    let list_order = |p: &PersonId| {
        (
            meeting
                .attendance
                .substitutes_present
                .iter()
                .position(|q| q == p)
                .unwrap_or(usize::MAX),
            doc.mandates
                .iter()
                .position(|m| m.person_id == *p)
                .unwrap_or(usize::MAX),
        )
    };
    present_subs.sort_by_key(list_order);
    let mut others = Vec::new();
    if !present_subs.is_empty() {
        others.push(row(
            "Ersättare",
            present_subs
                .iter()
                .map(|p| {
                    let sat_by: Vec<u32> = rosters
                        .iter()
                        .filter(|r| r.substitutes_not_serving.contains(p))
                        .map(|r| r.paragraph)
                        .collect();
                    let served = pairs.iter().any(|(s, _)| s == p);
                    if served || sat_by.len() != rosters.len() {
                        format!("{}{}", people.name(*p), served_label(numbers, &sat_by))
                    } else {
                        people.name(*p)
                    }
                })
                .collect(),
        ));
    }
    let officials: Vec<String> = meeting
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
    if !officials.is_empty() {
        others.push(row("Tjänstepersoner", officials));
    }
    let open: Vec<u32> = meeting
        .paragraphs
        .iter()
        .filter(|p| p.open_to_public)
        .map(|p| p.number)
        .collect();
    others.push(row(
        "Allmänhet",
        vec![if open.is_empty() {
            "Sammanträdet är inte öppet för allmänheten".to_owned()
        } else {
            format!("Öppet sammanträde {}", paragraph_label(&open))
        }],
    ));
    sections.push(FrontSection {
        heading: Some("Övriga närvarande".into()),
        rows: others,
    });

    let adjusters: Vec<String> = meeting.adjusters.iter().map(|p| people.name(*p)).collect();
    sections.push(FrontSection {
        heading: None,
        rows: vec![
            row("Utses att justera", vec![join_and(&adjusters)]),
            row(
                "Plats och dag för justering",
                vec![meeting.adjustment_place_and_time.clone()],
            ),
            row("Paragrafer", vec![paragraph_label(numbers)]),
        ],
    });
    sections
}

/// How the signature block of the document being signed names its signatures: they are the
/// digital signatures in the PDF (see "Underskrifterna" in the document's signature panel).
pub const UNDERSIGNED_DIGITALLY: &str = "Digital underskrift";

/// The signers of the meeting's protocol, in signing order: the secretary (where the body's
/// secretary signs), the chair, the adjusters.
fn signer_roles(doc: &MeetingDocument) -> Vec<(SignerRole, String)> {
    let meeting = &doc.meeting;
    let people = &doc.context().people;
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
    roles
}

fn signatures(doc: &MeetingDocument, numbers: &[u32]) -> Vec<SignatureGroup> {
    let meeting = &doc.meeting;
    let roles = signer_roles(doc);
    let mut groups = Vec::new();
    let mut covered: Vec<u32> = Vec::new();
    for a in &meeting.adjustments {
        covered.extend(&a.paragraphs);
        let kind = match (a.immediate, a.after_meeting) {
            (true, true) => " (särskilt justerade)",
            (true, false) => " (omedelbart justerade)",
            _ => "",
        };
        groups.push(SignatureGroup {
            heading: format!("{}{kind}", paragraph_label(&a.paragraphs)),
            signers: roles
                .iter()
                .map(|(role, name)| {
                    let status = a
                        .signatures
                        .iter()
                        .find(|s| s.role == *role && &s.name == name)
                        .map_or_else(
                            || "Ej signerat".to_owned(),
                            |s| format!("{} {}", s.method, iso_date(s.signed_on)),
                        );
                    SignerView {
                        role: role.swedish().to_owned(),
                        status,
                        name: name.clone(),
                        field: None,
                    }
                })
                .collect(),
        });
    }
    let rest: Vec<u32> = numbers
        .iter()
        .filter(|n| !covered.contains(n))
        .copied()
        .collect();
    if !rest.is_empty() {
        // While the meeting is held these §§ are a draft; from closing on this is the document
        // that is signed, and its signatures are the digital ones in the file, so it says so
        // rather than "Ej signerat" (which a signed original would still read).
        let (heading, status) = if meeting.records_live() {
            (
                format!("{} (ej justerade)", paragraph_label(&rest)),
                "Ej signerat",
            )
        } else {
            (paragraph_label(&rest), UNDERSIGNED_DIGITALLY)
        };
        groups.push(SignatureGroup {
            heading,
            signers: roles
                .iter()
                .map(|(role, name)| SignerView {
                    role: role.swedish().to_owned(),
                    status: status.to_owned(),
                    name: name.clone(),
                    // The document signed from closing on has a field per signer.
                    field: (!meeting.records_live()).then(|| signature_field_name(*role, name)),
                })
                .collect(),
        });
    }
    groups
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

fn paragraph_view(
    doc: &MeetingDocument,
    p: &Paragraph,
    roster: &Roster,
    evaluation: Option<&Evaluation>,
) -> ParagraphView {
    let people = &doc.context().people;
    let mut head_lines = Vec::new();
    if let Some(kind) = p.kind.label() {
        head_lines.push(kind.to_owned());
    }
    if let Some(dnr) = &p.case_number {
        head_lines.push(format!("Diarienummer: {dnr}"));
    }
    if let Some(code) = &p.filing_code {
        head_lines.push(code.clone());
    }
    if p.immediately_adjusted {
        head_lines.push(if doc.meeting.adjusted_separately_after(p.number) {
            "Paragrafen justeras särskilt".to_owned()
        } else {
            "Paragrafen förklaras omedelbart justerad".to_owned()
        });
    }
    if let Confidentiality::Confidential { reason, .. } = &p.confidentiality {
        head_lines.push(format!("Sekretess: {reason}"));
    }
    let mut sections = Vec::new();
    let mut push = |heading: &str, body: SectionBody| {
        if !body.is_empty() {
            sections.push(SectionView {
                heading: heading.to_owned(),
                body,
            });
        }
    };
    push(
        "Jäv",
        SectionBody::Text(
            roster
                .recused
                .iter()
                .map(|r| recusal_sentence(&people.name(*r)))
                .collect(),
        ),
    );
    // A val is the body's election, not a decision on a proposal: "Kommunfullmäktiges val".
    let decision_heading = if p.election {
        format!("{} val", crate::text::genitive(&doc.body.name))
    } else {
        "Beslut".to_owned()
    };
    push(&decision_heading, SectionBody::Text(decision_lines(p)));
    push(
        "Sammanfattning",
        SectionBody::Text(split(p.summary.as_deref())),
    );
    push(
        "Beredning",
        SectionBody::Text(split(p.preparation.as_deref())),
    );
    push(
        "Beslutsunderlag",
        SectionBody::List(p.decision_basis.clone()),
    );
    push(
        "Föredragande",
        SectionBody::Text(split(p.presenters.as_deref())),
    );
    if !p.speakers.is_empty() {
        let names: Vec<String> = p.speakers.iter().map(|x| people.name(*x)).collect();
        push(
            "Debatt",
            SectionBody::Text(vec![format!(
                "I debatten yttrade sig {}.",
                crate::text::join_and(&names)
            )]),
        );
    }
    push(
        "Förslag till beslut på sammanträdet",
        SectionBody::Text(
            p.motions
                .iter()
                .filter(|m| !m.withdrawn)
                .map(|m| motion_line(p, m, people))
                .collect(),
        ),
    );
    if let Some(e) = evaluation {
        push("Beslutsgång", SectionBody::Text(e.text.clone()));
        let votes: Vec<VoteView> = e
            .roll_calls
            .iter()
            .map(|(heading, rc)| {
                let t = rc.tally();
                VoteView {
                    heading: heading.clone(),
                    tally: format!("Ja: {}   Nej: {}   Avstår: {}", t.yes, t.no, t.abstain),
                    rows: voting_order(doc, p, roster, &rc.votes)
                        .into_iter()
                        .map(|v| (people.name(v.person), v.ballot.swedish().to_owned()))
                        .collect(),
                }
            })
            .collect();
        push("Omröstningsresultat", SectionBody::Votes(votes));
    }
    push(
        "Reservation",
        SectionBody::Text(reservation_lines(
            p,
            &p.reservations,
            people,
            doc.organization.protocol.written_reservations,
        )),
    );
    push(
        "Protokollsanteckning",
        SectionBody::Text(
            p.protocol_notes
                .iter()
                .map(|n| format!("{}: {}", n.author(people), n.text))
                .collect(),
        ),
    );
    push("Protokollsbilaga", SectionBody::List(p.attachments.clone()));
    push(
        "Beslutet expedieras till",
        SectionBody::List(p.distribution.clone()),
    );
    ParagraphView {
        number: p.number,
        title: p.title.clone(),
        head_lines,
        sections,
        redacted: false,
    }
}

fn proof_of_posting(doc: &MeetingDocument, a: &AdjustmentRecord) -> Option<ProofView> {
    let d = a.notice.as_ref()?.dates;
    Some(ProofView {
        heading: if a.immediate && a.after_meeting {
            "Bevis om tillkännagivande av justerat protokoll (särskilt justerade paragrafer)"
                .to_owned()
        } else if a.immediate {
            "Bevis om tillkännagivande av justerat protokoll (direktjustering)".to_owned()
        } else {
            "Bevis om tillkännagivande av justerat protokoll".to_owned()
        },
        lines: vec![
            "Justeringen har tillkännagivits på kommunens anslagstavla.".to_owned(),
            format!(
                "Protokollet justerades {}, {}",
                iso_date(a.adjusted_on),
                paragraph_label(&a.paragraphs)
            ),
            format!("Tillkännagivandet publiceras {}", iso_date(d.posted)),
            format!(
                "Publiceringen av tillkännagivandet upphör {}",
                iso_date(d.takedown)
            ),
            format!("Överklagandetiden går ut {}", iso_date(d.last_appeal_day)),
            format!(
                "Förvaringsplats för protokollet: {}",
                doc.organization.protocol_storage
            ),
        ],
    })
}

/// The ballots as the voting list prints them. In the council members are called in the
/// order of the attendance list (a serving substitute in the seat's place) and the presiding
/// chair votes last (KL 5 kap. 55 §); other bodies print them as recorded.
fn voting_order<'a>(
    doc: &MeetingDocument,
    p: &Paragraph,
    roster: &Roster,
    votes: &'a [crate::decision::VoteEntry],
) -> Vec<&'a crate::decision::VoteEntry> {
    let mut rows: Vec<&crate::decision::VoteEntry> = votes.iter().collect();
    if doc.body.kind == crate::organization::BodyKind::Council {
        let presiding = p
            .decision_order
            .as_ref()
            .and_then(|d| d.presiding)
            .unwrap_or(doc.meeting.chair);
        rows.sort_by_key(|v| {
            if v.person == presiding {
                usize::MAX
            } else {
                roster
                    .serving
                    .iter()
                    .position(|s| s.person == v.person)
                    .unwrap_or(usize::MAX - 1)
            }
        });
    }
    rows
}
