//! Login throttling: after too many failures within a window, an account (or an address) is
//! locked for a while. Pure: the store keeps the failures, this decides.

use chrono::{Duration, NaiveDateTime};

/// How many failures within how long lock for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: usize,
    pub window: Duration,
    pub lockout: Duration,
}

/// Per account: 5 failures within 15 minutes lock the account for 15 minutes.
pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
    max_failures: 5,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// Per address: 20 failures within 15 minutes lock the address for 15 minutes.
pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
    max_failures: 20,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

impl ThrottlePolicy {
    /// Until when logins are refused, given the failure times, or `None` when allowed now.
    pub fn locked_until(
        &self,
        failures: &[NaiveDateTime],
        now: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        let recent: Vec<&NaiveDateTime> = failures
            .iter()
            .filter(|t| **t > now - self.window - self.lockout && **t <= now)
            .collect();
        // The latest run of `max_failures` failures within one window.
        let mut sorted = recent;
        sorted.sort();
        let last = **sorted.last()?;
        let in_window = sorted.iter().filter(|t| ***t > last - self.window).count();
        let until = last + self.lockout;
        (in_window >= self.max_failures && until > now).then_some(until)
    }

    /// How far back the failures matter.
    pub fn horizon(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.window - self.lockout
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(min: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            + Duration::minutes(min)
    }

    #[test]
    fn locks_after_five_and_unlocks_after_the_lockout() {
        let four: Vec<_> = (0..4).map(t).collect();
        assert_eq!(ACCOUNT.locked_until(&four, t(5)), None);
        let five: Vec<_> = (0..5).map(t).collect();
        assert_eq!(ACCOUNT.locked_until(&five, t(5)), Some(t(19)));
        assert_eq!(ACCOUNT.locked_until(&five, t(18)), Some(t(19)));
        assert_eq!(ACCOUNT.locked_until(&five, t(19)), None);
        // Spread over more than the window: no lock.
        let spread: Vec<_> = [0, 10, 20, 30, 40].into_iter().map(t).collect();
        assert_eq!(ACCOUNT.locked_until(&spread, t(41)), None);
    }
}
