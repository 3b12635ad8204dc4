# Les mots du paquet de données ouvertes (rapporteur-opendata), en français : le libellé d'un
# total, les métadonnées du paquet (datapackage.json, dcat-ap.jsonld) et le README. Chaque message
# existe aussi dans les fichiers nl et en (un test le vérifie). rapporteur-opendata remplit les
# { $braces }.

## Libellés dans les fichiers de données

od-total = Total
od-sum-separator = {" + "}

## Métadonnées

od-title = { $report } : données ouvertes, cycle { $cycle }
od-description = Les chiffres des tableaux publiés dans le { $report } pour le cycle { $cycle }, en données ouvertes : un fichier par cube (type de chiffre) avec chaque cellule publiée une fois, avec codes et libellés en néerlandais, en français et en anglais, et les listes de codes.
od-publisher = Gouvernement fédéral belge
od-keywords = traite des êtres humains, trafic des êtres humains, victimes, données ouvertes
od-source-report = { $report }, cycle { $cycle }
od-source-actor = Déclarations de { $actor }
od-licence = Creative Commons Attribution 4.0 International
od-language-nl = néerlandais
od-language-fr = français
od-language-en = anglais

## Descriptions des colonnes (datapackage.json)

od-field-code = Code de { $dimension } dans la liste de codes { $list } ; _T est le total de tous les codes.
od-field-code-sum = Code de { $dimension } dans la liste de codes { $list } ; _T est le total de tous les codes ; des codes joints par + sont la somme de ces codes (pas de clé étrangère pour cette colonne).
od-field-period = La période ; _T est la somme de toutes les périodes ; des périodes jointes par + sont leur somme.
od-field-label = Libellé de { $dimension } en { $language }.
od-field-value = La valeur, un nombre décimal avec un point ; vide si la cellule est masquée ou s'il n'y a pas d'observation.
od-field-unit = La mesure : { $measures }.
od-field-obs-status = SDMX OBS_STATUS : A valeur normale, M manquante (pas d'observation, ou marquée non disponible par l'acteur).
od-field-conf-status = SDMX CONF_STATUS : F libre, C confidentiel (masqué : sensible, ou masqué pour qu'une cellule sensible ne puisse être calculée ; lequel des deux n'est pas publié).
od-field-list-code = Le code.
od-field-list-parent = Le code dont ce code fait partie ; vide pour un code au sommet.
od-field-list-label = Le libellé en { $language }.
od-codelist-title = Liste de codes : { $list }
od-distribution-csv = { $cube } (CSV)
od-distribution-parquet = { $cube } (Parquet)

## Le README

readme-title = { $report } : données ouvertes, cycle { $cycle }
readme-intro = Ce paquet contient les chiffres des tableaux publiés dans le { $report } pour le cycle { $cycle }, en données ouvertes : un fichier par cube (un type de chiffre, comme les victimes accompagnées par centre et par sexe), en CSV et en Parquet, chaque cellule publiée une fois sur sa propre ligne, avec les listes de codes et leurs libellés en néerlandais, en français et en anglais. Publié le { $date }.
readme-files = Fichiers
readme-file-csv = `data/CUBE.csv` : les chiffres d'un cube ; UTF-8, séparés par des virgules, une ligne d'en-tête.
readme-file-parquet = `data/CUBE.parquet` : les mêmes lignes en Apache Parquet.
readme-file-codelists = `codelists/LISTE.csv` : une liste de codes : `code`, `parent` (le code dont il fait partie, vide au sommet) et le libellé dans chaque langue (`label_nl`, `label_fr`, `label_en`). Chaque liste contient aussi la ligne `_T`, le total.
readme-file-datapackage = `datapackage.json` : la description Frictionless Data Package : les colonnes de chaque fichier et leurs types, les clés primaires, et les clés étrangères des colonnes de codes vers les listes de codes. `frictionless validate datapackage.json` vérifie tout le paquet.
readme-file-dcat = `dcat-ap.jsonld` : les métadonnées DCAT-AP (JSON-LD) pour les portails de données.
readme-cubes = Cubes
readme-cube = { $name } ({ $rows ->
    [one] une ligne
   *[other] { $rows } lignes
  })
readme-columns = Colonnes
readme-column-code = `DIMENSION`, une colonne par dimension du cube : le code de ce que la cellule compte. Un code de la liste de codes : un code sans enfants est compté directement, un code avec enfants est la somme des codes en dessous. `_T` est le total de tous les codes de la dimension. Des codes joints par `+` (p. ex. `A+B`) sont la somme de ces codes, là où un tableau imprime une somme pour laquelle la liste n'a pas de code ; les colonnes qui contiennent de telles sommes n'ont pas de clé étrangère vers leur liste dans `datapackage.json`.
readme-column-period = `period` : la période (une année, par exemple). `_T` est la somme de toutes les périodes ; des périodes jointes par `+` sont leur somme.
readme-column-labels = `DIMENSION_label_nl`, `DIMENSION_label_fr`, `DIMENSION_label_en` : le libellé du code en néerlandais, en français et en anglais (les libellés d'une somme joints par ` + `).
readme-column-value = `OBS_VALUE` : la valeur, écrite comme nombre décimal avec un point comme séparateur décimal et sans séparateur des milliers, exactement telle que calculée (jamais arrondie). Vide si la cellule est masquée ou n'a pas d'observation.
readme-column-unit = `UNIT_MEASURE` : la mesure de la valeur :
readme-column-obs-status = `OBS_STATUS` (comme en SDMX) : `A`, une valeur normale ; `M`, manquante : aucune observation ne se trouve sous la cellule (le rapport l'imprime vide), ou l'acteur a marqué une cellule qu'elle contient comme non disponible (le rapport en imprime le signe ; un total qui la contient n'est pas connu non plus).
readme-column-conf-status = `CONF_STATUS` (comme dans SDMX) : `F`, libre ; `C`, confidentiel : masqué, parce que la cellule est sensible ou pour qu'une cellule sensible ne puisse être calculée à partir des cellules publiées. Lequel des deux n'est pas indiqué par cellule : cela révélerait que la cellule est petite. Une cellule que l'acteur marque confidentielle, ou un total qui la contient, est `C` aussi, sans valeur.
readme-parquet = Dans les fichiers Parquet, la valeur est enregistrée exactement : un entier de 64 bits pour une mesure sans décimales, DECIMAL(18, s) pour une mesure à s décimales. DuckDB, pandas (pyarrow) et R (arrow) lisent les mêmes nombres que dans les fichiers CSV.
readme-order = Les lignes suivent l'ordre des listes de codes, puis des périodes ; les mêmes données donnent toujours les mêmes fichiers, octet pour octet.
readme-disclosure = Contrôle de la divulgation
readme-disclosure-rule = Les nombres de personnes sont protégés. Un nombre de moins de { $k } personnes (mais non nul) est sensible et n'est pas publié ; d'autres cellules sont masquées pour qu'aucune combinaison des cellules publiées — des tableaux du rapport et de ce paquet — ne resserre un nombre masqué dans un intervalle plus étroit que { $interval } personnes. Les nombres de dossiers et les montants ne sont pas protégés ainsi.
readme-disclosure-none = Aucun contrôle de la divulgation ne s'applique à ce paquet : chaque cellule est publiée.
readme-disclosure-counts = Dans ce paquet, { $primary ->
    [0] aucune cellule n'est masquée comme sensible
    [one] une cellule est masquée comme sensible
   *[other] { $primary } cellules sont masquées comme sensibles
  } et { $secondary ->
    [0] aucune
    [one] une
   *[other] { $secondary }
  } pour les protéger.
readme-footnote = La note du rapport dit :
readme-records = Les données individuelles (une ligne par personne ou par dossier) ne font jamais partie de ce paquet, et aucun fichier synthétique de telles données n'est inclus : seulement les cellules que le rapport publie.
readme-sources = Sources
readme-sources-intro = Les chiffres sont calculés à partir des déclarations de ces acteurs :
readme-licence = Licence
readme-licence-text = Creative Commons Attribution 4.0 International (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/deed.fr) : vous pouvez partager et adapter les données à toute fin, en citant la source : { $report }, cycle { $cycle }.

# What `rapporteur open-data` says when it has written the package.
package-written = { $dir } : le paquet de données ouvertes du cycle { $cycle }, publié le { $date } : { $cubes } cubes (CSV et Parquet), { $lists } listes de codes, { $files } fichiers
