-- The imported gazetteer (caremap places import): residential compounds (小区) and roads a family can
-- search from, beside the built-in subdistricts, communities and landmarks. Points in WGS-84. A name is
-- one place; an import adds or updates by name, or with --replace replaces the whole table. `sample`
-- marks the made-up sample loaded beside the sample facilities.
CREATE TABLE gazetteer_place (
    name           TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL,
    lat            REAL NOT NULL,
    lng            REAL NOT NULL,
    community_code TEXT,
    sample         BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at     BIGINT NOT NULL
);
