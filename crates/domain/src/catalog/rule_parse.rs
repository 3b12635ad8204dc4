//! Reading and checking validation rules (`rules/*.toml`): each `[[rule]]` names its check, its
//! severity, its scope, its parameters and its message in every language.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::parse::{Context, FileProblems, RawLabels};
use crate::observation::TOTAL_CODE;
use crate::rule::{Check, CubeSet, Member, Rule, RuleScope, Severity};
use crate::table::PERIOD;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRules {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    check: String,
    severity: String,
    scope: String,
    message: RawLabels,
    cubes: Option<Vec<String>>,
    tolerance: Option<i64>,
    pct_tolerance: Option<i64>,
    expression: Option<String>,
    #[serde(default)]
    by: Vec<String>,
    min_nonzero: Option<usize>,
    #[serde(default)]
    require: Vec<String>,
    #[serde(default)]
    periods: Vec<String>,
    alpha: Option<f64>,
    min_total: Option<i64>,
}

pub(super) fn check_rules(
    p: &mut FileProblems<'_>,
    raw: RawRules,
    ctx: &Context<'_>,
    seen: &mut HashSet<String>,
) -> Vec<Rule> {
    let mut out = Vec::new();
    for spanned in raw.rule {
        let offset = spanned.span().start;
        let raw = spanned.into_inner();
        p.id(offset, "rule", &raw.id);
        if !seen.insert(raw.id.clone()) {
            p.at(offset, format!("rule {:?} is defined twice", raw.id));
        }
        let what = format!("rule {:?}", raw.id);
        let message = p.labels(offset, &format!("the message of {what}"), &raw.message, ctx.languages);
        let severity = Severity::parse(&raw.severity).unwrap_or_else(|| {
            p.at(offset, format!("{what}: severity {:?} is not one of error, warning, info", raw.severity));
            Severity::Error
        });
        let scope = match raw.scope.as_str() {
            "cube" => RuleScope::Cube,
            "cycle" => RuleScope::Cycle,
            "actor" => RuleScope::Actor,
            other => {
                p.at(offset, format!("{what}: scope {other:?} is not one of cube, cycle, actor"));
                RuleScope::Cube
            }
        };
        let cube_set = cube_set(p, offset, &what, raw.cubes.as_deref(), ctx);
        let cubes = || cube_set.clone();
        let check = match raw.check.as_str() {
            "control_values" => Some(Check::ControlValues {
                cubes: cubes(),
                tolerance: raw.tolerance.unwrap_or(0),
                pct_tolerance: raw.pct_tolerance.unwrap_or(0),
            }),
            "equal_totals" => match &raw.expression {
                None => {
                    p.at(offset, format!("{what}: equal_totals needs an expression such as \"cube_a = cube_b[dimension=code]\""));
                    None
                }
                Some(expression) => {
                    let members = parse_members(p, offset, &what, expression, ctx);
                    for dimension in &raw.by {
                        for member in &members {
                            if dimension != PERIOD
                                && !ctx.cubes[&member.cube].dimensions.iter().any(|d| &d.id == dimension)
                            {
                                p.at(
                                    offset,
                                    format!(
                                        "{what}: cube {:?} has no dimension {dimension:?} to compare by",
                                        member.cube
                                    ),
                                );
                            }
                        }
                    }
                    if members.len() < 2 {
                        p.at(offset, format!("{what}: an equality needs at least two members"));
                    }
                    Some(Check::EqualTotals {
                        members,
                        by: raw.by.clone(),
                        tolerance: raw.tolerance.unwrap_or(0),
                    })
                }
            },
            "repeated_slices" => {
                Some(Check::RepeatedSlices { cubes: cubes(), min_nonzero: raw.min_nonzero.unwrap_or(4) })
            }
            "completeness" => {
                let cubes = cubes();
                if let CubeSet::Only(list) = &cubes {
                    for required in &raw.require {
                        let (dimension, code) =
                            required.split_once('=').unwrap_or((required.as_str(), TOTAL_CODE));
                        for cube in list.iter().filter_map(|c| ctx.cubes.get(c)) {
                            match cube.dimensions.iter().find(|d| d.id == dimension) {
                                None => p.at(
                                    offset,
                                    format!(
                                        "{what}: cube {:?} has no dimension {dimension:?} to require",
                                        cube.id
                                    ),
                                ),
                                Some(d)
                                    if code != TOTAL_CODE
                                        && ctx.code_lists[&d.codelist].get(code).is_none() =>
                                {
                                    p.at(
                                        offset,
                                        format!("{what}: {code:?} is not a code of {:?}", d.codelist),
                                    )
                                }
                                Some(_) => {}
                            }
                        }
                    }
                } else if !raw.require.is_empty() {
                    p.at(offset, format!("{what}: require needs the cubes named, not \"*\""));
                }
                for period in &raw.periods {
                    if !ctx.periods.contains(&period.as_str()) {
                        p.at(offset, format!("{what}: period {period:?} is in no cycle of the catalog"));
                    }
                }
                Some(Check::Completeness {
                    cubes,
                    require: raw.require.clone(),
                    periods: raw.periods.clone(),
                })
            }
            "plausibility" => {
                let alpha = raw.alpha.unwrap_or(0.001);
                if !(alpha > 0.0 && alpha < 1.0) {
                    p.at(offset, format!("{what}: alpha {alpha} must lie between 0 and 1"));
                }
                Some(Check::Plausibility { cubes: cubes(), alpha, min_total: raw.min_total.unwrap_or(20) })
            }
            "valid_codes" => Some(Check::ValidCodes { cubes: cubes() }),
            "caption_periods" => Some(Check::CaptionPeriods),
            other => {
                p.at(
                    offset,
                    format!("{what}: unknown check {other:?} (expected control_values, equal_totals, repeated_slices, completeness, plausibility, valid_codes or caption_periods)"),
                );
                None
            }
        };
        if let Some(check) = check {
            out.push(Rule { id: raw.id, severity, scope, check, message });
        }
    }
    out
}

fn cube_set(
    p: &mut FileProblems<'_>,
    offset: usize,
    what: &str,
    cubes: Option<&[String]>,
    ctx: &Context<'_>,
) -> CubeSet {
    match cubes {
        None => CubeSet::All,
        Some(list) if list.iter().any(|c| c == "*") => CubeSet::All,
        Some(list) => {
            for cube in list {
                if !ctx.cubes.contains_key(cube) {
                    p.at(offset, format!("{what} names unknown cube {cube:?}"));
                }
            }
            CubeSet::Only(list.to_vec())
        }
    }
}

/// Parses `cube_a = cube_b[dimension=code|code, period=2019|2020] = …`.
fn parse_members(
    p: &mut FileProblems<'_>,
    offset: usize,
    what: &str,
    expression: &str,
    ctx: &Context<'_>,
) -> Vec<Member> {
    let mut members = Vec::new();
    for part in split_top_level(expression) {
        let part = part.trim();
        let (cube_id, filter_text) = match part.split_once('[') {
            Some((cube, rest)) => match rest.strip_suffix(']') {
                Some(filter) => (cube.trim(), Some(filter)),
                None => {
                    p.at(offset, format!("{what}: {part:?} opens a [ it does not close"));
                    continue;
                }
            },
            None => (part, None),
        };
        let Some(cube) = ctx.cubes.get(cube_id) else {
            p.at(offset, format!("{what}: the expression names unknown cube {cube_id:?}"));
            continue;
        };
        let mut filter = BTreeMap::new();
        for condition in
            filter_text.into_iter().flat_map(|f| f.split(',')).map(str::trim).filter(|c| !c.is_empty())
        {
            let Some((dimension, codes)) = condition.split_once('=') else {
                p.at(offset, format!("{what}: {condition:?} is not dimension=code"));
                continue;
            };
            let dimension = dimension.trim();
            let codes: Vec<String> = codes.split('|').map(|c| c.trim().to_string()).collect();
            if dimension == PERIOD {
                for code in &codes {
                    if !ctx.periods.contains(&code.as_str()) {
                        p.at(offset, format!("{what}: period {code:?} is in no cycle of the catalog"));
                    }
                }
            } else {
                match cube.dimensions.iter().find(|d| d.id == dimension) {
                    None => p.at(offset, format!("{what}: cube {cube_id:?} has no dimension {dimension:?}")),
                    Some(d) => {
                        let list = &ctx.code_lists[&d.codelist];
                        for code in &codes {
                            if code != TOTAL_CODE && list.get(code).is_none() {
                                p.at(offset, format!("{what}: {code:?} is not a code of {:?}", list.id));
                            }
                        }
                    }
                }
            }
            filter.insert(dimension.to_string(), codes);
        }
        members.push(Member { cube: cube_id.to_string(), filter });
    }
    members
}

/// Splits on `=` outside brackets.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '=' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}
