//! The funnel of a cohort: of the persons first detected in a year, how many reached each
//! step of the chain, by form of exploitation and for all forms together.

use std::collections::BTreeMap;

use super::Chain;

/// One cohort (and form) of the funnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelRow {
    /// The year of first detection.
    pub cohort: i32,
    /// A form of exploitation (code id); `None` for all forms together.
    pub form: Option<String>,
    /// Persons reaching each step, in the chain's step order.
    pub reached: Vec<(String, usize)>,
}

/// The funnel of every cohort: for each cohort, all forms first, then each form (persons
/// without a known form are in the total only).
pub fn funnel(chain: &Chain) -> Vec<FunnelRow> {
    let mut rows: BTreeMap<(i32, Option<String>), Vec<usize>> = BTreeMap::new();
    for path in &chain.persons {
        let cohort = path.first_detected.year;
        let groups = [Some(None), path.form.clone().map(Some)];
        for form in groups.into_iter().flatten() {
            let counts = rows.entry((cohort, form)).or_insert_with(|| vec![0; chain.step_order.len()]);
            for (i, step) in chain.step_order.iter().enumerate() {
                counts[i] += usize::from(path.steps.contains(step));
            }
        }
    }
    rows.into_iter()
        .map(|((cohort, form), counts)| FunnelRow {
            cohort,
            form,
            reached: chain.step_order.iter().cloned().zip(counts).collect(),
        })
        .collect()
}
