//! Service errors: what went wrong, in Swedish, with the cause kept.

use justera_domain::DomainError;
use justera_pdf::PdfError;
use justera_sign::SignError;
use justera_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error("organisationen har ingen certifikatutfärdare ännu; kör `justera ca init`")]
    NoCa,
    #[error(
        "huvudnyckeln saknas: sätt JUSTERA_MASTER_KEY (64 hexadecimala tecken) eller JUSTERA_MASTER_KEY_FILE"
    )]
    NoMasterKey,
    #[error("fel användarnamn eller lösenord")]
    BadCredentials,
    /// A signed-in user's password (to sign, or to change it) was wrong.
    #[error("lösenordet stämmer inte; ange samma lösenord som när du loggar in")]
    WrongPassword,
    #[error("för många misslyckade försök; försök igen om {} {}", minutes, if *minutes == 1 { "minut" } else { "minuter" })]
    Throttled { minutes: i64 },
    #[error("{user} har inte behörighet att {action}")]
    NotAuthorized { user: String, action: String },
    #[error(
        "{user} har ingen signeringsnyckel; en administratör kan utfärda en genom att återställa lösenordet"
    )]
    NoSigningKey { user: String },
    #[error(
        "det finns inget dokument att signera för sammanträdet; skicka protokollet för justering först"
    )]
    NoDocument,
    #[error("dokumentet som ska signeras har ändrats sedan det skickades för justering")]
    FrozenContentChanged,
    #[error("lösenordet måste ha minst 10 tecken")]
    WeakPassword,
    #[error("ange engångskoden från din autentiseringsapp")]
    SecondFactorMissing,
    #[error("engångskoden stämmer inte; kontrollera klockan i telefonen och försök med nästa kod")]
    SecondFactorWrong,
    #[error("engångskoden har redan använts; vänta på nästa kod i autentiseringsappen")]
    SecondFactorUsed,
    #[error(
        "ogiltigt användarnamn \"{0}\": 2–64 tecken, små bokstäver, siffror, punkt, bindestreck eller understreck"
    )]
    BadUsername(String),
    #[error("kontot är avstängt; kontakta organisationens administratör")]
    AccountDisabled,
    #[error(
        "länken gäller inte längre: den är redan använd, för gammal eller ersatt av en nyare; be administratören om en ny länk"
    )]
    LinkInvalid,
    #[error("de två lösenorden är inte lika; skriv samma lösenord två gånger")]
    PasswordsDiffer,
}

impl ServiceError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Domain(e) => e.code(),
            Self::Pdf(e) => e.code(),
            Self::Sign(SignError::WrongPassword) => "bad_credentials",
            Self::Sign(_) => "sign",
            Self::NoCa => "no_ca",
            Self::NoMasterKey => "no_master_key",
            Self::BadCredentials | Self::WrongPassword => "bad_credentials",
            Self::Throttled { .. } => "throttled",
            Self::NotAuthorized { .. } => "not_authorized",
            Self::NoSigningKey { .. } => "no_signing_key",
            Self::NoDocument => "no_document",
            Self::FrozenContentChanged => "frozen_content_changed",
            Self::WeakPassword => "weak_password",
            Self::SecondFactorMissing => "second_factor_missing",
            Self::SecondFactorWrong => "second_factor_wrong",
            Self::SecondFactorUsed => "second_factor_used",
            Self::BadUsername(_) => "bad_username",
            Self::AccountDisabled => "account_disabled",
            Self::LinkInvalid => "link_invalid",
            Self::PasswordsDiffer => "passwords_differ",
        }
    }
}
