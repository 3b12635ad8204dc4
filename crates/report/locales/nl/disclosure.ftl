# De bijlage over de gegevenskwaliteit: geheimhouding van de cijfers.
disclosure-annex-title = Vertrouwelijkheid van de cijfers
disclosure-annex-intro = Geen cijfer in dit verslag telt minder dan { $k } personen, en er wordt geen cijfer gepubliceerd waaruit zo'n aantal te berekenen zou zijn, of te beperken tot minder dan { $width } mogelijke waarden, door tabellen van het verslag, de werkmap en de open data te combineren. Van de { $cells } gepubliceerde cijfers werden er { $primary } verborgen omdat ze minder dan { $k } personen tellen, en { $secondary } andere opdat de eerste niet te herberekenen zouden zijn; ze worden weergegeven als “{ $symbol }”. De verborgen cellen werden gekozen met lineaire programmering over de hele publicatie tegelijk, met zo weinig en zo klein mogelijke verborgen cijfers; hun waarden blijven in de gegevensbank en worden nooit gepubliceerd.
disclosure-annex-exempt = Gepubliceerd ongeacht hun waarde:
disclosure-annex-caption = Verborgen cijfers per soort cijfer
disclosure-annex-cube = Soort cijfer
disclosure-annex-primary = Minder dan { $k } personen
disclosure-annex-secondary = Verborgen om ze niet prijs te geven
disclosure-annex-table-source = Bron: geheimhouding van de publicatie (Rapporteur), volgens het beleid van de catalogus (disclosure.toml).
disclosure-annex-unprotectable = { $count } cijfers van minder dan { $k } personen konden niet worden beschermd, omdat een cijfer dat ongeacht zijn waarde wordt gepubliceerd ze bepaalt.
disclosure-summary = { $cycle }: { $cells } gepubliceerde cellen, { $primary } verborgen als aantallen van minder dan { $k } personen, { $secondary } verborgen om ze te beschermen; het smalste interval dat de controle door een aanvaller een verborgen aantal laat is { $narrowest } personen (het beleid vraagt { $width }). { $programs } lineaire programma's opgelost.
disclosure-summary-cube = { $cube }: { $primary } minder dan { $k }, { $secondary } om ze te beschermen
disclosure-each-table = Tabel per tabel, zoals τ-ARGUS of sdcTable één tabel tegelijk beschermen: { $suppressed } cellen verborgen; de aanvaller van de hele publicatie beperkt { $narrowed } van de aantallen van minder dan { $k } personen tot minder dan { $width } waarden.
