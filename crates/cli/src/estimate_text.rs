//! An estimate as text for a terminal: the numbers, the intervals with their methods, the
//! model, the warnings, and the explanatory paragraph in each language asked for.

use std::io::{self, Write};

use rapporteur_app::estimate::{Estimate, EstimateFacts, IntervalMethod, TermValue};
use rapporteur_report::{explain_estimate, Language};

fn count(value: f64) -> String {
    format!("{:.0}", value)
}

/// The estimate of the file `name`, then its explanation in each of `languages`.
pub fn write(
    out: &mut impl Write,
    name: &str,
    estimate: &Estimate,
    languages: &[Language],
) -> io::Result<()> {
    writeln!(out, "{name}: {} lists ({})", estimate.lists.len(), estimate.lists.join(", "))?;
    for removed in &estimate.lists_removed {
        writeln!(out, "  left out: {removed}")?;
    }
    writeln!(out, "observed:     {} persons on at least one list used", estimate.observed)?;
    writeln!(out, "method:       {}", estimate.method)?;
    match (&estimate.population, &estimate.no_estimate) {
        (Some(population), _) => {
            writeln!(out, "estimate:     {} persons", count(*population))?;
            if let Some(dark) = estimate.dark_figure {
                writeln!(out, "dark figure:  {} persons on none of the lists", count(dark))?;
            }
        }
        (None, Some(reason)) => writeln!(out, "no estimate:  {reason}")?,
        (None, None) => writeln!(out, "no estimate")?,
    }
    for interval in &estimate.intervals {
        let method = match interval.method {
            IntervalMethod::BootstrapBca => "bootstrap BCa",
            IntervalMethod::LogNormal => "model-based (log scale)",
        };
        let upper = interval.upper.map_or_else(|| "no finite limit".to_string(), count);
        writeln!(
            out,
            "interval:     {:.0}% {method}: {} to {upper} — {}",
            interval.level * 100.0,
            count(interval.lower),
            interval.description
        )?;
    }
    if let Some(model) = &estimate.model {
        let interactions: Vec<String> = model
            .terms
            .iter()
            .filter(|t| t.lists.len() == 2)
            .map(|t| match &t.value {
                TermValue::Estimated { coefficient, std_error } => {
                    format!("{} ({coefficient:.3} ± {std_error:.3})", t.name)
                }
                _ => format!("{} (minus infinity)", t.name),
            })
            .collect();
        let terms =
            if interactions.is_empty() { "main effects only".to_string() } else { interactions.join(", ") };
        writeln!(out, "model:        {terms}; AIC {:.2}, BIC {:.2}", model.aic, model.bic)?;
    }
    for warning in &estimate.warnings {
        writeln!(out, "warning:      {warning}")?;
    }
    let facts = EstimateFacts::of(estimate);
    for language in languages {
        writeln!(out)?;
        writeln!(out, "{}", explain_estimate(&facts, *language))?;
    }
    Ok(())
}
