# De woorden van het portaal in het Nederlands. Elk bericht hier bestaat ook in de Engelse en de
# Franse versie (een test controleert dat). Waarden tussen { $accolades } vult het portaal zelf in.

nav-skip = Naar de inhoud
nav-label = Hoofdmenu
nav-home = Cycli
nav-board = Terug naar het overzicht
nav-checklist = Checklist met indicatoren
nav-published = Gepubliceerde verslagen
nav-users = Gebruikers
nav-audit = Auditlogboek
nav-logout = Afmelden

role-coordinator = Coördinator
role-contributor = Bijdrager
role-reviewer = Beoordelaar
role-field = Terreingebruiker
role-reader = Lezer

status-open = Open
status-submitted = Ingediend
status-approved = Goedgekeurd
status-sent_back = Teruggestuurd
status-comment = Opmerking

severity-error = Fout
severity-warning = Waarschuwing
severity-info = Informatie

login-title = Aanmelden
login-intro = Rapporteur verzamelt de cijfers en teksten van de actoren in de strijd tegen mensenhandel en mensensmokkel. Meld u aan met de account die u van uw coördinator hebt gekregen.
login-name = Accountnaam
login-password = Wachtwoord
login-submit = Aanmelden
login-refused = De accountnaam of het wachtwoord is onjuist.
login-throttled = Te veel mislukte pogingen. Wacht vijftien minuten en probeer het opnieuw, of neem contact op met de coördinator.

home-title = Rapportagecycli
home-cycles = De cycli van de catalogus
home-cycle = Cyclus
home-state = Stand van zaken
home-open = Open voor gegevensinzameling
home-not-open = Nog niet geopend
home-open-cycle = Openen voor gegevensinzameling

board-title = Wat elke actor moet aanleveren, en hoe ver het staat
board-actor = Actor
board-item = Aanlevering of tekst
board-deadline = Uiterste datum
board-delivered = Aangeleverd
board-validation = Validatie
board-status = Status
board-actions = Acties
board-late = te laat
board-yes = ja
board-no = nee
board-errors = { $count } fout(en)
board-warnings = { $count } waarschuwing(en)
board-unexplained = { $count } zonder toelichting
board-clean = geen bevindingen
board-empty = In deze cyclus is nog niets toegewezen.
board-compile = Het verslag samenstellen

assign-title = Toewijzen
assign-cube = Aanlevering
assign-section = Deel van het verslag
assign-actor = Actor
assign-deadline = Uiterste datum
assign-submit-cube = De aanlevering toewijzen
assign-submit-section = Het deel toewijzen

action-submit = Indienen ter beoordeling
action-review = Beoordelen
action-approve = Goedkeuren
action-send-back = Terugsturen

review-title = Beoordeling
review-comment = Opmerking (verplicht om terug te sturen)

return-grid = Ingevoerde waarden, per code en periode
return-stated = opgegeven:
return-save = De waarden opslaan
return-new-row = Nieuwe regel
return-controls = Totalen en cijfers vermeld in de tekst (getoetst aan de waarden)
return-period = Periode
return-cell = Cel
return-kind = Soort
return-value = Waarde
return-kind-control = opgegeven totaal
return-kind-pct = opgegeven percentage
return-whole = volledige aanlevering
return-findings = Bevindingen van de validatie
return-no-findings = De validatie vindt niets te verbeteren in deze aanlevering.
return-explained = Toelichting
return-explain = Deze bevinding toelichten
return-explain-submit = De toelichting opslaan
return-upload = Een bestand opladen
return-upload-help = Een CSV-bestand (komma of puntkomma, elke Excel-codering) of een Excel-werkmap, één regel per waarde, met de kolommen cube, period, de dimensies en value. Het vervangt de waarden van de periodes die het bevat.
return-file = Bestand
return-upload-submit = Opladen
return-no-file = Kies een bestand om op te laden.
return-refused = Het bestand werd geweigerd; er werd niets opgeslagen
return-not-assigned = Deze aanlevering is in deze cyclus niet toegewezen: ze kan worden ingevoerd, maar niet ingediend.

problem-sheet = blad { $sheet }
problem-row = rij { $row }
problem-column = kolom { $column }

text-language = Tekst in
text-markdown = Tekst (Markdown)
text-preview = Voorbeeld
text-save = Opslaan
text-preview-title = Voorbeeld
text-empty = Nog geen tekst.

users-title = Gebruikers
users-list = Accounts
users-name = Accountnaam
users-password = Wachtwoord (minstens 12 tekens)
users-role = Rol
users-actor = Actor
users-active = mag zich aanmelden
users-language = Taal
users-change = Wijzigen
users-save = Opslaan
users-add = Nieuwe account
users-add-submit = De account aanmaken
users-help = Bijdragers, beoordelaars en terreingebruikers werken voor één actor; de coördinator en de lezers voor geen enkele.

audit-title = Auditlogboek
audit-filter = Wie, actie of wat
audit-search = Filteren
audit-count = { $count } vermeldingen
audit-caption = Elke wijziging en elke raadpleging van gegevens op individueel niveau, de recentste eerst
audit-when = Wanneer
audit-who = Wie
audit-action = Actie
audit-what = Wat
audit-before = Vóór
audit-after = Na
audit-pages = Pagina's van het auditlogboek
audit-newer = Recenter
audit-older = Ouder

report-title = Verslag
report-build = Het verslag aanmaken
report-build-help = Valideert de cyclus, berekent alle tabellen en grafieken en zet het verslag op in HTML, PDF en XLSX. Het opmaken duurt even.
report-language = Taal
report-build-submit = Aanmaken
report-builds = Aangemaakte bestanden
report-built-at = Aangemaakt op
report-format = Formaat
report-size = Bytes
report-state = Status
report-published = gepubliceerd
report-publish = Publiceren
report-annex = Bijlage over de gegevenskwaliteit
report-annex-summary = De validatie geeft { $count } bevinding(en);
report-annex-errors = daarvan zijn er { $count } fouten.

published-title = Gepubliceerde verslagen
published-none = Er is nog geen verslag gepubliceerd.
published-caption = Gepubliceerde bestanden

flash-saved = Opgeslagen.
flash-unchanged = Niets gewijzigd: precies deze waarden waren al opgeslagen.
flash-explained = De toelichting is opgeslagen.
flash-submitted = Ingediend ter beoordeling.
flash-approved = Goedgekeurd; de indiening is vergrendeld.
flash-sent-back = Teruggestuurd met uw opmerking.
flash-assigned = Toegewezen.
flash-cycle-opened = De cyclus is open voor gegevensinzameling.
flash-user-added = De account is aangemaakt.
flash-user-updated = De account is gewijzigd.
flash-built = Het verslag is aangemaakt.
flash-published = Gepubliceerd.
flash-preview = Enkel een voorbeeld: de tekst is nog niet opgeslagen.

error-title = Geweigerd
error-back = Terug naar de startpagina
error-session = Uw sessie is verlopen of ontbreekt. Meld u opnieuw aan.
error-csrf = Dit formulier is verouderd (het beveiligingstoken klopt niet). Laad de pagina opnieuw en probeer het nogmaals.
error-too-large = Het bestand is te groot.
error-forbidden = U hebt geen toestemming om dit te doen.
error-not-found = Deze pagina bestaat niet.
error-unknown-cycle = Cyclus { $cycle } bestaat niet.
error-unknown-finding = Er is geen bevinding { $key } in deze cyclus.
error-empty-explanation = Een toelichting mag niet leeg zijn: leg uit waarom de cijfers zijn zoals ze zijn.
error-unknown-language = Onbekende taal { $lang }.
error-name-taken = De accountnaam { $name } is al in gebruik.
error-bad-name = Een accountnaam bestaat uit 3 tot 64 letters, cijfers, punten, koppeltekens of liggende streepjes.
error-weak-password = Een wachtwoord moet minstens { $min } tekens bevatten.
error-role-needs-actor = De rol { $role } werkt voor één actor: kies die actor.
error-role-has-no-actor = De rol { $role } werkt voor geen enkele actor: laat het veld actor leeg.
error-unknown-actor = Actor { $actor } bestaat niet.
error-unknown-item = Niet gevonden: { $kind } { $item }.
error-bad-date = Een uiterste datum is een datum (JJJJ-MM-DD), niet { $date }.
error-cycle-not-open = Cyclus { $cycle } is niet open voor gegevensinzameling.
error-locked = { $item } is ingediend of goedgekeurd en vergrendeld; een beoordelaar moet het terugsturen voordat het kan worden gewijzigd.
error-not-assigned = { $item } is in deze cyclus niet aan deze actor toegewezen.
error-bad-transition = { $item } kan niet van de status { $from } naar de status { $to } gaan.
error-nothing-delivered = { $item } bevat nog geen gegevens: voer eerst de aanlevering in of laad ze op.
error-unexplained = { $item } heeft { $count } fout(en) of waarschuwing(en) zonder toelichting: verbeter de waarden of licht elke bevinding toe.
error-comment-needed = Om terug te sturen is een opmerking nodig die zegt wat er moet veranderen.
error-other-actors = Het bestand bevat aanleveringen van andere actoren ({ $cubes }); laad alleen uw eigen aanleveringen op.
error-not-owner = De aanlevering { $cube } moet worden aangeleverd door haar eigenaar, { $owner }; wijs ze toe aan die actor.
