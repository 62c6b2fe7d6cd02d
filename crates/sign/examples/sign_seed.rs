//! Signs the seed minutes three times (secretary, chair, adjuster) and writes the CA and the
//! signed PDF: `cargo run -p justera-sign --example sign_seed -- OUT_DIR`. Used to try the
//! external validators by hand.

use chrono::{TimeZone, Utc};
use justera_sign::ca::{CertificateAuthority, to_pem};
use justera_sign::pades::{SignRequest, sign};
use p256::ecdsa::SigningKey;
use rand_core::OsRng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("OUT_DIR")?);
    std::fs::create_dir_all(&dir)?;
    let org = "Svenljunga kommun";
    let ca = CertificateAuthority::create(org)?;
    let doc = justera_pdf::sample::seed()?;
    let created = chrono::NaiveDate::from_ymd_opt(2024, 10, 21)
        .and_then(|d| d.and_hms_opt(17, 50, 0))
        .ok_or("date")?;
    let mut pdf = justera_pdf::Renderer::new()?.minutes(&doc, created)?.bytes;
    std::fs::write(dir.join("unsigned.pdf"), &pdf)?;
    for (i, (name, role)) in [
        ("Alexandra Skoog", "Sekreterare"),
        ("Johan Björkman", "Ordförande"),
        ("Patrik Harrysson", "Justerare"),
    ]
    .iter()
    .enumerate()
    {
        let key = SigningKey::random(&mut OsRng);
        let cert = ca.issue(key.verifying_key(), name, org, None)?;
        pdf = sign(
            &pdf,
            &SignRequest {
                key: &key,
                certificate: &cert,
                ca: &ca.certificate,
                name: (*name).to_owned(),
                reason: (*role).to_owned(),
                location: org.to_owned(),
                time: Utc
                    .with_ymd_and_hms(2024, 10, 21, 18, i as u32, 0)
                    .single()
                    .ok_or("t")?,
                timestamper: None,
                visible: None,
            },
        )?;
        std::fs::write(dir.join(format!("signed-{}.pdf", i + 1)), &pdf)?;
    }
    std::fs::write(dir.join("ca.pem"), to_pem(&ca.certificate)?)?;
    let reports = justera_sign::verify::verify(&pdf, std::slice::from_ref(&ca.certificate))?;
    for r in &reports {
        println!("{r:?}");
    }
    Ok(())
}
