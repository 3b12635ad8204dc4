//! `estimate`: how many victims no list registered, from a file of capture histories (reads no
//! store) or from the capture histories the store's linked records give.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use rapporteur_app::estimate::{BootstrapOptions, EstimateOptions, SelectionMethod};
use rapporteur_app::EstimateOutcome;
use rapporteur_report::Language;

use crate::{estimate_text, Format, Method, DATA_ERRORS};

/// How the estimate is made, as the command's options say.
pub struct Settings {
    pub method: Method,
    pub threshold: f64,
    pub bootstrap: usize,
    pub seed: u64,
    pub level: f64,
}

impl Settings {
    fn options(&self) -> EstimateOptions {
        EstimateOptions {
            method: match self.method {
                Method::Stepwise => SelectionMethod::Stepwise { threshold: self.threshold },
                Method::Aic => SelectionMethod::Aic,
                Method::Bic => SelectionMethod::Bic,
            },
            level: self.level,
            bootstrap: (self.bootstrap > 0)
                .then_some(BootstrapOptions { replicates: self.bootstrap, seed: self.seed }),
            ..EstimateOptions::default()
        }
    }
}

/// Where the capture histories come from.
pub enum Source<'a> {
    File(&'a Path),
    /// The linked records of the store, for one year (and one form of exploitation).
    Store(Box<crate::operator::Operator>, i32, Option<&'a str>),
}

/// Estimates from the source and prints the estimate (text with its paragraph per language, or
/// JSON); exit 1 when the file is refused or no estimate exists.
pub fn estimate(
    source: Source<'_>,
    settings: &Settings,
    format: Format,
    lang: &[String],
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let languages: Vec<Language> = lang
        .iter()
        .map(|l| {
            Language::parse(l).ok_or_else(|| anyhow::anyhow!("unknown language {l:?}: expected nl, fr or en"))
        })
        .collect::<anyhow::Result<_>>()?;
    let (name, outcome) = match source {
        Source::File(file) => {
            let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            (file.display().to_string(), rapporteur_app::estimate_file(&bytes, &settings.options()))
        }
        Source::Store(mut op, year, form) => {
            let outcome = op.app.estimate_from_store(&op.caller, (year, form), &settings.options())?;
            let which = form.map(|f| format!(", {f}")).unwrap_or_default();
            (format!("linked records of {year}{which}"), outcome)
        }
    };
    match outcome.map_err(anyhow::Error::msg)? {
        EstimateOutcome::Refused(problems) => {
            writeln!(out, "{name}: refused ({} problem(s)):", problems.len())?;
            for problem in &problems {
                writeln!(out, "  {}", problem.located(&name))?;
            }
            Ok(ExitCode::from(DATA_ERRORS))
        }
        EstimateOutcome::Estimated(estimate) => match format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &estimate)?;
                writeln!(out)?;
                Ok(ExitCode::SUCCESS)
            }
            Format::Text | Format::Csv => {
                estimate_text::write(out, &name, &estimate, &languages)?;
                Ok(if estimate.population.is_none() {
                    ExitCode::from(DATA_ERRORS)
                } else {
                    ExitCode::SUCCESS
                })
            }
        },
    }
}
