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
