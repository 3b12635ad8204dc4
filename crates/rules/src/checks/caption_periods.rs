//! Captions naming a year their table does not show.

use std::collections::BTreeSet;

use rapporteur_domain::{Finding, Rule};

use super::{finding, owner, text};
use crate::{periods_shown, Index};

/// The years a caption names, among the cycle's periods.
fn years_named(caption: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let chars: Vec<char> = caption.chars().collect();
    for i in 0..chars.len() {
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        if starts && i + 4 <= chars.len() && chars[i..i + 4].iter().all(char::is_ascii_digit) {
            let ends = i + 4 == chars.len() || !chars[i + 4].is_ascii_digit();
            if ends {
                out.insert(chars[i..i + 4].iter().collect());
            }
        }
    }
    out
}

/// A caption naming a year its table does not show (a title copied from the year before).
pub(super) fn caption_periods(rule: &Rule, index: &Index<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let cycle_years: BTreeSet<String> = index
        .cycle
        .accepted_periods()
        .flat_map(|p| p.split('-').map(str::to_string).collect::<Vec<_>>())
        .collect();
    for layout in index.catalog.tables.values() {
        let shown: BTreeSet<String> =
            periods_shown(layout).flat_map(|p| p.split('-')).map(str::to_string).collect();
        let named: BTreeSet<String> = layout
            .caption
            .0
            .values()
            .flat_map(|c| years_named(c))
            .filter(|y| cycle_years.contains(y))
            .collect();
        for year in named.difference(&shown) {
            let mut f = finding(rule, index, &format!("table {}|{year}", layout.number), Vec::new());
            f.actor = owner(index, &layout.cube);
            f.tables = vec![layout.number];
            f.values.insert("table".into(), text(layout.number.to_string()));
            f.values.insert("year".into(), text(year.clone()));
            f.values.insert("shown".into(), text(shown.iter().cloned().collect::<Vec<_>>().join(", ")));
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_years_a_caption_names() {
        let years = years_named("aantal checklists – verdeling volgens leeftijd en geslacht – 2019");
        assert_eq!(years, BTreeSet::from(["2019".to_string()]));
        assert!(years_named("8 mei 2021, van 2019 tot 2020").contains("2020"));
        assert!(years_named("art. 433quinquies, 12345").is_empty());
    }
}
