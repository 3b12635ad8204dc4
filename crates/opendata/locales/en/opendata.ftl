# The words of the open-data package (rapporteur-opendata), in English: the label of a total,
# the package's metadata (datapackage.json, dcat-ap.jsonld) and the README. Every message here
# exists in the nl and fr files too (a test checks). rapporteur-opendata fills in { $braces }.

## Labels in the data files

# The label of the code _T: all codes of a dimension (or all periods) summed.
od-total = Total
# Between the labels of codes summed in one cell ("Male + Female").
od-sum-separator = {" + "}

## Metadata

od-title = { $report }: open data, cycle { $cycle }
od-description = The figures of the tables published in { $report } for cycle { $cycle }, as open data: one file per cube (a kind of figure) with every published cell once, with codes and labels in Dutch, French and English, and the code lists.
od-publisher = Belgian federal government
od-keywords = trafficking in human beings, smuggling of human beings, victims, open data
od-source-report = { $report }, cycle { $cycle }
od-source-actor = Returns of { $actor }
od-licence = Creative Commons Attribution 4.0 International
od-language-nl = Dutch
od-language-fr = French
od-language-en = English

## Descriptions of the columns (datapackage.json)

od-field-code = Code of { $dimension } in code list { $list }; _T is the total over all codes.
od-field-code-sum = Code of { $dimension } in code list { $list }; _T is the total over all codes; codes joined with + are the sum of those codes (no foreign key for this column).
od-field-period = The period; _T is all periods summed; periods joined with + are their sum.
od-field-label = Label of { $dimension } in { $language }.
od-field-value = The value, a decimal number with a full stop; empty when suppressed or when there is no observation.
od-field-unit = The measure: { $measures }.
od-field-obs-status = SDMX OBS_STATUS: A normal value, M missing (no observation, or marked not available by the actor).
od-field-conf-status = SDMX CONF_STATUS: F free, C confidential (suppressed: sensitive, or hidden so that a sensitive cell cannot be computed; which of the two is not published).
od-field-list-code = The code.
od-field-list-parent = The code this code is part of; empty for a code at the top.
od-field-list-label = The label in { $language }.
od-codelist-title = Code list: { $list }
od-distribution-csv = { $cube } (CSV)
od-distribution-parquet = { $cube } (Parquet)

## The README

readme-title = { $report }: open data, cycle { $cycle }
readme-intro = This package holds the figures of the tables published in { $report } for cycle { $cycle } as open data: one file per cube (a kind of figure, such as the victims guided by centre and sex), in CSV and in Parquet, every published cell once on its own row, with the code lists and their labels in Dutch, French and English. Published on { $date }.
readme-files = Files
readme-file-csv = `data/CUBE.csv`: the figures of one cube; UTF-8, comma-separated, one header line.
readme-file-parquet = `data/CUBE.parquet`: the same rows in Apache Parquet.
readme-file-codelists = `codelists/LIST.csv`: a code list: `code`, `parent` (the code it is part of, empty at the top), and the label in each language (`label_nl`, `label_fr`, `label_en`). Each list also holds the row `_T`, the total.
readme-file-datapackage = `datapackage.json`: the Frictionless Data Package descriptor: each file's columns and their types, primary keys, and foreign keys from the code columns to the code lists. `frictionless validate datapackage.json` checks the whole package.
readme-file-dcat = `dcat-ap.jsonld`: DCAT-AP metadata (JSON-LD) for data portals.
readme-cubes = Cubes
readme-cube = { $name } ({ $rows ->
    [one] one row
   *[other] { $rows } rows
  })
readme-columns = Columns
readme-column-code = `DIMENSION`, one column per dimension of the cube: the code of what the cell counts. A code of the code list: a code without children is counted directly, a code with children is the sum of the codes below it. `_T` is the total over all codes of the dimension. Codes joined with `+` (e.g. `A+B`) are the sum of those codes, where a table prints a sum for which the code list has no code; columns that hold such sums have no foreign key to their code list in `datapackage.json`.
readme-column-period = `period`: the period (a year, for instance). `_T` is all periods summed; periods joined with `+` are their sum.
readme-column-labels = `DIMENSION_label_nl`, `DIMENSION_label_fr`, `DIMENSION_label_en`: the label of the code in Dutch, French and English (the labels of a sum joined with ` + `).
readme-column-value = `OBS_VALUE`: the value, written as a decimal number with a full stop as decimal separator and no thousands separator, exactly as computed (never rounded). Empty when the cell is suppressed or has no observation.
readme-column-unit = `UNIT_MEASURE`: the measure of the value:
readme-column-obs-status = `OBS_STATUS` (as in SDMX): `A`, a normal value; `M`, missing: no observation lies under the cell (the report prints it empty), or the actor marked a cell under it not available (the report prints its sign; a total over it is not known either).
readme-column-conf-status = `CONF_STATUS` (as in SDMX): `F`, free; `C`, confidential: suppressed, either because it is sensitive or so that a sensitive cell cannot be computed from the published ones. Which of the two is not said per cell: it would tell that the cell is small. A cell the actor marked confidential, or a total over it, is `C` too, with no value.
readme-parquet = In the Parquet files the value is stored exactly: a 64-bit integer for a measure without decimals, DECIMAL(18, s) for a measure with s decimals. DuckDB, pandas (pyarrow) and R (arrow) read the same numbers as in the CSV files.
readme-order = Rows are in the order of the code lists, then of the periods; the same data always give the same files, byte for byte.
readme-disclosure = Disclosure control
readme-disclosure-rule = Counts of persons are protected. A count of fewer than { $k } persons (but not zero) is sensitive and is not published; further cells are suppressed so that no combination of the published cells — of the report's tables and of this package — narrows a suppressed count to an interval narrower than { $interval } persons. Counts of cases and amounts are not protected this way.
readme-disclosure-none = No disclosure control applies to this package: every cell is published.
readme-disclosure-counts = In this package { $primary ->
    [0] no cell is
    [one] one cell is
   *[other] { $primary } cells are
  } suppressed as sensitive and { $secondary ->
    [0] none
    [one] one cell
   *[other] { $secondary } cells
  } to protect them.
readme-footnote = The report's footnote reads:
readme-records = Record-level data (one row per person or per case) is never part of this package, and no synthetic record file is included: only the cells the report publishes.
readme-sources = Sources
readme-sources-intro = The figures are computed from the returns of these actors:
readme-licence = Licence
readme-licence-text = Creative Commons Attribution 4.0 International (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/): you may share and adapt the data for any purpose, citing the source: { $report }, cycle { $cycle }.

# What `rapporteur open-data` says when it has written the package.
package-written = { $dir }: the open-data package of cycle { $cycle }, published { $date }: { $cubes } cubes (CSV and Parquet), { $lists } code lists, { $files } files
