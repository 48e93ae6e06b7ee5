-- School catchments (划片) per school year (caremap catchments import). A school's catchment of a year is
-- its shapes (each a GeoJSON MultiPolygon in WGS-84) and/or its list of communities. `multi_school` marks a
-- shape the bureau published as 多校划片, so that its overlaps with other schools are expected.
CREATE TABLE catchment_shape (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    year         INTEGER NOT NULL,
    school_id    TEXT NOT NULL,
    geometry     TEXT NOT NULL,
    multi_school BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX catchment_shape_year_school ON catchment_shape (year, school_id);

CREATE TABLE catchment_community (
    year           INTEGER NOT NULL,
    school_id      TEXT NOT NULL,
    community_code TEXT NOT NULL,
    PRIMARY KEY (year, school_id, community_code)
);

-- One row per year with data: the bureau's notice (authoritative) and whether the year is made up.
CREATE TABLE catchment_year (
    year        INTEGER PRIMARY KEY NOT NULL,
    source_url  TEXT,
    source_text TEXT,
    sample      BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  BIGINT NOT NULL
);
