//! Maximum likelihood fit of a Poisson log-linear model to the observable cells, by Fisher
//! scoring (iteratively reweighted least squares, as R's `glm` does), and the population
//! estimate with its model-based interval.

use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};

use super::check::ModelFailure;
use super::distributions::normal_quantile;
use super::model::{Design, Model, Table};

/// At most this many scoring steps; from R's start the UK models converge in 5 to 8.
const MAX_ITERATIONS: usize = 100;

/// Converged when the deviance changes by less than this share: R's `glm` uses 1e-8; a tighter
/// stop costs one more step and makes the estimates independent of the starting point to
/// about 1e-12.
const CONVERGENCE: f64 = 1e-11;

/// A fitted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFit {
    pub model: Model,
    /// Coefficients: intercept, one per list, then the interactions fitted, in the order added.
    pub coefficients: Vec<f64>,
    /// Their standard errors, from the inverse Fisher information.
    pub std_errors: Vec<f64>,
    /// The model's interactions with nobody in common, whose parameter is −∞ (pair indices).
    pub neg_inf_pairs: Vec<usize>,
    /// Persons registered on at least one list.
    pub observed: f64,
    /// N̂ = observed + exp(intercept).
    pub population: f64,
    pub deviance: f64,
    /// Cells fitted minus parameters.
    pub df_residual: usize,
    /// Parameters fitted plus the −∞ ones (the number AIC and BIC count).
    pub parameters: usize,
    /// AIC as R's `glm` computes it for a Poisson model, plus 2 per −∞ parameter (SparseMSE).
    pub aic: f64,
    /// AIC + (log n − 2) × parameters, n the number observed.
    pub bic: f64,
    pub cells_fitted: usize,
    /// Fitted mean of each observable history (index = history); zero where a −∞ term removed
    /// the cell.
    #[serde(skip)]
    pub(crate) fitted: Vec<f64>,
}

impl ModelFit {
    pub fn intercept(&self) -> f64 {
        self.coefficients[0]
    }

    pub fn intercept_std_error(&self) -> f64 {
        self.std_errors[0]
    }

    /// The estimated number on no list: exp(intercept).
    pub fn dark_figure(&self) -> f64 {
        self.intercept().exp()
    }

    /// The model-based interval: observed + exp(b₀ ± z·se(b₀)), z the normal quantile of the
    /// level; conditional on the model (SparseMSE's `estimatepopulation.0`).
    pub fn log_normal_interval(&self, level: f64) -> (f64, f64) {
        let z = normal_quantile(0.5 + level / 2.0);
        let (b0, se) = (self.intercept(), self.intercept_std_error());
        (self.observed + (b0 - z * se).exp(), self.observed + (b0 + z * se).exp())
    }
}

/// Fits `model` to `table`. The caller has checked that the estimate exists and is
/// identifiable; a fit that still fails numerically is reported, never returned as a number.
pub(crate) fn fit_model(table: &Table, model: &Model) -> Result<ModelFit, ModelFailure> {
    let design = table.design(model);
    let fit = scoring(&design, MAX_ITERATIONS, 0.0)?;
    let mut fitted = vec![0.0; table.counts.len()];
    for (&cell, &mu) in design.cells.iter().zip(&fit.mu) {
        fitted[cell as usize] = mu;
    }
    let rank = design.parameters();
    let parameters = rank + design.neg_inf.len();
    let log_likelihood: f64 = design
        .y
        .iter()
        .zip(&fit.mu)
        .map(|(&y, &mu)| if y > 0.0 { y * mu.ln() - mu } else { -mu })
        .sum::<f64>()
        - table.log_factorials;
    let aic = -2.0 * log_likelihood + 2.0 * parameters as f64;
    let bic = aic + (table.total.ln() - 2.0) * parameters as f64;
    Ok(ModelFit {
        model: model.clone(),
        population: table.total + fit.beta[0].exp(),
        coefficients: fit.beta,
        std_errors: fit.std_errors,
        neg_inf_pairs: design.neg_inf.clone(),
        observed: table.total,
        deviance: fit.deviance,
        df_residual: design.cells.len() - rank,
        parameters,
        aic,
        bic,
        cells_fitted: design.cells.len(),
        fitted,
    })
}

struct Scoring {
    beta: Vec<f64>,
    std_errors: Vec<f64>,
    mu: Vec<f64>,
    deviance: f64,
}

fn deviance(y: &[f64], mu: &[f64]) -> f64 {
    // A saturated fit would otherwise show round-off as a tiny negative deviance.
    let sum: f64 =
        y.iter().zip(mu).map(|(&y, &mu)| if y > 0.0 { y * (y / mu).ln() - (y - mu) } else { mu }).sum();
    // Not `max`, which would turn a NaN (a diverging step) into 0.
    if sum < 0.0 {
        0.0
    } else {
        2.0 * sum
    }
}

/// Xᵀ W X for weights `w`, from the rows' lists of ones. Accumulated in a plain vector (the
/// hot loop of every fit, and much faster so in unoptimised test builds), then handed to
/// nalgebra for the factorisation.
fn information(design: &Design, w: &[f64]) -> DMatrix<f64> {
    let p = design.parameters();
    let mut m = vec![0.0; p * p];
    for (row, &weight) in w.iter().enumerate() {
        let ones = design.row(row);
        for (i, &a) in ones.iter().enumerate() {
            let base = a as usize * p;
            for &b in &ones[i..] {
                m[base + b as usize] += weight;
            }
        }
    }
    // Ones are listed in increasing column order, so the upper triangle (row ≤ column) is
    // filled; mirror it.
    for a in 0..p {
        for b in a + 1..p {
            m[b * p + a] = m[a * p + b];
        }
    }
    DMatrix::from_vec(p, p, m)
}

/// A certificate that the estimate exists, found without a linear program: a converged fit
/// whose fitted table μ is positive and has the data's sufficient statistics (Xᵀμ = Xᵀy, the
/// likelihood equations) is what the linear program looks for. Round-off leaves a residual
/// r = Xᵀ(y − μ); an exact solution lies within a small multiple of r of μ, so μ must exceed
/// r by a wide margin (1,000). Where the estimate does not exist, scoring still "converges" in
/// deviance, but with the vanishing cells' μ of the order of r itself (about 1e-13 in the
/// tests), so it is never certified. `false` means "no certificate": the caller then asks the
/// linear program.
pub(crate) fn certifies_existence(design: &Design) -> bool {
    // A fit that exists converges in well under 30 steps from R's start; one whose fitted values
    // fall below 1e-10 is heading for a zero and can no longer certify anything.
    let Ok(fit) = scoring(design, 30, 1e-10) else { return false };
    let mut residual = vec![0.0; design.parameters()];
    for (row, (&y, &mu)) in design.y.iter().zip(&fit.mu).enumerate() {
        for &column in design.row(row) {
            residual[column as usize] += y - mu;
        }
    }
    let largest_residual = residual.iter().fold(0.0f64, |r, x| r.max(x.abs()));
    let smallest_mu = fit.mu.iter().copied().fold(f64::INFINITY, f64::min);
    let total: f64 = design.y.iter().sum();
    largest_residual <= 1e-8 * total.max(1.0) && smallest_mu > 1e3 * largest_residual
}

/// Fisher scoring from R's start (μ = y + 0.1), with step halving when the deviance is not
/// finite, as `glm.fit` does. Gives up when a fitted value falls below `floor`.
fn scoring(design: &Design, max_iterations: usize, floor: f64) -> Result<Scoring, ModelFailure> {
    let (n, p) = (design.cells.len(), design.parameters());
    let y = &design.y;
    let mut mu: Vec<f64> = y.iter().map(|&y| y + 0.1).collect();
    let mut eta: Vec<f64> = mu.iter().map(|m| m.ln()).collect();
    let mut beta_old: Option<Vec<f64>> = None;
    let mut deviance_old = deviance(y, &mu);
    let mut score = vec![0.0; p];
    for _ in 0..max_iterations {
        score.iter_mut().for_each(|s| *s = 0.0);
        for row in 0..n {
            // W z with W = μ and z = η + (y − μ)/μ.
            let weighted = mu[row] * eta[row] + (y[row] - mu[row]);
            for &a in design.row(row) {
                score[a as usize] += weighted;
            }
        }
        let cholesky = information(design, &mu).cholesky().ok_or(ModelFailure::FitDidNotConverge)?;
        let mut beta: Vec<f64> =
            cholesky.solve(&DVector::from_column_slice(&score)).iter().copied().collect();
        let mut halvings = 0;
        let deviance_new = loop {
            linear_predictor(design, &beta, &mut eta);
            for (m, &e) in mu.iter_mut().zip(&eta) {
                *m = e.exp();
            }
            let d = deviance(y, &mu);
            if d.is_finite() {
                break d;
            }
            let Some(old) = &beta_old else { return Err(ModelFailure::FitDidNotConverge) };
            halvings += 1;
            if halvings > 30 {
                return Err(ModelFailure::FitDidNotConverge);
            }
            for (b, o) in beta.iter_mut().zip(old) {
                *b = (*b + o) / 2.0;
            }
        };
        if floor > 0.0 && mu.iter().any(|&m| m < floor) {
            return Err(ModelFailure::FitDidNotConverge);
        }
        let converged = (deviance_new - deviance_old).abs() / (deviance_new.abs() + 0.1) < CONVERGENCE;
        deviance_old = deviance_new;
        if converged {
            let covariance =
                information(design, &mu).cholesky().ok_or(ModelFailure::FitDidNotConverge)?.inverse();
            let std_errors = (0..p).map(|i| covariance[(i, i)].sqrt()).collect();
            return Ok(Scoring { beta, std_errors, mu, deviance: deviance_new });
        }
        beta_old = Some(beta);
    }
    Err(ModelFailure::FitDidNotConverge)
}

fn linear_predictor(design: &Design, beta: &[f64], eta: &mut [f64]) {
    for (row, e) in eta.iter_mut().enumerate() {
        *e = design.row(row).iter().map(|&a| beta[a as usize]).sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mse::data::CaptureData;

    #[test]
    fn two_lists_give_the_lincoln_petersen_estimate() {
        // With two lists the main-effects model is saturated and N̂ = n1·n2/m exactly.
        let data = CaptureData::new(
            vec!["A".into(), "B".into()],
            vec![(vec![true, false], 60), (vec![false, true], 40), (vec![true, true], 20)],
        )
        .unwrap();
        let fit = fit_model(&Table::new(&data), &Model::main_effects(2)).unwrap();
        assert!((fit.population - 80.0 * 60.0 / 20.0).abs() < 1e-9, "{}", fit.population);
        assert!(fit.deviance.abs() < 1e-9);
        assert_eq!(fit.df_residual, 0);
        // b₀ = log n10 + log n01 − log n11, so its variance is 1/n10 + 1/n01 + 1/n11.
        let expected_se = (1.0f64 / 60.0 + 1.0 / 40.0 + 1.0 / 20.0).sqrt();
        assert!((fit.intercept_std_error() - expected_se).abs() < 1e-9);
    }
}
