# De woorden van het opendatapakket (rapporteur-opendata), in het Nederlands: het label van een
# totaal, de metadata van het pakket (datapackage.json, dcat-ap.jsonld) en de README. Elk bericht
# bestaat ook in de en- en fr-bestanden (een test controleert het). rapporteur-opendata vult
# { $braces } in.

## Labels in de gegevensbestanden

od-total = Totaal
od-sum-separator = {" + "}

## Metadata

od-title = { $report }: open data, cyclus { $cycle }
od-description = De cijfers van de tabellen gepubliceerd in { $report } voor de cyclus { $cycle }, als open data: één bestand per kubus (soort cijfer) met elke gepubliceerde cel één keer, met codes en labels in het Nederlands, het Frans en het Engels, en de codelijsten.
od-publisher = Belgische federale overheid
od-keywords = mensenhandel, mensensmokkel, slachtoffers, open data
od-source-report = { $report }, cyclus { $cycle }
od-source-actor = Aangiften van { $actor }
od-licence = Creative Commons Naamsvermelding 4.0 Internationaal
od-language-nl = het Nederlands
od-language-fr = het Frans
od-language-en = het Engels

## Beschrijvingen van de kolommen (datapackage.json)

od-field-code = Code van { $dimension } in codelijst { $list }; _T is het totaal over alle codes.
od-field-code-sum = Code van { $dimension } in codelijst { $list }; _T is het totaal over alle codes; codes verbonden met + zijn de som van die codes (geen vreemde sleutel voor deze kolom).
od-field-period = De periode; _T is de som van alle periodes; periodes verbonden met + zijn hun som.
od-field-label = Label van { $dimension } in { $language }.
od-field-value = De waarde, een decimaal getal met een punt; leeg als de cel geheim is gehouden of als er geen waarneming is.
od-field-unit = De maatstaf: { $measures }.
od-field-obs-status = SDMX OBS_STATUS: A gewone waarde, M ontbrekend (geen waarneming, of door de actor niet beschikbaar genoemd).
od-field-conf-status = SDMX CONF_STATUS: F vrij, C vertrouwelijk (verborgen: gevoelig, of verborgen opdat een gevoelige cel niet te berekenen is; welke van beide wordt niet gepubliceerd).
od-field-list-code = De code.
od-field-list-parent = De code waarvan deze code deel is; leeg voor een code bovenaan.
od-field-list-label = Het label in { $language }.
od-codelist-title = Codelijst: { $list }
od-distribution-csv = { $cube } (CSV)
od-distribution-parquet = { $cube } (Parquet)

## De README

readme-title = { $report }: open data, cyclus { $cycle }
readme-intro = Dit pakket bevat de cijfers van de tabellen gepubliceerd in { $report } voor de cyclus { $cycle }, als open data: één bestand per kubus (een soort cijfer, zoals de begeleide slachtoffers per centrum en geslacht), in CSV en in Parquet, elke gepubliceerde cel één keer op een eigen rij, met de codelijsten en hun labels in het Nederlands, het Frans en het Engels. Gepubliceerd op { $date }.
readme-files = Bestanden
readme-file-csv = `data/KUBUS.csv`: de cijfers van één kubus; UTF-8, gescheiden door komma's, één kopregel.
readme-file-parquet = `data/KUBUS.parquet`: dezelfde rijen in Apache Parquet.
readme-file-codelists = `codelists/LIJST.csv`: een codelijst: `code`, `parent` (de code waarvan ze deel is, leeg bovenaan) en het label in elke taal (`label_nl`, `label_fr`, `label_en`). Elke lijst bevat ook de rij `_T`, het totaal.
readme-file-datapackage = `datapackage.json`: de beschrijving als Frictionless Data Package: de kolommen van elk bestand en hun types, primaire sleutels, en vreemde sleutels van de codekolommen naar de codelijsten. `frictionless validate datapackage.json` controleert het hele pakket.
readme-file-dcat = `dcat-ap.jsonld`: metadata volgens DCAT-AP (JSON-LD) voor dataportalen.
readme-cubes = Kubussen
readme-cube = { $name } ({ $rows ->
    [one] één rij
   *[other] { $rows } rijen
  })
readme-columns = Kolommen
readme-column-code = `DIMENSIE`, één kolom per dimensie van de kubus: de code van wat de cel telt. Een code van de codelijst: een code zonder onderliggende codes wordt rechtstreeks geteld, een code met onderliggende codes is de som ervan. `_T` is het totaal over alle codes van de dimensie. Codes verbonden met `+` (bv. `A+B`) zijn de som van die codes, waar een tabel een som drukt waarvoor de codelijst geen code heeft; kolommen met zulke sommen hebben in `datapackage.json` geen vreemde sleutel naar hun codelijst.
readme-column-period = `period`: de periode (bijvoorbeeld een jaar). `_T` is de som van alle periodes; periodes verbonden met `+` zijn hun som.
readme-column-labels = `DIMENSIE_label_nl`, `DIMENSIE_label_fr`, `DIMENSIE_label_en`: het label van de code in het Nederlands, het Frans en het Engels (de labels van een som verbonden met ` + `).
readme-column-value = `OBS_VALUE`: de waarde, geschreven als decimaal getal met een punt als decimaalteken en zonder scheidingsteken voor duizendtallen, precies zoals berekend (nooit afgerond). Leeg als de cel geheim is gehouden of geen waarneming heeft.
readme-column-unit = `UNIT_MEASURE`: de maatstaf van de waarde:
readme-column-obs-status = `OBS_STATUS` (zoals in SDMX): `A`, een gewone waarde; `M`, ontbrekend: onder de cel ligt geen waarneming (het verslag laat ze leeg), of de actor noemde een cel eronder niet beschikbaar (het verslag drukt er het teken van af; een totaal erover is evenmin gekend).
readme-column-conf-status = `CONF_STATUS` (zoals in SDMX): `F`, vrij; `C`, vertrouwelijk: verborgen, omdat de cel gevoelig is of opdat een gevoelige cel niet uit de gepubliceerde te berekenen is. Welke van beide wordt niet per cel vermeld: dat zou verraden dat de cel klein is. Een cel die de actor vertrouwelijk noemt, of een totaal erover, is ook `C`, zonder waarde.
readme-parquet = In de Parquet-bestanden is de waarde exact opgeslagen: een geheel getal van 64 bits voor een maatstaf zonder decimalen, DECIMAL(18, s) voor een maatstaf met s decimalen. DuckDB, pandas (pyarrow) en R (arrow) lezen dezelfde getallen als in de CSV-bestanden.
readme-order = De rijen volgen de volgorde van de codelijsten en dan van de periodes; dezelfde gegevens geven altijd dezelfde bestanden, byte voor byte.
readme-disclosure = Statistische geheimhouding
readme-disclosure-rule = Aantallen personen worden beschermd. Een aantal van minder dan { $k } personen (maar niet nul) is gevoelig en wordt niet gepubliceerd; bijkomende cellen worden geheim gehouden zodat geen enkele combinatie van gepubliceerde cellen — uit de tabellen van het verslag en uit dit pakket — een geheim gehouden aantal beperkt tot een interval smaller dan { $interval } personen. Aantallen zaken en bedragen worden niet zo beschermd.
readme-disclosure-none = Op dit pakket is geen statistische geheimhouding van toepassing: elke cel wordt gepubliceerd.
readme-disclosure-counts = In dit pakket { $primary ->
    [0] is geen enkele cel
    [one] is één cel
   *[other] zijn { $primary } cellen
  } geheim gehouden als gevoelig en { $secondary ->
    [0] geen enkele
    [one] één cel
   *[other] { $secondary } cellen
  } om ze te beschermen.
readme-footnote = De voetnoot van het verslag luidt:
readme-records = Gegevens op het niveau van personen of zaken (één rij per persoon of per zaak) maken nooit deel uit van dit pakket, en er is geen synthetisch bestand van zulke gegevens bijgevoegd: alleen de cellen die het verslag publiceert.
readme-sources = Bronnen
readme-sources-intro = De cijfers zijn berekend uit de aangiften van deze actoren:
readme-licence = Licentie
readme-licence-text = Creative Commons Naamsvermelding 4.0 Internationaal (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/deed.nl): u mag de gegevens voor elk doel delen en bewerken, met vermelding van de bron: { $report }, cyclus { $cycle }.

# What `rapporteur open-data` says when it has written the package.
package-written = { $dir }: het opendatapakket van cyclus { $cycle }, gepubliceerd op { $date }: { $cubes } kubussen (CSV en Parquet), { $lists } codelijsten, { $files } bestanden
