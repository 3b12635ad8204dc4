# The data-quality annex on disclosure control.
disclosure-annex-title = Confidentiality of the figures
disclosure-annex-intro = No figure of this report counts fewer than { $k } persons, and no figure is published from which such a count could be computed, or narrowed to fewer than { $width } possible values, by combining any of the report's tables, its workbook and its open data. Of the { $cells } figures published, { $primary } were hidden because they count fewer than { $k } persons and { $secondary } more so that the first cannot be recomputed; they print as “{ $symbol }”. The hidden cells were chosen by linear programming over the whole publication at once, with the fewest and smallest figures hidden; their values are kept in the store, never published.
disclosure-annex-exempt = Published whatever their value:
disclosure-annex-caption = Figures hidden per kind of figure
disclosure-annex-cube = Kind of figure
disclosure-annex-primary = Fewer than { $k } persons
disclosure-annex-secondary = Hidden so as not to reveal them
disclosure-annex-table-source = Source: disclosure control of the publication (Rapporteur), under the catalog's policy (disclosure.toml).
disclosure-annex-unprotectable = { $count } figures of fewer than { $k } persons could not be protected, because a figure published whatever its value determines them.
disclosure-summary = { $cycle }: { $cells } published cells, { $primary } hidden as counts of fewer than { $k } persons, { $secondary } hidden to protect them; the narrowest interval the attacker's audit leaves a hidden count is { $narrowest } persons (the policy asks for { $width }). { $programs } linear programs solved.
disclosure-summary-cube = { $cube }: { $primary } fewer than { $k }, { $secondary } to protect them
disclosure-each-table = Table by table, as τ-ARGUS or sdcTable protect one table at a time: { $suppressed } cells hidden; the attacker of the whole publication narrows { $narrowed } of its counts of fewer than { $k } persons to fewer than { $width } values.
