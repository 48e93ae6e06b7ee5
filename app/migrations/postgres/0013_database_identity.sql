-- A random name for this database, made once when the table is created. A server's start-up snapshot
-- (the facilities as of a change-log position) records it, and is used only by a server whose database
-- carries the same name: a snapshot taken of another database is never served. A copy (pg_dump and
-- restore) keeps the name; the snapshot's log position check tells those apart.
CREATE TABLE database_identity (
    only_row INTEGER PRIMARY KEY NOT NULL CHECK (only_row = 1),
    identity TEXT NOT NULL
);
-- md5 of random input rather than gen_random_uuid(): the latter is core only from PostgreSQL 13.
INSERT INTO database_identity (only_row, identity) VALUES (1, md5(random()::text || clock_timestamp()::text));
