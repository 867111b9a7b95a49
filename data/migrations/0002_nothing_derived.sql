-- hipaarisk schema, version 2: nothing derived is stored.
--
-- A probe run loses its per-status counts and its drift, which are
-- recomputed from the stored findings, and gains baseline_id: the earlier
-- run the user asked the comparison to be drawn against (--baseline), or 0
-- for the previous run of the same account. A run of an older file keeps the
-- comparison it showed: its baseline is the one its stored drift names.
--
-- The table is rebuilt rather than altered in place so that the snapshot
-- stays the last column; the copy happens before the final-assessment
-- guards are recreated, so runs of final assessments keep their baseline too.

CREATE TABLE probe_run_v2 (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    account_id    TEXT    NOT NULL DEFAULT '',
    regions       TEXT    NOT NULL DEFAULT '[]',
    started_at    TEXT    NOT NULL DEFAULT '',
    finished_at   TEXT    NOT NULL DEFAULT '',
    tool_version  TEXT    NOT NULL DEFAULT '',
    baseline_id   INTEGER NOT NULL DEFAULT 0,
    findings      BLOB    NOT NULL,
    snapshot      BLOB
);

INSERT INTO probe_run_v2 (id, assessment_id, account_id, regions, started_at, finished_at, tool_version,
                          baseline_id, findings, snapshot)
SELECT id, assessment_id, account_id, regions, started_at, finished_at, tool_version,
       coalesce(CASE WHEN json_valid(CAST(drift AS TEXT))
                     THEN json_extract(CAST(drift AS TEXT), '$.baseline.id') END, 0),
       findings, snapshot
FROM probe_run;

DROP TABLE probe_run;
ALTER TABLE probe_run_v2 RENAME TO probe_run;

CREATE INDEX probe_run_by_account ON probe_run (assessment_id, account_id, started_at, id);

CREATE TRIGGER probe_run_final_insert BEFORE INSERT ON probe_run
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER probe_run_final_update BEFORE UPDATE ON probe_run
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER probe_run_final_delete BEFORE DELETE ON probe_run
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
