//! The paragraph that explains an estimate to a reader, in Dutch, French and English: what the
//! numbers mean and on which assumptions they rest.

use serde::{Deserialize, Serialize};

use super::check::ModelFailure;
use super::estimate::{Estimate, Interval, IntervalMethod, NoEstimate, TermValue};

/// A language of the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Nl,
    Fr,
    En,
}

impl Language {
    /// From an ISO 639-1 code, "nl", "fr" or "en" (any case).
    pub fn parse(code: &str) -> Option<Self> {
        match code.to_ascii_lowercase().as_str() {
            "nl" => Some(Self::Nl),
            "fr" => Some(Self::Fr),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

/// A whole number with the language's thousands separator: 11,313 / 11.313 / 11 313 (French
/// with a narrow no-break space, so that the number never breaks across lines).
pub fn format_count(value: f64, language: Language) -> String {
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let separator = match language {
        Language::En => ",",
        Language::Nl => ".",
        Language::Fr => "\u{202f}",
    };
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push_str(separator);
        }
        grouped.push(digit);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// What the estimate means and what it assumes: a closed population over the period, equal
/// chances of registration within the strata that the model's interactions account for, and
/// exact matching of persons across lists. Numbers are rounded to whole persons.
pub fn explain_estimate(estimate: &Estimate, language: Language) -> String {
    let count = |value: f64| format_count(value, language);
    let lists = list_count(estimate.lists.len() - estimate.lists_removed.len(), language);
    let observed = count(estimate.observed as f64);
    let (Some(population), Some(dark)) = (estimate.population, estimate.dark_figure) else {
        let reason = estimate.no_estimate.as_ref().map_or("", |r| no_estimate_reason(r, language));
        return match language {
            Language::En => format!(
                "The {lists} lists together register {observed} distinct persons, but no estimate \
                 of the total number of victims can be made: {reason}."
            ),
            Language::Nl => format!(
                "De {lists} lijsten registreren samen {observed} verschillende personen, maar het \
                 totale aantal slachtoffers kan niet worden geschat: {reason}."
            ),
            Language::Fr => format!(
                "Les {lists} listes recensent ensemble {observed} personnes distinctes, mais le \
                 nombre total de victimes ne peut pas être estimé\u{a0}: {reason}."
            ),
        };
    };
    let (population, dark) = (count(population), count(dark));
    let interval = estimate.intervals.first().map(|i| interval_phrase(i, language)).unwrap_or_default();
    let dependence = dependence_sentence(estimate, language);
    match language {
        Language::En => format!(
            "The {lists} lists together register {observed} distinct persons. From the way these \
             lists overlap, multiple systems estimation puts the total number of victims at about \
             {population}{interval}. About {dark} victims would thus be on none of the lists: the \
             dark figure. The estimate rests on the overlaps: the fewer persons appear on more \
             than one list, the more are likely to be missing from all of them. It is valid only \
             under three assumptions. First, the population is closed over the period: nobody \
             enters or leaves it while the lists are compiled. Second, {dependence} Third, \
             persons are matched exactly across the lists: nobody is counted twice and no two \
             persons are merged into one. Where these assumptions fail, the estimate can be \
             biased in either direction, and the interval does not show it."
        ),
        Language::Nl => format!(
            "De {lists} lijsten registreren samen {observed} verschillende personen. Uit de \
             manier waarop deze lijsten overlappen, schat multiple systems estimation het totale \
             aantal slachtoffers op ongeveer {population}{interval}. Ongeveer {dark} slachtoffers \
             zouden dus op geen enkele lijst staan: het verborgen aantal (dark number). De \
             schatting berust op de overlappingen: hoe minder personen op meer dan één lijst \
             voorkomen, hoe meer er waarschijnlijk op geen enkele lijst staan. Ze geldt alleen \
             onder drie voorwaarden. Ten eerste is de populatie gesloten over de periode: niemand \
             komt erbij of valt weg terwijl de lijsten worden opgesteld. Ten tweede {dependence} \
             Ten derde worden personen exact gekoppeld tussen de lijsten: niemand wordt dubbel \
             geteld en geen twee personen worden samengevoegd. Waar deze voorwaarden niet \
             vervuld zijn, kan de schatting in beide richtingen vertekend zijn, en dat blijkt \
             niet uit het interval."
        ),
        Language::Fr => format!(
            "Les {lists} listes recensent ensemble {observed} personnes distinctes. À partir des \
             recoupements entre ces listes, l'estimation par systèmes multiples (multiple systems \
             estimation) évalue le nombre total de victimes à environ {population}{interval}. \
             Environ {dark} victimes ne figureraient donc sur aucune liste\u{a0}: c'est le \
             chiffre noir. L'estimation repose sur les recoupements\u{a0}: moins les personnes \
             apparaissent sur plusieurs listes, plus il est probable que beaucoup n'apparaissent \
             sur aucune. Elle n'est valable que sous trois hypothèses. Premièrement, la \
             population est fermée sur la période\u{a0}: personne n'y entre ni n'en sort pendant \
             l'établissement des listes. Deuxièmement, {dependence} Troisièmement, les personnes \
             sont appariées exactement d'une liste à l'autre\u{a0}: personne n'est compté deux \
             fois et deux personnes ne sont jamais confondues. Si ces hypothèses ne sont pas \
             remplies, l'estimation peut être biaisée dans un sens comme dans l'autre, et \
             l'intervalle ne le montre pas."
        ),
    }
}

/// A small count in words, as prose writes it; larger ones in digits.
fn list_count(count: usize, language: Language) -> String {
    const EN: [&str; 11] =
        ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    const NL: [&str; 11] =
        ["geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"];
    const FR: [&str; 11] =
        ["aucune", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"];
    let words = match language {
        Language::En => EN,
        Language::Nl => NL,
        Language::Fr => FR,
    };
    words.get(count).map_or_else(|| count.to_string(), |word| (*word).to_owned())
}

fn interval_phrase(interval: &Interval, language: Language) -> String {
    let percent = format!("{}", (interval.level * 100.0).round());
    let lower = format_count(interval.lower, language);
    let upper = interval.upper.map(|u| format_count(u, language));
    match language {
        Language::En => {
            let method = match interval.method {
                IntervalMethod::BootstrapBca => {
                    "a bootstrap interval that allows for the choice of the model"
                }
                IntervalMethod::LogNormal => "a model-based interval that takes the chosen model as given",
            };
            match upper {
                Some(upper) => format!(" ({percent}% interval {lower} to {upper}, {method})"),
                None => format!(" ({percent}% interval from {lower}, with no finite upper limit, {method})"),
            }
        }
        Language::Nl => {
            let method = match interval.method {
                IntervalMethod::BootstrapBca => {
                    "een bootstrap-interval dat rekening houdt met de keuze van het model"
                }
                IntervalMethod::LogNormal => {
                    "een modelgebaseerd interval dat het gekozen model als gegeven neemt"
                }
            };
            match upper {
                Some(upper) => format!(" ({percent}%-interval {lower} tot {upper}, {method})"),
                None => format!(" ({percent}%-interval vanaf {lower}, zonder eindige bovengrens, {method})"),
            }
        }
        Language::Fr => {
            let method = match interval.method {
                IntervalMethod::BootstrapBca => "un intervalle bootstrap qui tient compte du choix du modèle",
                IntervalMethod::LogNormal => {
                    "un intervalle fondé sur le modèle, qui tient le modèle retenu pour acquis"
                }
            };
            match upper {
                Some(upper) => format!(" (intervalle à {percent}\u{a0}%\u{a0}: {lower} à {upper}, {method})"),
                None => format!(" (intervalle à {percent}\u{a0}%\u{a0}: à partir de {lower}, sans borne supérieure finie, {method})"),
            }
        }
    }
}

/// The second assumption, in the words of the chosen model's interactions.
fn dependence_sentence(estimate: &Estimate, language: Language) -> String {
    let interactions: Vec<(String, bool)> = estimate
        .model
        .iter()
        .flat_map(|model| &model.terms)
        .filter(|term| term.lists.len() == 2)
        .map(|term| (term.name.clone(), term.value == TermValue::NegativeInfinity))
        .collect();
    if interactions.is_empty() {
        return match language {
            Language::En => "every victim has the same chance of being registered by each list, \
                             and the lists register independently of each other (the model has \
                             no interactions between lists)."
                .to_owned(),
            Language::Nl => "heeft elk slachtoffer dezelfde kans om door elke lijst \
                             geregistreerd te worden, en registreren de lijsten onafhankelijk van \
                             elkaar (het model bevat geen samenhang tussen lijsten)."
                .to_owned(),
            Language::Fr => "chaque victime a la même probabilité d'être enregistrée par chaque \
                             liste, et les listes enregistrent indépendamment les unes des autres \
                             (le modèle ne comporte aucune dépendance entre listes)."
                .to_owned(),
        };
    }
    let join = |neg_inf: bool| {
        interactions
            .iter()
            .filter(|(_, n)| *n == neg_inf)
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (estimated, disjoint) = (join(false), join(true));
    let disjoint = if disjoint.is_empty() {
        String::new()
    } else {
        let separator = if estimated.is_empty() { "" } else { "; " };
        match language {
            Language::En => format!("{separator}{disjoint} have no person in common"),
            Language::Nl => format!("{separator}{disjoint} hebben geen personen gemeen"),
            Language::Fr => format!("{separator}{disjoint} n'ont aucune personne en commun"),
        }
    };
    let terms = format!("{estimated}{disjoint}");
    match language {
        Language::En => format!(
            "apart from the dependencies between lists that the model includes ({terms}), every \
             victim has the same chance of being registered by a given list."
        ),
        Language::Nl => format!(
            "heeft, afgezien van de samenhang tussen lijsten die het model opneemt ({terms}), \
             elk slachtoffer dezelfde kans om door een bepaalde lijst geregistreerd te worden."
        ),
        Language::Fr => format!(
            "en dehors des dépendances entre listes que le modèle prend en compte ({terms}), \
             chaque victime a la même probabilité d'être enregistrée par une liste donnée."
        ),
    }
}

fn no_estimate_reason(reason: &NoEstimate, language: Language) -> &'static str {
    let failure = match reason {
        NoEstimate::ModelFails { reason, .. } => Some(reason),
        _ => None,
    };
    match (reason, failure, language) {
        (NoEstimate::TooFewInformativeLists { .. }, _, Language::En) => {
            "fewer than two lists carry information"
        }
        (NoEstimate::TooFewInformativeLists { .. }, _, Language::Nl) => {
            "minder dan twee lijsten bevatten bruikbare informatie"
        }
        (NoEstimate::TooFewInformativeLists { .. }, _, Language::Fr) => {
            "moins de deux listes apportent de l'information"
        }
        (_, Some(ModelFailure::MleDoesNotExist), Language::En) => {
            "the lists overlap too little, so the maximum likelihood estimate does not exist"
        }
        (_, Some(ModelFailure::MleDoesNotExist), Language::Nl) => {
            "de lijsten overlappen te weinig, zodat de meest aannemelijke schatting niet bestaat"
        }
        (_, Some(ModelFailure::MleDoesNotExist), Language::Fr) => {
            "les listes se recoupent trop peu, si bien que l'estimateur du maximum de \
             vraisemblance n'existe pas"
        }
        (
            _,
            Some(ModelFailure::NotIdentifiable | ModelFailure::MleDoesNotExistAndNotIdentifiable),
            Language::En,
        ) => "the model's parameters cannot be identified from these data",
        (
            _,
            Some(ModelFailure::NotIdentifiable | ModelFailure::MleDoesNotExistAndNotIdentifiable),
            Language::Nl,
        ) => "de parameters van het model zijn met deze gegevens niet identificeerbaar",
        (
            _,
            Some(ModelFailure::NotIdentifiable | ModelFailure::MleDoesNotExistAndNotIdentifiable),
            Language::Fr,
        ) => "les paramètres du modèle ne sont pas identifiables avec ces données",
        (NoEstimate::ModelFails { .. }, _, Language::En) => "the model could not be fitted",
        (NoEstimate::ModelFails { .. }, _, Language::Nl) => "het model kon niet worden geschat",
        (NoEstimate::ModelFails { .. }, _, Language::Fr) => "le modèle n'a pas pu être ajusté",
        (NoEstimate::NoModelPasses, _, Language::En) => {
            "no model passes the tests of existence and identifiability"
        }
        (NoEstimate::NoModelPasses, _, Language::Nl) => {
            "geen enkel model doorstaat de toetsen op bestaan en identificeerbaarheid"
        }
        (NoEstimate::NoModelPasses, _, Language::Fr) => {
            "aucun modèle ne passe les tests d'existence et d'identifiabilité"
        }
        (NoEstimate::Search(_), _, Language::En) => "there are too many models to search",
        (NoEstimate::Search(_), _, Language::Nl) => "er zijn te veel modellen om te doorzoeken",
        (NoEstimate::Search(_), _, Language::Fr) => "il y a trop de modèles à parcourir",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_per_language() {
        assert_eq!(format_count(11312.99, Language::En), "11,313");
        assert_eq!(format_count(11312.99, Language::Nl), "11.313");
        assert_eq!(format_count(11312.99, Language::Fr), "11\u{202f}313");
        assert_eq!(format_count(999.4, Language::En), "999");
        assert_eq!(format_count(1_234_567.0, Language::Nl), "1.234.567");
    }

    #[test]
    fn languages_parse_from_codes() {
        assert_eq!(Language::parse("NL"), Some(Language::Nl));
        assert_eq!(Language::parse("de"), None);
    }
}
