//! What kind of period a cube's observations have — a calendar year, a cohort of the cycle
//! (cases entering over the cycle's years and followed to a reference date, `2019-2020`) or a
//! date of extraction — so that a cohort labelled with one year is refused at import, and what
//! a cycle owes of each cube.

use std::collections::BTreeMap;

/// The kind of period a cube's observations have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodType {
    /// A calendar year: `2019`.
    #[default]
    Year,
    /// The cycle's years as one cohort: `2019-2020`.
    Cohort,
    /// A date of extraction: `2021-05-08`.
    Date,
}

impl PeriodType {
    pub fn parse(text: &str) -> Option<PeriodType> {
        match text {
            "year" => Some(PeriodType::Year),
            "cohort" => Some(PeriodType::Cohort),
            "date" => Some(PeriodType::Date),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PeriodType::Year => "year",
            PeriodType::Cohort => "cohort",
            PeriodType::Date => "date",
        }
    }

    /// The kind of period `period` is written as, if any.
    pub fn of(period: &str) -> Option<PeriodType> {
        [PeriodType::Year, PeriodType::Cohort, PeriodType::Date].into_iter().find(|t| t.fits(period))
    }

    /// Whether `period` is written as a period of this kind.
    pub fn fits(self, period: &str) -> bool {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            PeriodType::Year => digits(period, 4),
            PeriodType::Cohort => period.split_once('-').is_some_and(|(a, b)| digits(a, 4) && digits(b, 4)),
            PeriodType::Date => {
                let parts: Vec<&str> = period.split('-').collect();
                parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2)
            }
        }
    }
}

/// The periods a cycle owes of its cubes: by default, every one of its own periods that fits the
/// cube's period type; `exceptions` name the cubes the cycle owes for fewer (a figure the
/// actors give for one year only), with the periods it owes them for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Owed {
    pub exceptions: BTreeMap<String, Vec<String>>,
}
