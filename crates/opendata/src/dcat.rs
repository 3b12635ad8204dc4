//! `dcat-ap.jsonld`: DCAT-AP metadata in JSON-LD for the data portals (data.gov.be,
//! data.europa.eu): the dataset with its titles and descriptions per language, publisher,
//! licence, issue date, themes, and one distribution per CSV and per Parquet file. Identifiers
//! are relative to where the package is published (`#dataset`, `data/….csv`), so the file is
//! right wherever it is put.

use rapporteur_domain::Labels;
use serde_json::{json, Value};

use crate::words::{each, Words};
use crate::{Metadata, PackageFile};

/// The EU vocabularies DCAT-AP asks for.
const EU_AUTHORITY: &str = "http://publications.europa.eu/resource/authority";
const IANA_MEDIA_TYPES: &str = "http://www.iana.org/assignments/media-types";

/// Texts tagged with their language.
fn tagged(labels: &Labels) -> Vec<Value> {
    labels.0.iter().map(|(lang, text)| json!({ "@value": text, "@language": lang })).collect()
}

fn authority(vocabulary: &str, code: &str) -> Value {
    json!({ "@id": format!("{EU_AUTHORITY}/{vocabulary}/{code}") })
}

/// The three-letter code of the EU's language authority table.
fn language_code(lang: &str) -> String {
    match lang {
        "nl" => "NLD".to_string(),
        "fr" => "FRA".to_string(),
        "en" => "ENG".to_string(),
        "de" => "DEU".to_string(),
        other => other.to_uppercase(),
    }
}

/// The node of a file's distribution (the file itself is its access and download URL).
fn distribution_id(path: &str) -> String {
    format!("#distribution-{}", path.replace('/', "-"))
}

/// The metadata; `files` are the data files with their sizes, each with the name of its cube.
pub fn dcat(meta: &Metadata<'_>, files: &[(&str, &PackageFile)]) -> Value {
    let catalog = meta.catalog;
    let licence = json!({ "@id": format!("{EU_AUTHORITY}/licence/CC_BY_4_0") });
    let distributions: Vec<Value> = files
        .iter()
        .map(|(cube, file)| {
            let (media, format, title_key) = if file.path.ends_with(".parquet") {
                ("application/vnd.apache.parquet", "PARQUET", "od-distribution-parquet")
            } else {
                ("text/csv", "CSV", "od-distribution-csv")
            };
            let name = catalog.cube(cube).map(|c| c.name.clone()).unwrap_or_default();
            let title = each(catalog, |w: &Words<'_>| w.with(title_key, &[("cube", w.label(&name).to_string().into())]));
            json!({
                "@id": distribution_id(&file.path),
                "@type": "dcat:Distribution",
                "dct:title": tagged(&title),
                "dcat:accessURL": { "@id": file.path },
                "dcat:downloadURL": { "@id": file.path },
                "dcat:mediaType": { "@id": format!("{IANA_MEDIA_TYPES}/{media}") },
                "dct:format": authority("file-type", format),
                "dct:license": licence,
                "dcat:byteSize": { "@value": file.bytes.len().to_string(), "@type": "xsd:nonNegativeInteger" },
                "dct:issued": { "@value": meta.published_at, "@type": "xsd:date" },
            })
        })
        .collect();
    let keywords: Vec<Value> = catalog
        .languages
        .iter()
        .flat_map(|lang| {
            let words = Words { lang }.text("od-keywords");
            words.split(',').map(|k| json!({ "@value": k.trim(), "@language": lang })).collect::<Vec<_>>()
        })
        .collect();
    let dataset = json!({
        "@id": "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": meta.name,
        "dct:title": tagged(&meta.title),
        "dct:description": tagged(&meta.description),
        "dct:publisher": { "@id": "#publisher" },
        "dct:license": licence,
        "dct:issued": { "@value": meta.published_at, "@type": "xsd:date" },
        "dct:language": catalog.languages.iter().map(|l| authority("language", &language_code(l))).collect::<Vec<_>>(),
        "dcat:theme": [authority("data-theme", "JUST"), authority("data-theme", "SOCI")],
        "dcat:keyword": keywords,
        "dct:source": meta.sources.iter().map(|s| json!({ "dct:title": tagged(s) })).collect::<Vec<_>>(),
        "dcat:distribution": files.iter().map(|(_, f)| json!({ "@id": distribution_id(&f.path) })).collect::<Vec<_>>(),
    });
    let publisher = json!({
        "@id": "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": tagged(&meta.publisher),
    });
    let mut graph = vec![dataset, publisher];
    graph.extend(distributions);
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    })
}
