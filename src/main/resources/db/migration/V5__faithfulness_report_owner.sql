-- A running report is owned by one instance, which beats its heartbeat: instances sharing the
-- database no longer all resume every unfinished report at start-up (computing it twice), and
-- the report of an instance that died is taken over once its heartbeat is stale.
ALTER TABLE faithfulness_report ADD COLUMN owner VARCHAR(200);
ALTER TABLE faithfulness_report ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
