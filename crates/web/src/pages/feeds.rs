//! Feeds: Atom for notices (current ones), iCalendar for upcoming meetings.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::board::upcoming_meetings;
use super::{board_organization, today};
use crate::error::WebError;
use crate::html::{ical_line, xml_escape};
use crate::site::Site;
use crate::state::AppState;

pub async fn atom(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let day = today(&state);
    let site = Site::of(&req, &state);
    let base = site.base_url(&state);
    let (name, notices) = state
        .db(move |store| {
            let (org, name) = board_organization(store, &site)?;
            Ok((name, store.current_notices(&org.to_string(), day)?))
        })
        .await?;
    let updated = notices
        .iter()
        .map(|n| n.posted_on.clone())
        .max()
        .unwrap_or_else(|| day.to_string());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n\
         <title>{} – anslagstavla</title>\n<id>{base}/anslagstavla</id>\n\
         <link rel=\"self\" href=\"{base}/anslagstavla/flode.atom\"/>\n<link href=\"{base}/anslagstavla\"/>\n\
         <updated>{updated}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        xml_escape(&name),
        xml_escape(&name)
    );
    for n in &notices {
        let title = format!(
            "{} {}: protokollet justerat ({})",
            n.body_name, n.meeting_date, n.paragraphs
        );
        let summary = format!(
            "Justerat {}. Anslaget {}. Överklagandetiden går ut {}. Tas ned {}. Förvaringsplats: {}.",
            n.adjusted_on, n.posted_on, n.last_appeal_day, n.takedown_on, n.storage_place
        );
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/anslagstavla/anslag/{}</id>\n\
             <link href=\"{base}/anslagstavla/anslag/{}\"/>\n<updated>{}T00:00:00Z</updated>\n\
             <summary>{}</summary>\n</entry>\n",
            xml_escape(&title),
            xml_escape(&n.id),
            xml_escape(&n.id),
            n.posted_on,
            xml_escape(&summary)
        ));
    }
    xml.push_str("</feed>\n");
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(xml))
}

/// Sweden's time zone for calendar programs (CET/CEST, the EU rules since 1996).
const STOCKHOLM: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

pub async fn ical(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let day = today(&state);
    let site = Site::of(&req, &state);
    let base = site.base_url(&state);
    let host = base.rsplit('/').next().unwrap_or_default().to_owned();
    let (name, meetings) = state
        .db(move |store| {
            let (org, name) = board_organization(store, &site)?;
            Ok((name, upcoming_meetings(store, org, day)?))
        })
        .await?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Justera//Anslagstavla//SV\r\nCALSCALE:GREGORIAN\r\n",
    );
    out.push_str(&ical_line(
        "X-WR-CALNAME",
        &format!("{name} – sammanträden"),
    ));
    out.push_str("X-WR-TIMEZONE:Europe/Stockholm\r\n");
    out.push_str(STOCKHOLM);
    for m in &meetings {
        let local = |t: chrono::NaiveDateTime| t.format("%Y%m%dT%H%M%S").to_string();
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&ical_line("UID", &format!("{}@{host}", m.meeting_id)));
        out.push_str(&format!("DTSTAMP:{stamp}\r\n"));
        // Meetings are held at Swedish local time.
        out.push_str(&format!(
            "DTSTART;TZID=Europe/Stockholm:{}\r\n",
            local(m.starts)
        ));
        out.push_str(&format!(
            "DTEND;TZID=Europe/Stockholm:{}\r\n",
            local(m.ends)
        ));
        out.push_str(&ical_line("SUMMARY", &format!("{} sammanträder", m.body)));
        out.push_str(&ical_line("LOCATION", &m.place));
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(out))
}
