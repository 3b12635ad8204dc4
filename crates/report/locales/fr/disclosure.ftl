# L'annexe sur la qualité des données : confidentialité des chiffres.
disclosure-annex-title = Confidentialité des chiffres
disclosure-annex-intro = Aucun chiffre de ce rapport ne compte moins de { $k } personnes, et aucun chiffre n'est publié qui permettrait de calculer un tel nombre, ou de le restreindre à moins de { $width } valeurs possibles, en combinant les tableaux du rapport, son classeur et ses données ouvertes. Des { $cells } chiffres publiés, { $primary } ont été masqués parce qu'ils comptent moins de { $k } personnes, et { $secondary } autres pour que les premiers ne puissent être recalculés ; ils s'impriment « { $symbol } ». Les cellules masquées ont été choisies par programmation linéaire sur toute la publication à la fois, en masquant le moins de chiffres et les plus petits possible ; leurs valeurs restent dans la base et ne sont jamais publiées.
disclosure-annex-exempt = Publiés quelle que soit leur valeur :
disclosure-annex-caption = Chiffres masqués par sorte de chiffre
disclosure-annex-cube = Sorte de chiffre
disclosure-annex-primary = Moins de { $k } personnes
disclosure-annex-secondary = Masqués pour ne pas les révéler
disclosure-annex-table-source = Source : contrôle de la divulgation de la publication (Rapporteur), selon la politique du catalogue (disclosure.toml).
disclosure-annex-unprotectable = { $count } chiffres de moins de { $k } personnes n'ont pu être protégés, parce qu'un chiffre publié quelle que soit sa valeur les détermine.
disclosure-summary = { $cycle } : { $cells } cellules publiées, { $primary } masquées comme nombres de moins de { $k } personnes, { $secondary } masquées pour les protéger ; l'intervalle le plus étroit que l'audit par un attaquant laisse à un nombre masqué est de { $narrowest } personnes (la politique demande { $width }). { $programs } programmes linéaires résolus.
disclosure-summary-cube = { $cube } : { $primary } moins de { $k }, { $secondary } pour les protéger
disclosure-each-table = Tableau par tableau, comme τ-ARGUS ou sdcTable protègent un tableau à la fois : { $suppressed } cellules masquées ; l'attaquant de toute la publication restreint { $narrowed } des nombres de moins de { $k } personnes à moins de { $width } valeurs.
