# L'annexe sur la qualité des données : les chiffres transmis aux destinations internationales.
consistency-annex-title = Chiffres transmis aux destinations internationales
consistency-annex-intro = Les chiffres de ce rapport sont aussi transmis à { $destinations }, chacun réorganisé selon les tableaux de la destination au moyen des tables de correspondance du catalogue et protégé avec ce rapport. Lorsque plusieurs tableaux du rapport comptent les mêmes personnes, le tableau ci-dessous indique, par année et par destination, si la destination reçoit le même total que ce rapport et, sinon, pourquoi. Une différence est expliquée lorsque la destination ne reprend pas certaines catégories, retient une définition plus étroite, ou lorsque l'acteur a expliqué pourquoi ses tableaux comptent les personnes différemment ; toute autre différence est signalée comme inexpliquée.
consistency-annex-caption = Les totaux du rapport et les totaux transmis à l'étranger
consistency-annex-destination = Destination
consistency-annex-population = Chiffre
consistency-annex-year = Année
consistency-annex-verdict = Différence
consistency-annex-table-source = Source : les exports de la publication (Rapporteur), réorganisés au moyen de crosswalks/*.toml ; les populations sont celles des règles equal_totals du catalogue.
consistency-same = aucune
consistency-explained = expliquée :
consistency-unexplained = inexpliquée ({ $gap ->
        [one] { $gap } personne
       *[other] { $gap } personnes
    }) :
consistency-unexplained-hidden = inexpliquée :
consistency-not-sent = non transmis : { $codes } ({ $count }) — { $reason }
consistency-not-sent-hidden = non transmis : { $codes } — { $reason }
consistency-definition = la destination ne reprend que { $filter }
consistency-actor = explication de l'acteur : « { $explanation } »
consistency-data = les tableaux du rapport comptent eux-mêmes ces personnes différemment, et personne n'a expliqué pourquoi

# Ce que dit `rapporteur export` une fois terminé.
export-written = { $files ->
        [one] { $files } fichier du cycle { $cycle } pour { $destination } écrit dans
       *[other] { $files } fichiers du cycle { $cycle } pour { $destination } écrits dans
    } { $dir } : { $cells } chiffres, dont { $suppressed } masqués par le contrôle de la confidentialité ; { $unsent ->
        [one] { $unsent } catégorie non transmise
       *[other] { $unsent } catégories non transmises
    } (voir la page de garde).
export-consistency = { $figure }, { $year } : { $verdict }
