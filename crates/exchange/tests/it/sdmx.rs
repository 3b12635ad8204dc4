//! The Eurostat export as files, read back: the SDMX-CSV with the csv crate, the structure
//! message with quick-xml. Every row's codes are in the code lists the structure gives its
//! dimensions; a suppressed cell has no value; and per cube and year the values sent plus what
//! the README lists as not sent equal the return files' total, unless a cell is suppressed.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use rapporteur_domain::catalog::CubeTarget;
use rapporteur_domain::Selection;
use rapporteur_exchange::{eurostat_files, ExportFile};

use super::{file_total, fixture, officer, CYCLE};

/// What structure.xml says: per code list its codes, per data structure its dimensions (in
/// order) with their code lists, per dataflow its data structure.
#[derive(Default, Debug)]
struct Structures {
    codelists: BTreeMap<String, BTreeSet<String>>,
    dimensions: BTreeMap<String, Vec<(String, String)>>,
    dataflows: BTreeMap<String, String>,
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            let local = a.key.local_name();
            let local: &str = local.as_ref();
            local == name
        })
        .map(|a| a.normalized_value(XmlVersion::Implicit1_0).unwrap().into_owned())
}

fn read_structure(xml: &str) -> Structures {
    let mut reader = Reader::from_str(xml);
    let mut out = Structures::default();
    let (mut codelist, mut structure, mut dataflow) = (None::<String>, None::<String>, None::<String>);
    let mut dimension: Option<String> = None;
    let mut in_enumeration = false;
    let mut in_flow_structure = false;
    loop {
        let (e, empty) = match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "Codelist" => codelist = None,
                    "DataStructure" => structure = None,
                    "Dataflow" => dataflow = None,
                    "Dimension" => dimension = None,
                    "Enumeration" => in_enumeration = false,
                    "Structure" => in_flow_structure = false,
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        let id = attribute(&e, "id");
        match e.local_name().as_ref() {
            "Codelist" => {
                codelist = id.clone();
                out.codelists.insert(id.unwrap(), BTreeSet::new());
            }
            "Code" => {
                out.codelists.get_mut(codelist.as_ref().unwrap()).unwrap().insert(id.unwrap());
            }
            "DataStructure" => structure = id,
            "Dataflow" => dataflow = id,
            "Dimension" if !empty => dimension = id,
            "Enumeration" => in_enumeration = true,
            "Structure" if dataflow.is_some() => in_flow_structure = true,
            "Ref" if in_enumeration && dimension.is_some() => {
                let dsd = structure.clone().unwrap();
                out.dimensions.entry(dsd).or_default().push((dimension.clone().unwrap(), id.unwrap()));
            }
            "Ref" if in_flow_structure => {
                out.dataflows.insert(dataflow.clone().unwrap(), id.unwrap());
            }
            _ => {}
        }
    }
    out
}

fn file<'a>(files: &'a [ExportFile], path: &str) -> &'a ExportFile {
    files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn the_eurostat_files_read_back_against_their_structure_and_add_up_to_the_returns() {
    let fixture = fixture();
    let app = &fixture.app;
    let catalog = app.catalog();
    let export = app.export(&officer(), "eurostat_thb", Some(CYCLE), "2026-03-02").unwrap();
    let files = eurostat_files(&export).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in ["structure.xml", "README.nl.md", "README.fr.md", "README.en.md", "crim_thb_vexp.csv"] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    // The same export gives the same bytes.
    assert_eq!(eurostat_files(&export).unwrap(), files);

    let structure = read_structure(std::str::from_utf8(&file(&files, "structure.xml").bytes).unwrap());
    assert_eq!(structure.dataflows.len(), 5, "{structure:?}");

    // Per cube and period, the values sent; and whether a cell of it is suppressed.
    let mut sent: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut suppressed: BTreeSet<(String, String)> = BTreeSet::new();
    let (mut rows, mut confidential) = (0, 0);
    for data in files.iter().filter(|f| f.path.ends_with(".csv")) {
        let mut reader = csv::Reader::from_reader(data.bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header[..3], ["STRUCTURE", "STRUCTURE_ID", "ACTION"], "{}", data.path);
        assert_eq!(header[header.len() - 4..], ["TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]);
        for record in reader.records() {
            let record = record.unwrap();
            let field = |name: &str| &record[header.iter().position(|h| h == name).unwrap()];
            assert_eq!(field("STRUCTURE"), "dataflow");
            assert_eq!(field("ACTION"), "R");
            // ESTAT:ID(1.0): a dataflow of the structure, whose data structure names the
            // columns' dimensions in order, every code in its code list.
            let id = field("STRUCTURE_ID");
            let flow = id.strip_prefix("ESTAT:").and_then(|s| s.strip_suffix("(1.0)")).unwrap();
            assert_eq!(data.path, format!("{}.csv", flow.to_lowercase()));
            let dsd = &structure.dataflows[flow];
            let dimensions = &structure.dimensions[dsd];
            let columns: Vec<&str> = dimensions.iter().map(|(d, _)| d.as_str()).collect();
            assert_eq!(header[3..header.len() - 4], columns, "{}", data.path);
            for (dimension, list) in dimensions {
                let code = field(dimension);
                assert!(structure.codelists[list].contains(code), "{id}: {dimension} {code:?} not in {list}");
            }
            assert!(["2019", "2020"].contains(&field("TIME_PERIOD")));
            // Which cube the row comes from: the one whose fixed codes it has.
            let table = flow.to_lowercase();
            let cubes: Vec<&str> = export
                .crosswalk
                .cubes
                .iter()
                .filter(|m| match &m.target {
                    CubeTarget::Table { table: t, fixed, .. } => {
                        *t == table && fixed.iter().all(|(d, c)| field(d) == c)
                    }
                    CubeTarget::Unmapped { .. } => false,
                })
                .map(|m| m.cube.as_str())
                .collect();
            assert_eq!(cubes.len(), 1, "{id}: {record:?} from {cubes:?}");
            let slot = (cubes[0].to_string(), field("TIME_PERIOD").to_string());
            rows += 1;
            match (field("OBS_VALUE"), field("OBS_STATUS"), field("CONF_STATUS")) {
                ("", "", "C") => {
                    confidential += 1;
                    suppressed.insert(slot);
                }
                (value, "A", "F") => *sent.entry(slot).or_default() += value.parse::<i64>().unwrap(),
                other => panic!("{id}: flags {other:?}"),
            }
        }
    }
    // A free cell under which no observation lies is not sent; every other cell is.
    let expected = export.cells.iter().filter(|c| c.status.is_suppressed() || c.value.is_some()).count();
    assert_eq!(rows, expected);
    assert_eq!(confidential, export.cells.iter().filter(|c| c.status.is_suppressed()).count());

    // The English README lists what is not sent and its count per year.
    let readme = String::from_utf8(file(&files, "README.en.md").bytes.clone()).unwrap();
    assert!(readme.contains("ESTAT"), "the README names the assumed agency");
    let mut compared = 0;
    for map in &export.crosswalk.cubes {
        let CubeTarget::Table { filter, .. } = &map.target else { continue };
        let filter: Selection = filter
            .iter()
            .map(|(d, codes)| {
                (d.clone(), codes.iter().flat_map(|c| catalog.leaves_of(&map.cube, d, c)).collect())
            })
            .collect();
        for period in ["2019", "2020"] {
            let Some(total) = file_total(catalog, &map.cube, period, &filter) else { continue };
            let slot = (map.cube.clone(), period.to_string());
            let mut not_sent = 0;
            for n in export.not_sent.iter().filter(|n| n.cube == map.cube && n.code.is_some()) {
                let Some(count) = n.counts.get(period).copied().flatten() else { continue };
                not_sent += count;
                // Printed unless disclosure control suppressed it.
                let printed = if n.status[period].is_suppressed() {
                    format!("{period}: confidential")
                } else {
                    format!("{period}: {count}")
                };
                assert!(readme.contains(&printed), "the README lists {} {printed}", map.cube);
            }
            let value = sent.get(&slot).copied().unwrap_or(0);
            // What the confidential rows hold, which the files do not print: from the export.
            let hidden: Vec<_> = export
                .cells
                .iter()
                .filter(|c| c.cube == map.cube && c.period == period && c.status.is_suppressed())
                .collect();
            assert_eq!(suppressed.contains(&slot), !hidden.is_empty(), "{slot:?}");
            let hidden: i64 = hidden.iter().filter_map(|c| c.value).sum();
            assert_eq!(
                value + hidden + not_sent,
                total,
                "{slot:?}: sent {value} + hidden {hidden} + not sent {not_sent}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 12, "six cubes sent, each year");
}
