//! The statements of a batch (see `batch`). Every one is a fixed text, whatever the batch's size: each
//! is prepared once per connection.

use crate::ssr::store::rows::{CapacityRow, capacity_columns};

/// The figure as it is.
pub(super) const READ: &str =
    concat!("SELECT ", capacity_columns!(), " FROM service_capacity WHERE facility_id = $1 AND service = $2");
/// The figure as it is, its row locked (a no-op UPDATE: PostgreSQL's row lock).
pub(super) const LOCK: &str = concat!(
    "UPDATE service_capacity SET version = version WHERE facility_id = $1 AND service = $2 RETURNING ",
    capacity_columns!()
);
/// New figures, checked against the figure as read: written only if it is still that one.
pub(super) const SET_IF: &str = concat!(
    "UPDATE service_capacity SET available = $3, maximum = $4, updated_at = $5, version = version + 1 \
     WHERE facility_id = $1 AND service = $2 AND version = $6 AND available = $7 AND maximum = $8 \
     AND updated_at = $9 RETURNING ",
    capacity_columns!()
);

/// The set-wise statements of a batch, each taking its rows as one JSON array (`$1`) of arrays: a fixed
/// text whatever the batch's size, so it is prepared once per connection, and one statement (one round
/// trip) for many changes. Per database only the table function that reads the array differs; both
/// yield columns `value` (one element) and `key` (its position).
pub(super) struct BatchSql {
    /// How its transaction begins.
    pub begin: &'static str,
    /// ±n on figures, one per (facility, service) — `[facility, service, delta, now]` each — where the
    /// figure stays within 0..=maximum (compared in 64 bits: a huge delta cannot overflow). Returns the
    /// rows written; a change without one did not fit (or has no figure) and is looked at on its own.
    pub deltas: &'static str,
    /// The figures as they are, for `[facility, service, …]` each (the ±n that were not written).
    pub current: &'static str,
    /// Audit rows, `[at, user_id, login, via, facility, service, field, old, new]` each, in order.
    pub audit: &'static str,
    /// Change-log rows, `[facility, at]` each, in order.
    pub log: &'static str,
}

macro_rules! audit_sql {
    ($rows:literal) => {
        concat!(
            "INSERT INTO audit_log (at, user_id, login, via, facility_id, service, field, old_value, new_value) \
             SELECT CAST(value ->> 0 AS BIGINT), CAST(value ->> 1 AS BIGINT), value ->> 2, value ->> 3, \
             value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM ",
            $rows,
            " ORDER BY key"
        )
    };
}

macro_rules! log_sql {
    ($rows:literal) => {
        concat!(
            "INSERT INTO change_log (facility_id, at) SELECT value ->> 0, CAST(value ->> 1 AS BIGINT) FROM ",
            $rows,
            " ORDER BY key"
        )
    };
}

/// SQLite: the audit rows (`$1`) and the change-log rows (`$2`) in one round trip to the connection's
/// thread — sqlx runs the statements of one text in turn, and `$N` names the same argument in each.
/// (PostgreSQL takes one statement per text with arguments: it runs `audit`, then `log`.)
pub(super) const SQLITE_AUDIT_AND_LOG: &str = concat!(audit_sql!("json_each($1)"), "; ", log_sql!("json_each($2)"));

macro_rules! batch_sql {
    ($begin:literal, $rows:literal) => {
        BatchSql {
            begin: $begin,
            deltas: concat!(
                "UPDATE service_capacity SET available = available + j.d, updated_at = j.t, version = version + 1 \
                 FROM (SELECT value ->> 0 AS f, value ->> 1 AS s, CAST(value ->> 2 AS INTEGER) AS d, \
                 CAST(value ->> 3 AS BIGINT) AS t FROM ",
                $rows,
                ") AS j WHERE facility_id = j.f AND service = j.s \
                 AND available + CAST(j.d AS BIGINT) BETWEEN 0 AND maximum RETURNING ",
                capacity_columns!()
            ),
            current: concat!(
                "SELECT ",
                capacity_columns!(),
                " FROM service_capacity JOIN (SELECT value ->> 0 AS f, value ->> 1 AS s FROM ",
                $rows,
                ") AS j ON facility_id = j.f AND service = j.s"
            ),
            audit: audit_sql!($rows),
            log: log_sql!($rows),
        }
    };
}

/// PostgreSQL, a batch of ±n on as many figures (the usual batch) in one statement, so in one round
/// trip and its own (autocommit) transaction: the `deltas` UPDATE, from the rows it wrote their audit
/// and change-log rows; it returns those rows (`written`) and the figures it did not write, as they are.
pub(super) const PG_DELTAS_AT_ONCE: &str = concat!(
    "WITH j AS (SELECT value ->> 0 AS f, value ->> 1 AS s, CAST(value ->> 2 AS INTEGER) AS d, \
     CAST(value ->> 3 AS BIGINT) AS t, CAST(value ->> 4 AS BIGINT) AS u, value ->> 5 AS login, value ->> 6 AS via, \
     key FROM json_array_elements(CAST($1 AS JSON)) WITH ORDINALITY AS e(value, key)), \
     w AS (UPDATE service_capacity c SET available = c.available + j.d, updated_at = j.t, version = c.version + 1 \
     FROM j WHERE c.facility_id = j.f AND c.service = j.s AND c.available + CAST(j.d AS BIGINT) BETWEEN 0 AND c.maximum \
     RETURNING c.facility_id, c.service, c.available, c.maximum, c.updated_at, c.version, j.d, j.t, j.u, j.login, \
     j.via, j.key), \
     a AS (INSERT INTO audit_log (at, user_id, login, via, facility_id, service, field, old_value, new_value) \
     SELECT t, u, login, via, facility_id, service, 'available', CAST(available - d AS TEXT), CAST(available AS TEXT) \
     FROM w ORDER BY key), \
     l AS (INSERT INTO change_log (facility_id, at) SELECT facility_id, t FROM w ORDER BY key) \
     SELECT TRUE AS written, ",
    capacity_columns!(),
    " FROM w UNION ALL SELECT FALSE, ",
    capacity_columns!(),
    " FROM service_capacity JOIN j ON facility_id = j.f AND service = j.s \
     WHERE NOT EXISTS (SELECT 1 FROM w WHERE w.facility_id = j.f AND w.service = j.s)"
);

/// A figure [`PG_DELTAS_AT_ONCE`] returns: written by it, or as it is.
#[derive(sqlx::FromRow)]
pub(super) struct Figure {
    pub written: bool,
    #[sqlx(flatten)]
    pub row: CapacityRow,
}

pub(super) const SQLITE: BatchSql = batch_sql!("BEGIN IMMEDIATE", "json_each($1)");
pub(super) const POSTGRES: BatchSql =
    batch_sql!("BEGIN", "json_array_elements(CAST($1 AS JSON)) WITH ORDINALITY AS e(value, key)");
