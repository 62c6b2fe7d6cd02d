//! Domain errors. Each has a stable code (for the API and tests) and a Swedish message that
//! tells the user what is wrong and where.

use thiserror::Error;

use crate::ids::PersonId;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    // --- Calendar and settings ---
    #[error("året {year} ligger utanför kalenderns giltighet (1990–2199)")]
    YearOutOfRange { year: i32 },
    #[error(
        "okänd konvention för nedtagning: \"{value}\" (giltiga: day-after, last-day, next-workday)"
    )]
    UnknownTakedownConvention { value: String },
    #[error("{reason}")]
    Invalid { field: String, reason: String },
    #[error("{body} måste välja minst {required} justerare, men {given} är angivna")]
    TooFewAdjusters {
        body: String,
        required: u32,
        given: u32,
    },

    // --- People and attendance ---
    #[error(
        "en person som valts finns inte i protokollets personförteckning (till exempel utan uppdrag på sammanträdesdagen); ladda om sidan och välj igen"
    )]
    UnknownPerson { person: PersonId },
    #[error(
        "{body} har inga ledamöter med uppdrag den {date}. Det händer när en ny mandatperiod börjar: be administratören lägga in organets ledamöter och ersättare för mandatperioden (Administration → organet → Ny mandatperiod), och skapa sedan sammanträdet"
    )]
    NoMandatesOnDate { body: String, date: String },
    #[error(
        "{role} har inget uppdrag i {body} den {date}; välj ordförande och justerare bland ledamöterna och ersättarna som har uppdrag det datumet"
    )]
    RoleWithoutMandate {
        role: String,
        body: String,
        date: String,
    },
    #[error("{person} är inte ledamot i organet")]
    NotAMember { person: String },
    #[error("{person} är inte ersättare i organet")]
    NotASubstitute { person: String },
    #[error("{person} är varken ledamot eller ersättare i organet")]
    NotInBody { person: String },
    #[error(
        "{substitute} är ersättare för {substitute_party} och kan inte tjänstgöra för {member}, vars mandat tillhör {seat_party}"
    )]
    WrongPartySubstitute {
        substitute: String,
        substitute_party: String,
        member: String,
        seat_party: String,
    },
    #[error("organet {body} har {seats} platser men {members} ledamöter")]
    TooManyMembers {
        body: String,
        seats: u32,
        members: u32,
    },
    #[error("ledamoten {member} förekommer två gånger i närvarolistan")]
    DuplicateSeat { member: String },
    #[error("närvarolistan saknar ledamoten {member}: ange närvarande, frånvarande eller ersatt")]
    SeatMissing { member: String },
    #[error("§ {paragraph}: {person} har lämnat sammanträdet och får inte återinträda")]
    CannotReturn { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} är redan närvarande")]
    AlreadyPresent { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} är inte närvarande")]
    NotPresent { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} tjänstgör redan")]
    AlreadyServing { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} tjänstgör inte")]
    NotServing { paragraph: u32, person: String },
    #[error("§ {paragraph}: platsen för {member} är redan besatt")]
    SeatTaken { paragraph: u32, member: String },
    #[error("§ {paragraph}: {person} har redan anmält jäv i paragrafen")]
    DuplicateRecusal { paragraph: u32, person: String },
    #[error(
        "§ {paragraph}: {body} är inte beslutför – {serving} av {seats} ledamöter tjänstgör, minst {required} krävs"
    )]
    NoQuorum {
        paragraph: u32,
        body: String,
        serving: u32,
        seats: u32,
        required: u32,
    },

    // --- Paragraphs and motions ---
    #[error("§ {paragraph} finns inte i sammanträdet")]
    UnknownParagraph { paragraph: u32 },
    #[error("§ {paragraph} saknar rubrik")]
    EmptyTitle { paragraph: u32 },
    #[error("§ {paragraph} är sekretessmarkerad men saknar skäl (ange sekretessbestämmelse)")]
    ConfidentialWithoutReason { paragraph: u32 },
    #[error("§ {paragraph}: yrkandet finns inte (längre); ladda om sidan")]
    UnknownMotion { paragraph: u32, motion: String },
    #[error("§ {paragraph}: samma yrkande förekommer två gånger")]
    DuplicateMotion { paragraph: u32, motion: String },
    #[error("§ {paragraph}: {reason}")]
    InvalidMotion {
        paragraph: u32,
        motion: String,
        reason: String,
    },
    #[error("§ {paragraph}: {person} tjänstgör inte och kan inte yrka eller instämma")]
    MoverNotServing { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} har anmält jäv och får inte delta i handläggningen")]
    RecusedMemberMoves { paragraph: u32, person: String },
    #[error("paragrafnumren ska löpa utan luckor: § {expected} förväntades men § {found} kom")]
    NumberingGap { expected: u32, found: u32 },
    #[error("§ {paragraph} förekommer mer än en gång i {body}s paragrafserie för {year}")]
    DuplicateParagraph {
        paragraph: u32,
        body: String,
        year: i32,
    },
    #[error(
        "§ {paragraph} är justerad och kan inte ändras; rättelser görs som ny, länkad paragraf"
    )]
    ParagraphAdjusted { paragraph: u32 },

    // --- Decision order and votes ---
    #[error("§ {paragraph}: beslutsgången stämmer inte – {reason}")]
    DecisionOrder { paragraph: u32, reason: String },
    #[error("§ {paragraph}: beslutet stämmer inte med beslutsgången: {reason}")]
    DecisionDisagrees { paragraph: u32, reason: String },
    #[error(
        "§ {paragraph}: ordförande {person} tjänstgör inte i paragrafen och kan inte leda beslutet"
    )]
    PresidingNotServing { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} tjänstgör inte och får inte rösta")]
    VoterNotServing { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} har anmält jäv och får inte rösta")]
    RecusedMemberVotes { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} har röstat två gånger")]
    DuplicateVote { paragraph: u32, person: String },
    #[error(
        "§ {paragraph}: {person} tjänstgör men saknas i röstlistan (ange ja, nej eller avstår)"
    )]
    VoterMissing { paragraph: u32, person: String },
    #[error(
        "§ {paragraph}: det angivna resultatet ({announced}) stämmer inte med rösterna ({counted})"
    )]
    TallyMismatch {
        paragraph: u32,
        announced: String,
        counted: String,
    },
    #[error("§ {paragraph}: ingen har röstat ja eller nej")]
    NoVotesCast { paragraph: u32 },
    #[error("§ {paragraph}: utslagsröst eller lottning anges bara när rösterna faller lika")]
    TieBreakWithoutTie { paragraph: u32 },
    #[error("§ {paragraph}: i val avgörs lika röstetal genom lottning, inte utslagsröst")]
    CastingVoteInElection { paragraph: u32 },
    #[error("§ {paragraph}: rösterna faller lika i ett val – ange hur lottningen utföll")]
    LotRequired { paragraph: u32 },
    #[error(
        "§ {paragraph}: lottning används bara i val; i andra ärenden har ordförande utslagsröst"
    )]
    LotOutsideElection { paragraph: u32 },
    #[error(
        "§ {paragraph}: rösterna faller lika och {chair} har inte röstat ja eller nej – ange ordförandens utslagsröst"
    )]
    CastingVoteRequired { paragraph: u32, chair: String },
    #[error("§ {paragraph}: utslagsrösten måste följa {chair}s egen röst")]
    CastingVoteContradicts { paragraph: u32, chair: String },

    // --- Reservations and notes ---
    #[error("§ {paragraph}: {person} deltog inte i beslutet och kan inte reservera sig")]
    ReservationByNonParticipant { paragraph: u32, person: String },
    #[error(
        "§ {paragraph}: {person} röstade för det vinnande förslaget och kan inte reservera sig mot beslutet"
    )]
    ReservationBySupporter { paragraph: u32, person: String },
    #[error(
        "§ {paragraph}: {person} avstod från att rösta och deltog därmed inte i beslutet; den som inte deltagit kan inte reservera sig"
    )]
    ReservationByAbstainer { paragraph: u32, person: String },
    #[error("§ {paragraph}: {person} har redan reserverat sig")]
    DuplicateReservation { paragraph: u32, person: String },
    #[error("§ {paragraph}: det finns inget beslut att reservera sig mot")]
    NothingToReserveAgainst { paragraph: u32 },

    // --- Lifecycle ---
    #[error("åtgärden \"{action}\" går inte när sammanträdet har status \"{status}\"")]
    WrongStatus { action: String, status: String },
    #[error("protokollet är låst (status \"{status}\") och kan inte ändras")]
    NotEditable { status: String },
    #[error("reservationer kan bara anmälas under sammanträdet")]
    MeetingNotInSession,
    #[error("{reason}")]
    EditConflict { reason: String },
    #[error("sammanträdet kan inte stängas: § {paragraph} saknar beslut")]
    ParagraphWithoutDecision { paragraph: u32 },
    #[error(
        "en justering av några paragrafer för sig (omedelbar eller särskild) pågår; slutför eller avbryt den först"
    )]
    ImmediateAdjustmentInProgress,
    #[error("ingen justering av paragrafer för sig (omedelbar eller särskild) pågår")]
    NoImmediateAdjustment,
    #[error("{name} ska inte signera det här protokollet")]
    NotASigner { name: String },
    #[error("{name} har redan signerat protokollet")]
    AlreadySigned { name: String },
    #[error("{name} kan inte signera ännu: protokollet väntar på {waiting}")]
    NotYourTurn { name: String, waiting: String },
    #[error("{role} kan inte utses: {person}")]
    InvalidRoleHolder { role: String, person: String },

    // --- Accounts ---
    #[error(
        "{username} är organisationens enda aktiva administratör; ge först någon annan rollen administratör, annars kan ingen längre hantera konton och inställningar"
    )]
    LastAdministrator { username: String },
    #[error("du kan inte stänga av ditt eget konto; be en annan administratör göra det")]
    OwnAccountDisabled,

    // --- Publishing ---
    #[error(
        "ett personnummer eller samordningsnummer ({masked}) finns {location}; sådana får aldrig publiceras – ta bort det och försök igen"
    )]
    PersonalIdentityNumber { location: String, masked: String },

    // --- Interchange ---
    #[error("fel i JSON-filen på rad {line}, kolumn {column}: {message}")]
    MalformedJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "okänd nyckel \"{path}\" i filen; Justera känner inte till den och skulle tappa det som står där – ta bort den eller rätta stavningen (se docs/interchange.md)"
    )]
    UnknownKey { path: String },
    #[error("okänt filformat \"{found}\" (förväntat \"{expected}\")")]
    UnknownFormat { found: String, expected: String },
    #[error("{what} stämmer inte: angivet {given}, beräknat {computed}")]
    DateMismatch {
        what: String,
        given: String,
        computed: String,
    },
}

impl DomainError {
    /// A stable, machine-readable code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            Self::YearOutOfRange { .. } => "year_out_of_range",
            Self::UnknownTakedownConvention { .. } => "unknown_takedown_convention",
            Self::Invalid { .. } => "invalid",
            Self::TooFewAdjusters { .. } => "too_few_adjusters",
            Self::UnknownPerson { .. } => "unknown_person",
            Self::NoMandatesOnDate { .. } => "no_mandates_on_date",
            Self::RoleWithoutMandate { .. } => "role_without_mandate",
            Self::NotAMember { .. } => "not_a_member",
            Self::NotASubstitute { .. } => "not_a_substitute",
            Self::NotInBody { .. } => "not_in_body",
            Self::WrongPartySubstitute { .. } => "wrong_party_substitute",
            Self::TooManyMembers { .. } => "too_many_members",
            Self::DuplicateSeat { .. } => "duplicate_seat",
            Self::SeatMissing { .. } => "seat_missing",
            Self::CannotReturn { .. } => "cannot_return",
            Self::AlreadyPresent { .. } => "already_present",
            Self::NotPresent { .. } => "not_present",
            Self::AlreadyServing { .. } => "already_serving",
            Self::NotServing { .. } => "not_serving",
            Self::SeatTaken { .. } => "seat_taken",
            Self::DuplicateRecusal { .. } => "duplicate_recusal",
            Self::NoQuorum { .. } => "no_quorum",
            Self::UnknownParagraph { .. } => "unknown_paragraph",
            Self::EmptyTitle { .. } => "empty_title",
            Self::ConfidentialWithoutReason { .. } => "confidential_without_reason",
            Self::UnknownMotion { .. } => "unknown_motion",
            Self::DuplicateMotion { .. } => "duplicate_motion",
            Self::InvalidMotion { .. } => "invalid_motion",
            Self::MoverNotServing { .. } => "mover_not_serving",
            Self::RecusedMemberMoves { .. } => "recused_member_moves",
            Self::NumberingGap { .. } => "numbering_gap",
            Self::DuplicateParagraph { .. } => "duplicate_paragraph",
            Self::ParagraphAdjusted { .. } => "paragraph_adjusted",
            Self::DecisionOrder { .. } => "decision_order",
            Self::DecisionDisagrees { .. } => "decision_disagrees",
            Self::PresidingNotServing { .. } => "presiding_not_serving",
            Self::VoterNotServing { .. } => "voter_not_serving",
            Self::RecusedMemberVotes { .. } => "recused_member_votes",
            Self::DuplicateVote { .. } => "duplicate_vote",
            Self::VoterMissing { .. } => "voter_missing",
            Self::TallyMismatch { .. } => "tally_mismatch",
            Self::NoVotesCast { .. } => "no_votes_cast",
            Self::TieBreakWithoutTie { .. } => "tie_break_without_tie",
            Self::CastingVoteInElection { .. } => "casting_vote_in_election",
            Self::LotRequired { .. } => "lot_required",
            Self::LotOutsideElection { .. } => "lot_outside_election",
            Self::CastingVoteRequired { .. } => "casting_vote_required",
            Self::CastingVoteContradicts { .. } => "casting_vote_contradicts",
            Self::ReservationByNonParticipant { .. } => "reservation_by_non_participant",
            Self::ReservationBySupporter { .. } => "reservation_by_supporter",
            Self::DuplicateReservation { .. } => "duplicate_reservation",
            Self::ReservationByAbstainer { .. } => "reservation_by_abstainer",
            Self::NothingToReserveAgainst { .. } => "nothing_to_reserve_against",
            Self::WrongStatus { .. } => "wrong_status",
            Self::NotEditable { .. } => "not_editable",
            Self::MeetingNotInSession => "meeting_not_in_session",
            Self::EditConflict { .. } => "edit_conflict",
            Self::ParagraphWithoutDecision { .. } => "paragraph_without_decision",
            Self::InvalidRoleHolder { .. } => "invalid_role_holder",
            Self::ImmediateAdjustmentInProgress => "immediate_adjustment_in_progress",
            Self::NoImmediateAdjustment => "no_immediate_adjustment",
            Self::NotASigner { .. } => "not_a_signer",
            Self::AlreadySigned { .. } => "already_signed",
            Self::NotYourTurn { .. } => "not_your_turn",
            Self::LastAdministrator { .. } => "last_administrator",
            Self::OwnAccountDisabled => "own_account_disabled",
            Self::PersonalIdentityNumber { .. } => "personal_identity_number",
            Self::MalformedJson { .. } => "malformed_json",
            Self::UnknownFormat { .. } => "unknown_format",
            Self::UnknownKey { .. } => "unknown_key",
            Self::DateMismatch { .. } => "date_mismatch",
        }
    }
}
