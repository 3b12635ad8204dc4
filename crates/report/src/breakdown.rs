//! A breakdown column's cell as the seed prints it: one line per item, "34 Roemenië (22M-12V)" —
//! the count, the code's label in the report's language, and in parentheses the split: the
//! mark alone when the item has one part ("1 India (M)"), else each part's count and mark
//! joined by the layout's separator ("2 Portugal (1M en 1V)").

use rapporteur_domain::{format_scaled, normalize_label, Breakdown, BreakdownOrder, Catalog};
use rapporteur_stats::tabulate::{BreakdownItem, ComputedBreakdown};

use crate::format::Locale;
use crate::suppression::TableMask;

/// The lines of one row's breakdown, in the layout's order.
pub(crate) fn breakdown_lines(
    catalog: &Catalog,
    breakdown: &Breakdown,
    computed: &ComputedBreakdown,
    row: usize,
    locale: &Locale,
    mask: Option<(&TableMask, &str)>,
) -> Vec<String> {
    let lang = locale.lang.as_str();
    let label = |dimension: &str, code: &str| -> String {
        catalog
            .code_list_of_dimension(&breakdown.cube, dimension)
            .and_then(|l| l.get(code))
            .map_or_else(|| code.to_string(), |c| c.labels.get(lang).to_string())
    };
    let count = |scaled: i64| format_scaled(scaled, computed.decimals, locale.decimal_separator);
    let mut items: Vec<&BreakdownItem> = computed.items.get(row).into_iter().flatten().collect();
    match breakdown.order {
        BreakdownOrder::Return => items.sort_by_key(|item| item.source_row),
        BreakdownOrder::Count => items.sort_by_cached_key(|item| {
            (std::cmp::Reverse(item.count), normalize_label(&label(&breakdown.dimension, &item.code)))
        }),
    }
    items
        .into_iter()
        .map(|item| {
            let hidden = mask.and_then(|(m, _)| m.item(row, &item.code));
            let shown = |hide: bool, n: i64| match mask {
                Some((_, symbol)) if hide => symbol.to_string(),
                _ => count(n),
            };
            let part_hidden =
                |code: &str| hidden.is_some_and(|i| i.parts.iter().any(|(c, h)| c == code && *h));
            let mut line = format!(
                "{} {}",
                shown(hidden.is_some_and(|h| h.hidden), item.count),
                label(&breakdown.dimension, &item.code)
            );
            if let Some(split) = &breakdown.split {
                let mark = |code: &str| match breakdown.split_marks.get(code) {
                    Some(mark) => mark.get(lang).to_string(),
                    None => label(split, code),
                };
                let parts: Vec<String> = match item.split.as_slice() {
                    [(code, _)] => vec![mark(code)],
                    parts => parts
                        .iter()
                        .map(|(code, n)| format!("{}{}", shown(part_hidden(code), *n), mark(code)))
                        .collect(),
                };
                if !parts.is_empty() {
                    line.push_str(&format!(" ({})", parts.join(breakdown.split_separator.get(lang))));
                }
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use rapporteur_domain::{Catalog, Coordinate, ObservationRow, RowKind, SourceFile};
    use rapporteur_stats::tabulate::compute_table;

    use crate::format::Locale;
    use crate::table::{render_table_text, TableView};

    /// A code list file: its id, then each code's id and labels in nl, fr and en.
    fn code_list(id: &str, codes: &[[&str; 4]]) -> SourceFile {
        let mut text = format!("id = \"{id}\"\nname = {{ nl = \"{id}\", fr = \"{id}\", en = \"{id}\" }}\n");
        for [code, nl, fr, en] in codes {
            text.push_str(&format!(
                "[[code]]\nid = \"{code}\"\nnl = \"{nl}\"\nfr = \"{fr}\"\nen = \"{en}\"\n"
            ));
        }
        SourceFile { path: format!("codelists/{id}.toml"), text }
    }

    /// A cube file of the police: its id and its dimensions, each bound to the list of its name.
    fn cube(id: &str, dimensions: &[&str]) -> SourceFile {
        let mut text = format!(
            "id = \"{id}\"\nowner = \"police\"\nmeasure = \"count\"\nname = {{ nl = \"{id}\", fr = \"{id}\", en = \"{id}\" }}\n"
        );
        for dimension in dimensions {
            text.push_str(&format!("[[dimension]]\nid = \"{dimension}\"\ncodelist = \"{dimension}\"\n"));
        }
        SourceFile { path: format!("cubes/{id}.toml"), text }
    }

    /// A table of one region and a total, with a breakdown by nationality and sex in `order`.
    fn catalog(order: &str) -> Catalog {
        let file = |path: &str, text: String| SourceFile { path: path.into(), text };
        let languages = r#"languages = ["nl", "fr", "en"]"#;
        let table = format!(
            r#"number = 1
section = "1"
cube = "referrals"
caption = {{ nl = "T", fr = "T", en = "T" }}
source = {{ nl = "B", fr = "S", en = "S" }}
filter = {{ period = "2020" }}
[[rows]]
dimension = "region"
total = "after"
[breakdown]
cube = "referrals_by_nationality"
dimension = "nationality"
split = "sex"
split_marks = {{ M = {{ nl = "M", fr = "H", en = "M" }}, F = {{ nl = "V", fr = "F", en = "F" }} }}
split_separator = {{ nl = " en ", fr = " et ", en = " and " }}
order = "{order}"
header = {{ nl = "Nationaliteit en geslacht", fr = "Nationalité et sexe", en = "Nationality and sex" }}"#
        );
        let sources = [
            file(
                "catalog.toml",
                format!(
                    "id = \"t\"\n{languages}\nname = {{ nl = \"T\", fr = \"T\", en = \"T\" }}\n\
                     [[measure]]\nid = \"count\"\ndecimals = 0\nname = {{ nl = \"aantal\", fr = \"nombre\", en = \"count\" }}"
                ),
            ),
            file("cycles.toml", r#"cycle = [{ id = "c", periods = ["2020"], name = { nl = "c", fr = "c", en = "c" } }]"#.into()),
            code_list("actor", &[["police", "Politie", "Police", "Police"]]),
            code_list("region", &[["north", "Noord", "Nord", "North"]]),
            code_list(
                "nationality",
                &[
                    ["EG", "Egypte", "Égypte", "Egypt"],
                    ["MA", "Marokko", "Maroc", "Morocco"],
                    ["RO", "Roemenië", "Roumanie", "Romania"],
                ],
            ),
            code_list(
                "sex",
                &[["M", "Man", "Homme", "Male"], ["F", "Vrouw", "Femme", "Female"], ["X", "Onbekend", "Inconnu", "Unknown"]],
            ),
            cube("referrals", &["region"]),
            cube("referrals_by_nationality", &["region", "nationality", "sex"]),
            file("tables/table_01.toml", table),
        ];
        Catalog::parse(&sources).unwrap_or_else(|problems| panic!("{problems:?}"))
    }

    /// An observation of 2020 in the north, at a row of the return.
    fn observation(cube: &str, codes: &[(&str, &str)], value: i64, source_row: usize) -> ObservationRow {
        let codes = codes.iter().chain(&[("region", "north")]).map(|(d, c)| (d.to_string(), c.to_string()));
        ObservationRow {
            cube: cube.into(),
            coordinate: Coordinate { period: "2020".into(), codes: codes.collect() },
            kind: RowKind::Observation,
            value,
            flags: Vec::new(),
            note: None,
            pct_base: None,
            stated_decimals: None,
            source_row,
        }
    }

    /// The return: 48 referrals in the north; by nationality, Romania (22 men, 12 women) listed
    /// first, then Morocco (7 men, and a zero for women), Egypt (6 men, 1 of unknown sex: a
    /// code without a mark).
    fn observations() -> Vec<ObservationRow> {
        let row = |nationality: &str, sex: &str, value: i64, source_row: usize| {
            observation(
                "referrals_by_nationality",
                &[("nationality", nationality), ("sex", sex)],
                value,
                source_row,
            )
        };
        vec![
            observation("referrals", &[], 48, 2),
            row("RO", "M", 22, 2),
            row("RO", "F", 12, 3),
            row("MA", "M", 7, 4),
            row("MA", "F", 0, 5),
            row("EG", "M", 6, 6),
            row("EG", "X", 1, 7),
        ]
    }

    /// The breakdown column's heading and its cells, one per body row.
    fn column(order: &str, lang: &str) -> (String, Vec<String>) {
        let catalog = catalog(order);
        let layout = catalog.table(1).unwrap_or_else(|| panic!("table 1"));
        let table = compute_table(&catalog, layout, &observations());
        let view =
            TableView { catalog: &catalog, layout, table: &table, locale: Locale::new(&catalog, lang) };
        let header = view.column_header_rows().last().and_then(|h| h.last()).cloned().unwrap_or_default();
        let cells = view.value_rows().into_iter().map(|row| row.last().cloned().unwrap_or_default());
        (header, cells.collect())
    }

    #[test]
    fn items_print_count_label_and_split_in_the_report_language() {
        let (header, cells) = column("return", "nl");
        assert_eq!(header, "Nationaliteit en geslacht");
        // One line an item in the return's order; a split of one sex is its mark alone; the
        // total row is blank.
        assert_eq!(cells, ["34 Roemenië (22M en 12V)\n7 Marokko (M)\n7 Egypte (6M en 1Onbekend)", ""]);
        let (header, cells) = column("return", "fr");
        assert_eq!(header, "Nationalité et sexe");
        assert_eq!(cells, ["34 Roumanie (22H et 12F)\n7 Maroc (H)\n7 Égypte (6H et 1Inconnu)", ""]);
    }

    #[test]
    fn as_text_the_items_stand_below_each_other_aligned_left() {
        let catalog = catalog("return");
        let layout = catalog.table(1).unwrap_or_else(|| panic!("table 1"));
        let table = compute_table(&catalog, layout, &observations());
        let view =
            TableView { catalog: &catalog, layout, table: &table, locale: Locale::new(&catalog, "en") };
        let mut out = Vec::new();
        render_table_text(&view, &mut out).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8(out).unwrap_or_default();
        let expected = "\
Table 1: T

region  count  Nationality and sex
----------------------------------------
North      48  34 Romania (22M and 12F)
               7 Morocco (M)
               7 Egypt (6M and 1Unknown)
Total      48

S
";
        assert_eq!(text, expected);
    }

    #[test]
    fn count_order_puts_the_largest_first_then_the_label_without_accents() {
        let (_, cells) = column("count", "fr");
        assert_eq!(cells, ["34 Roumanie (22H et 12F)\n7 Égypte (6H et 1Inconnu)\n7 Maroc (H)", ""]);
    }
}
