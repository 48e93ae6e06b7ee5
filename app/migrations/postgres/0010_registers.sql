-- How each facility's point was found (surveyed, geocoded, community, subdistrict): registers without
-- coordinates are placed approximately and fixed by hand on /admin.
ALTER TABLE facility ADD COLUMN location_basis TEXT NOT NULL DEFAULT 'surveyed';
CREATE INDEX facility_location_basis ON facility (location_basis);

-- A register uploaded on /admin, kept until it is applied or discarded (or a day old), so that what
-- the dry run showed is exactly what is applied, from any instance.
CREATE TABLE register_upload (
    id       TEXT PRIMARY KEY NOT NULL,
    at       BIGINT NOT NULL,
    login    TEXT NOT NULL,
    filename TEXT NOT NULL,
    options  TEXT NOT NULL,
    content  BYTEA NOT NULL
);
