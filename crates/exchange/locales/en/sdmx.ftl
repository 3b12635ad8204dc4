# The words of the SDMX export (rapporteur-exchange), in English: the README of an export to
# Eurostat, the names of the flag codes in its structure message, and what `rapporteur export`
# says when done. Every message here exists in the nl and fr files too (a test checks).
# rapporteur-exchange fills in { $braces }.

## Names of the flag codes (structure.xml), with SDMX's meaning

sdmx-obs-status-normal = Normal value
sdmx-obs-status-missing = Missing value (not available)
sdmx-conf-status-free = Free
sdmx-conf-status-confidential = Confidential

## The README

sdmx-readme-title = { $destination }: cycle { $cycle }
sdmx-readme-intro = This folder holds the figures of cycle { $cycle } of { $report }, cut as the tables of { $destination }: one SDMX-CSV 2.0 data file per table and an SDMX-ML 2.1 structure message to read them against. They are computed from the store through the same tabulation as the report and protected by the same disclosure control, together with the report and the open data. Made on { $date }.
sdmx-readme-assumed-title = Identifiers assumed, not verified
sdmx-readme-assumed = The SDMX identifiers are assumed, not read from Eurostat: the agency `{ $agency }`, each dataflow and its data structure named by its table's id in capitals, version `{ $version }`, and the dimensions and codes as the crosswalk names them. The structure message describes them so. Check them against Eurostat's data structure definitions before the first transmission.
sdmx-readme-crosswalk-note = The crosswalk notes:
sdmx-readme-files = Files
sdmx-readme-file-table = `{ $file }`: { $title } — dataflow `{ $flow }`; { $rows ->
    [one] one row
   *[other] { $rows } rows
  }, of which { $confidential } confidential; { $missing } cells without observation not sent.
sdmx-readme-file-structure = `{ $file }`: the SDMX-ML 2.1 structure message: the dataflows, their data structures, the concepts and the code lists as the crosswalk assumes them; each dataflow carries its source and whether it is verified as annotations.
sdmx-readme-file-readme = `README.nl.md`, `README.fr.md`, `README.en.md`: this description in Dutch, French and English.
sdmx-readme-columns = Columns
sdmx-readme-column-structure = `STRUCTURE`, `STRUCTURE_ID`: the dataflow the row belongs to (`dataflow`, `AGENCY:ID(VERSION)`).
sdmx-readme-column-action = `ACTION`: `R` (replace): each row replaces what the receiver holds for the same observation.
sdmx-readme-column-dimensions = One column per dimension of the table, in its order, with the destination's code; then `TIME_PERIOD`, the year.
sdmx-readme-column-value = `OBS_VALUE`: the count, without thousands separator, exactly as computed; empty when the cell is confidential. A cell under which no observation lies (the actors reported nothing for it: unknown, not zero) is not sent: there is no row for it.
sdmx-readme-column-obs-status = `OBS_STATUS` (as in SDMX): `A`, normal value; empty for a confidential cell.
sdmx-readme-column-conf-status = `CONF_STATUS` (as in SDMX): `F`, free; `C`, confidential: suppressed by disclosure control, either because it is sensitive or so that a sensitive cell cannot be computed from the others. Which of the two is not said per cell: it would tell that the cell is small.
sdmx-readme-definitions = Definitions
sdmx-readme-dimensions = Dimensions: { $dimensions }, and the year.
sdmx-readme-definition-cube = From the catalog's cube { $cube }:
sdmx-readme-fixed = codes fixed for every cell: { $codes }
sdmx-readme-mapped = its dimension { $dimension } becomes `{ $to }`:
sdmx-readme-identity = every other code keeps its own id (ISO 3166-1 alpha-2)
sdmx-readme-unmapped = not sent (see below)
sdmx-readme-summed = summed over: { $dimensions }
sdmx-readme-filter = only these codes of `{ $dimension }`: { $codes }
sdmx-readme-sources = Sources
sdmx-readme-source-line = { $title }, { $url } (read { $read })
sdmx-readme-verification = Verification
sdmx-readme-verification-intro = What the crosswalk could not verify against its sources, as it notes it:
sdmx-readme-verified-all = Every mapping of the crosswalk is verified.
sdmx-readme-not-sent = Not sent
sdmx-readme-not-sent-intro = These figures of the catalog are not in the files, for the reason given. Their counts per year are what the files leave out of the catalog's totals.
sdmx-readme-not-sent-cube = { $cube }, the whole cube
sdmx-readme-not-sent-code = { $cube }, { $dimension } { $code }
sdmx-readme-counts = Counts: { $counts }.
sdmx-readme-count = { $period }: { $count }
sdmx-readme-count-none = { $period }: no observation
sdmx-readme-count-confidential = { $period }: confidential
sdmx-readme-disclosure = Disclosure control
sdmx-readme-disclosure-rule = Counts of persons are protected. A count of fewer than { $k } persons (but not zero) is sensitive and is not sent; further cells are suppressed so that no combination of the cells sent, published in the report or in the open data narrows a suppressed count to an interval narrower than { $interval } persons. The counts of what is not sent (above) are protected the same way: a suppressed one reads "confidential". Counts of cases are not protected this way.
sdmx-readme-disclosure-count = In these files { $cells ->
    [0] no cell is
    [one] one cell is
   *[other] { $cells } cells are
  } confidential. The report's footnote reads:
sdmx-readme-disclosure-none = No disclosure control applies to this export: every cell is sent.
sdmx-readme-records = Record-level data (one row per person or per case) is never part of an export: only cells adding up the catalog's figures.

