//! A finding's message in one language: the rule's text with its placeholders filled.

use rapporteur_domain::{format_scaled, Catalog, Finding, FindingCell, Placeholder, Rule, TOTAL_CODE};

/// A cell as a reader names it: the cube's name, the period and the labels of its codes.
pub fn describe_cell(catalog: &Catalog, cell: &FindingCell, lang: &str) -> String {
    let mut parts = Vec::new();
    if !cell.period.is_empty() {
        parts.push(cell.period.clone());
    }
    for (dimension, code) in &cell.codes {
        let list = catalog.code_list_of_dimension(&cell.cube, dimension);
        let label = code
            .split('|')
            .map(|c| match (c, list) {
                (TOTAL_CODE, Some(l)) => format!("{} ({})", l.name.get(lang), TOTAL_CODE),
                (c, Some(l)) => {
                    l.get(c).map_or_else(|| c.to_string(), |code| code.labels.get(lang).to_string())
                }
                (c, None) => c.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" | ");
        parts.push(label);
    }
    let cube = catalog.cube(&cell.cube).map_or_else(|| cell.cube.clone(), |c| c.name.get(lang).to_string());
    if parts.is_empty() {
        cube
    } else {
        format!("{cube} ({})", parts.join(", "))
    }
}

/// The rule's message in `lang` with `{placeholders}` replaced: the finding's values, numbers
/// with the language's decimal separator, `{where}` the first cell as a reader names it,
/// `{counts}` every cell so named with its value,
/// `{cube}` the cube's name, `{tables}` the report tables concerned. An unknown placeholder is
/// left as written, so that a typo in a rule shows rather than vanishes.
pub fn render_message(
    catalog: &Catalog,
    rule: &Rule,
    finding: &Finding,
    lang: &str,
    decimal_separator: char,
) -> String {
    let template = rule.message.get(lang);
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        match value_of(catalog, finding, name, lang, decimal_separator) {
            Some(value) => out.push_str(&value),
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn value_of(
    catalog: &Catalog,
    finding: &Finding,
    name: &str,
    lang: &str,
    decimal_separator: char,
) -> Option<String> {
    match name {
        "where" => finding.cells.first().map(|c| describe_cell(catalog, c, lang)),
        // Each cell as a reader names it, with its value: "Police findings (2019, Forced crime) 9".
        "counts" => Some(
            finding
                .cells
                .iter()
                .map(|c| {
                    let value =
                        c.actual.map(|v| format_scaled(v, c.decimals, decimal_separator)).unwrap_or_default();
                    format!("{} {value}", describe_cell(catalog, c, lang))
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        "tables" => Some(finding.tables.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")),
        "cube" => match finding.values.get("cube") {
            Some(Placeholder::Text(id)) => {
                Some(catalog.cube(id).map_or_else(|| id.clone(), |c| c.name.get(lang).to_string()))
            }
            _ => finding.cells.first().map(|c| c.cube.clone()),
        },
        _ => finding.values.get(name).map(|value| match value {
            Placeholder::Text(text) => text.clone(),
            Placeholder::Number { scaled, decimals } => format_scaled(*scaled, *decimals, decimal_separator),
        }),
    }
}
