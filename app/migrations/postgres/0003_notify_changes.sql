-- Wake every CareMap instance as soon as a change is committed (NOTIFY is delivered at commit).
-- The payload is the change's sequence number; instances still read the log itself, so a
-- notification lost while an instance was reconnecting costs nothing but a moment.
CREATE FUNCTION caremap_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('caremap_changes', NEW.seq::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
    FOR EACH ROW EXECUTE FUNCTION caremap_notify_change();
