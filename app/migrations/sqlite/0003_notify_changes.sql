-- PostgreSQL's 0003 adds a NOTIFY trigger on change_log. SQLite has no notifications: a single
-- process (or several on one file) follows the log by polling, so there is nothing to add here.
SELECT 1;
