//! The command line: `justera <kommando>`. Help texts are in Swedish, like everything a user reads.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use justera_domain::calendar::TakedownConvention;

#[derive(Debug, Parser)]
#[command(
    name = "justera",
    version,
    about = "Justera – protokoll och justering för kommuner och regioner",
    long_about = "Justera – protokoll och justering för kommuner och regioner.\n\nAlla kommandon läser databasen från DATABASE_URL (standard: sqlite://data/justera.db). \
PostgreSQL anges som postgres://användare@värd/databas.",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Skapar databasen om den saknas och kör alla databasmigreringar
    Migrate,
    /// Läser in ett komplett sammanträde från en JSON-fil i utbytesformatet
    Import {
        /// Filen att läsa in (formatet beskrivs i docs/interchange.md)
        file: PathBuf,
    },
    /// Skriver ut ett sammanträde i utbytesformatet (JSON)
    Export {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
        /// Skriv till en fil i stället för standard ut
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Listar sammanträden med id, organ, datum och status
    List {
        /// Skriv ut som JSON
        #[arg(long)]
        json: bool,
    },
    /// Visar protokollet som text, med genererad beslutsgång
    Show {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
    },
    /// Räknar ut sista dag för överklagande och nedtagningsdag för ett tillkännagivande
    Dates {
        /// Dagen då tillkännagivandet publicerades (ÅÅÅÅ-MM-DD)
        #[arg(long, value_parser = parse_date)]
        posted: chrono::NaiveDate,
        /// När tillkännagivandet tas ned: day-after (standard; dagen efter sista
        /// överklagandedagen), last-day (vid slutet av sista överklagandedagen) eller
        /// next-workday (första arbetsdagen efter sista överklagandedagen)
        #[arg(long, value_enum, default_value_t = Convention::DayAfter)]
        convention: Convention,
        /// Skriv ut som JSON
        #[arg(long)]
        json: bool,
    },
    /// Listar årets helgdagar och andra dagar som inte är arbetsdagar (utom vanliga lördagar och söndagar)
    Holidays {
        /// Året (1990–2199)
        year: i32,
        /// Skriv ut som JSON
        #[arg(long)]
        json: bool,
    },
    /// Skapar en demodatabas med exempelprotokollet och startar webbservern med den
    Demo {
        /// Mappen för demodatabasen (används när DATABASE_URL inte är satt)
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Porten webbservern lyssnar på
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Adressen webbservern lyssnar på
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Skapa bara demodatan; starta inte webbservern
        #[arg(long)]
        setup_only: bool,
    },
    /// Fyller databasen med syntetiska, justerade sammanträden för lasttester (DATABASE_URL)
    LoadData {
        /// Antal tillkännagivanden som redan är nedtagna (arkivet)
        #[arg(long, default_value_t = 10_000)]
        archived: u32,
        /// Antal tillkännagivanden som sitter uppe i dag (högst 30)
        #[arg(long, default_value_t = 30)]
        current: u32,
    },
    /// Startar webbservern (anslagstavlan, justeringen och API:t)
    Serve {
        /// Inställningsfil (TOML); miljövariabler och flaggor går före den
        #[arg(long, env = "JUSTERA_CONFIG")]
        config: Option<PathBuf>,
        /// Porten webbservern lyssnar på (standard 8080)
        #[arg(long, env = "JUSTERA_PORT")]
        port: Option<u16>,
        /// Adressen webbservern lyssnar på (standard 127.0.0.1)
        #[arg(long, env = "JUSTERA_HOST")]
        host: Option<String>,
        /// Kakor utan Secure-flaggan (bara för utveckling över http på annat än localhost)
        #[arg(long, env = "JUSTERA_INSECURE_COOKIES")]
        insecure_cookies: bool,
        /// Visa anslagstavlan som den ser ut ett visst datum (ÅÅÅÅ-MM-DD; för demonstrationer och tester)
        #[arg(long, env = "JUSTERA_TODAY")]
        today: Option<String>,
    },
    /// Skapar ett dokument som PDF/A: protokollet, den offentliga kopian, tillkännagivandet eller ett bestyrkt utdrag
    Render {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
        /// Dokumentet: minutes (protokollet), public (offentlig kopia), notice (tillkännagivande) eller extract (utdrag)
        #[arg(long, value_enum)]
        document: DocumentArg,
        /// Paragraferna i ett utdrag, t.ex. 161,162
        #[arg(long, value_delimiter = ',')]
        paragraphs: Vec<u32>,
        /// Vem som bestyrker utdraget (standard: sammanträdets sekreterare)
        #[arg(long)]
        certified_by: Option<String>,
        /// Bestyrkarens titel (standard: titeln i närvarolistan)
        #[arg(long)]
        certified_title: Option<String>,
        /// Filen att skriva
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Organisationens certifikatutfärdare
    Ca {
        #[command(subcommand)]
        command: CaCommand,
    },
    /// Användare och lösenord
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Mandatperioder: ett organs ledamöter och ersättare från en CSV-fil
    Term {
        #[command(subcommand)]
        command: TermCommand,
    },
    /// Organisationens inställningar som JSON: visa eller ändra (samma kontroller som på webben)
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Organisationens organ: lista, visa som JSON eller ändra/skapa från en JSON-fil
    Body {
        #[command(subcommand)]
        command: BodyCommand,
    },
    /// Registrerar dagen då en samverkande kommun satte upp en gemensam nämnds tillkännagivande
    Posted {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
        /// Kommunen, som organet namnger den
        #[arg(long)]
        municipality: String,
        /// Dagen då tillkännagivandet sattes upp (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: chrono::NaiveDate,
        /// Justeringen (0 = sammanträdets första; standard: den senaste med tillkännagivande)
        #[arg(long)]
        index: Option<usize>,
        /// Sekreterarens användarnamn
        #[arg(long)]
        user: String,
    },
    /// Skickar ett avslutat sammanträde för justering (protokollet låses)
    Adjust {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
        /// Sekreterarens användarnamn
        #[arg(long = "as")]
        user: String,
        /// Justera de här paragraferna omedelbart under sammanträdet, t.ex. 161,162
        #[arg(long, value_delimiter = ',')]
        paragraphs: Vec<u32>,
    },
    /// Signerar protokollet (lösenordet läses från terminalen eller standard in, aldrig som argument)
    Sign {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
        /// Användarnamnet som signerar
        #[arg(long = "as")]
        user: String,
        /// Signera den pågående omedelbara justeringen
        #[arg(long)]
        immediate: bool,
    },
    /// Avvisar justeringen med en kommentar; insamlade signaturer förkastas
    Reject {
        /// Sammanträdets id (eller ett entydigt prefix)
        meeting: String,
        /// Användarnamnet som avvisar
        #[arg(long = "as")]
        user: String,
        /// Varför justeringen avvisas
        #[arg(long)]
        comment: String,
    },
    /// Kontrollerar signaturerna i en PDF-fil och om den är ett registrerat justerat protokoll
    Verify {
        /// PDF-filen
        file: PathBuf,
        /// Skriv ut som JSON
        #[arg(long)]
        json: bool,
        /// Skriv en valideringsrapport (JSON, se docs/verification-report.md) till filen
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Kontrollerar att granskningsloggens kedjor är obrutna (en per organisation)
    VerifyAudit {
        /// Kontrollera bara den här organisationens kedja (id eller namn)
        #[arg(long)]
        org: Option<String>,
    },
    /// Skriver en konsekvent kopia av SQLite-databasen medan Justera körs (PostgreSQL: pg_dump)
    Backup {
        /// Säkerhetskopians fil (får inte finnas)
        #[arg(long)]
        to: PathBuf,
    },
    /// Återställer en säkerhetskopia till DATABASE_URL efter kontroll (stoppa servern först)
    Restore {
        /// Säkerhetskopian
        #[arg(long)]
        from: PathBuf,
        /// Ersätt en befintlig databas (den flyttas undan, tas inte bort)
        #[arg(long)]
        force: bool,
    },
    /// Skriver ut JSON Schema för utbytesformatet
    Schema,
}

#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Skapar organisationens certifikatutfärdare (nyckeln krypteras med huvudnyckeln)
    Init {
        /// Organisationens namn eller id (behövs när det finns flera)
        #[arg(long)]
        org: Option<String>,
    },
    /// Visar certifikatet och dess SHA-256-fingeravtryck
    Show {
        /// Organisationens namn eller id (behövs när det finns flera)
        #[arg(long)]
        org: Option<String>,
        /// Skriv ut certifikatet i PEM-format
        #[arg(long)]
        pem: bool,
    },
    /// Ställer ut organisationens spärrlista på nytt (certifikat vars nycklar dragits in);
    /// körs dagligen när webbservern saknar huvudnyckeln
    Sparrlista {
        /// Organisationens namn eller id (behövs när det finns flera)
        #[arg(long)]
        org: Option<String>,
        /// Skriv också listan (DER) till filen
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Skriver ut organisationens inställningar som JSON
    Show {
        #[arg(long)]
        org: Option<String>,
    },
    /// Sparar organisationens inställningar från en JSON-fil (som `org show` skriver)
    Set {
        file: std::path::PathBuf,
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BodyCommand {
    /// Listar organen med kortnamn, namn, platser och slag
    List {
        #[arg(long)]
        org: Option<String>,
    },
    /// Skriver ut ett organ som JSON
    Show {
        /// Organets kortnamn, t.ex. KS
        body: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Sparar ett organ från en JSON-fil (som `body show` skriver; ett nytt id skapar ett nytt organ)
    Set {
        file: std::path::PathBuf,
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TermCommand {
    /// Kontrollerar en CSV-fil (namn;parti;roll;ordning;befattning;från;till) och läser in mandatperioden när hela filen är felfri
    Import {
        /// CSV-filen (UTF-8, semikolon eller komma)
        file: std::path::PathBuf,
        /// Organets kortnamn, t.ex. KS
        #[arg(long)]
        body: String,
        /// Mandatperiodens första dag (ÅÅÅÅ-MM-DD)
        #[arg(long, value_parser = parse_date)]
        from: chrono::NaiveDate,
        /// Mandatperiodens sista dag (ÅÅÅÅ-MM-DD)
        #[arg(long, value_parser = parse_date)]
        to: chrono::NaiveDate,
        /// Kontrollera bara filen; läs inte in något
        #[arg(long)]
        preview: bool,
        /// Organisationens namn eller id (behövs när det finns flera)
        #[arg(long)]
        org: Option<String>,
    },
    /// Skriver organets sammansättning dagen före --from som en CSV-fil för den nya mandatperioden
    Copy {
        /// Organets kortnamn, t.ex. KS
        #[arg(long)]
        body: String,
        /// Den nya mandatperiodens första dag (ÅÅÅÅ-MM-DD)
        #[arg(long, value_parser = parse_date)]
        from: chrono::NaiveDate,
        /// Den nya mandatperiodens sista dag (ÅÅÅÅ-MM-DD)
        #[arg(long, value_parser = parse_date)]
        to: chrono::NaiveDate,
        /// Filen att skriva (standard: standard ut)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Organisationens namn eller id (behövs när det finns flera)
        #[arg(long)]
        org: Option<String>,
    },
    /// Avslutar ett uppdrag under mandatperioden (avgång) och ger efterträdaren platsen från dagen efter
    End {
        /// Organets kortnamn, t.ex. KS
        #[arg(long)]
        body: String,
        /// Namnet på den som lämnar uppdraget
        #[arg(long)]
        name: String,
        /// Sista dagen på uppdraget (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        last_day: chrono::NaiveDate,
        /// Efterträdarens namn
        #[arg(long)]
        successor: Option<String>,
        /// Efterträdarens parti (standard: platsens)
        #[arg(long, default_value = "")]
        party: String,
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Lägger till en användare med signeringsnyckel (lösenordet läses från terminalen eller standard in)
    Add {
        /// Användarnamnet (små bokstäver, siffror, punkt, bindestreck)
        username: String,
        /// Namnet som det står i protokollet
        #[arg(long)]
        name: String,
        /// Roll: administrator, secretary eller member
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Organets kortnamn för en sekreterare, t.ex. KS
        #[arg(long)]
        body: Option<String>,
        /// Personens id i protokollen för en ledamot eller ersättare
        #[arg(long)]
        person: Option<String>,
        /// Organisationens namn eller id (behövs när det finns flera)
        #[arg(long)]
        org: Option<String>,
    },
    /// Bjuder in en användare: kontot skapas utan lösenord och en engångslänk skrivs ut, med vilken hen väljer lösenord (gäller i sju dagar)
    Invite {
        /// Användarnamnet (små bokstäver, siffror, punkt, bindestreck)
        username: String,
        /// Namnet som det står i protokollet
        #[arg(long)]
        name: String,
        /// Roll: administrator, secretary eller member
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Organets kortnamn för en sekreterare, t.ex. KS
        #[arg(long)]
        body: Option<String>,
        /// Personens id i protokollen för en ledamot eller ersättare
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        org: Option<String>,
    },
    /// Skriver ut en engångslänk för nytt lösenord (en ny inbjudan för den som inte valt lösenord ännu)
    Link {
        username: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Stänger av ett konto: ingen inloggning, sessioner och API-token avslutas (signaturer gäller)
    Disable {
        username: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Öppnar ett avstängt konto igen
    Enable {
        username: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Sätter en användares roller (ersätter de tidigare); organisationen behåller alltid en aktiv administratör
    Roles {
        username: String,
        /// Administratör
        #[arg(long)]
        administrator: bool,
        /// Ledamot eller ersättare
        #[arg(long)]
        member: bool,
        /// Sekreterare för organet med det här kortnamnet (kan upprepas)
        #[arg(long = "secretary-of")]
        secretary_of: Vec<String>,
        #[arg(long)]
        org: Option<String>,
    },
    /// Återställer en användares lösenord (ny signeringsnyckel utfärdas)
    Passwd {
        username: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Listar användarna
    List {
        #[arg(long)]
        org: Option<String>,
    },
    /// Slår på tvåstegsverifiering (TOTP) för användaren och visar hemligheten för appen, eller stänger av den
    Totp {
        username: String,
        /// Stäng av tvåstegsverifieringen
        #[arg(long)]
        off: bool,
        #[arg(long)]
        org: Option<String>,
    },
    /// Skapar en API-token för användaren (visas en gång; lagras bara som kontrollsumma)
    Token {
        username: String,
        /// Vad token används till, t.ex. "ärendesystemet"
        #[arg(long, default_value = "API")]
        label: String,
        /// Hur många dagar token gäller (1–365)
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u16).range(1..=365))]
        days: u16,
        #[arg(long)]
        org: Option<String>,
    },
    /// Visar användarens API-token (id, ändamål, skapad, giltig till; aldrig själva token)
    Tokens {
        username: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Återkallar en API-token (id enligt `justera user tokens`)
    Revoke {
        username: String,
        id: String,
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Administrator,
    Secretary,
    Member,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocumentArg {
    /// Protokollet
    Minutes,
    /// Offentlig kopia med sekretessbelagda paragrafer utelämnade
    Public,
    /// Bevis om tillkännagivande
    Notice,
    /// Bestyrkt utdrag
    Extract,
    /// Det signerade originalet som det lagrats
    Signed,
    /// Det signerade dokumentet för en omedelbar justering (ange --paragraphs)
    Immediate,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Convention {
    /// Dagen efter sista överklagandedag (standard)
    DayAfter,
    /// Vid slutet av sista överklagandedagen
    LastDay,
    /// Första arbetsdagen efter sista överklagandedagen
    NextWorkday,
}

impl From<Convention> for TakedownConvention {
    fn from(c: Convention) -> Self {
        match c {
            Convention::DayAfter => Self::DayAfter,
            Convention::LastDay => Self::LastDay,
            Convention::NextWorkday => Self::NextWorkday,
        }
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" är inget giltigt datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-10-22"))
}

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// Swedish help throughout: headings, the help and version flags, on every subcommand.
pub fn localized(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let is_root = cmd.get_name() == "justera";
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Kommandon")
        .subcommand_value_name("KOMMANDO")
        .disable_help_flag(true)
        .mut_args(|a| {
            if a.is_positional() {
                a.help_heading("Argument")
            } else if a.get_action().takes_values() {
                a.help_heading("Flaggor")
                    .hide_possible_values(true)
                    .hide_default_value(true)
            } else {
                a.help_heading("Flaggor")
            }
        })
        .arg(
            Arg::new("hjälp")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Visar den här hjälpen")
                .help_heading("Flaggor"),
        );
    if is_root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Visar versionen")
                .help_heading("Flaggor"),
        );
    }
    cmd.mut_subcommands(localized)
}
