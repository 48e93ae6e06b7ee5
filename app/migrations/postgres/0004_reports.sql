-- Residents' reports that a facility is full or its information wrong; its manager and the district see them.
CREATE TABLE report (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT NOT NULL,
    facility_id TEXT NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('full', 'wrong')),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_facility ON report (facility_id, id);
