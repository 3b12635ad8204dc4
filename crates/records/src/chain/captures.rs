//! Capture histories from the links: for a year, how many persons each combination of victim
//! lists registered — the input of the multiple systems estimate, derived, never typed.

use super::Chain;

/// The lists (schema ids) and, for every observed combination of lists in `year`, its history
/// (one flag per list) and the number of persons; lists that registered nobody that year are
/// left out (they carry no information).
pub fn capture_histories(chain: &Chain, year: i32) -> (Vec<String>, Vec<(Vec<bool>, i64)>) {
    let overlap = super::overlap_by_year(chain);
    let Some(combinations) = overlap.get(&year) else { return (Vec::new(), Vec::new()) };
    let used: u32 = combinations.keys().fold(0, |all, m| all | m);
    let kept: Vec<usize> = (0..chain.lists.len()).filter(|i| used >> i & 1 == 1).collect();
    let lists = kept.iter().map(|&i| chain.lists[i].schema.clone()).collect();
    let rows = combinations
        .iter()
        .map(|(&mask, &count)| (kept.iter().map(|&i| mask >> i & 1 == 1).collect(), count as i64))
        .collect();
    (lists, rows)
}
