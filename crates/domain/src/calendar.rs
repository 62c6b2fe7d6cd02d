//! The Swedish calendar of deadlines.
//!
//! Public holidays follow Lag (1989:253) om allmänna helgdagar, with the changes of SFS 2004:1063
//! (nationaldagen a holiday and annandag pingst no longer one from 2005). Deadlines follow
//! Lag (1930:173) om beräkning av lagstadgad tid: a deadline that ends on a Saturday, a Sunday,
//! another public holiday, midsommarafton, julafton or nyårsafton moves to the next workday.
//! The appeal period is three weeks from the day the notice was posted (KL 13 kap. 5 §).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;

/// The years the calendar answers for. Lag 1989:253 took effect 1990.
pub const FIRST_YEAR: i32 = 1990;
/// The last year the calendar answers for; a bound keeps date arithmetic far from overflow.
pub const LAST_YEAR: i32 = 2199;

/// Days from posting to the last appeal day: three weeks.
pub const APPEAL_PERIOD_DAYS: i64 = 21;
/// A notice must be posted no later than the second day after adjustment (KL 8 kap. 12 §).
pub const POSTING_DEADLINE_DAYS: i64 = 2;
/// Minutes should be adjusted within 14 days of the meeting (municipal practice; see domain.md).
pub const ADJUSTMENT_DEADLINE_DAYS: i64 = 14;
/// From this day after the meeting the adjustment deadline is shown as a warning.
pub const ADJUSTMENT_WARNING_DAYS: i64 = 10;

/// Why a day is not a workday, beyond being an ordinary Saturday or Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NonWorkday {
    NewYearsDay,
    Epiphany,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    MayDay,
    AscensionDay,
    Pentecost,
    /// Annandag pingst: a public holiday until 2004.
    WhitMonday,
    NationalDay,
    MidsummerEve,
    MidsummerDay,
    AllSaintsDay,
    ChristmasEve,
    ChristmasDay,
    BoxingDay,
    NewYearsEve,
}

impl NonWorkday {
    /// The Swedish name, as printed.
    pub fn swedish_name(self) -> &'static str {
        match self {
            Self::NewYearsDay => "Nyårsdagen",
            Self::Epiphany => "Trettondedag jul",
            Self::GoodFriday => "Långfredagen",
            Self::EasterSunday => "Påskdagen",
            Self::EasterMonday => "Annandag påsk",
            Self::MayDay => "Första maj",
            Self::AscensionDay => "Kristi himmelsfärdsdag",
            Self::Pentecost => "Pingstdagen",
            Self::WhitMonday => "Annandag pingst",
            Self::NationalDay => "Sveriges nationaldag",
            Self::MidsummerEve => "Midsommarafton",
            Self::MidsummerDay => "Midsommardagen",
            Self::AllSaintsDay => "Alla helgons dag",
            Self::ChristmasEve => "Julafton",
            Self::ChristmasDay => "Juldagen",
            Self::BoxingDay => "Annandag jul",
            Self::NewYearsEve => "Nyårsafton",
        }
    }

    /// A public holiday under Lag 1989:253 (as opposed to a day that only counts as a
    /// non-workday for deadlines under Lag 1930:173 2 §).
    pub fn is_public_holiday(self) -> bool {
        !matches!(
            self,
            Self::MidsummerEve | Self::ChristmasEve | Self::NewYearsEve
        )
    }
}

/// A named non-workday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NamedDay {
    pub date: NaiveDate,
    pub kind: NonWorkday,
}

fn check_year(year: i32) -> Result<(), DomainError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(DomainError::YearOutOfRange { year })
    }
}

/// Fails unless the calendar answers for `date`'s year.
pub fn check_supported(date: NaiveDate) -> Result<(), DomainError> {
    check_year(date.year())
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, DomainError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DomainError::YearOutOfRange { year })
}

/// Easter Sunday by the Gregorian computus (the anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> Result<NaiveDate, DomainError> {
    check_year(year)?;
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by construction.
    ymd(year, month.unsigned_abs(), day.unsigned_abs())
}

/// The first date in `from..=from+6` that falls on `weekday`.
fn weekday_in_week_from(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let offset = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(offset))
}

/// Every day of `year` that is a public holiday or a deadline non-workday by name, in date
/// order. Ordinary Sundays are public holidays too but are not listed; see [`is_workday`].
pub fn named_non_workdays(year: i32) -> Result<Vec<NamedDay>, DomainError> {
    check_year(year)?;
    let easter = easter_sunday(year)?;
    let day = |date: NaiveDate, kind: NonWorkday| NamedDay { date, kind };
    let mut days = vec![
        day(ymd(year, 1, 1)?, NonWorkday::NewYearsDay),
        day(ymd(year, 1, 6)?, NonWorkday::Epiphany),
        day(easter - Duration::days(2), NonWorkday::GoodFriday),
        day(easter, NonWorkday::EasterSunday),
        day(easter + Duration::days(1), NonWorkday::EasterMonday),
        day(ymd(year, 5, 1)?, NonWorkday::MayDay),
        day(easter + Duration::days(39), NonWorkday::AscensionDay),
        day(easter + Duration::days(49), NonWorkday::Pentecost),
    ];
    if year <= 2004 {
        days.push(day(easter + Duration::days(50), NonWorkday::WhitMonday));
    } else {
        days.push(day(ymd(year, 6, 6)?, NonWorkday::NationalDay));
    }
    let midsummer_day = weekday_in_week_from(ymd(year, 6, 20)?, Weekday::Sat);
    days.push(day(
        midsummer_day - Duration::days(1),
        NonWorkday::MidsummerEve,
    ));
    days.push(day(midsummer_day, NonWorkday::MidsummerDay));
    days.push(day(
        weekday_in_week_from(ymd(year, 10, 31)?, Weekday::Sat),
        NonWorkday::AllSaintsDay,
    ));
    days.push(day(ymd(year, 12, 24)?, NonWorkday::ChristmasEve));
    days.push(day(ymd(year, 12, 25)?, NonWorkday::ChristmasDay));
    days.push(day(ymd(year, 12, 26)?, NonWorkday::BoxingDay));
    days.push(day(ymd(year, 12, 31)?, NonWorkday::NewYearsEve));
    days.sort_by_key(|d| d.date);
    Ok(days)
}

/// The named non-workday on `date`, if any.
pub fn non_workday_on(date: NaiveDate) -> Result<Option<NonWorkday>, DomainError> {
    Ok(named_non_workdays(date.year())?
        .into_iter()
        .find(|d| d.date == date)
        .map(|d| d.kind))
}

/// A workday for the purpose of deadlines: not a Saturday, not a Sunday, not a public holiday,
/// not midsommarafton, julafton or nyårsafton.
pub fn is_workday(date: NaiveDate) -> Result<bool, DomainError> {
    check_supported(date)?;
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return Ok(false);
    }
    Ok(non_workday_on(date)?.is_none())
}

/// `date` itself if it is a workday, otherwise the next workday after it.
pub fn same_or_next_workday(date: NaiveDate) -> Result<NaiveDate, DomainError> {
    let mut d = date;
    while !is_workday(d)? {
        d = d
            .succ_opt()
            .ok_or(DomainError::YearOutOfRange { year: d.year() })?;
    }
    Ok(d)
}

/// The first workday strictly after `date`.
pub fn next_workday_after(date: NaiveDate) -> Result<NaiveDate, DomainError> {
    let next = date
        .succ_opt()
        .ok_or(DomainError::YearOutOfRange { year: date.year() })?;
    same_or_next_workday(next)
}

/// The last day on which an appeal (laglighetsprövning) can reach the municipality:
/// three weeks after posting, moved to the next workday when it falls on a non-workday.
pub fn last_appeal_day(posted: NaiveDate) -> Result<NaiveDate, DomainError> {
    check_supported(posted)?;
    same_or_next_workday(posted + Duration::days(APPEAL_PERIOD_DAYS))
}

/// When a notice of an adjusted protocol comes down from the notice board.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TakedownConvention {
    /// The day after the last appeal day (the default; Svenljunga's practice).
    #[default]
    DayAfter,
    /// On the last appeal day itself, at the end of that day.
    LastDay,
    /// The first workday after the last appeal day.
    NextWorkday,
}

impl TakedownConvention {
    pub const ALL: [TakedownConvention; 3] = [Self::DayAfter, Self::LastDay, Self::NextWorkday];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::DayAfter => "day-after",
            Self::LastDay => "last-day",
            Self::NextWorkday => "next-workday",
        }
    }

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| DomainError::UnknownTakedownConvention {
                value: s.to_owned(),
            })
    }
}

/// The date the notice comes down. Under every convention the notice stays up for the whole of
/// the last appeal day: with `LastDay` it is taken down at the end of that day, never before.
pub fn takedown_date(
    posted: NaiveDate,
    convention: TakedownConvention,
) -> Result<NaiveDate, DomainError> {
    let last = last_appeal_day(posted)?;
    match convention {
        TakedownConvention::LastDay => Ok(last),
        TakedownConvention::DayAfter => last
            .succ_opt()
            .ok_or(DomainError::YearOutOfRange { year: last.year() }),
        TakedownConvention::NextWorkday => next_workday_after(last),
    }
}

/// The statutory latest posting date: the second day after adjustment (KL 8 kap. 12 §).
pub fn posting_deadline(adjusted: NaiveDate) -> Result<NaiveDate, DomainError> {
    check_supported(adjusted)?;
    Ok(adjusted + Duration::days(POSTING_DEADLINE_DAYS))
}

/// When the organization posts a notice after adjustment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PostingPolicy {
    /// The same day as the adjustment.
    SameDay,
    /// The next workday after the adjustment (the default; Svenljunga's practice), but never
    /// later than the statutory deadline.
    #[default]
    NextWorkday,
}

/// The posting date for a protocol adjusted on `adjusted` under `policy`: never later than the
/// statutory deadline of the second day after adjustment.
pub fn posting_date(adjusted: NaiveDate, policy: PostingPolicy) -> Result<NaiveDate, DomainError> {
    let deadline = posting_deadline(adjusted)?;
    let wanted = match policy {
        PostingPolicy::SameDay => adjusted,
        PostingPolicy::NextWorkday => next_workday_after(adjusted)?,
    };
    Ok(wanted.min(deadline))
}

/// The adjustment deadline for a meeting held on `meeting_date`.
pub fn adjustment_deadline(meeting_date: NaiveDate) -> Result<NaiveDate, DomainError> {
    check_supported(meeting_date)?;
    Ok(meeting_date + Duration::days(ADJUSTMENT_DEADLINE_DAYS))
}

/// How urgent the adjustment of a meeting is on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AdjustmentDeadlineState {
    OnTime {
        days_left: i64,
    },
    /// From day 10 after the meeting: a warning, not a block.
    DueSoon {
        days_left: i64,
    },
    Overdue {
        days_over: i64,
    },
}

pub fn adjustment_deadline_state(
    meeting_date: NaiveDate,
    today: NaiveDate,
) -> Result<AdjustmentDeadlineState, DomainError> {
    let deadline = adjustment_deadline(meeting_date)?;
    let elapsed = (today - meeting_date).num_days();
    let left = (deadline - today).num_days();
    Ok(if left < 0 {
        AdjustmentDeadlineState::Overdue { days_over: -left }
    } else if elapsed >= ADJUSTMENT_WARNING_DAYS {
        AdjustmentDeadlineState::DueSoon { days_left: left }
    } else {
        AdjustmentDeadlineState::OnTime { days_left: left }
    })
}

/// All dates that follow from posting a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NoticeDates {
    pub posted: NaiveDate,
    pub last_appeal_day: NaiveDate,
    pub takedown: NaiveDate,
}

pub fn notice_dates(
    posted: NaiveDate,
    convention: TakedownConvention,
) -> Result<NoticeDates, DomainError> {
    Ok(NoticeDates {
        posted,
        last_appeal_day: last_appeal_day(posted)?,
        takedown: takedown_date(posted, convention)?,
    })
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_next.pred_opt()?;
    let back = i64::from(last.weekday().num_days_from_sunday());
    last.checked_sub_signed(Duration::days(back))
}

/// Swedish civil time (Europe/Stockholm) at the UTC instant `utc`: CET (UTC+1), and CEST
/// (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October (the EU rule). Deadlines and the notice board's "today" are Swedish dates.
pub fn stockholm_time(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let year = utc.year();
    let starts = last_sunday(year, 3).and_then(|d| d.and_hms_opt(1, 0, 0));
    let ends = last_sunday(year, 10).and_then(|d| d.and_hms_opt(1, 0, 0));
    let summer = matches!((starts, ends), (Some(s), Some(e)) if utc >= s && utc < e);
    utc + Duration::hours(if summer { 2 } else { 1 })
}

/// Today's date in Sweden at the UTC instant `utc`.
pub fn stockholm_today(utc: chrono::NaiveDateTime) -> NaiveDate {
    stockholm_time(utc).date()
}

#[cfg(test)]
mod civil_time_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn swedish_civil_time_follows_the_eu_summer_time_rule() {
        // Winter: UTC+1; 23:30 UTC on New Year's Eve is already the next year in Sweden.
        assert_eq!(stockholm_time(t(2026, 1, 15, 12, 0)), t(2026, 1, 15, 13, 0));
        assert_eq!(
            stockholm_today(t(2026, 12, 31, 23, 30)),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(stockholm_time(t(2026, 3, 29, 0, 59)), t(2026, 3, 29, 1, 59));
        assert_eq!(stockholm_time(t(2026, 3, 29, 1, 0)), t(2026, 3, 29, 3, 0));
        assert_eq!(
            stockholm_time(t(2026, 10, 25, 0, 59)),
            t(2026, 10, 25, 2, 59)
        );
        assert_eq!(stockholm_time(t(2026, 10, 25, 1, 0)), t(2026, 10, 25, 2, 0));
        assert_eq!(
            stockholm_today(t(2026, 6, 19, 22, 30)),
            NaiveDate::from_ymd_opt(2026, 6, 20).unwrap()
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2024).unwrap(), d("2024-03-31"));
        assert_eq!(easter_sunday(2025).unwrap(), d("2025-04-20"));
        assert_eq!(easter_sunday(2026).unwrap(), d("2026-04-05"));
        assert_eq!(easter_sunday(2000).unwrap(), d("2000-04-23"));
        assert_eq!(easter_sunday(2038).unwrap(), d("2038-04-25"));
        assert_eq!(easter_sunday(2008).unwrap(), d("2008-03-23"));
    }

    #[test]
    fn seed_vector() {
        let dates = notice_dates(d("2024-10-22"), TakedownConvention::DayAfter).unwrap();
        assert_eq!(dates.last_appeal_day, d("2024-11-12"));
        assert_eq!(dates.takedown, d("2024-11-13"));
        assert_eq!(
            posting_date(d("2024-10-21"), PostingPolicy::NextWorkday).unwrap(),
            d("2024-10-22")
        );
    }

    #[test]
    fn domain_vectors() {
        for (posted, last) in [
            ("2024-12-03", "2024-12-27"),
            ("2025-03-28", "2025-04-22"),
            ("2025-05-16", "2025-06-09"),
            ("2025-05-30", "2025-06-23"),
            ("2025-12-10", "2026-01-02"),
        ] {
            assert_eq!(
                last_appeal_day(d(posted)).unwrap(),
                d(last),
                "posted {posted}"
            );
        }
        assert_eq!(
            takedown_date(d("2024-12-03"), TakedownConvention::DayAfter).unwrap(),
            d("2024-12-28")
        );
    }

    #[test]
    fn takedown_conventions() {
        // Last appeal day 2024-12-27 is a Friday; the next workday is Monday 2024-12-30.
        let p = d("2024-12-03");
        assert_eq!(
            takedown_date(p, TakedownConvention::LastDay).unwrap(),
            d("2024-12-27")
        );
        assert_eq!(
            takedown_date(p, TakedownConvention::DayAfter).unwrap(),
            d("2024-12-28")
        );
        assert_eq!(
            takedown_date(p, TakedownConvention::NextWorkday).unwrap(),
            d("2024-12-30")
        );
        for c in TakedownConvention::ALL {
            assert_eq!(TakedownConvention::parse(c.as_str()).unwrap(), c);
        }
        assert!(TakedownConvention::parse("tomorrow").is_err());
    }

    #[test]
    fn holidays_2024_and_history() {
        let names: Vec<_> = named_non_workdays(2024)
            .unwrap()
            .into_iter()
            .map(|n| (n.date.format("%m-%d").to_string(), n.kind))
            .collect();
        assert!(names.contains(&("06-21".into(), NonWorkday::MidsummerEve)));
        assert!(names.contains(&("06-22".into(), NonWorkday::MidsummerDay)));
        assert!(names.contains(&("11-02".into(), NonWorkday::AllSaintsDay)));
        assert!(names.contains(&("05-09".into(), NonWorkday::AscensionDay)));
        let y2004 = named_non_workdays(2004).unwrap();
        assert!(y2004.iter().any(|n| n.kind == NonWorkday::WhitMonday));
        assert!(!y2004.iter().any(|n| n.kind == NonWorkday::NationalDay));
        let y2005 = named_non_workdays(2005).unwrap();
        assert!(!y2005.iter().any(|n| n.kind == NonWorkday::WhitMonday));
        assert!(y2005.iter().any(|n| n.kind == NonWorkday::NationalDay));
    }

    #[test]
    fn years_out_of_range_are_refused() {
        assert!(matches!(
            named_non_workdays(1989),
            Err(DomainError::YearOutOfRange { year: 1989 })
        ));
        assert!(last_appeal_day(d("2200-01-01")).is_err());
    }

    #[test]
    fn adjustment_deadline_warns_from_day_ten() {
        let m = d("2024-10-21");
        assert_eq!(
            adjustment_deadline_state(m, d("2024-10-30")).unwrap(),
            AdjustmentDeadlineState::OnTime { days_left: 5 }
        );
        assert_eq!(
            adjustment_deadline_state(m, d("2024-10-31")).unwrap(),
            AdjustmentDeadlineState::DueSoon { days_left: 4 }
        );
        assert_eq!(
            adjustment_deadline_state(m, d("2024-11-06")).unwrap(),
            AdjustmentDeadlineState::Overdue { days_over: 2 }
        );
    }

    #[test]
    fn posting_never_later_than_two_days() {
        // Adjusted Thursday before Easter 2025 (2025-04-17): next workday is 2025-04-22,
        // the statutory deadline is 2025-04-19.
        assert_eq!(
            posting_date(d("2025-04-17"), PostingPolicy::NextWorkday).unwrap(),
            d("2025-04-19")
        );
        assert_eq!(
            posting_date(d("2025-04-17"), PostingPolicy::SameDay).unwrap(),
            d("2025-04-17")
        );
    }

    proptest! {
        #[test]
        fn last_appeal_day_properties(offset in 0i64..(365 * 200)) {
            let posted = d("1990-01-01") + Duration::days(offset);
            prop_assume!(posted.year() <= 2198);
            let last = last_appeal_day(posted).unwrap();
            let earliest = posted + Duration::days(APPEAL_PERIOD_DAYS);
            prop_assert!(is_workday(last).unwrap());
            prop_assert!(last >= earliest);
            let mut day = earliest;
            while day < last {
                prop_assert!(!is_workday(day).unwrap(), "workday {} before {}", day, last);
                day = day.succ_opt().unwrap();
            }
            for c in TakedownConvention::ALL {
                prop_assert!(takedown_date(posted, c).unwrap() >= last);
            }
        }
    }
}
