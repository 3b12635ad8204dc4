# Les mots des classeurs des questionnaires (ONUDC, GRETA) qu'écrit rapporteur-exchange, en
# français. Voir en/workbook.ftl.

## Sheet names

wb-cover-sheet = Page de garde

## The cover sheet

wb-language = Français
wb-cycle = Cycle de rapport : { $cycle }
wb-made-on = Établi le { $date } par Rapporteur à partir des chiffres nationaux, avec la même tabulation et le même contrôle de la divulgation que le rapport du gouvernement.
wb-layout = Chaque feuille suivante est un tableau du questionnaire : une ligne par catégorie, une colonne par année du cycle. Les codes des catégories sont répétés dans les colonnes après les années.
wb-definitions = Définitions
wb-definition-table = Feuille « { $sheet } » : { $table }
wb-definition-cube = Compte { $cube } ({ $id }), d'après les chiffres de { $owner }.
wb-definition-filter = Seulement { $dimension } : { $codes }.
wb-definition-summed = Additionné sur { $dimensions }.
wb-sources = Sources de la correspondance
wb-source = { $title } : { $url } (lu le { $read })
wb-caveats = Réserves de vérification
wb-caveats-intro = Ce que la correspondance avec les tableaux de cette destination suppose sans l'avoir vérifié dans le texte de la destination. Les notes sont en anglais, telles que la table de correspondance les énonce.
wb-caveat-destination = Non vérifié — la destination dans son ensemble : { $note }
wb-caveat-table = Non vérifié — tableau « { $table } » : { $note }
wb-caveat-codes = Non vérifié — { $list } en tant que « { $dimension } » : { $note }
wb-caveat-cube = Non vérifié — { $cube } : { $note }
wb-caveat-none = Chaque correspondance a été vérifiée dans sa source.
wb-not-sent = Ce qui n'est pas envoyé
wb-not-sent-intro = Les chiffres des données nationales que cette destination ne reçoit pas, avec la raison, et ce qu'ils comptent par année (dans les colonnes des années ; vide : aucune observation).
wb-not-sent-cube = { $cube } : non envoyé. { $reason }
wb-not-sent-code = { $cube } — { $dimension } « { $code } » : non envoyé. { $reason }
wb-not-sent-none = Tout ce que lit la table de correspondance est envoyé.
wb-disclosure = Contrôle de la divulgation
wb-disclosure-rule = Un nombre de 1 à { $below } personnes n'est pas publié : sa cellule affiche { $symbol }. D'autres cellules affichent { $symbol } afin qu'aucune combinaison des chiffres publiés — ce classeur, le rapport du gouvernement, les données ouvertes et les autres exportations ensemble — ne ramène un nombre caché à moins de { $interval } personnes. Quelles cellules sont sensibles et lesquelles les protègent n'est pas dit.
wb-not-available = Une cellule vide n'est pas disponible (aucune observation ne s'y rapporte), ce qui n'est pas zéro.

## The table sheets

wb-article = Article de loi : { $article }
wb-data-source = Source des données : { $sources }
wb-mapping-source = Correspondance lue dans : { $title } ({ $url })
wb-legend = Cellule vide : non disponible (aucune observation), pas zéro. { $symbol } : non publié (contrôle de la divulgation, voir la page de garde).
wb-long-list = Seules les lignes avec un chiffre ou une cellule supprimée sont reprises ; toute autre { $dimension } n'a aucune observation.
wb-empty-note = Non disponible : aucune observation (pas zéro).
wb-code-total = Total

## What the command says

