# The paragraph that explains an estimate of the number of victims to a reader, in English:
# what the numbers mean and on which assumptions they rest. Every message here exists in the
# nl and fr files too (a test checks).
#
# rapporteur-report fills in the values in { $braces }: counts of persons already rounded to
# whole persons and written with the thousands separator below, names of interactions ("LA:NG")
# already joined with the name separator below, and $lists as a number.

## How numbers and names are written

# Between groups of three digits: 11,313.
estimate-thousands-separator = ,
# Between the names of interactions: LA:NG, NG:GP.
estimate-name-separator = {", "}

## The paragraph, with an estimate

estimate-explained = { estimate-registered }. From the way these lists overlap, multiple systems estimation puts the total number of victims at about { $population }{ estimate-interval }. About { $dark } victims would thus be on none of the lists: the dark figure. The estimate rests on the overlaps: the fewer persons appear on more than one list, the more are likely to be missing from all of them. It is valid only under three assumptions. First, the population is closed over the period: nobody enters or leaves it while the lists are compiled. Second, { estimate-dependence } Third, persons are matched exactly across the lists: nobody is counted twice and no two persons are merged into one. Where these assumptions fail, the estimate can be biased in either direction, and the interval does not show it.

## The paragraph, without an estimate

estimate-not-made = { estimate-registered }, but no estimate of the total number of victims can be made: { estimate-reason }.

## Parts of the paragraphs

# $observed: the distinct persons on at least one of the lists the estimate uses.
estimate-registered = The { estimate-list-count } lists together register { $observed } distinct persons

# The number of lists used, in words up to ten.
estimate-list-count = { $lists ->
        [0] no
        [1] one
        [2] two
        [3] three
        [4] four
        [5] five
        [6] six
        [7] seven
        [8] eight
        [9] nine
        [10] ten
       *[other] { $lists }
    }

# The first interval, after the estimate. $interval: bounded, unbounded (no finite upper limit)
# or none; $percent: its level as a whole percentage; $lower and $upper: its limits.
estimate-interval = { $interval ->
        [bounded] {" "}({ $percent }% interval { $lower } to { $upper }, { estimate-interval-method })
        [unbounded] {" "}({ $percent }% interval from { $lower }, with no finite upper limit, { estimate-interval-method })
       *[none] {""}
    }

# $method: bootstrap (BCa, with the model selection rerun) or model-based (log-normal).
estimate-interval-method = { $method ->
        [bootstrap] a bootstrap interval that allows for the choice of the model
       *[model-based] a model-based interval that takes the chosen model as given
    }

# The second assumption, in the words of the chosen model's interactions. $interactions: none,
# estimated (only estimated ones, named in $estimated), disjoint (only pairs of lists with nobody
# in common, named in $disjoint) or both.
estimate-dependence = { $interactions ->
        [none] every victim has the same chance of being registered by each list, and the lists register independently of each other (the model has no interactions between lists).
       *[some] apart from the dependencies between lists that the model includes ({ estimate-interactions }), every victim has the same chance of being registered by a given list.
    }

estimate-interactions = { $interactions ->
        [disjoint] { $disjoint } have no person in common
        [both] { $estimated }; { $disjoint } have no person in common
       *[estimated] { $estimated }
    }

# Why no estimate can be made; $reason: none when the estimate does not say.
estimate-reason = { $reason ->
        [too-few-lists] fewer than two lists carry information
        [does-not-exist] the lists overlap too little, so the maximum likelihood estimate does not exist
        [not-identifiable] the model's parameters cannot be identified from these data
        [not-fitted] the model could not be fitted
        [no-model-passes] no model passes the tests of existence and identifiability
        [too-many-models] there are too many models to search
       *[none] {""}
    }
