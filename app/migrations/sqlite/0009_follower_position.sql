-- Where each running server has read the change log up to, so that what all of them have read can
-- be deleted (the log would otherwise grow with every change, forever).
CREATE TABLE follower_position (
    instance TEXT PRIMARY KEY NOT NULL,
    seq      BIGINT NOT NULL,
    seen_at  BIGINT NOT NULL
);
