-- An administrator's password reset leaves a temporary password that must be changed at the next sign-in.
ALTER TABLE app_user ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
