//! The SDMX-ML 2.1 structure message of an export: per destination table a dataflow and its
//! data structure (dimensions with their code lists, `TIME_PERIOD`, `OBS_VALUE`, the
//! attributes `OBS_STATUS` and `CONF_STATUS`), the concepts and the code lists — as the
//! crosswalk assumes them, each dataflow annotated with its source and verification.
//!
//! Written by hand: the message is small and its elements few; the order of elements is the
//! SDMX-ML 2.1 schema's (Dataflows, Codelists, Concepts, DataStructures).

use std::fmt::Write as _;

use rapporteur_domain::Labels;

use crate::Export;

use super::{codelist_id, flow_id, Structure, AGENCY, OBS_MISSING, OBS_NORMAL, VERSION};
use crate::words::Words;

const MESSAGE: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message";
const STRUCTURE: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure";
const COMMON: &str = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common";

/// The concept scheme's id.
pub(crate) fn concept_scheme_id(structure: &Structure<'_>) -> String {
    format!("CS_{}", structure.crosswalk.id.to_uppercase())
}

/// The code lists of the attributes: `OBS_STATUS` and `CONF_STATUS`, with the codes the
/// export uses (their meaning SDMX's cross-domain code lists'), named from the Fluent files.
const FLAG_LISTS: [(&str, &[(&str, &str)]); 2] = [
    ("OBS_STATUS", &[(OBS_NORMAL, "sdmx-obs-status-normal"), (OBS_MISSING, "sdmx-obs-status-missing")]),
    ("CONF_STATUS", &[("F", "sdmx-conf-status-free"), ("C", "sdmx-conf-status-confidential")]),
];

pub(super) fn structure_message(structure: &Structure<'_>, export: &Export<'_>) -> Vec<u8> {
    let catalog = structure.catalog;
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<mes:Structure xmlns:mes=\"{MESSAGE}\" xmlns:str=\"{STRUCTURE}\" xmlns:com=\"{COMMON}\">"
    );
    x.push_str("  <mes:Header>\n");
    let id = format!("{}_{}", structure.crosswalk.id.to_uppercase(), export.cycle)
        .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_");
    let _ = writeln!(x, "    <mes:ID>{}</mes:ID>", esc(&id));
    x.push_str("    <mes:Test>false</mes:Test>\n");
    let _ = writeln!(x, "    <mes:Prepared>{}</mes:Prepared>", esc(&export.made_on));
    let _ = writeln!(x, "    <mes:Sender id=\"{}\"/>", esc(&catalog.id.to_uppercase()));
    let _ = writeln!(x, "    <mes:Receiver id=\"{AGENCY}\"/>");
    x.push_str("  </mes:Header>\n  <mes:Structures>\n");

    // Dataflows.
    x.push_str("    <str:Dataflows>\n");
    for flow in &structure.flows {
        let table = flow.table;
        let id = flow_id(table);
        let _ = writeln!(
            x,
            "      <str:Dataflow id=\"{id}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">"
        );
        x.push_str("        <com:Annotations>\n");
        if let Some(source) = structure.crosswalk.source(&table.source) {
            x.push_str("          <com:Annotation>\n");
            let _ =
                writeln!(x, "            <com:AnnotationTitle>{}</com:AnnotationTitle>", esc(&source.title));
            x.push_str("            <com:AnnotationType>SOURCE</com:AnnotationType>\n");
            let _ = writeln!(x, "            <com:AnnotationURL>{}</com:AnnotationURL>", esc(&source.url));
            let _ = writeln!(
                x,
                "            <com:AnnotationText xml:lang=\"en\">{}</com:AnnotationText>",
                esc(&source.read)
            );
            x.push_str("          </com:Annotation>\n");
        }
        for verification in [&structure.crosswalk.verification, &table.verification] {
            let kind = if verification.verified { "VERIFIED" } else { "NOT_VERIFIED" };
            x.push_str("          <com:Annotation>\n");
            let _ = writeln!(x, "            <com:AnnotationType>{kind}</com:AnnotationType>");
            if let Some(note) = &verification.note {
                let _ = writeln!(
                    x,
                    "            <com:AnnotationText xml:lang=\"en\">{}</com:AnnotationText>",
                    esc(note)
                );
            }
            x.push_str("          </com:Annotation>\n");
        }
        x.push_str("        </com:Annotations>\n");
        name(&mut x, "        ", &english(&table.title));
        x.push_str("        <str:Structure>\n");
        let _ = writeln!(x, "          <Ref id=\"{id}\" version=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"datastructure\" class=\"DataStructure\"/>");
        x.push_str("        </str:Structure>\n      </str:Dataflow>\n");
    }
    x.push_str("    </str:Dataflows>\n");

    // Code lists: the dimensions', then the flags'.
    x.push_str("    <str:Codelists>\n");
    for (dimension, codes) in &structure.codelists {
        codelist_open(&mut x, &codelist_id(dimension), &english(dimension));
        for (code, destination) in codes {
            code_element(&mut x, code, &structure.code_name(code, destination));
        }
        x.push_str("      </str:Codelist>\n");
    }
    for (attribute, codes) in FLAG_LISTS {
        codelist_open(&mut x, &codelist_id(attribute), &english(attribute));
        for (code, key) in codes {
            let names =
                Labels(catalog.languages.iter().map(|l| (l.clone(), Words { lang: l }.text(key))).collect());
            code_element(&mut x, code, &names);
        }
        x.push_str("      </str:Codelist>\n");
    }
    x.push_str("    </str:Codelists>\n");

    // Concepts: every dimension, the time, the measure and the attributes.
    let scheme = concept_scheme_id(structure);
    x.push_str("    <str:Concepts>\n");
    let _ = writeln!(x, "      <str:ConceptScheme id=\"{scheme}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">");
    name(&mut x, "        ", &structure.crosswalk.name);
    let mut concepts: Vec<&str> = structure.dimensions();
    concepts.extend(["TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"]);
    for concept in &concepts {
        let _ = writeln!(x, "        <str:Concept id=\"{}\">", esc(concept));
        name(&mut x, "          ", &english(concept));
        x.push_str("        </str:Concept>\n");
    }
    x.push_str("      </str:ConceptScheme>\n    </str:Concepts>\n");

    // Data structures.
    x.push_str("    <str:DataStructures>\n");
    for flow in &structure.flows {
        let table = flow.table;
        let id = flow_id(table);
        let _ = writeln!(x, "      <str:DataStructure id=\"{id}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">");
        name(&mut x, "        ", &english(&table.title));
        x.push_str("        <str:DataStructureComponents>\n");
        x.push_str("          <str:DimensionList id=\"DimensionDescriptor\">\n");
        for (i, dimension) in table.dimensions.iter().enumerate() {
            let _ =
                writeln!(x, "            <str:Dimension id=\"{}\" position=\"{}\">", esc(dimension), i + 1);
            concept_identity(&mut x, &scheme, dimension);
            enumeration(&mut x, &codelist_id(dimension));
            x.push_str("            </str:Dimension>\n");
        }
        let _ = writeln!(
            x,
            "            <str:TimeDimension id=\"TIME_PERIOD\" position=\"{}\">",
            table.dimensions.len() + 1
        );
        concept_identity(&mut x, &scheme, "TIME_PERIOD");
        x.push_str("              <str:LocalRepresentation><str:TextFormat textType=\"ObservationalTimePeriod\"/></str:LocalRepresentation>\n");
        x.push_str("            </str:TimeDimension>\n          </str:DimensionList>\n");
        x.push_str("          <str:AttributeList id=\"AttributeDescriptor\">\n");
        for (attribute, _) in FLAG_LISTS {
            let _ = writeln!(
                x,
                "            <str:Attribute id=\"{attribute}\" assignmentStatus=\"Conditional\">"
            );
            concept_identity(&mut x, &scheme, attribute);
            enumeration(&mut x, &codelist_id(attribute));
            x.push_str("              <str:AttributeRelationship><str:PrimaryMeasure><Ref id=\"OBS_VALUE\"/></str:PrimaryMeasure></str:AttributeRelationship>\n");
            x.push_str("            </str:Attribute>\n");
        }
        x.push_str("          </str:AttributeList>\n");
        x.push_str("          <str:MeasureList id=\"MeasureDescriptor\">\n");
        x.push_str("            <str:PrimaryMeasure id=\"OBS_VALUE\">\n");
        concept_identity(&mut x, &scheme, "OBS_VALUE");
        x.push_str("              <str:LocalRepresentation><str:TextFormat textType=\"Decimal\"/></str:LocalRepresentation>\n");
        x.push_str("            </str:PrimaryMeasure>\n          </str:MeasureList>\n");
        x.push_str("        </str:DataStructureComponents>\n      </str:DataStructure>\n");
    }
    x.push_str("    </str:DataStructures>\n");
    x.push_str("  </mes:Structures>\n</mes:Structure>\n");
    x.into_bytes()
}

fn codelist_open(x: &mut String, id: &str, names: &Labels) {
    let _ = writeln!(
        x,
        "      <str:Codelist id=\"{}\" agencyID=\"{AGENCY}\" version=\"{VERSION}\" isFinal=\"false\">",
        esc(id)
    );
    name(x, "        ", names);
}

fn code_element(x: &mut String, code: &str, names: &Labels) {
    let _ = writeln!(x, "        <str:Code id=\"{}\">", esc(code));
    name(x, "          ", names);
    x.push_str("        </str:Code>\n");
}

fn concept_identity(x: &mut String, scheme: &str, concept: &str) {
    let _ = writeln!(
        x,
        "              <str:ConceptIdentity><Ref id=\"{}\" maintainableParentID=\"{scheme}\" maintainableParentVersion=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"conceptscheme\" class=\"Concept\"/></str:ConceptIdentity>",
        esc(concept)
    );
}

fn enumeration(x: &mut String, codelist: &str) {
    let _ = writeln!(
        x,
        "              <str:LocalRepresentation><str:Enumeration><Ref id=\"{}\" version=\"{VERSION}\" agencyID=\"{AGENCY}\" package=\"codelist\" class=\"Codelist\"/></str:Enumeration></str:LocalRepresentation>",
        esc(codelist)
    );
}

/// `com:Name` elements, one per language.
fn name(x: &mut String, indent: &str, names: &Labels) {
    for (lang, text) in &names.0 {
        let _ = writeln!(x, "{indent}<com:Name xml:lang=\"{}\">{}</com:Name>", esc(lang), esc(text));
    }
}

/// A name given in English only (the crosswalk's titles and SDMX ids).
fn english(text: &str) -> Labels {
    Labels([("en".to_string(), text.to_string())].into())
}

/// Escapes the characters XML gives meaning to, in text and in attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
