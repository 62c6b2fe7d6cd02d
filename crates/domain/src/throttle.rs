//! Throttling of password and code guesses. Nothing is ever locked for good: after a few free
//! failures each further attempt must wait a little longer than the one before (doubling, up to
//! a ceiling), so online guessing stays bounded while the rightful user, who needs one attempt,
//! waits at most the ceiling. Pure: the store keeps the failures, this decides.
//!
//! The failures are counted in buckets (see the service): per device a user has logged in from,
//! per account for attempts from anywhere else, per network address, per signed-in user for the
//! signing password and per user for second-factor codes. A stranger only ever fills the
//! buckets a stranger's attempts land in.

use chrono::{Duration, NaiveDateTime};

/// How many failures are free within the window, and how long an attempt after them waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures within the window that cost nothing.
    pub free_failures: usize,
    /// How far back failures count.
    pub window: Duration,
    /// The wait after the first failure beyond the free ones; it doubles with each further one.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

/// Attempts at one account from anywhere without a device cookie of it (strangers and the user
/// on a new device): 5 free failures a day, then 1, 2, 4, 8 and at most 15 minutes apart, so
/// at most about 100 guesses a day.
pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    window: Duration::hours(24),
    first_delay: Duration::minutes(1),
    max_delay: Duration::minutes(15),
};

/// Attempts from a device the user has logged in from before: the same steps, but only that
/// device's failures count.
pub const DEVICE: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    window: Duration::hours(1),
    first_delay: Duration::minutes(1),
    max_delay: Duration::minutes(15),
};

/// Attempts from one network address at any accounts: 20 free failures in 15 minutes.
pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
    free_failures: 20,
    window: Duration::minutes(15),
    first_delay: Duration::minutes(1),
    max_delay: Duration::minutes(15),
};

/// A signed-in user's signing password or second-factor code: only that user adds to it.
pub const SIGNED_IN: ThrottlePolicy = ThrottlePolicy {
    free_failures: 5,
    window: Duration::hours(1),
    first_delay: Duration::minutes(1),
    max_delay: Duration::minutes(15),
};

impl ThrottlePolicy {
    /// When the next attempt is allowed, given the failure times (any order), or `None` when it
    /// is allowed now.
    pub fn next_allowed(
        &self,
        failures: &[NaiveDateTime],
        now: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        let since = self.horizon(now);
        let recent = failures.iter().filter(|t| **t > since && **t <= now);
        let (count, last) = recent.fold((0usize, None), |(n, last), t| {
            (n + 1, Some(last.map_or(*t, |l: NaiveDateTime| l.max(*t))))
        });
        let beyond = count.checked_sub(self.free_failures)?;
        let last = last?;
        let until = last + self.delay(beyond);
        (until > now).then_some(until)
    }

    /// The wait before the attempt after `beyond` failures past the free ones (0 = the first).
    fn delay(&self, beyond: usize) -> Duration {
        let doublings = u32::try_from(beyond).unwrap_or(u32::MAX).min(20);
        let factor = 1i32 << doublings;
        let delay = self.first_delay * factor;
        delay.min(self.max_delay)
    }

    /// How far back the failures matter.
    pub fn horizon(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.window
    }

    /// The most attempts one bucket allows in `span` when an attacker tries as soon as allowed
    /// (for the documentation and the tests of the promise).
    pub fn most_attempts(&self, span: Duration, start: NaiveDateTime) -> usize {
        let mut failures = Vec::new();
        let mut now = start;
        let end = start + span;
        while now < end {
            match self.next_allowed(&failures, now) {
                None => {
                    failures.push(now);
                    now += Duration::seconds(1);
                }
                Some(until) => now = until,
            }
        }
        failures.len()
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
    fn five_failures_are_free_then_the_waits_double_up_to_the_ceiling() {
        let four: Vec<_> = (0..4).map(t).collect();
        assert_eq!(ACCOUNT.next_allowed(&four, t(4)), None);
        let mut failures: Vec<_> = (0..5).map(t).collect();
        // The sixth attempt waits a minute after the fifth failure, the seventh two, ...
        assert_eq!(ACCOUNT.next_allowed(&failures, t(4)), Some(t(5)));
        assert_eq!(ACCOUNT.next_allowed(&failures, t(5)), None);
        failures.push(t(5));
        assert_eq!(ACCOUNT.next_allowed(&failures, t(5)), Some(t(7)));
        failures.push(t(7));
        assert_eq!(ACCOUNT.next_allowed(&failures, t(7)), Some(t(11)));
        for m in [11, 19, 35, 50] {
            failures.push(t(m));
        }
        // 16, 32, ... minutes are capped at 15.
        assert_eq!(ACCOUNT.next_allowed(&failures, t(50)), Some(t(65)));
        // Order does not matter.
        failures.reverse();
        assert_eq!(ACCOUNT.next_allowed(&failures, t(50)), Some(t(65)));
    }

    #[test]
    fn old_failures_stop_counting_and_a_huge_count_does_not_overflow() {
        let failures: Vec<_> = (0..5).map(t).collect();
        assert_eq!(DEVICE.next_allowed(&failures, t(64)), None);
        let many: Vec<_> = (0..100_000).map(|_| t(0)).collect();
        assert_eq!(ACCOUNT.next_allowed(&many, t(1)), Some(t(15)));
    }

    #[test]
    fn guessing_is_bounded() {
        // About a hundred guesses a day at one account, twenty-odd per quarter per address.
        let day = ACCOUNT.most_attempts(Duration::hours(24), t(0));
        assert!((90..=110).contains(&day), "{day}");
        let quarter = ADDRESS.most_attempts(Duration::minutes(15), t(0));
        assert!((20..=25).contains(&quarter), "{quarter}");
    }
}
