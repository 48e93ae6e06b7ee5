-- Work items: problems found online (reports, stale figures, services full too long, coverage gaps),
-- each with who must act and by when, closed on the ground. `open_key` names the problem while the
-- item is active (NULL once closed), so the scanner and repeated reports never open it twice.
CREATE TABLE work_item (
    id               BIGSERIAL PRIMARY KEY,
    kind             TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved', 'dismissed')),
    responsible      TEXT NOT NULL CHECK (responsible IN ('managers', 'district')),
    facility_id      TEXT REFERENCES facility (id) ON DELETE CASCADE,
    subject          TEXT NOT NULL DEFAULT '',
    subdistrict_code TEXT,
    community_code   TEXT,
    service          TEXT,
    reports          INTEGER NOT NULL DEFAULT 0,
    detail           TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    due_at           BIGINT NOT NULL,
    escalated_at     BIGINT,
    closed_at        BIGINT,
    note             TEXT NOT NULL DEFAULT '',
    open_key         TEXT UNIQUE
);
CREATE INDEX work_item_state ON work_item (state, due_at);
CREATE INDEX work_item_facility ON work_item (facility_id, state);

-- Every transition of every item: who, when, from, to, why.
CREATE TABLE work_item_event (
    id         BIGSERIAL PRIMARY KEY,
    item_id    BIGINT NOT NULL REFERENCES work_item (id) ON DELETE CASCADE,
    at         BIGINT NOT NULL,
    user_id    BIGINT,
    login      TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_item_event_item ON work_item_event (item_id, id);

-- Which work item a resident's report went into, so the facility page can say it was handled.
ALTER TABLE report ADD COLUMN work_item_id BIGINT REFERENCES work_item (id) ON DELETE SET NULL;

-- The plan's targets, one row per day and target: their trend.
CREATE TABLE plan_snapshot (
    day         TEXT NOT NULL,
    target      TEXT NOT NULL,
    numerator   BIGINT NOT NULL,
    denominator BIGINT NOT NULL,
    value       DOUBLE PRECISION,
    PRIMARY KEY (day, target)
);

-- Trends read the change history of a facility or of a period.
CREATE INDEX audit_log_at ON audit_log (at);
