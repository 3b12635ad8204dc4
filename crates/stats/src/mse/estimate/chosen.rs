//! The chosen model as the reader sees it: its terms by name with their coefficients (or −∞),
//! and the measures of its fit.

use serde::Serialize;

use crate::mse::fit::ModelFit;
use crate::mse::model::all_pairs;

/// The value of a model term.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TermValue {
    Estimated {
        coefficient: f64,
        std_error: f64,
    },
    /// A pair of lists with nobody in common: the parameter is −∞, fixed, not estimated, and
    /// the cells with both lists are left out of the fit.
    NegativeInfinity,
}

/// A term of the chosen model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// "(Intercept)", a list name, or "A:B".
    pub name: String,
    /// The lists the term is about (none for the intercept).
    pub lists: Vec<String>,
    #[serde(flatten)]
    pub value: TermValue,
}

/// The chosen model and its fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChosenModel {
    /// Intercept, main effects, then the interactions in the order added.
    pub terms: Vec<Term>,
    /// The interactions with a −∞ parameter, "A:B".
    pub neg_inf_terms: Vec<String>,
    pub deviance: f64,
    pub df_residual: usize,
    pub aic: f64,
    pub bic: f64,
    /// Parameters fitted plus the −∞ ones.
    pub parameters: usize,
    pub cells_fitted: usize,
}

/// The fit's model with its terms named after the lists `names`: the fitted coefficients stand
/// in the fit's column order, the −∞ interactions have no column.
pub(super) fn chosen_model(fit: &ModelFit, names: &[String]) -> ChosenModel {
    let pairs = all_pairs(names.len());
    let estimated = |index: usize| TermValue::Estimated {
        coefficient: fit.coefficients[index],
        std_error: fit.std_errors[index],
    };
    let mut terms = vec![Term { name: "(Intercept)".to_owned(), lists: Vec::new(), value: estimated(0) }];
    for (list, name) in names.iter().enumerate() {
        terms.push(Term { name: name.clone(), lists: vec![name.clone()], value: estimated(list + 1) });
    }
    let mut column = names.len() + 1;
    let mut neg_inf_terms = Vec::new();
    for &pair in fit.model.pair_indices() {
        let p = pairs[pair];
        let name = p.name(names);
        let value = if fit.neg_inf_pairs.contains(&pair) {
            neg_inf_terms.push(name.clone());
            TermValue::NegativeInfinity
        } else {
            column += 1;
            estimated(column - 1)
        };
        terms.push(Term { name, lists: vec![names[p.first].clone(), names[p.second].clone()], value });
    }
    ChosenModel {
        terms,
        neg_inf_terms,
        deviance: fit.deviance,
        df_residual: fit.df_residual,
        aic: fit.aic,
        bic: fit.bic,
        parameters: fit.parameters,
        cells_fitted: fit.cells_fitted,
    }
}
