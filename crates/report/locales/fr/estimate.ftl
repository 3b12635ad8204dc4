# Le paragraphe qui explique une estimation du nombre de victimes, en français : ce que les
# nombres signifient et sur quelles hypothèses ils reposent. Chaque message d'ici existe aussi
# dans les fichiers nl et en (un test le vérifie) ; les commentaires du fichier en décrivent les
# valeurs entre { $accolades }.
#
# Espaces insécables : { -nbsp } (U+00A0) devant les deux-points et le signe pour cent,
# { -nnbsp } (U+202F, fine) entre les groupes de chiffres.
-nbsp = {"\u00A0"}
-nnbsp = {"\u202F"}

## L'écriture des nombres et des noms

# Entre les groupes de trois chiffres : 11 313.
estimate-thousands-separator = { -nnbsp }
# Entre les noms des dépendances : LA:NG, NG:GP.
estimate-name-separator = {", "}

## Le paragraphe, avec une estimation

estimate-explained = { estimate-registered }. À partir des recoupements entre ces listes, l'estimation par systèmes multiples (multiple systems estimation) évalue le nombre total de victimes à environ { $population }{ estimate-interval }. Environ { $dark } victimes ne figureraient donc sur aucune liste{ -nbsp }: c'est le chiffre noir. L'estimation repose sur les recoupements{ -nbsp }: moins les personnes apparaissent sur plusieurs listes, plus il est probable que beaucoup n'apparaissent sur aucune. Elle n'est valable que sous trois hypothèses. Premièrement, la population est fermée sur la période{ -nbsp }: personne n'y entre ni n'en sort pendant l'établissement des listes. Deuxièmement, { estimate-dependence } Troisièmement, les personnes sont appariées exactement d'une liste à l'autre{ -nbsp }: personne n'est compté deux fois et deux personnes ne sont jamais confondues. Si ces hypothèses ne sont pas remplies, l'estimation peut être biaisée dans un sens comme dans l'autre, et l'intervalle ne le montre pas.

## Le paragraphe, sans estimation

estimate-not-made = { estimate-registered }, mais le nombre total de victimes ne peut pas être estimé{ -nbsp }: { estimate-reason }.

## Les parties des paragraphes

estimate-registered = Les { estimate-list-count } listes recensent ensemble { $observed } personnes distinctes

estimate-list-count = { $lists ->
        [0] aucune
        [1] une
        [2] deux
        [3] trois
        [4] quatre
        [5] cinq
        [6] six
        [7] sept
        [8] huit
        [9] neuf
        [10] dix
       *[other] { $lists }
    }

estimate-interval = { $interval ->
        [bounded] {" "}(intervalle à { $percent }{ -nbsp }%{ -nbsp }: { $lower } à { $upper }, { estimate-interval-method })
        [unbounded] {" "}(intervalle à { $percent }{ -nbsp }%{ -nbsp }: à partir de { $lower }, sans borne supérieure finie, { estimate-interval-method })
       *[none] {""}
    }

estimate-interval-method = { $method ->
        [bootstrap] un intervalle bootstrap qui tient compte du choix du modèle
       *[model-based] un intervalle fondé sur le modèle, qui tient le modèle retenu pour acquis
    }

estimate-dependence = { $interactions ->
        [none] chaque victime a la même probabilité d'être enregistrée par chaque liste, et les listes enregistrent indépendamment les unes des autres (le modèle ne comporte aucune dépendance entre listes).
       *[some] en dehors des dépendances entre listes que le modèle prend en compte ({ estimate-interactions }), chaque victime a la même probabilité d'être enregistrée par une liste donnée.
    }

estimate-interactions = { $interactions ->
        [disjoint] { $disjoint } n'ont aucune personne en commun
        [both] { $estimated }; { $disjoint } n'ont aucune personne en commun
       *[estimated] { $estimated }
    }

estimate-reason = { $reason ->
        [too-few-lists] moins de deux listes apportent de l'information
        [does-not-exist] les listes se recoupent trop peu, si bien que l'estimateur du maximum de vraisemblance n'existe pas
        [not-identifiable] les paramètres du modèle ne sont pas identifiables avec ces données
        [not-fitted] le modèle n'a pas pu être ajusté
        [no-model-passes] aucun modèle ne passe les tests d'existence et d'identifiabilité
        [too-many-models] il y a trop de modèles à parcourir
       *[none] {""}
    }
