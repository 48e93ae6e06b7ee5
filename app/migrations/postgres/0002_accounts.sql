-- Accounts, who manages what, machine tokens, and the audit trail of every change.
CREATE TABLE app_user (
    id            BIGSERIAL PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('district_admin', 'facility_manager')),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE user_facility (
    user_id     BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    facility_id TEXT NOT NULL REFERENCES facility (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, facility_id)
);
CREATE INDEX user_facility_facility ON user_facility (facility_id);

-- Only a hash of each token is kept; the token itself is shown once, when created.
CREATE TABLE api_token (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT NOT NULL,
    user_id     BIGINT,
    login       TEXT NOT NULL,
    via         TEXT NOT NULL,
    facility_id TEXT NOT NULL,
    service     TEXT,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX audit_log_facility ON audit_log (facility_id, id);
