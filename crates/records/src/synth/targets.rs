//! What the records are fitted to: the observations of the returns that a derivation's cube
//! has, scaled to the number of records asked for.

use rapporteur_domain::catalog::{Derivation, PeriodRule};
use rapporteur_domain::{Catalog, Cycle, ObservationRow, RowKind};

/// The returns' observations and the scale to fit them at.
pub(super) struct Targets<'a> {
    cycle: &'a Cycle,
    rows: &'a [ObservationRow],
    /// The number of records asked for.
    wanted: u64,
    /// The number of records the returns describe at scale 1 (at least 1).
    natural: u64,
}

impl<'a> Targets<'a> {
    /// The targets in `rows`, scaled to about `records` records in all (`None`: the returns'
    /// own size).
    pub(super) fn new(
        catalog: &Catalog,
        cycle: &'a Cycle,
        rows: &'a [ObservationRow],
        records: Option<u64>,
    ) -> Self {
        let mut targets = Targets { cycle, rows, wanted: 0, natural: 0 };
        targets.natural = targets.natural_size(catalog).max(1);
        targets.wanted = records.unwrap_or(targets.natural);
        targets
    }

    pub(super) fn cycle(&self) -> &'a Cycle {
        self.cycle
    }

    /// The observations a derivation is fitted to: its cube's positive data values, of a year
    /// of the cycle (a yearly derivation) or of a span of years (a cohort).
    pub(super) fn observations(&self, d: &Derivation) -> Vec<&'a ObservationRow> {
        let cycle = self.cycle;
        self.rows
            .iter()
            .filter(|r| r.kind == RowKind::Observation && r.cube == d.cube && r.value > 0)
            .filter(|r| match &d.period {
                PeriodRule::Year(_) => {
                    !r.coordinate.period.contains('-') && cycle.periods.contains(&r.coordinate.period)
                }
                PeriodRule::Cycle(_) => r.coordinate.period.contains('-'),
            })
            .collect()
    }

    /// The observations of a derivation, each with its value scaled.
    pub(super) fn scaled(&self, d: &Derivation) -> Vec<(&'a ObservationRow, i64)> {
        let rows = self.observations(d);
        let values: Vec<i64> = rows.iter().map(|r| r.value).collect();
        let scaled = scale(&values, self.wanted, self.natural);
        rows.into_iter().zip(scaled).collect()
    }

    /// The number of records the returns describe at scale 1 (an estimate before fitting: the
    /// total of each schema's first derivation).
    fn natural_size(&self, catalog: &Catalog) -> u64 {
        catalog
            .records
            .values()
            .filter_map(|s| s.derivations.first())
            .map(|d| self.observations(d).iter().map(|r| r.value as u64).sum::<u64>())
            .sum()
    }
}

/// Scales counts by `num/den`, keeping the total exact by the largest remainders.
fn scale(values: &[i64], num: u64, den: u64) -> Vec<i64> {
    if num == den || den == 0 {
        return values.to_vec();
    }
    let total: u128 = values.iter().map(|&v| v.max(0) as u128).sum();
    let wanted = (total * num as u128 + den as u128 / 2) / den as u128;
    let mut out: Vec<i64> =
        values.iter().map(|&v| ((v.max(0) as u128 * num as u128) / den as u128) as i64).collect();
    let mut rest: Vec<(u128, usize)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| ((v.max(0) as u128 * num as u128) % den as u128, i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: u128 = out.iter().map(|&v| v as u128).sum();
    for &(_, i) in rest.iter().take((wanted.saturating_sub(given)) as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_keeps_the_total() {
        assert_eq!(scale(&[171, 146, 5, 9, 0], 2, 1), vec![342, 292, 10, 18, 0]);
        let s = scale(&[171, 146, 5, 9, 0], 1000, 331);
        assert_eq!(s.iter().sum::<i64>(), 1000);
    }
}
