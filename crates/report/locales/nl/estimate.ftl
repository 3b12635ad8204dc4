# De alinea die een schatting van het aantal slachtoffers uitlegt, in het Nederlands: wat de
# getallen betekenen en op welke voorwaarden ze berusten. Elke boodschap hier bestaat ook in de
# bestanden voor fr en en (een test controleert dat); de commentaren daar beschrijven de
# waarden in { $accolades }.

## Hoe getallen en namen geschreven worden

# Tussen groepen van drie cijfers: 11.313.
estimate-thousands-separator = .
# Tussen de namen van de samenhangen: LA:NG, NG:GP.
estimate-name-separator = {", "}

## De alinea, met een schatting

estimate-explained = { estimate-registered }. Uit de manier waarop deze lijsten overlappen, schat multiple systems estimation het totale aantal slachtoffers op ongeveer { $population }{ estimate-interval }. Ongeveer { $dark } slachtoffers zouden dus op geen enkele lijst staan: het verborgen aantal (dark number). De schatting berust op de overlappingen: hoe minder personen op meer dan één lijst voorkomen, hoe meer er waarschijnlijk op geen enkele lijst staan. Ze geldt alleen onder drie voorwaarden. Ten eerste is de populatie gesloten over de periode: niemand komt erbij of valt weg terwijl de lijsten worden opgesteld. Ten tweede { estimate-dependence } Ten derde worden personen exact gekoppeld tussen de lijsten: niemand wordt dubbel geteld en geen twee personen worden samengevoegd. Waar deze voorwaarden niet vervuld zijn, kan de schatting in beide richtingen vertekend zijn, en dat blijkt niet uit het interval.

## De alinea, zonder schatting

estimate-not-made = { estimate-registered }, maar het totale aantal slachtoffers kan niet worden geschat: { estimate-reason }.

## Delen van de alinea's

estimate-registered = De { estimate-list-count } lijsten registreren samen { $observed } verschillende personen

estimate-list-count = { $lists ->
        [0] geen
        [1] één
        [2] twee
        [3] drie
        [4] vier
        [5] vijf
        [6] zes
        [7] zeven
        [8] acht
        [9] negen
        [10] tien
       *[other] { $lists }
    }

estimate-interval = { $interval ->
        [bounded] {" "}({ $percent }%-interval { $lower } tot { $upper }, { estimate-interval-method })
        [unbounded] {" "}({ $percent }%-interval vanaf { $lower }, zonder eindige bovengrens, { estimate-interval-method })
       *[none] {""}
    }

estimate-interval-method = { $method ->
        [bootstrap] een bootstrap-interval dat rekening houdt met de keuze van het model
       *[model-based] een modelgebaseerd interval dat het gekozen model als gegeven neemt
    }

estimate-dependence = { $interactions ->
        [none] heeft elk slachtoffer dezelfde kans om door elke lijst geregistreerd te worden, en registreren de lijsten onafhankelijk van elkaar (het model bevat geen samenhang tussen lijsten).
       *[some] heeft, afgezien van de samenhang tussen lijsten die het model opneemt ({ estimate-interactions }), elk slachtoffer dezelfde kans om door een bepaalde lijst geregistreerd te worden.
    }

estimate-interactions = { $interactions ->
        [disjoint] { $disjoint } hebben geen personen gemeen
        [both] { $estimated }; { $disjoint } hebben geen personen gemeen
       *[estimated] { $estimated }
    }

estimate-reason = { $reason ->
        [too-few-lists] minder dan twee lijsten bevatten bruikbare informatie
        [does-not-exist] de lijsten overlappen te weinig, zodat de meest aannemelijke schatting niet bestaat
        [not-identifiable] de parameters van het model zijn met deze gegevens niet identificeerbaar
        [not-fitted] het model kon niet worden geschat
        [no-model-passes] geen enkel model doorstaat de toetsen op bestaan en identificeerbaarheid
        [too-many-models] er zijn te veel modellen om te doorzoeken
       *[none] {""}
    }
