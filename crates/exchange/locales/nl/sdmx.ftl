# De woorden van de SDMX-export (rapporteur-exchange), in het Nederlands: de README van een
# export naar Eurostat, de namen van de vlagcodes in het structuurbericht, en wat
# `rapporteur export` zegt als het klaar is. Elk bericht hier bestaat ook in de fr- en
# en-bestanden (een test gaat het na). rapporteur-exchange vult { $braces } in.

## Namen van de vlagcodes (structure.xml), met de betekenis van SDMX

sdmx-obs-status-normal = Normale waarde
sdmx-obs-status-missing = Ontbrekende waarde (niet beschikbaar)
sdmx-conf-status-free = Vrij
sdmx-conf-status-confidential = Vertrouwelijk

## De README

sdmx-readme-title = { $destination }: cyclus { $cycle }
sdmx-readme-intro = Deze map bevat de cijfers van cyclus { $cycle } van { $report }, gesneden als de tabellen van { $destination }: één SDMX-CSV 2.0-gegevensbestand per tabel en een SDMX-ML 2.1-structuurbericht om ze tegen te lezen. Ze zijn uit de opslag berekend met dezelfde tabellering als het verslag en beschermd door dezelfde statistische geheimhouding, samen met het verslag en de open data. Gemaakt op { $date }.
sdmx-readme-assumed-title = Identificaties verondersteld, niet nagegaan
sdmx-readme-assumed = De SDMX-identificaties zijn verondersteld, niet bij Eurostat gelezen: het agentschap `{ $agency }`, elke dataflow en zijn gegevensstructuur genoemd naar de id van de tabel in hoofdletters, versie `{ $version }`, en de dimensies en codes zoals de crosswalk ze noemt. Het structuurbericht beschrijft ze zo. Ga ze na tegen de gegevensstructuurdefinities van Eurostat vóór de eerste verzending.
sdmx-readme-crosswalk-note = De crosswalk vermeldt:
sdmx-readme-files = Bestanden
sdmx-readme-file-table = `{ $file }`: { $title } — dataflow `{ $flow }`; { $rows ->
    [one] één rij
   *[other] { $rows } rijen
  }, waarvan { $confidential } vertrouwelijk; { $missing } cellen zonder waarneming niet doorgegeven.
sdmx-readme-file-structure = `{ $file }`: het SDMX-ML 2.1-structuurbericht: de dataflows, hun gegevensstructuren, de concepten en de codelijsten zoals de crosswalk ze veronderstelt; elke dataflow draagt zijn bron en of hij nagegaan is als annotaties.
sdmx-readme-file-readme = `README.nl.md`, `README.fr.md`, `README.en.md`: deze beschrijving in het Nederlands, het Frans en het Engels.
sdmx-readme-columns = Kolommen
sdmx-readme-column-structure = `STRUCTURE`, `STRUCTURE_ID`: de dataflow waartoe de rij behoort (`dataflow`, `AGENTSCHAP:ID(VERSIE)`).
sdmx-readme-column-action = `ACTION`: `R` (vervangen): elke rij vervangt wat de ontvanger voor dezelfde waarneming heeft.
sdmx-readme-column-dimensions = Eén kolom per dimensie van de tabel, in haar volgorde, met de code van de bestemming; dan `TIME_PERIOD`, het jaar.
sdmx-readme-column-value = `OBS_VALUE`: het aantal, zonder scheidingsteken voor duizendtallen, precies zoals berekend; leeg als de cel vertrouwelijk is. Een cel waaronder geen waarneming ligt (de actoren gaven er niets voor op: onbekend, niet nul) wordt niet doorgegeven: ze heeft geen rij.
sdmx-readme-column-obs-status = `OBS_STATUS` (zoals in SDMX): `A`, normale waarde; leeg voor een vertrouwelijke cel.
sdmx-readme-column-conf-status = `CONF_STATUS` (zoals in SDMX): `F`, vrij; `C`, vertrouwelijk: weggelaten door de statistische geheimhouding, omdat de cel gevoelig is of opdat een gevoelige cel niet uit de andere te berekenen is. Welke van de twee wordt per cel niet gezegd: dat zou verraden dat de cel klein is.
sdmx-readme-definitions = Definities
sdmx-readme-dimensions = Dimensies: { $dimensions }, en het jaar.
sdmx-readme-definition-cube = Uit de kubus { $cube } van de catalogus:
sdmx-readme-fixed = codes vast voor elke cel: { $codes }
sdmx-readme-mapped = zijn dimensie { $dimension } wordt `{ $to }`:
sdmx-readme-identity = elke andere code houdt haar eigen id (ISO 3166-1 alpha-2)
sdmx-readme-unmapped = niet doorgegeven (zie verder)
sdmx-readme-summed = opgeteld over: { $dimensions }
sdmx-readme-filter = alleen deze codes van `{ $dimension }`: { $codes }
sdmx-readme-sources = Bronnen
sdmx-readme-source-line = { $title }, { $url } (gelezen { $read })
sdmx-readme-verification = Nagaan
sdmx-readme-verification-intro = Wat de crosswalk niet tegen zijn bronnen kon nagaan, zoals hij het vermeldt:
sdmx-readme-verified-all = Elke koppeling van de crosswalk is nagegaan.
sdmx-readme-not-sent = Niet doorgegeven
sdmx-readme-not-sent-intro = Deze cijfers van de catalogus staan niet in de bestanden, om de vermelde reden. Hun aantallen per jaar zijn wat de bestanden van de totalen van de catalogus weglaten.
sdmx-readme-not-sent-cube = { $cube }, de hele kubus
sdmx-readme-not-sent-code = { $cube }, { $dimension } { $code }
sdmx-readme-counts = Aantallen: { $counts }.
sdmx-readme-count = { $period }: { $count }
sdmx-readme-count-none = { $period }: geen waarneming
sdmx-readme-count-confidential = { $period }: vertrouwelijk
sdmx-readme-disclosure = Statistische geheimhouding
sdmx-readme-disclosure-rule = Aantallen personen worden beschermd. Een aantal van minder dan { $k } personen (maar niet nul) is gevoelig en wordt niet doorgegeven; andere cellen worden weggelaten zodat geen combinatie van de doorgegeven cellen, of van die van het verslag of de open data, een weggelaten aantal tot een interval smaller dan { $interval } personen beperkt. De aantallen van wat niet wordt doorgegeven (hierboven) worden op dezelfde manier beschermd: een weggelaten aantal luidt "vertrouwelijk". Aantallen zaken worden zo niet beschermd.
sdmx-readme-disclosure-count = In deze bestanden { $cells ->
    [0] is geen enkele cel
    [one] is één cel
   *[other] zijn { $cells } cellen
  } vertrouwelijk. De voetnoot van het verslag luidt:
sdmx-readme-disclosure-none = Geen statistische geheimhouding op deze export: elke cel wordt doorgegeven.
sdmx-readme-records = Gegevens per persoon of per zaak zijn nooit deel van een export: alleen cellen die de cijfers van de catalogus optellen.

# Wat `rapporteur export` zegt als het de bestanden geschreven heeft.
