//! The secretary's HTML forms turned into [`Edit`]s. Every form names its `action`; the fields
//! are read by name, and anything missing or malformed is a Swedish error the secretary can fix.

use chrono::{NaiveDate, NaiveTime};
use justera_domain::attendance::{
    AttendanceChange, AttendanceEvent, Recusal, Roster, SeatAttendance, SeatState,
};
use justera_domain::decision::{
    Alternative, Ballot, CounterRound, MainVote, Resolution, RollCall, Side, Step, VoteEntry,
};
use justera_domain::drafting::{Details, Edit, NewMeeting, ParagraphText};
use justera_domain::ids::{BodyId, MotionId, PersonId};
use justera_domain::meeting::{Adjournment, Official};
use justera_domain::paragraph::{
    Confidentiality, DecisionStyle, Motion, MotionKind, MotionTarget, ParagraphKind, Proposal,
    ProtocolNote, Reservation,
};

use crate::error::WebError;

/// A submitted form: its fields in order (repeated names allowed).
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

fn bad(message: impl Into<String>) -> WebError {
    WebError::Unprocessable(message.into())
}

impl Fields {
    pub fn parse(body: &[u8]) -> Result<Self, WebError> {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .map(Self)
            .map_err(|_| WebError::BadRequest("Formuläret kunde inte läsas.".into()))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().trim().to_owned()
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty())
    }

    pub fn required(&self, name: &str, label: &str) -> Result<String, WebError> {
        self.opt(name)
            .ok_or_else(|| bad(format!("Fyll i {label}.")))
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some("1" | "on" | "true" | "ja"))
    }

    /// One entry per non-empty line.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.get(name)
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    }

    pub fn number(&self, name: &str, label: &str) -> Result<u32, WebError> {
        let t = self.text(name);
        t.trim_start_matches('§')
            .trim()
            .parse()
            .map_err(|_| bad(format!("{label} måste vara ett heltal (du skrev \"{t}\").")))
    }

    pub fn count(&self, name: &str) -> Result<usize, WebError> {
        self.text(name)
            .parse()
            .map_err(|_| WebError::BadRequest("Formuläret saknar ett fält; ladda om sidan.".into()))
    }

    pub fn person(&self, name: &str, label: &str) -> Result<PersonId, WebError> {
        let t = self.text(name);
        if t.is_empty() {
            return Err(bad(format!("Välj {label}.")));
        }
        t.parse()
            .map_err(|_| bad(format!("Okänd person i fältet {label}; ladda om sidan.")))
    }

    pub fn opt_person(&self, name: &str, label: &str) -> Result<Option<PersonId>, WebError> {
        if self.text(name).is_empty() {
            Ok(None)
        } else {
            self.person(name, label).map(Some)
        }
    }

    pub fn persons(&self, name: &str) -> Result<Vec<PersonId>, WebError> {
        self.all(name)
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                v.trim()
                    .parse()
                    .map_err(|_| bad("Okänd person i formuläret; ladda om sidan."))
            })
            .collect()
    }

    pub fn time(&self, name: &str, label: &str) -> Result<NaiveTime, WebError> {
        parse_time(&self.text(name), label)
    }

    pub fn opt_time(&self, name: &str, label: &str) -> Result<Option<NaiveTime>, WebError> {
        let t = self.text(name);
        if t.is_empty() {
            Ok(None)
        } else {
            parse_time(&t, label).map(Some)
        }
    }

    pub fn date(&self, name: &str, label: &str) -> Result<NaiveDate, WebError> {
        let t = self.text(name);
        NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| {
            bad(format!(
                "{label} ska skrivas ÅÅÅÅ-MM-DD, till exempel 2026-12-07 (du skrev \"{t}\")."
            ))
        })
    }
}

/// "13.30", "13:30" or "1330".
fn parse_time(t: &str, label: &str) -> Result<NaiveTime, WebError> {
    let norm = t.replace('.', ":");
    NaiveTime::parse_from_str(&norm, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&norm, "%H%M"))
        .map_err(|_| {
            bad(format!(
                "{label} ska skrivas som klockslag, till exempel 13.30 (du skrev \"{t}\")."
            ))
        })
}

/// "proposal" or "motion:<id>".
pub fn alternative_value(alt: &Alternative) -> String {
    match alt {
        Alternative::Proposal => "proposal".into(),
        Alternative::Motion(id) => format!("motion:{id}"),
    }
}

fn alternative(fields: &Fields, name: &str, label: &str) -> Result<Alternative, WebError> {
    let t = fields.text(name);
    if t == "proposal" {
        Ok(Alternative::Proposal)
    } else if let Some(id) = t.strip_prefix("motion:") {
        Ok(Alternative::Motion(MotionId(id.to_owned())))
    } else {
        Err(bad(format!("Välj {label}.")))
    }
}

fn side(fields: &Fields, name: &str) -> Option<Side> {
    match fields.get(name) {
        Some("yes") => Some(Side::Yes),
        Some("no") => Some(Side::No),
        _ => None,
    }
}

/// The roll-call sheet: one ballot per serving member of the paragraph, in the voting list's
/// order (`ballot-<person id>` = yes/no/abstain).
fn roll_call(
    fields: &Fields,
    roster: &Roster,
    names: &dyn Fn(PersonId) -> String,
) -> Result<RollCall, WebError> {
    let mut votes = Vec::new();
    let mut missing = Vec::new();
    for s in &roster.serving {
        let ballot = match fields.get(&format!("ballot-{}", s.person)) {
            Some("yes") => Ballot::Yes,
            Some("no") => Ballot::No,
            Some("abstain") => Ballot::Abstain,
            _ => {
                missing.push(names(s.person));
                continue;
            }
        };
        votes.push(VoteEntry {
            person: s.person,
            ballot,
        });
    }
    if !missing.is_empty() {
        return Err(bad(format!(
            "Röst saknas för {}. Varje tjänstgörande ledamot ska ha Ja, Nej eller Avstår.",
            missing.join(", ")
        )));
    }
    Ok(RollCall {
        votes,
        announced: None,
        casting_vote: side(fields, "casting"),
        lot: side(fields, "lot"),
    })
}

fn motion_kind(t: &str) -> Result<MotionKind, WebError> {
    Ok(match t {
        "approval" => MotionKind::Approval,
        "rejection" => MotionKind::Rejection,
        "amendment" => MotionKind::Amendment,
        "addition" => MotionKind::Addition,
        "referral" => MotionKind::Referral,
        "tabling" => MotionKind::Tabling,
        "own_proposal" => MotionKind::OwnProposal,
        _ => return Err(bad("Välj vilket slags yrkande det är.")),
    })
}

/// The paragraph's written sections from the editor form.
pub fn paragraph_text(f: &Fields) -> ParagraphText {
    let confidentiality = match f.opt("secrecy_reason") {
        Some(reason) if f.flag("confidential") => Confidentiality::Confidential {
            reason,
            title_confidential: f.flag("title_confidential"),
        },
        None if f.flag("confidential") => Confidentiality::Confidential {
            reason: String::new(),
            title_confidential: f.flag("title_confidential"),
        },
        _ => Confidentiality::Public,
    };
    let proposal_clauses = f.lines("proposal_clauses");
    let proposal_source = f.text("proposal_source");
    ParagraphText {
        title: f.text("title"),
        kind: match f.text("kind").as_str() {
            "interpellation" => ParagraphKind::Interpellation,
            "question" => ParagraphKind::Question,
            "information" => ParagraphKind::Information,
            _ => ParagraphKind::Matter,
        },
        // Set from the form's speaker boxes in `edit` (they can be refused).
        speakers: Vec::new(),
        case_number: f.opt("case_number"),
        filing_code: f.opt("filing_code"),
        open_to_public: f.flag("open_to_public"),
        confidentiality,
        election: f.flag("election"),
        minority_referral_used: f.flag("minority_referral_used"),
        decision_style: if f.get("decision_style") == Some("att_clauses") {
            DecisionStyle::AttClauses
        } else {
            DecisionStyle::Prose
        },
        summary: f.opt("summary"),
        preparation: f.opt("preparation"),
        decision_basis: f.lines("decision_basis"),
        presenters: f.opt("presenters"),
        proposal: (!proposal_clauses.is_empty() || !proposal_source.is_empty()).then(|| Proposal {
            source: if proposal_source.is_empty() {
                "förslaget".into()
            } else {
                proposal_source
            },
            clauses: proposal_clauses,
        }),
        decision: f.lines("decision"),
        attachments: f.lines("attachments"),
        distribution: f.lines("distribution"),
    }
}

/// What the paragraph's roster is needed for: the roll call.
pub struct StepContext<'a> {
    pub roster: &'a Roster,
    pub names: &'a dyn Fn(PersonId) -> String,
}

/// The form's edit. `step` is given for decision-order forms (the roster of the paragraph).
pub fn edit(f: &Fields, step: Option<&StepContext<'_>>) -> Result<Edit, WebError> {
    let action = f.text("action");
    let number = || f.number("paragraph", "Paragrafnumret");
    Ok(match action.as_str() {
        "open_session" => Edit::OpenSession,
        "close_session" => Edit::CloseSession {
            ends_at: f.opt_time("ends_at", "Sluttiden")?,
        },
        "update_details" => Edit::UpdateDetails {
            details: Details {
                place: f.required("place", "plats")?,
                starts_at: f.time("starts_at", "Starttiden")?,
                ends_at: f.opt_time("ends_at", "Sluttiden")?,
                chair: f.person("chair", "ordförande")?,
                adjusters: f.persons("adjuster")?,
                secretary: f.required("secretary", "sekreterarens namn")?,
                secretary_person: f.opt_person("secretary_person", "sekreteraren")?,
                adjustment_place_and_time: f.text("adjustment_place_and_time"),
            },
        },
        "set_seat" => {
            let member = f.person("member", "ledamot")?;
            let state = match f.get("state") {
                Some("present") => SeatState::Present,
                Some("absent") => SeatState::Absent,
                Some("served_by") => SeatState::ServedBy {
                    substitute: f.person("substitute", "ersättaren som tjänstgör")?,
                },
                _ => return Err(bad("Välj närvaro för ledamoten.")),
            };
            Edit::SetSeat {
                seat: SeatAttendance { member, state },
            }
        }
        "set_attendance" => {
            let mut seats = Vec::new();
            for member in f.persons("seat")? {
                let state = match f.get(&format!("state-{member}")) {
                    Some("present") => SeatState::Present,
                    Some("absent") => SeatState::Absent,
                    Some("served_by") => match f.opt(&format!("sub-{member}")) {
                        Some(s) => SeatState::ServedBy {
                            substitute: s.parse().map_err(|_| {
                                bad("Okänd ersättare i formuläret; ladda om sidan.")
                            })?,
                        },
                        None => {
                            return Err(bad(
                                "Välj vilken ersättare som tjänstgör för ledamoten som ersätts.",
                            ));
                        }
                    },
                    _ => return Err(bad("Välj närvaro för varje ledamot.")),
                };
                seats.push(SeatAttendance { member, state });
            }
            Edit::SetAttendance {
                seats,
                substitutes_present: f.persons("present")?,
            }
        }
        "set_substitute_present" => Edit::SetSubstitutePresent {
            person: f.person("person", "ersättare")?,
            present: f.flag("present"),
        },
        "add_attendance_change" => {
            let person = f.person("person", "person")?;
            let event = match f.get("event") {
                Some("arrives") => AttendanceEvent::Arrives { person },
                Some("leaves") => AttendanceEvent::Leaves { person },
                Some("substitute_serves") => AttendanceEvent::SubstituteServes {
                    substitute: person,
                    for_member: f.person("for_member", "ledamoten som ersätts")?,
                },
                Some("substitute_stops") => AttendanceEvent::SubstituteStops { substitute: person },
                _ => return Err(bad("Välj vad som händer.")),
            };
            Edit::AddAttendanceChange {
                change: AttendanceChange {
                    from_paragraph: f.number("from_paragraph", "Paragrafen")?,
                    details: justera_domain::attendance::ChangeDetails {
                        during: f.flag("during"),
                        at: f.opt_time("at", "Klockslaget")?,
                        reason: f
                            .opt("reason")
                            .map(|r| r.trim().to_owned())
                            .filter(|r| !r.is_empty()),
                        return_allowed: f.flag("return_allowed"),
                    },
                    event,
                },
            }
        }
        "remove_attendance_change" => Edit::RemoveAttendanceChange {
            index: f.count("index")?,
        },
        "add_recusal" => Edit::AddRecusal {
            recusal: Recusal {
                paragraph: number()?,
                person: f.person("person", "den som anmäler jäv")?,
                substitute: f.opt_person("substitute", "ersättare")?,
            },
        },
        "remove_recusal" => Edit::RemoveRecusal {
            paragraph: number()?,
            person: f.person("person", "person")?,
        },
        "add_official" => {
            let mut paragraphs = Vec::new();
            for part in f
                .text("paragraphs")
                .split([',', ' ', '§'])
                .filter(|s| !s.is_empty())
            {
                if let Some((a, b)) = part.split_once('-') {
                    let (a, b): (u32, u32) = (
                        a.trim()
                            .parse()
                            .map_err(|_| bad("Skriv paragraferna som 163, 165-167."))?,
                        b.trim()
                            .parse()
                            .map_err(|_| bad("Skriv paragraferna som 163, 165-167."))?,
                    );
                    paragraphs.extend(a..=b);
                } else {
                    paragraphs.push(
                        part.parse()
                            .map_err(|_| bad("Skriv paragraferna som 163, 165-167."))?,
                    );
                }
            }
            Edit::AddOfficial {
                official: Official {
                    name: f.required("name", "namn")?,
                    title: f.required("title", "titel")?,
                    paragraphs,
                },
            }
        }
        "remove_official" => Edit::RemoveOfficial {
            index: f.count("index")?,
        },
        "add_adjournment" => Edit::AddAdjournment {
            adjournment: Adjournment {
                from: f.time("from", "Ajourneringens början")?,
                to: f.time("to", "Ajourneringens slut")?,
            },
        },
        "remove_adjournment" => Edit::RemoveAdjournment {
            index: f.count("index")?,
        },
        "add_meeting_day" => Edit::AddMeetingDay {
            day: justera_domain::meeting::MeetingDay {
                date: f.date("date", "Dagen")?,
                starts_at: f.time("starts_at", "Dagens början")?,
                ends_at: f.opt_time("ends_at", "Dagens slut")?,
                adjournments: Vec::new(),
            },
        },
        "remove_meeting_day" => Edit::RemoveMeetingDay {
            index: f.count("index")?,
        },
        "add_paragraph" => Edit::AddParagraph {
            number: if f.text("paragraph").is_empty() {
                0
            } else {
                number()?
            },
            title: f.required("title", "ärendets rubrik")?,
            case_number: f.opt("case_number"),
        },
        "update_text" => {
            let mut text = paragraph_text(f);
            for v in f.all("speaker") {
                text.speakers.push(v.parse().map_err(|_| {
                    bad("Okänd person bland dem som yttrade sig i debatten; ladda om sidan.")
                })?);
            }
            if text.title.is_empty() {
                return Err(bad("Paragrafen måste ha en rubrik."));
            }
            Edit::UpdateText {
                number: number()?,
                base: f.text("base"),
                text,
            }
        }
        "add_motion" => {
            let kind = motion_kind(&f.text("kind"))?;
            // Only a bifall (to the proposal or to a motion), an avslag and an ändring refer
            // to something; an own proposal, a formal motion and an addition stand alone.
            let refers_to = match kind {
                MotionKind::Approval | MotionKind::Rejection | MotionKind::Amendment => {
                    match f.text("refers_to").as_str() {
                        "" => None,
                        "proposal" => Some(MotionTarget::Proposal),
                        other => other
                            .strip_prefix("motion:")
                            .map(|id| MotionTarget::Motion(MotionId(id.to_owned()))),
                    }
                }
                _ => None,
            };
            if kind == MotionKind::Approval && refers_to.is_none() {
                return Err(bad(
                    "Ett bifallsyrkande ska avse ett förslag eller ett annat yrkande; välj under Avser. Utan förslag till beslut: välj Eget förslag och skriv yrkandets lydelse.",
                ));
            }
            if kind == MotionKind::OwnProposal && f.text("text").trim().is_empty() {
                return Err(bad(
                    "Skriv yrkandets lydelse: ett eget förslag är det beslut ledamoten föreslår.",
                ));
            }
            let clause = match kind {
                MotionKind::Amendment => Some(
                    f.number("clause", "Att-satsens nummer")
                        .map(|n| n as usize)?,
                ),
                _ => None,
            };
            let mover = f.person("mover", "vem som yrkar")?;
            let mut supporters = f.persons("supporter")?;
            supporters.retain(|p| *p != mover);
            Edit::AddMotion {
                number: number()?,
                motion: Motion {
                    id: MotionId(f.required("motion_id", "yrkandets id")?),
                    mover,
                    kind,
                    text: f.text("text"),
                    refers_to,
                    clause,
                    supporters,
                    withdrawn: false,
                    taken_in_by: None,
                },
            }
        }
        "withdraw_motion" => Edit::WithdrawMotion {
            number: number()?,
            motion: MotionId(f.required("motion", "yrkande")?),
        },
        "take_in_motion" => Edit::TakeInMotion {
            number: number()?,
            motion: MotionId(f.required("motion", "yrkande")?),
            by: f.person("by", "vem som jämkar sitt förslag")?,
        },
        "add_step" => {
            let recorded = f.count("recorded")?;
            let step = decision_step(f, step)?;
            Edit::AddStep {
                number: number()?,
                recorded,
                step,
            }
        }
        "request_vote" => Edit::RequestVote {
            number: number()?,
            recorded: f.count("recorded")?,
            step: decision_step(f, step)?,
        },
        "remove_last_step" => Edit::RemoveLastStep {
            number: number()?,
            recorded: f.count("recorded")?,
        },
        "add_reservation" => Edit::AddReservation {
            number: number()?,
            reservation: Reservation {
                person: f.person("person", "vem som reserverar sig")?,
                in_favour_of: f.opt("in_favour_of").map(MotionId),
                written: f.flag("written") || f.opt("text").is_some(),
                text: f.opt("text"),
            },
        },
        "add_reservations" => {
            let in_favour_of = f.opt("in_favour_of").map(MotionId);
            let text = f.opt("text");
            let written = f.flag("written") || text.is_some();
            let persons = f.persons("person")?;
            if persons.is_empty() {
                return Err(bad("Markera vem eller vilka som reserverar sig."));
            }
            if text.is_some() && persons.len() > 1 {
                return Err(bad(
                    "En skriftlig reservations text hör till en person; registrera den för var och en, eller utan text med bilaga.",
                ));
            }
            Edit::AddReservations {
                number: number()?,
                reservations: persons
                    .into_iter()
                    .map(|person| Reservation {
                        person,
                        in_favour_of: in_favour_of.clone(),
                        written,
                        text: text.clone(),
                    })
                    .collect(),
            }
        }
        "remove_reservation" => Edit::RemoveReservation {
            number: number()?,
            person: f.person("person", "person")?,
        },
        "add_protocol_note" => Edit::AddProtocolNote {
            number: number()?,
            // A group or a person without a mandate, written out, instead of a person chosen.
            note: match f
                .opt("by")
                .map(|b| b.trim().to_owned())
                .filter(|b| !b.is_empty())
            {
                Some(by) => ProtocolNote {
                    person: None,
                    by: Some(by),
                    text: f.required("text", "anteckningens text")?,
                },
                None => ProtocolNote::by_person(
                    f.person("person", "vem som vill ha anteckningen")?,
                    f.required("text", "anteckningens text")?,
                ),
            },
        },
        "adopt_decision" => Edit::AdoptDecision { number: number()? },
        _ => return Err(WebError::BadRequest("Okänd åtgärd i formuläret.".into())),
    })
}

/// A step of the decision order: `question` is formal:<id>, addition:<id>, main or clause:<n>;
/// `mode` is the chair's finding (carried / rejected / finding) or a requested vote.
fn decision_step(f: &Fields, ctx: Option<&StepContext<'_>>) -> Result<Step, WebError> {
    let question = f.text("question");
    let mode = f.text("mode");
    let vote = || -> Result<RollCall, WebError> {
        let ctx = ctx.ok_or_else(|| bad("Omröstningen saknar röstlängd."))?;
        roll_call(f, ctx.roster, ctx.names)
    };
    let resolution = || -> Result<Resolution, WebError> {
        Ok(match mode.as_str() {
            "carried" => Resolution::Acclamation { carried: true },
            "rejected" => Resolution::Acclamation { carried: false },
            "vote" => Resolution::Vote { roll_call: vote()? },
            "minority" => Resolution::MinoritySupport {
                supporters: match f.text("supporters").trim() {
                    "" => None,
                    n => Some(n.parse().map_err(|_| {
                        bad("Antalet som stöder yrkandet ska vara ett heltal, t.ex. 17, eller lämnas tomt.")
                    })?),
                },
            },
            _ => return Err(bad("Välj ordförandens finnande eller omröstning.")),
        })
    };
    let main_vote = || -> Result<Option<MainVote>, WebError> {
        if mode != "vote" {
            return Ok(None);
        }
        let finding = alternative(f, "finding", "ordförandens förslag")?;
        let counter = alternative(f, "counter", "motförslaget i omröstningen")?;
        if counter == finding {
            return Err(bad(
                "Motförslaget kan inte vara samma som ordförandens förslag; välj ett annat.",
            ));
        }
        Ok(Some(MainVote {
            counter_rounds: counter_rounds(f, &finding, &counter)?,
            counter,
            roll_call: vote()?,
        }))
    };
    if let Some(id) = question.strip_prefix("formal:") {
        Ok(Step::Formal {
            motion: MotionId(id.to_owned()),
            resolution: resolution()?,
        })
    } else if let Some(id) = question.strip_prefix("addition:") {
        Ok(Step::Addition {
            motion: MotionId(id.to_owned()),
            resolution: resolution()?,
        })
    } else if question == "main" {
        Ok(Step::Main {
            finding: alternative(
                f,
                "finding",
                "vilket förslag ordföranden finner bifall till",
            )?,
            vote: main_vote()?,
        })
    } else if let Some(n) = question.strip_prefix("clause:") {
        Ok(Step::Clause {
            clause: n
                .parse()
                .map_err(|_| WebError::BadRequest("Okänd att-sats; ladda om sidan.".into()))?,
            finding: alternative(
                f,
                "finding",
                "vilket förslag ordföranden finner bifall till",
            )?,
            vote: main_vote()?,
        })
    } else {
        Err(WebError::BadRequest(
            "Okänd fråga i beslutsgången; ladda om sidan.".into(),
        ))
    }
}

/// With more than two alternatives the counter-proposal is chosen first. From the form the
/// chair finds it without a vote: the chosen counter-proposal is put against each of the
/// others in turn and wins (a vote on the counter-proposal can be recorded through the API).
fn counter_rounds(
    f: &Fields,
    finding: &Alternative,
    counter: &Alternative,
) -> Result<Vec<CounterRound>, WebError> {
    let mut others = Vec::new();
    for value in f.all("alternative") {
        let alt = if value == "proposal" {
            Alternative::Proposal
        } else if let Some(id) = value.strip_prefix("motion:") {
            Alternative::Motion(MotionId(id.to_owned()))
        } else {
            return Err(WebError::BadRequest(
                "Okänt förslag i formuläret; ladda om sidan.".into(),
            ));
        };
        if alt != *finding && alt != *counter && !others.contains(&alt) {
            others.push(alt);
        }
    }
    Ok(others
        .into_iter()
        .map(|second| CounterRound {
            first: counter.clone(),
            second,
            finding: counter.clone(),
            roll_call: None,
        })
        .collect())
}

/// A new meeting from the create form.
pub fn new_meeting(f: &Fields) -> Result<NewMeeting, WebError> {
    let body: BodyId = f.text("body").parse().map_err(|_| bad("Välj organ."))?;
    Ok(NewMeeting {
        body,
        date: f.date("date", "Datumet")?,
        starts_at: f.time("starts_at", "Starttiden")?,
        place: f.required("place", "plats")?,
        chair: f.person("chair", "ordförande")?,
        adjusters: f.persons("adjuster")?,
        secretary: f.required("secretary", "sekreterarens namn")?,
    })
}
