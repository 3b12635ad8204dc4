//! The paragraph that explains a multiple systems estimate to a reader — what the numbers mean
//! and on which assumptions they rest — written from the facts rapporteur-stats gives, in the
//! words of `locales/{nl,fr,en}/estimate.ftl`.

use std::sync::OnceLock;

use fluent_bundle::FluentArgs;
use rapporteur_stats::mse::{
    EstimateFacts, EstimateOutcome, Interactions, IntervalFacts, IntervalMethod, NoEstimateReason,
};

use crate::format::format_count;
use crate::language::Language;
use crate::messages::Messages;

/// Per language, the file of the explanation's words.
const SOURCES: [(&str, &[&str]); 3] = [
    ("nl", &[include_str!("../locales/nl/estimate.ftl")]),
    ("fr", &[include_str!("../locales/fr/estimate.ftl")]),
    ("en", &[include_str!("../locales/en/estimate.ftl")]),
];

/// The explanation's words in every language, parsed on first use.
pub fn estimate_messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(&SOURCES))
}

/// The paragraph for `facts` in `language`: the lists and persons, then either the estimate,
/// its first interval and the three assumptions it rests on (the second in the words of the
/// model's interactions), or why no estimate can be made. Counts are rounded to whole persons.
pub fn explain_estimate(facts: &EstimateFacts, language: Language) -> String {
    let words = Words { lang: language.code() };
    let mut args = FluentArgs::new();
    args.set("lists", facts.lists_used);
    args.set("observed", words.count(facts.observed as f64));
    let key = match &facts.outcome {
        EstimateOutcome::Estimated { population, dark_figure, interval, interactions } => {
            args.set("population", words.count(*population));
            args.set("dark", words.count(*dark_figure));
            set_interval(&mut args, interval.as_ref(), &words);
            set_interactions(&mut args, interactions, &words);
            "estimate-explained"
        }
        EstimateOutcome::NotEstimated { reason } => {
            args.set("reason", reason_variant(*reason));
            "estimate-not-made"
        }
    };
    words.message(key, Some(&args))
}

/// `$interval` (bounded, unbounded or none), `$method`, `$percent`, `$lower` and `$upper`.
fn set_interval(args: &mut FluentArgs<'_>, interval: Option<&IntervalFacts>, words: &Words) {
    let Some(interval) = interval else {
        args.set("interval", "none");
        return;
    };
    args.set("interval", if interval.upper.is_some() { "bounded" } else { "unbounded" });
    args.set(
        "method",
        match interval.method {
            IntervalMethod::BootstrapBca => "bootstrap",
            IntervalMethod::LogNormal => "model-based",
        },
    );
    args.set("percent", format!("{}", (interval.level * 100.0).round()));
    args.set("lower", words.count(interval.lower));
    if let Some(upper) = interval.upper {
        args.set("upper", words.count(upper));
    }
}

/// `$interactions` (none, estimated, disjoint or both) and the names in `$estimated` and
/// `$disjoint`.
fn set_interactions(args: &mut FluentArgs<'_>, interactions: &Interactions, words: &Words) {
    let variant = match (interactions.estimated.is_empty(), interactions.disjoint.is_empty()) {
        (true, true) => "none",
        (false, true) => "estimated",
        (true, false) => "disjoint",
        (false, false) => "both",
    };
    args.set("interactions", variant);
    args.set("estimated", words.names(&interactions.estimated));
    args.set("disjoint", words.names(&interactions.disjoint));
}

/// The variant of `estimate-reason` for a reason.
fn reason_variant(reason: Option<NoEstimateReason>) -> &'static str {
    match reason {
        Some(NoEstimateReason::TooFewInformativeLists) => "too-few-lists",
        Some(NoEstimateReason::EstimateDoesNotExist) => "does-not-exist",
        Some(NoEstimateReason::NotIdentifiable) => "not-identifiable",
        Some(NoEstimateReason::ModelNotFitted) => "not-fitted",
        Some(NoEstimateReason::NoModelPasses) => "no-model-passes",
        Some(NoEstimateReason::TooManyModels) => "too-many-models",
        None => "none",
    }
}

/// A count rounded to a whole number, its digits grouped with `lang`'s thousands separator:
/// how every sentence of the report writes a count.
pub(crate) fn count_in(lang: &str, value: f64) -> String {
    let separator = estimate_messages().format(lang, "estimate-thousands-separator", None);
    format_count(value, &separator.unwrap_or_else(|| ",".to_owned()))
}

/// One language's words: its messages, and how it writes counts and lists of names.
struct Words {
    lang: &'static str,
}

impl Words {
    /// The message `key`; the key itself if the language lacks it (a test makes sure none
    /// does).
    fn message(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        estimate_messages().format(self.lang, key, args).unwrap_or_else(|| key.to_owned())
    }

    /// A count rounded to whole persons, with the language's thousands separator.
    fn count(&self, value: f64) -> String {
        count_in(self.lang, value)
    }

    /// Names of interactions, with the language's separator between them.
    fn names(&self, names: &[String]) -> String {
        names.join(&self.message("estimate-name-separator", None))
    }
}
