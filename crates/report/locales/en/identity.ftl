# The data-quality annex on incomplete identities.
identity-annex-title = Incomplete identities
identity-annex-intro = Of the { $registrations } registrations of persons in the store, { $incomplete } ({ $share } %) were made with an incomplete identity: no name, no birth date or a placeholder for it (such as 1900-01-01), the birth year only, or a single name. They are counted in every table like the others; they get no exact person key, and a link between them and another registration is made only after the coordinator's review. The table shows, per source, where registration practice can improve.
identity-annex-caption = Registrations per source by the identity given
identity-annex-source = Source
identity-annex-share = Incomplete (%)
identity-annex-table-source = Source: the registrations in the store, by the identity code written at the source when they were pseudonymised (Rapporteur).
