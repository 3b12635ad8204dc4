# De woorden van de vragenlijstwerkboeken (UNODC, GRETA) die rapporteur-exchange schrijft, in het
# Nederlands. Zie en/workbook.ftl.

## Sheet names

wb-cover-sheet = Voorblad

## The cover sheet

wb-language = Nederlands
wb-cycle = Rapporteringscyclus: { $cycle }
wb-made-on = Gemaakt op { $date } door Rapporteur uit de nationale cijfers, met dezelfde tabellering en dezelfde controle op onthulling als het regeringsverslag.
wb-layout = Elk volgend blad is één tabel van de vragenlijst: een rij per categorie, een kolom per jaar van de cyclus. De codes van de categorieën staan nog eens in de kolommen na de jaren.
wb-definitions = Definities
wb-definition-table = Blad “{ $sheet }”: { $table }
wb-definition-cube = Telt { $cube } ({ $id }), uit de cijfers van { $owner }.
wb-definition-filter = Alleen { $dimension }: { $codes }.
wb-definition-summed = Opgeteld over { $dimensions }.
wb-sources = Bronnen van de omzetting
wb-source = { $title }: { $url } (gelezen { $read })
wb-caveats = Voorbehouden bij de controle
wb-caveats-intro = Wat de omzetting naar de tabellen van deze bestemming aanneemt en niet werd nagekeken aan de eigen tekst van de bestemming. De opmerkingen zijn in het Engels, zoals de crosswalk ze formuleert.
wb-caveat-destination = Niet nagekeken — de bestemming als geheel: { $note }
wb-caveat-table = Niet nagekeken — tabel “{ $table }”: { $note }
wb-caveat-codes = Niet nagekeken — { $list } als “{ $dimension }”: { $note }
wb-caveat-cube = Niet nagekeken — { $cube }: { $note }
wb-caveat-none = Elke omzetting werd aan haar bron nagekeken.
wb-not-sent = Wat niet wordt verzonden
wb-not-sent-intro = Cijfers van de nationale gegevens die deze bestemming niet ontvangt, met de reden, en wat ze per jaar tellen (in de kolommen van de jaren; leeg: geen waarneming).
wb-not-sent-cube = { $cube }: niet verzonden. { $reason }
wb-not-sent-code = { $cube } — { $dimension } “{ $code }”: niet verzonden. { $reason }
wb-not-sent-none = Alles wat de crosswalk leest, wordt verzonden.
wb-disclosure = Controle op onthulling
wb-disclosure-rule = Een aantal van 1 tot { $below } personen wordt niet gepubliceerd: de cel toont { $symbol }. Andere cellen tonen { $symbol } zodat geen combinatie van de gepubliceerde cijfers — dit werkboek, het regeringsverslag, de open data en de andere uitvoer samen — een verborgen aantal tot minder dan { $interval } personen kan beperken. Welke cellen gevoelig zijn en welke ze beschermen, wordt niet gezegd.
wb-not-available = Een lege cel is niet beschikbaar (er ligt geen waarneming onder), wat niet nul is.

## The table sheets

wb-article = Wetsartikel: { $article }
wb-data-source = Bron van de gegevens: { $sources }
wb-mapping-source = Omzetting gelezen uit: { $title } ({ $url })
wb-legend = Lege cel: niet beschikbaar (geen waarneming), niet nul. { $symbol }: niet gepubliceerd (controle op onthulling, zie het voorblad).
wb-long-list = Alleen de rijen met een cijfer of een onderdrukte cel staan erin; elke andere { $dimension } heeft geen waarneming.
wb-empty-note = Niet beschikbaar: geen waarneming (niet nul).
wb-code-total = Totaal

## What the command says

