//! Reading and checking validation rules (`rules/*.toml`): each `[[rule]]` names its check, its
//! severity, its scope, its parameters and its message in every language.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::context::Context;
use super::source::{for_each_parsed, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::Cube;
use crate::observation::{dimension_and_code, TOTAL_CODE};
use crate::rule::{Check, CubeSet, Member, Ratio, Rule, RuleScope, Severity};
use crate::status::ObsStatus;
use crate::table::PERIOD;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
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
    min_ratio: Option<f64>,
    max_ratio: Option<f64>,
    amount_ratio: Option<f64>,
    #[serde(default)]
    earlier_only: bool,
    #[serde(default)]
    context: bool,
    status: Option<String>,
    peers: Option<String>,
    min_peers: Option<usize>,
    total: Option<f64>,
    rounding: Option<f64>,
}

/// Reads and checks every rule file; rule ids are unique across the files.
pub(super) fn parse_rules(
    files: &[&SourceFile],
    ctx: &Context<'_>,
    problems: &mut Vec<CatalogProblem>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for_each_parsed(files, problems, |p, raw: RawRules| {
        rules.extend(raw.rule.into_iter().filter_map(|rule| check_rule(p, rule, ctx, &mut seen)));
    });
    rules
}

/// One rule: a new id, its message in every language, a known severity, scope and check.
fn check_rule(
    p: &mut FileProblems<'_>,
    spanned: Spanned<RawRule>,
    ctx: &Context<'_>,
    seen: &mut HashSet<String>,
) -> Option<Rule> {
    let offset = spanned.span().start;
    let raw = spanned.into_inner();
    p.unique_id(offset, "rule", &raw.id, seen);
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
    let cubes = cube_set(p, offset, &what, raw.cubes.as_deref(), ctx);
    let rule = RuleText { offset, what: &what, raw: &raw, ctx };
    let check = rule.check(p, cubes)?;
    Some(Rule { id: raw.id, severity, scope, check, message })
}

/// A rule as written, with where it stands and how messages name it.
struct RuleText<'a> {
    offset: usize,
    what: &'a str,
    raw: &'a RawRule,
    ctx: &'a Context<'a>,
}

impl RuleText<'_> {
    /// The rule's check with its parameters; `None` for an unknown check.
    fn check(&self, p: &mut FileProblems<'_>, cubes: CubeSet) -> Option<Check> {
        let raw = self.raw;
        match raw.check.as_str() {
            "control_values" => Some(Check::ControlValues {
                cubes,
                tolerance: raw.tolerance.unwrap_or(0),
                pct_tolerance: raw.pct_tolerance.unwrap_or(0),
            }),
            "equal_totals" => self.equal_totals(p),
            "repeated_slices" => {
                Some(Check::RepeatedSlices { cubes, min_nonzero: raw.min_nonzero.unwrap_or(4) })
            }
            "completeness" => Some(self.completeness(p, cubes)),
            "plausibility" => {
                let alpha = raw.alpha.unwrap_or(0.001);
                if !(alpha > 0.0 && alpha < 1.0) {
                    p.at(self.offset, format!("{}: alpha {alpha} must lie between 0 and 1", self.what));
                }
                let ratio = Ratio { min: raw.min_ratio, max: raw.max_ratio, amounts: raw.amount_ratio };
                for bound in [ratio.min, ratio.max, ratio.amounts].into_iter().flatten() {
                    if bound < 1.0 {
                        p.at(self.offset, format!("{}: a ratio of {bound} is below 1", self.what));
                    }
                }
                Some(Check::Plausibility { cubes, alpha, min_total: raw.min_total.unwrap_or(20), ratio })
            }
            "owed_periods" => {
                if raw.earlier_only && raw.context {
                    p.at(self.offset, format!("{}: earlier_only and context exclude each other", self.what));
                }
                Some(Check::OwedPeriods { cubes, earlier_only: raw.earlier_only, context: raw.context })
            }
            "flagged_cells" => {
                let status = raw.status.as_deref().and_then(ObsStatus::from_code);
                if status.is_none() {
                    p.at(
                        self.offset,
                        format!("{}: flagged_cells needs the status it reports (M or C)", self.what),
                    );
                }
                Some(Check::FlaggedCells { cubes, status: status? })
            }
            "peer_magnitude" => self.peer_magnitude(p, cubes),
            "stated_without_data" => Some(Check::StatedWithoutData { cubes }),
            "subset" => self.subset(p),
            "shares_sum" => self.shares_sum(p),
            "valid_codes" => Some(Check::ValidCodes { cubes }),
            "caption_periods" => Some(Check::CaptionPeriods),
            other => {
                p.at(
                    self.offset,
                    format!("{}: unknown check {other:?} (expected control_values, equal_totals, repeated_slices, completeness, plausibility, owed_periods, flagged_cells, peer_magnitude, stated_without_data, subset, shares_sum, valid_codes or caption_periods)", self.what),
                );
                None
            }
        }
    }

    /// The dimension whose codes are peers (a dimension of every cube named), the test's level
    /// and the factor, at least 1.
    fn peer_magnitude(&self, p: &mut FileProblems<'_>, cubes: CubeSet) -> Option<Check> {
        let (offset, what, raw) = (self.offset, self.what, self.raw);
        let (Some(peers), Some(min_ratio), CubeSet::Only(list)) = (&raw.peers, raw.min_ratio, &cubes) else {
            p.at(offset, format!("{what}: peer_magnitude needs the cubes named, the dimension of their peers and min_ratio"));
            return None;
        };
        for cube in list.iter().filter_map(|c| self.ctx.cubes.get(c)) {
            if cube.dimension(peers).is_none() {
                p.at(
                    offset,
                    format!("{what}: cube {:?} has no dimension {peers:?} to compare peers along", cube.id),
                );
            }
        }
        let alpha = raw.alpha.unwrap_or(0.0001);
        if !(alpha > 0.0 && alpha < 1.0) {
            p.at(offset, format!("{what}: alpha {alpha} must lie between 0 and 1"));
        }
        if min_ratio < 1.0 {
            p.at(offset, format!("{what}: a ratio of {min_ratio} is below 1"));
        }
        Some(Check::PeerMagnitude {
            cubes,
            peers: peers.clone(),
            alpha,
            min_ratio,
            min_peers: raw.min_peers.unwrap_or(3),
        })
    }

    /// Members of an equality, at least two, each with the dimensions it is compared by.
    fn equal_totals(&self, p: &mut FileProblems<'_>) -> Option<Check> {
        let (offset, what, raw) = (self.offset, self.what, self.raw);
        let Some(expression) = &raw.expression else {
            p.at(
                offset,
                format!(
                    "{what}: equal_totals needs an expression such as \"cube_a = cube_b[dimension=code]\""
                ),
            );
            return None;
        };
        let members = self.members(p, expression);
        self.check_by(p, &members);
        if members.len() < 2 {
            p.at(offset, format!("{what}: an equality needs at least two members"));
        }
        Some(Check::EqualTotals { members, by: raw.by.clone(), tolerance: raw.tolerance.unwrap_or(0) })
    }

    /// `part <= whole`, each a member, compared by dimensions the part has.
    fn subset(&self, p: &mut FileProblems<'_>) -> Option<Check> {
        let (offset, what, raw) = (self.offset, self.what, self.raw);
        let Some((part, whole)) = raw.expression.as_deref().and_then(|e| e.split_once("<=")) else {
            p.at(
                offset,
                format!("{what}: subset needs an expression such as \"cube_a[dimension=code] <= cube_b\""),
            );
            return None;
        };
        let mut members = self.members(p, part);
        members.extend(self.members(p, whole));
        let [part, whole]: [Member; 2] = members.try_into().ok()?;
        self.check_by(p, std::slice::from_ref(&part));
        Some(Check::Subset { part, whole, by: raw.by.clone() })
    }

    /// One member whose shares must sum to `total` within `rounding`.
    fn shares_sum(&self, p: &mut FileProblems<'_>) -> Option<Check> {
        let (offset, what, raw) = (self.offset, self.what, self.raw);
        let members = raw.expression.as_deref().map(|e| self.members(p, e)).unwrap_or_default();
        let Ok([member]) = <[Member; 1]>::try_from(members) else {
            p.at(offset, format!("{what}: shares_sum needs an expression naming one cube, such as \"cube[dimension=a|b|c]\""));
            return None;
        };
        self.check_by(p, std::slice::from_ref(&member));
        let (Some(total), Some(rounding)) = (raw.total, raw.rounding) else {
            p.at(
                offset,
                format!("{what}: shares_sum needs the total the shares sum to and the rounding they allow"),
            );
            return None;
        };
        Some(Check::SharesSum { member, by: raw.by.clone(), total, rounding })
    }

    /// The `by` dimensions are the period or dimensions of every member.
    fn check_by(&self, p: &mut FileProblems<'_>, members: &[Member]) {
        for dimension in &self.raw.by {
            for member in members {
                if dimension != PERIOD && self.ctx.cubes[&member.cube].dimension(dimension).is_none() {
                    p.at(
                        self.offset,
                        format!(
                            "{}: cube {:?} has no dimension {dimension:?} to compare by",
                            self.what, member.cube
                        ),
                    );
                }
            }
        }
    }

    /// Required breakdowns name the cubes, their dimensions and codes; periods are of a cycle.
    fn completeness(&self, p: &mut FileProblems<'_>, cubes: CubeSet) -> Check {
        let (offset, what, raw, ctx) = (self.offset, self.what, self.raw, self.ctx);
        if let CubeSet::Only(list) = &cubes {
            for required in &raw.require {
                let (dimension, code) = dimension_and_code(required);
                for cube in list.iter().filter_map(|c| ctx.cubes.get(c)) {
                    match cube.dimension(dimension) {
                        None => p.at(
                            offset,
                            format!("{what}: cube {:?} has no dimension {dimension:?} to require", cube.id),
                        ),
                        Some(d)
                            if code != TOTAL_CODE
                                && ctx.code_list_of(d).is_some_and(|list| list.get(code).is_none()) =>
                        {
                            p.at(offset, format!("{what}: {code:?} is not a code of {:?}", d.codelist))
                        }
                        Some(_) => {}
                    }
                }
            }
        } else if !raw.require.is_empty() {
            p.at(offset, format!("{what}: require needs the cubes named, not \"*\""));
        }
        for period in &raw.periods {
            ctx.check_period(p, offset, what, period);
        }
        Check::Completeness { cubes, require: raw.require.clone(), periods: raw.periods.clone() }
    }

    /// Parses `cube_a = cube_b[dimension=code|code, period=2019|2020] = …`.
    fn members(&self, p: &mut FileProblems<'_>, expression: &str) -> Vec<Member> {
        let (offset, what) = (self.offset, self.what);
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
            let Some(cube) = self.ctx.cubes.get(cube_id) else {
                p.at(offset, format!("{what}: the expression names unknown cube {cube_id:?}"));
                continue;
            };
            let filter = self.member_filter(p, cube, filter_text.unwrap_or_default());
            members.push(Member { cube: cube_id.to_string(), filter });
        }
        members
    }

    /// A member's `dimension=code|code, …`: dimensions of its cube (or the period) and their
    /// codes (or periods of a cycle).
    fn member_filter(
        &self,
        p: &mut FileProblems<'_>,
        cube: &Cube,
        text: &str,
    ) -> BTreeMap<String, Vec<String>> {
        let (offset, what, ctx) = (self.offset, self.what, self.ctx);
        let mut filter = BTreeMap::new();
        for condition in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let Some((dimension, codes)) = condition.split_once('=') else {
                p.at(offset, format!("{what}: {condition:?} is not dimension=code"));
                continue;
            };
            let dimension = dimension.trim();
            let codes: Vec<String> = codes.split('|').map(|c| c.trim().to_string()).collect();
            if dimension == PERIOD {
                for code in &codes {
                    ctx.check_period(p, offset, what, code);
                }
            } else {
                match cube.dimension(dimension).map(|d| ctx.code_list_of(d)) {
                    None => {
                        p.at(offset, format!("{what}: cube {:?} has no dimension {dimension:?}", cube.id))
                    }
                    Some(None) => {}
                    Some(Some(list)) => {
                        for code in codes.iter().filter(|c| *c != TOTAL_CODE && list.get(c).is_none()) {
                            p.at(offset, format!("{what}: {code:?} is not a code of {:?}", list.id));
                        }
                    }
                }
            }
            filter.insert(dimension.to_string(), codes);
        }
        filter
    }
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
