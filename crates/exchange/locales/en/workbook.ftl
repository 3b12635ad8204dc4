# The words of the questionnaire workbooks (UNODC, GRETA) that rapporteur-exchange writes, in
# English: the cover sheet (in every language, side by side) and the table sheets (in English,
# the questionnaires' language). Every message here exists in the nl and fr files too (a test
# checks). rapporteur-exchange fills in { $braces }.

## Sheet names

wb-cover-sheet = Cover

## The cover sheet

# The heading of this language's column.
wb-language = English
wb-cycle = Reporting cycle: { $cycle }
wb-made-on = Made on { $date } by Rapporteur from the national figures, through the same tabulation and the same disclosure control as the government report.
wb-layout = Each following sheet is one table of the questionnaire: a row per category, a column per year of the cycle. The categories' codes are repeated in the columns after the years.
wb-definitions = Definitions
wb-definition-table = Sheet “{ $sheet }”: { $table }
wb-definition-cube = Counts { $cube } ({ $id }), from the figures of { $owner }.
wb-definition-filter = Only { $dimension }: { $codes }.
wb-definition-summed = Added up over { $dimensions }.
wb-sources = Sources of the mapping
wb-source = { $title }: { $url } (read { $read })
wb-caveats = Verification caveats
wb-caveats-intro = What the mapping onto this destination's tables assumes and was not checked against the destination's own text. The notes are in English, as the crosswalk states them.
wb-caveat-destination = Not verified — the destination as a whole: { $note }
wb-caveat-table = Not verified — table “{ $table }”: { $note }
wb-caveat-codes = Not verified — { $list } as “{ $dimension }”: { $note }
wb-caveat-cube = Not verified — { $cube }: { $note }
wb-caveat-none = Every mapping was checked against its source.
wb-not-sent = What is not sent
wb-not-sent-intro = Figures of the national data that this destination does not receive, with the reason, and what they count per year (in the columns of the years; empty: no observation).
wb-not-sent-cube = { $cube }: not sent. { $reason }
wb-not-sent-code = { $cube } — { $dimension } “{ $code }”: not sent. { $reason }
wb-not-sent-none = Everything the crosswalk reads is sent.
wb-disclosure = Disclosure control
wb-disclosure-rule = A count of 1 to { $below } persons is not published: its cell shows { $symbol }. Further cells show { $symbol } so that no combination of the published figures — this workbook, the government report, the open data and the other exports together — narrows a hidden count down to fewer than { $interval } persons. Which cells are sensitive and which protect them is not said.
wb-not-available = An empty cell is not available (no observation lies under it), which is not zero.

## The table sheets

wb-article = Legal article: { $article }
wb-data-source = Source of the data: { $sources }
wb-mapping-source = Mapping read from: { $title } ({ $url })
wb-legend = Empty cell: not available (no observation), not zero. { $symbol }: not published (disclosure control, see the cover sheet).
wb-long-list = Only the rows with a figure or a suppressed cell are listed; every other { $dimension } has no observation.
wb-empty-note = Not available: no observation (not zero).
# The label of a destination code that no catalog code becomes: the code fixed for a cube the
# destination does not break down, and the single row of a table without categories.
wb-code-total = Total

## What the command says

