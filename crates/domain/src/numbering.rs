//! Paragraph numbering: one series per body and year, without gaps or duplicates.

use crate::error::DomainError;

/// A meeting's own paragraphs must be consecutive and ascending.
pub fn check_meeting(numbers: &[u32]) -> Result<(), DomainError> {
    for pair in numbers.windows(2) {
        if let [a, b] = pair
            && *b != a + 1
        {
            return Err(DomainError::NumberingGap {
                expected: a + 1,
                found: *b,
            });
        }
    }
    Ok(())
}

/// The series of a body's year, meetings in date order, must start at `start` and run without
/// gaps or duplicates.
pub fn check_series(
    start: u32,
    meetings_in_date_order: &[Vec<u32>],
    body: &str,
    year: i32,
) -> Result<(), DomainError> {
    let mut expected = start;
    let mut seen = std::collections::BTreeSet::new();
    for numbers in meetings_in_date_order {
        for &n in numbers {
            if !seen.insert(n) {
                return Err(DomainError::DuplicateParagraph {
                    paragraph: n,
                    body: body.to_owned(),
                    year,
                });
            }
            if n != expected {
                return Err(DomainError::NumberingGap { expected, found: n });
            }
            expected += 1;
        }
    }
    Ok(())
}

/// The next free number in a body's year.
pub fn next_number(start: u32, existing: &[u32]) -> u32 {
    existing.iter().max().map_or(start, |m| m + 1)
}

impl crate::meeting::Meeting {
    /// A meeting not yet opened has provisional paragraph numbers (domain.md: numbering).
    pub fn numbers_are_provisional(&self) -> bool {
        self.status == crate::meeting::MeetingStatus::Planned
    }

    /// Gives the paragraphs of a meeting not yet opened the numbers from `first` on, and every
    /// reference to them (attendance changes, recusals, officials) with them.
    pub fn renumber_from(&mut self, first: u32) -> Result<(), DomainError> {
        if !self.numbers_are_provisional() {
            return Err(DomainError::WrongStatus {
                action: "numrera om paragraferna".into(),
                status: self.status.swedish().into(),
            });
        }
        let Some(old_first) = self.paragraphs.first().map(|p| p.number) else {
            return Ok(());
        };
        if first == 0 {
            return Err(DomainError::Invalid {
                field: "paragraph.number".into(),
                reason: "paragrafnummer börjar på 1".into(),
            });
        }
        let shift = |n: u32| -> u32 {
            (i64::from(n) - i64::from(old_first) + i64::from(first))
                .try_into()
                .unwrap_or(n)
        };
        for p in &mut self.paragraphs {
            p.number = shift(p.number);
        }
        for c in &mut self.attendance.changes {
            c.from_paragraph = shift(c.from_paragraph);
        }
        for r in &mut self.attendance.recusals {
            r.paragraph = shift(r.paragraph);
        }
        for o in &mut self.officials {
            for n in &mut o.paragraphs {
                *n = shift(*n);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_and_duplicates() {
        assert!(check_meeting(&[157, 158, 159]).is_ok());
        assert_eq!(
            check_meeting(&[157, 161]),
            Err(DomainError::NumberingGap {
                expected: 158,
                found: 161
            })
        );
        assert!(check_series(1, &[vec![1, 2], vec![3]], "KS", 2024).is_ok());
        assert!(matches!(
            check_series(1, &[vec![1, 2], vec![2, 3]], "KS", 2024),
            Err(DomainError::DuplicateParagraph { paragraph: 2, .. })
        ));
        assert!(matches!(
            check_series(157, &[vec![158]], "KS", 2024),
            Err(DomainError::NumberingGap {
                expected: 157,
                found: 158
            })
        ));
        assert_eq!(next_number(157, &[]), 157);
        assert_eq!(next_number(1, &[1, 2, 3]), 4);
    }
}
