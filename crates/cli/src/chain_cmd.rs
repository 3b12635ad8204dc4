//! The chain commands: link the victim lists' records into persons, review the uncertain
//! pairs, and show what the linked records give (distinct victims, overlap, funnel).

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;
use rapporteur_app::{Agreement, ChainView, Fact, LinkSummary};
use rapporteur_domain::catalog::{Completeness, LinkBasis, SourceIdentities};
use rapporteur_domain::RecordRef;

use crate::operator::Operator;

#[derive(Subcommand)]
pub enum ChainCommand {
    /// Link the victim lists' records into persons, from the encodings made at the sources
    ///
    /// Blocking on the encodings (locality-sensitive hashing), comparison (encoding similarity,
    /// sex, nationality), a Fellegi-Sunter rule whose m and u probabilities are estimated from
    /// the data by EM, the coordinator's decisions, and clustering into persons. Stores the
    /// persons, the linked and uncertain pairs and the rule's parameters (audited); persons
    /// keep their ids across runs where their records do.
    Link,
    /// List the pairs the linkage is unsure of, or decide one (accept: one person; reject: two)
    ///
    /// A pair is named by its two records as SCHEMA/KEY. A decision is audited and holds in
    /// every later run of `link`.
    LinkReview {
        /// Decide that these two records are one person
        #[arg(long, num_args = 2, value_names = ["RECORD", "RECORD"], conflicts_with = "reject")]
        accept: Option<Vec<String>>,
        /// Decide that these two records are two persons
        #[arg(long, num_args = 2, value_names = ["RECORD", "RECORD"])]
        reject: Option<Vec<String>>,
        /// Why (kept with the decision)
        #[arg(long, default_value = "")]
        comment: String,
        /// How many uncertain pairs to list
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// What the linked records give: distinct victims per year across the lists, the overlap
    /// between lists, and the funnel of each cohort from detection to conviction
    Chain,
}

/// Runs a chain command for the operator.
pub fn run(command: &ChainCommand, op: &mut Operator, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    match command {
        ChainCommand::Link => {
            let summary = op.app.link_records(&op.caller)?;
            write_summary(&summary, out)?;
        }
        ChainCommand::LinkReview { accept, reject, comment, limit } => match (accept, reject) {
            (Some(pair), _) | (_, Some(pair)) => {
                let same = accept.is_some();
                let (a, b) = (record_ref(&pair[0])?, record_ref(&pair[1])?);
                op.app.decide_link(&op.caller, (&a, &b), same, comment)?;
                let what = if same { "one person" } else { "two persons" };
                writeln!(out, "decided: {a} and {b} are {what}; the next `link` follows it")?;
            }
            (None, None) => review(op, *limit, out)?,
        },
        ChainCommand::Chain => {
            let view = op.app.chain(&op.caller)?;
            write_chain(&view, out)?;
            let sources = op.app.identity_completeness(&op.caller)?;
            write_identities(op.app.catalog(), &sources, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn record_ref(text: &str) -> anyhow::Result<RecordRef> {
    let (schema, key) = text.split_once('/').ok_or_else(|| {
        anyhow::anyhow!("{text:?} is not a record: expected SCHEMA/KEY, e.g. police_finding/PF0000042")
    })?;
    Ok(RecordRef { schema: schema.to_string(), key: key.to_string() })
}

fn write_summary(summary: &LinkSummary, out: &mut impl Write) -> anyhow::Result<()> {
    let run = &summary.run;
    let m = &summary.model;
    writeln!(out, "link run {} by {} at {}", run.id, run.by, run.at)?;
    writeln!(out, "  {} records of the victim lists linked into {} persons", run.records, run.persons)?;
    if summary.without_encoding > 0 {
        writeln!(
            out,
            "  {} records carry no encoding (no identity given): counted, never linked",
            summary.without_encoding
        )?;
    }
    writeln!(
        out,
        "  blocking: {} distinct encodings, {} comparisons, {} candidate pairs ({})",
        m.blocking.distinct_encodings,
        m.blocking.comparisons,
        m.blocking.encoding_pairs,
        if m.blocking.exhaustive {
            "all pairs compared".to_string()
        } else {
            format!("{} bands of {} bits", m.blocking.bands, m.blocking.band_bits)
        }
    )?;
    writeln!(
        out,
        "  rule: Fellegi-Sunter by EM, {} iterations{}, prior share of matches {:.4}{}",
        m.iterations,
        if m.converged { " (converged)" } else { " (not converged)" },
        m.prior,
        if m.fallback { "; EM gave no usable rule: the fixed fallback rule was used" } else { "" }
    )?;
    writeln!(out, "  name similarity levels m: {:?}", rounded(&m.names.m))?;
    writeln!(out, "  name similarity levels u: {:?}", rounded(&m.names.u))?;
    writeln!(out, "  birth date (same, swapped, one part differs, differs) m: {:?}", rounded(&m.date.m))?;
    writeln!(out, "  birth date (same, swapped, one part differs, differs) u: {:?}", rounded(&m.date.u))?;
    writeln!(
        out,
        "  {} pairs linked, {} sent to review (`rapporteur link-review`)",
        run.linked_pairs, run.review_pairs
    )?;
    if summary.review_on_incomplete_identity > 0 {
        writeln!(
            out,
            "  of those, {} rest on an incomplete identity (the name alone, the name and birth year, or a single name): only a coordinator can link them",
            summary.review_on_incomplete_identity
        )?;
    }
    if summary.stale_decisions > 0 {
        writeln!(out, "  {} review decision(s) name records no longer stored", summary.stale_decisions)?;
    }
    Ok(())
}

/// Each source's registrations by how complete the identity behind them was.
fn write_identities(
    catalog: &rapporteur_domain::Catalog,
    sources: &[SourceIdentities],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    writeln!(out)?;
    writeln!(out, "Identity given, per source (only complete identities get an exact key)")?;
    for source in sources.iter().filter(|s| s.total() > 0) {
        let share = 100.0 * source.incomplete() as f64 / source.total() as f64;
        writeln!(
            out,
            "  {}: {} registrations, {} ({share:.1} %) with an incomplete identity",
            source.name.get("en"),
            source.total(),
            source.incomplete()
        )?;
        for (completeness, n) in
            source.counts.iter().filter(|(c, n)| **c != Completeness::Complete && **n > 0)
        {
            writeln!(out, "    {n} {}", completeness.label(catalog, "en"))?;
        }
    }
    Ok(())
}

fn rounded(values: &[f64]) -> Vec<f64> {
    values.iter().map(|v| (v * 10_000.0).round() / 10_000.0).collect()
}

fn review(op: &mut Operator, limit: usize, out: &mut impl Write) -> anyhow::Result<()> {
    let items = op.app.link_review(&op.caller, limit)?;
    if items.is_empty() {
        writeln!(out, "no pair awaits review")?;
        return Ok(());
    }
    for item in &items {
        let p = &item.pair;
        writeln!(
            out,
            "{} ~ {}: similarity {:.3}, weight {:.2}, probability {:.3}{}",
            p.a,
            p.b,
            p.similarity,
            p.weight,
            p.probability,
            match p.basis {
                LinkBasis::NameAndBirthDate => "",
                LinkBasis::SharedReference =>
                    "; an incomplete identity corroborated by a shared PV or notice number",
                LinkBasis::OneNameAndBirthDate => "; rests on a single name and the birth date",
                LinkBasis::NameAndBirthYear => "; rests on the name and birth year only",
                LinkBasis::NameOnly => "; rests on the name alone (a birth date is unknown)",
            }
        )?;
        for (letter, record, facts) in [("A", &p.a, &item.a), ("B", &p.b, &item.b)] {
            writeln!(out, "  {letter}: {record} ({})", facts.owner_name.get(LANG))?;
        }
        for row in item.rows() {
            let agreement = match row.agreement() {
                Agreement::Same => "  (same)",
                Agreement::Different => "  (DIFFERENT)",
                Agreement::Compatible => "  (compatible)",
                Agreement::NotComparable | Agreement::OneOnly => "",
            };
            writeln!(out, "    {}: {} | {}{agreement}", row.name.get(LANG), value(row.a), value(row.b))?;
        }
        if let Some(days) = item.days_apart {
            writeln!(out, "  registered {days} days apart")?;
        }
    }
    writeln!(out, "decide with: rapporteur link-review --accept A B (one person) or --reject A B (two)")?;
    Ok(())
}

/// The language of the catalog's words in this command's output.
const LANG: &str = "en";

/// A field's value in words, or `-` where the record lacks it.
fn value(fact: Option<&Fact>) -> String {
    fact.map_or_else(|| "-".into(), |fact| fact.text(LANG, ["yes", "no"]))
}

fn write_chain(view: &ChainView, out: &mut impl Write) -> anyhow::Result<()> {
    let Some(run) = &view.run else {
        writeln!(out, "the records were never linked: run `rapporteur link` first")?;
        return Ok(());
    };
    let lists: Vec<&str> = view.list_names.iter().map(|n| n.get("en")).collect();
    writeln!(out, "persons from link run {} ({} at {})", run.id, run.by, run.at)?;
    writeln!(out)?;
    writeln!(out, "Distinct victims per year")?;
    writeln!(out, "year\tregistrations\tpersons\t{}", lists.join("\t"))?;
    for row in &view.distinct {
        let by_list: Vec<String> = row.by_list.iter().map(ToString::to_string).collect();
        writeln!(out, "{}\t{}\t{}\t{}", row.year, row.registrations, row.persons, by_list.join("\t"))?;
    }
    writeln!(out)?;
    writeln!(out, "Overlap between lists (persons registered by exactly these lists)")?;
    for (year, combinations) in &view.overlap {
        let mut rows: Vec<(&u32, &u64)> = combinations.iter().collect();
        rows.sort_by_key(|(mask, n)| (std::cmp::Reverse(**n), **mask));
        for (mask, n) in rows {
            let names: Vec<&str> =
                (0..lists.len()).filter(|i| mask >> i & 1 == 1).map(|i| lists[i]).collect();
            writeln!(out, "{year}\t{n}\t{}", names.join(" + "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Funnel by cohort (year of first detection) and form of exploitation")?;
    writeln!(out, "cohort\tform\t{}", view.chain.step_order.join("\t"))?;
    for row in &view.funnel {
        let counts: Vec<String> = row.reached.iter().map(|(_, n)| n.to_string()).collect();
        writeln!(out, "{}\t{}\t{}", row.cohort, row.form.as_deref().unwrap_or("all"), counts.join("\t"))?;
    }
    if view.chain.unlinked > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "{} registrations have no person (no encoding, or not yet linked)",
            view.chain.unlinked
        )?;
    }
    Ok(())
}
