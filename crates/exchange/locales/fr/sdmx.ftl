# Les mots de l'export SDMX (rapporteur-exchange), en français : le README d'un export vers
# Eurostat, les noms des codes d'indicateur dans son message de structure, et ce que dit
# `rapporteur export` une fois fini. Chaque message ici existe aussi dans les fichiers nl et en
# (un test le vérifie). rapporteur-exchange remplit les { $braces }.

## Noms des codes d'indicateur (structure.xml), au sens de SDMX

sdmx-obs-status-normal = Valeur normale
sdmx-obs-status-missing = Valeur manquante (non disponible)
sdmx-conf-status-free = Libre
sdmx-conf-status-confidential = Confidentiel

## Le README

sdmx-readme-title = { $destination } : cycle { $cycle }
sdmx-readme-intro = Ce dossier contient les chiffres du cycle { $cycle } de { $report }, découpés selon les tableaux de { $destination } : un fichier de données SDMX-CSV 2.0 par tableau et un message de structure SDMX-ML 2.1 pour les lire. Ils sont calculés à partir du stockage par la même tabulation que le rapport et protégés par le même contrôle de la divulgation, avec le rapport et les données ouvertes. Établi le { $date }.
sdmx-readme-assumed-title = Identifiants supposés, non vérifiés
sdmx-readme-assumed = Les identifiants SDMX sont supposés, non lus chez Eurostat : l'agence `{ $agency }`, chaque dataflow et sa structure de données nommés d'après l'id de leur tableau en majuscules, la version `{ $version }`, et les dimensions et les codes tels que la table de correspondance les nomme. Le message de structure les décrit ainsi. Vérifiez-les avec les définitions de structure de données d'Eurostat avant la première transmission.
sdmx-readme-crosswalk-note = La table de correspondance note :
sdmx-readme-files = Fichiers
sdmx-readme-file-table = `{ $file }` : { $title } — dataflow `{ $flow }` ; { $rows ->
    [one] une ligne
   *[other] { $rows } lignes
  }, dont { $confidential } confidentielles ; { $missing } cellules sans observation non transmises.
sdmx-readme-file-structure = `{ $file }` : le message de structure SDMX-ML 2.1 : les dataflows, leurs structures de données, les concepts et les listes de codes tels que la table de correspondance les suppose ; chaque dataflow porte sa source et s'il est vérifié en annotations.
sdmx-readme-file-readme = `README.nl.md`, `README.fr.md`, `README.en.md` : cette description en néerlandais, en français et en anglais.
sdmx-readme-columns = Colonnes
sdmx-readme-column-structure = `STRUCTURE`, `STRUCTURE_ID` : le dataflow auquel la ligne appartient (`dataflow`, `AGENCE:ID(VERSION)`).
sdmx-readme-column-action = `ACTION` : `R` (remplacer) : chaque ligne remplace ce que le destinataire détient pour la même observation.
sdmx-readme-column-dimensions = Une colonne par dimension du tableau, dans son ordre, avec le code de la destination ; puis `TIME_PERIOD`, l'année.
sdmx-readme-column-value = `OBS_VALUE` : le nombre, sans séparateur des milliers, exactement tel que calculé ; vide quand la cellule est confidentielle. Une cellule sous laquelle ne se trouve aucune observation (les acteurs n'ont rien déclaré : inconnu, non pas zéro) n'est pas transmise : elle n'a pas de ligne.
sdmx-readme-column-obs-status = `OBS_STATUS` (comme dans SDMX) : `A`, valeur normale ; vide pour une cellule confidentielle.
sdmx-readme-column-conf-status = `CONF_STATUS` (comme dans SDMX) : `F`, libre ; `C`, confidentiel : supprimée par le contrôle de la divulgation, soit parce qu'elle est sensible, soit pour qu'une cellule sensible ne puisse être calculée à partir des autres. Lequel des deux n'est pas dit par cellule : cela révélerait que la cellule est petite.
sdmx-readme-definitions = Définitions
sdmx-readme-dimensions = Dimensions : { $dimensions }, et l'année.
sdmx-readme-definition-cube = Du cube { $cube } du catalogue :
sdmx-readme-fixed = codes fixés pour chaque cellule : { $codes }
sdmx-readme-mapped = sa dimension { $dimension } devient `{ $to }` :
sdmx-readme-identity = tout autre code garde son propre id (ISO 3166-1 alpha-2)
sdmx-readme-unmapped = non transmis (voir plus bas)
sdmx-readme-summed = additionné sur : { $dimensions }
sdmx-readme-filter = seulement ces codes de `{ $dimension }` : { $codes }
sdmx-readme-sources = Sources
sdmx-readme-source-line = { $title }, { $url } (lu { $read })
sdmx-readme-verification = Vérification
sdmx-readme-verification-intro = Ce que la table de correspondance n'a pu vérifier dans ses sources, comme elle le note :
sdmx-readme-verified-all = Chaque correspondance est vérifiée.
sdmx-readme-not-sent = Non transmis
sdmx-readme-not-sent-intro = Ces chiffres du catalogue ne sont pas dans les fichiers, pour la raison indiquée. Leurs nombres par année sont ce que les fichiers laissent de côté des totaux du catalogue.
sdmx-readme-not-sent-cube = { $cube }, le cube entier
sdmx-readme-not-sent-code = { $cube }, { $dimension } { $code }
sdmx-readme-counts = Nombres : { $counts }.
sdmx-readme-count = { $period } : { $count }
sdmx-readme-count-none = { $period } : aucune observation
sdmx-readme-count-confidential = { $period } : confidentiel
sdmx-readme-disclosure = Contrôle de la divulgation
sdmx-readme-disclosure-rule = Les nombres de personnes sont protégés. Un nombre de moins de { $k } personnes (mais non nul) est sensible et n'est pas transmis ; d'autres cellules sont supprimées pour qu'aucune combinaison des cellules transmises, ou de celles du rapport ou des données ouvertes, ne réduise un nombre supprimé à un intervalle plus étroit que { $interval } personnes. Les nombres de ce qui n'est pas transmis (ci-dessus) sont protégés de la même manière : un nombre supprimé se lit « confidentiel ». Les nombres d'affaires ne sont pas protégés ainsi.
sdmx-readme-disclosure-count = Dans ces fichiers, { $cells ->
    [0] aucune cellule n'est confidentielle
    [one] une cellule est confidentielle
   *[other] { $cells } cellules sont confidentielles
  }. La note du rapport dit :
sdmx-readme-disclosure-none = Aucun contrôle de la divulgation ne s'applique à cet export : chaque cellule est transmise.
sdmx-readme-records = Les données par personne ou par affaire ne font jamais partie d'un export : seulement des cellules qui additionnent les chiffres du catalogue.

# Ce que dit `rapporteur export` une fois les fichiers écrits.
