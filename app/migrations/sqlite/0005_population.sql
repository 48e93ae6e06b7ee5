-- Residents per community by the age groups that services are planned for (caremap population import).
-- lat/lng (WGS-84) replace the community's approximate point when the file gives one.
CREATE TABLE community_population (
    community_code TEXT PRIMARY KEY NOT NULL,
    lat            REAL,
    lng            REAL,
    age_0_2        INTEGER NOT NULL CHECK (age_0_2 >= 0),
    age_3_5        INTEGER NOT NULL CHECK (age_3_5 >= 0),
    age_6_11       INTEGER NOT NULL CHECK (age_6_11 >= 0),
    age_12_14      INTEGER NOT NULL CHECK (age_12_14 >= 0),
    age_60_plus    INTEGER NOT NULL CHECK (age_60_plus >= 0),
    age_80_plus    INTEGER NOT NULL CHECK (age_80_plus >= 0),
    updated_at     BIGINT NOT NULL,
    sample         BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((lat IS NULL) = (lng IS NULL))
);
