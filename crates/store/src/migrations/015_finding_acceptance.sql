-- Version 15: the coordinator's acceptance of an error finding that is to be published as it
-- stands (the actor explained it and cannot correct it: two sources that count differently, a
-- figure already printed). Kept per finding's stable key with the finding's detail at the time
-- of acceptance: when the figures behind the finding change, the acceptance no longer holds.
CREATE TABLE finding_acceptance (
    cycle   TEXT NOT NULL,
    key     TEXT NOT NULL,
    detail  TEXT NOT NULL,
    who     TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (cycle, key)
);
