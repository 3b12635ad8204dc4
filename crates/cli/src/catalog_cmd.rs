//! Commands that read the catalog only: `cubes`, `codes`, `catalog`.

use std::io::Write;

use anyhow::bail;
use rapporteur_app::LoadedCatalog;

use crate::output::{print_aligned, Lang};

/// The cubes of the catalog, one per line.
pub fn cubes(loaded: &LoadedCatalog, lang: Option<&str>, out: &mut impl Write) -> anyhow::Result<()> {
    let lang = Lang::pick(&loaded.catalog, lang)?;
    let rows: Vec<Vec<String>> = loaded
        .catalog
        .cubes
        .values()
        .map(|cube| {
            let dims: Vec<&str> = cube.dimensions.iter().map(|d| d.id.as_str()).collect();
            vec![
                cube.id.clone(),
                cube.owner.clone(),
                cube.measure.clone(),
                dims.join(", "),
                cube.name.get(lang.0).to_string(),
            ]
        })
        .collect();
    print_aligned(out, &["cube", "owner", "measure", "dimensions", "name"], &rows)?;
    Ok(())
}

/// The code lists, or the codes of one.
pub fn codes(
    loaded: &LoadedCatalog,
    list: Option<&str>,
    lang: Option<&str>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let catalog = &loaded.catalog;
    let lang = Lang::pick(catalog, lang)?;
    let Some(id) = list else {
        let rows: Vec<Vec<String>> = catalog
            .code_lists
            .values()
            .map(|l| vec![l.id.clone(), l.codes.len().to_string(), l.name.get(lang.0).to_string()])
            .collect();
        print_aligned(out, &["code list", "codes", "name"], &rows)?;
        return Ok(());
    };
    let Some(list) = catalog.code_list(id) else {
        let known: Vec<&str> = catalog.code_lists.keys().map(String::as_str).collect();
        bail!("unknown code list {id:?}; the catalog has: {}", known.join(", "));
    };
    let rows: Vec<Vec<String>> = list
        .codes
        .iter()
        .map(|c| vec![c.id.clone(), c.labels.get(lang.0).to_string(), c.parent.clone().unwrap_or_default()])
        .collect();
    print_aligned(out, &["code", "label", "parent"], &rows)?;
    Ok(())
}

/// A summary of the catalog (which also proves it checks).
pub fn summary(loaded: &LoadedCatalog, out: &mut impl Write) -> anyhow::Result<()> {
    let c = &loaded.catalog;
    let codes: usize = c.code_lists.values().map(|l| l.codes.len()).sum();
    writeln!(out, "catalog {:?}: languages {}", c.id, c.languages.join(", "))?;
    writeln!(
        out,
        "{} code lists with {codes} codes, {} cubes, {} measures, {} flags",
        c.code_lists.len(),
        c.cubes.len(),
        c.measures.len(),
        c.flags.len()
    )?;
    for cycle in &c.cycles {
        writeln!(
            out,
            "cycle {}: periods {}; context periods {}",
            cycle.id,
            cycle.periods.join(", "),
            cycle.context_periods.join(", ")
        )?;
    }
    for x in c.crosswalks.values() {
        let unmapped: usize = x.code_maps.iter().map(|m| m.unmapped.len()).sum();
        writeln!(
            out,
            "crosswalk {}: {} sources, {} tables, {} code maps ({unmapped} codes unmapped with a reason), {} cubes; {} mappings unverified",
            x.id,
            x.sources.len(),
            x.tables.len(),
            x.code_maps.len(),
            x.cubes.len(),
            x.unverified_count()
        )?;
    }
    writeln!(out, "content hash {}", loaded.content_hash)?;
    Ok(())
}
