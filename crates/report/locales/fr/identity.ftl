# L'annexe sur la qualité des données : les identités incomplètes.
identity-annex-title = Identités incomplètes
identity-annex-intro = Des { $registrations } enregistrements de personnes de la base, { $incomplete } ({ $share } %) ont été faits avec une identité incomplète : pas de nom, pas de date de naissance ou une valeur de remplissage (comme 1900-01-01), l'année de naissance seulement, ou un seul nom. Ils sont comptés dans chaque tableau comme les autres ; ils ne reçoivent pas de clé de personne exacte, et un lien avec un autre enregistrement n'est établi qu'après examen par le coordinateur. Le tableau montre, par source, où la pratique d'enregistrement peut s'améliorer.
identity-annex-caption = Enregistrements par source selon l'identité donnée
identity-annex-source = Source
identity-annex-share = Incomplets (%)
identity-annex-table-source = Source : les enregistrements de la base, selon le code d'identité écrit à la source lors de leur pseudonymisation (Rapporteur).
