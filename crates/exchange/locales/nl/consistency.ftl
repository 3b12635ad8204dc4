# De bijlage over de gegevenskwaliteit: de cijfers die naar internationale bestemmingen gaan.
consistency-annex-title = Cijfers doorgegeven aan internationale bestemmingen
consistency-annex-intro = De cijfers van dit verslag gaan ook naar { $destinations }, elk via de concordantietabellen van de catalogus herschikt in de tabellen van de bestemming en samen met dit verslag beschermd. Waar meerdere tabellen van het verslag dezelfde personen tellen, zegt de tabel hieronder per jaar en bestemming of de bestemming hetzelfde totaal ontvangt als dit verslag, en zo niet, waarom. Een verschil is verklaard wanneer de bestemming sommige categorieën niet opneemt, een engere definitie hanteert, of wanneer de actor heeft uitgelegd waarom zijn tabellen de personen verschillend tellen; elk ander verschil staat als onverklaard vermeld.
consistency-annex-caption = De totalen van het verslag en de totalen die naar het buitenland gaan
consistency-annex-destination = Bestemming
consistency-annex-population = Cijfer
consistency-annex-year = Jaar
consistency-annex-verdict = Verschil
consistency-annex-table-source = Bron: de exporten van de publicatie (Rapporteur), herschikt via crosswalks/*.toml; de populaties zijn die van de regels equal_totals van de catalogus.
consistency-same = geen
consistency-explained = verklaard:
consistency-unexplained = onverklaard ({ $gap ->
        [one] { $gap } persoon
       *[other] { $gap } personen
    }):
consistency-unexplained-hidden = onverklaard:
consistency-not-sent = niet doorgegeven: { $codes } ({ $count }) — { $reason }
consistency-not-sent-hidden = niet doorgegeven: { $codes } — { $reason }
consistency-definition = de bestemming neemt enkel { $filter }
consistency-actor = uitleg van de actor: ‘{ $explanation }’
consistency-data = de tabellen van het verslag zelf tellen deze personen verschillend, en niemand heeft uitgelegd waarom

# Wat `rapporteur export` zegt wanneer klaar.
export-written = { $files ->
        [one] { $files } bestand
       *[other] { $files } bestanden
    } van cyclus { $cycle } voor { $destination } geschreven in { $dir }: { $cells } cijfers, waarvan { $suppressed } verborgen door de bescherming van de vertrouwelijkheid; { $unsent ->
        [one] { $unsent } categorie
       *[other] { $unsent } categorieën
    } niet doorgegeven (zie het voorblad).
export-consistency = { $figure }, { $year }: { $verdict }
