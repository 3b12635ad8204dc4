//! How a problem names what was expected: quoted lists and the closest spellings.

use rapporteur_domain::{normalize_label, Catalog};

/// `"a", "b", "c"`.
pub(super) fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
}

/// The `n` candidates spelled most like `wanted` (ties in the candidates' order).
pub(super) fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let wanted = normalize_label(wanted);
    let mut scored: Vec<(f64, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (strsim::jaro_winkler(&wanted, &normalize_label(c)), i, c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, _, c)| c).collect()
}

/// The columns closest to an unknown column name: reserved names and dimension ids compared by
/// spelling, and dimensions whose code list is named like the column in any language (so that
/// "geslacht" or "sexe" suggests `sex`).
pub(super) fn closest_column<'a>(catalog: &'a Catalog, name: &str, reserved: &[&'a str]) -> Vec<&'a str> {
    let wanted = normalize_label(name);
    let mut scored: Vec<(f64, &str)> =
        reserved.iter().map(|r| (strsim::jaro_winkler(&wanted, r), *r)).collect();
    for cube in catalog.cubes.values() {
        for dimension in &cube.dimensions {
            let list = catalog.code_list_of(dimension);
            let best = std::iter::once(dimension.id.as_str())
                .chain(std::iter::once(list.id.as_str()))
                .chain(list.name.0.values().map(String::as_str))
                .map(|n| strsim::jaro_winkler(&wanted, &normalize_label(n)))
                .fold(0.0_f64, f64::max);
            scored.push((best, dimension.id.as_str()));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<&str> = Vec::new();
    for (_, candidate) in scored {
        if !out.contains(&candidate) {
            out.push(candidate);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}
