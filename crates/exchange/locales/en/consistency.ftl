# The data-quality annex on the figures sent to international destinations.
consistency-annex-title = Figures sent to international destinations
consistency-annex-intro = The figures of this report also go to { $destinations }, each cut as the destination's tables through the catalog's crosswalks and protected together with this report. Where several of the report's tables count the same persons, the table below says, per year and destination, whether the destination receives the same total as this report, and if not, why. A difference is explained when the destination does not take some categories, takes a narrower definition, or when the actor explained why its tables count the persons differently; any other difference is marked as unexplained.
consistency-annex-caption = The report's totals and the totals sent abroad
consistency-annex-destination = Destination
consistency-annex-population = Figure
consistency-annex-year = Year
consistency-annex-verdict = Difference
consistency-annex-table-source = Source: the exports of the publication (Rapporteur), cut through crosswalks/*.toml; the populations are those of the catalog's equal_totals rules.
consistency-same = none
consistency-explained = explained:
consistency-unexplained = unexplained ({ $gap ->
        [one] { $gap } person
       *[other] { $gap } persons
    }):
consistency-unexplained-hidden = unexplained:
consistency-not-sent = not sent: { $codes } ({ $count }) — { $reason }
consistency-not-sent-hidden = not sent: { $codes } — { $reason }
consistency-definition = the destination takes only { $filter }
consistency-actor = the actor's explanation: “{ $explanation }”
consistency-data = the report's own tables count these persons differently, and nobody has explained why

# What `rapporteur export` says when done.
export-written = Wrote { $files ->
        [one] { $files } file
       *[other] { $files } files
    } of cycle { $cycle } for { $destination } into { $dir }: { $cells } figures, { $suppressed } of them hidden by disclosure control; { $unsent ->
        [one] { $unsent } category
       *[other] { $unsent } categories
    } not sent (see the cover).
export-consistency = { $figure }, { $year }: { $verdict }
