//! The role of a row: data, or a control value stated for checking (a total, or a percentage
//! with its base).

use rapporteur_domain::{columns, Catalog, Cube, RowKind, TOTAL_CODE};

use super::row::RowCheck;
use super::suggest::quoted_list;

/// What the `role` and `base` cells make of a row.
pub(super) struct Role {
    pub kind: RowKind,
    /// Whether the row states a percentage (its value is then in hundredths).
    pub pct: bool,
    /// A percentage's base, normalised to code ids.
    pub pct_base: Option<String>,
}

impl RowCheck<'_> {
    /// Reads the role and the base of a row whose codes make it of `kind`.
    pub(super) fn check_role(&mut self, cube: &Cube, kind: RowKind) -> Role {
        let (i, role) =
            self.cell(columns::ROLE).map(|(i, t)| (i, t.to_lowercase())).unwrap_or((0, String::new()));
        let base = self.cell(columns::BASE).filter(|(_, t)| !t.is_empty());
        let mut out = Role { kind, pct: role == "pct", pct_base: None };
        match role.as_str() {
            "" => {}
            "data" if kind == RowKind::Control => self.report(
                Some(i),
                "a total or subtotal is never data: totals are computed from their parts; leave role empty or write control".into(),
            ),
            "data" => {}
            "control" => out.kind = RowKind::Control,
            "pct" => {
                out.kind = RowKind::Control;
                out.pct_base = self.check_base(cube, base.as_ref(), i);
            }
            other => self.report(Some(i), format!("unknown role {other:?}: expected data, control or pct")),
        }
        if let (Some((i, _)), false) = (&base, out.pct) {
            self.report(Some(*i), "a base is only for a percentage (role pct)".into());
        }
        out
    }

    /// A percentage's base, which it needs (the problem goes to the base column, or to the role
    /// column at `role_column` without one).
    fn check_base(
        &mut self,
        cube: &Cube,
        base: Option<&(usize, String)>,
        role_column: usize,
    ) -> Option<String> {
        let Some((i, text)) = base else {
            self.report(
                self.columns.get(columns::BASE).or(Some(role_column)),
                "a percentage needs its base: the dimension over whose total it is taken, as dimension or dimension=code (column base)".into(),
            );
            return None;
        };
        match parse_base(self.catalog, cube, text) {
            Ok(base) => Some(base),
            Err(message) => {
                self.report(Some(*i), message);
                None
            }
        }
    }
}

/// Reads a percentage's base: `dimension` (the percentage of the total over the dimension) or
/// `dimension=code` (of the subtotal at that code, e.g. `exploitation_form=thb` when the cube
/// also counts smuggling). Returns it normalised to code ids.
fn parse_base(catalog: &Catalog, cube: &Cube, text: &str) -> Result<String, String> {
    let (dimension, code) = match text.split_once('=') {
        Some((d, c)) => (d.trim(), Some(c.trim())),
        None => (text.trim(), None),
    };
    let Some(d) = cube.dimensions.iter().find(|d| d.id == dimension) else {
        return Err(format!(
            "base {dimension:?} is not a dimension of cube {:?}: expected one of {}",
            cube.id,
            quoted_list(cube.dimensions.iter().map(|d| d.id.as_str()))
        ));
    };
    match code {
        None | Some(TOTAL_CODE) => Ok(dimension.to_string()),
        Some(code) => match catalog.code_list_of(d).lookup(code) {
            Some(found) => Ok(format!("{dimension}={}", found.id)),
            None => Err(format!("base {text:?}: {code:?} is not a code of {:?}", d.codelist)),
        },
    }
}
