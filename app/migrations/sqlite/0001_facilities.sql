-- Facilities (HSDS location + organisation), their services' capacity, holiday sessions.
CREATE TABLE facility (
    id               TEXT PRIMARY KEY NOT NULL,
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    ownership        TEXT,
    status           TEXT NOT NULL DEFAULT 'open',
    subdistrict_code TEXT,
    community_code   TEXT,
    parent_id        TEXT,
    address          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    lat              REAL NOT NULL,
    lng              REAL NOT NULL,
    hours            TEXT NOT NULL DEFAULT '',
    age_min          INTEGER,
    age_max          INTEGER,
    grade_min        INTEGER,
    grade_max        INTEGER,
    fees             TEXT,
    accessibility    TEXT,
    sample           BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX facility_subdistrict ON facility (subdistrict_code);

CREATE TABLE service_capacity (
    facility_id TEXT NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
    service     TEXT NOT NULL,
    available   INTEGER NOT NULL CHECK (available >= 0),
    maximum     INTEGER NOT NULL CHECK (maximum >= 0),
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    CHECK (available <= maximum),
    PRIMARY KEY (facility_id, service)
);

CREATE TABLE holiday_session (
    facility_id TEXT NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    grade_min   INTEGER NOT NULL,
    grade_max   INTEGER NOT NULL,
    PRIMARY KEY (facility_id, seq)
);

-- Every write appends the facilities it touched; each running server follows this log to keep its
-- in-memory index in step with writes made elsewhere (another instance, `caremap import`).
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id TEXT NOT NULL,
    at          BIGINT NOT NULL
);
