-- A random name for this database, made once when the table is created. A server's start-up snapshot
-- (the facilities as of a change-log position, written next to the database) records it, and is used
-- only by a server whose database carries the same name: a snapshot taken of another database is never
-- served. A copy of the file (a backup) keeps the name; the snapshot's log position check tells those apart.
CREATE TABLE database_identity (
    only_row INTEGER PRIMARY KEY NOT NULL CHECK (only_row = 1),
    identity TEXT NOT NULL
);
INSERT INTO database_identity (only_row, identity) VALUES (1, lower(hex(randomblob(16))));
