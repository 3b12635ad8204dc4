# De bijlage over de kwaliteit van de gegevens: onvolledige identiteiten.
identity-annex-title = Onvolledige identiteiten
identity-annex-intro = Van de { $registrations } registraties van personen in de databank werden er { $incomplete } ({ $share } %) gemaakt met een onvolledige identiteit: geen naam, geen geboortedatum of een invulwaarde ervoor (zoals 1900-01-01), alleen het geboortejaar, of één enkele naam. Ze worden in elke tabel geteld zoals de andere; ze krijgen geen exacte persoonssleutel, en een koppeling met een andere registratie wordt pas gemaakt na nazicht door de coördinator. De tabel toont per bron waar de registratiepraktijk beter kan.
identity-annex-caption = Registraties per bron volgens de gegeven identiteit
identity-annex-source = Bron
identity-annex-share = Onvolledig (%)
identity-annex-table-source = Bron: de registraties in de databank, volgens de identiteitscode die bij de bron werd geschreven toen ze werden gepseudonimiseerd (Rapporteur).
