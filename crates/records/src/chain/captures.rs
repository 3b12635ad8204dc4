//! Capture histories from the links: for a year, how many persons each combination of victim
//! lists registered — the input of the multiple systems estimate, derived, never typed.

use std::collections::BTreeMap;

use super::Chain;

/// The lists (schema ids) and, for every observed combination of lists in `year`, its history
/// (one flag per list) and the number of persons — only those whose form of exploitation is
/// `form`, when one is given; lists that registered nobody are left out (they carry no
/// information).
pub fn capture_histories(
    chain: &Chain,
    year: i32,
    form: Option<&str>,
) -> (Vec<String>, Vec<(Vec<bool>, i64)>) {
    let mut combinations: BTreeMap<u32, u64> = BTreeMap::new();
    for path in chain.persons.iter().filter(|p| form.is_none_or(|f| p.form.as_deref() == Some(f))) {
        if let Some(&lists) = path.lists_by_year.get(&year) {
            *combinations.entry(lists).or_default() += 1;
        }
    }
    let used: u32 = combinations.keys().fold(0, |all, m| all | m);
    let kept: Vec<usize> = (0..chain.lists.len()).filter(|i| used >> i & 1 == 1).collect();
    let lists = kept.iter().map(|&i| chain.lists[i].schema.clone()).collect();
    let rows = combinations
        .iter()
        .map(|(&mask, &count)| (kept.iter().map(|&i| mask >> i & 1 == 1).collect(), count as i64))
        .collect();
    (lists, rows)
}
