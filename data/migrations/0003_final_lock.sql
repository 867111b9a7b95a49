-- The final status of an assessment is held in a table of its own. Rewriting
-- the assessment row (INSERT OR REPLACE deletes the old row without firing
-- its UPDATE or DELETE triggers) can no longer reopen a final assessment:
-- a locked id cannot be inserted again, the lock row cannot be changed or
-- removed, and every table that belongs to an assessment checks the lock.
-- Someone who drops these triggers with a generic SQLite tool is still
-- found out: reports recompute the digest of a final assessment, and the
-- audit log is replayed against the tables.

CREATE TABLE final_lock (
    assessment_id INTEGER PRIMARY KEY,
    digest        TEXT NOT NULL,
    at            TEXT NOT NULL
);
INSERT INTO final_lock (assessment_id, digest, at)
    SELECT id, digest, finalized_at FROM assessment WHERE status = 'final';

CREATE TRIGGER final_lock_no_update BEFORE UPDATE ON final_lock
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER final_lock_no_delete BEFORE DELETE ON final_lock
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER assessment_final_update;
DROP TRIGGER assessment_final_delete;
CREATE TRIGGER assessment_final_insert BEFORE INSERT ON assessment
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER assessment_final_update BEFORE UPDATE ON assessment
WHEN OLD.status = 'final' OR EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.id, NEW.id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER assessment_final_delete BEFORE DELETE ON assessment
WHEN OLD.status = 'final' OR EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER answer_final_insert;
DROP TRIGGER answer_final_update;
DROP TRIGGER answer_final_delete;
CREATE TRIGGER answer_final_insert BEFORE INSERT ON answer
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER answer_final_update BEFORE UPDATE ON answer
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER answer_final_delete BEFORE DELETE ON answer
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER asset_final_insert;
DROP TRIGGER asset_final_update;
DROP TRIGGER asset_final_delete;
CREATE TRIGGER asset_final_insert BEFORE INSERT ON asset
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER asset_final_update BEFORE UPDATE ON asset
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER asset_final_delete BEFORE DELETE ON asset
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER vendor_final_insert;
DROP TRIGGER vendor_final_update;
DROP TRIGGER vendor_final_delete;
CREATE TRIGGER vendor_final_insert BEFORE INSERT ON vendor
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER vendor_final_update BEFORE UPDATE ON vendor
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER vendor_final_delete BEFORE DELETE ON vendor
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER probe_run_final_insert;
DROP TRIGGER probe_run_final_update;
DROP TRIGGER probe_run_final_delete;
CREATE TRIGGER probe_run_final_insert BEFORE INSERT ON probe_run
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER probe_run_final_update BEFORE UPDATE ON probe_run
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER probe_run_final_delete BEFORE DELETE ON probe_run
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER risk_override_final_insert;
DROP TRIGGER risk_override_final_update;
DROP TRIGGER risk_override_final_delete;
CREATE TRIGGER risk_override_final_insert BEFORE INSERT ON risk_override
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER risk_override_final_update BEFORE UPDATE ON risk_override
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER risk_override_final_delete BEFORE DELETE ON risk_override
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER tracking_final_insert;
DROP TRIGGER tracking_final_update;
DROP TRIGGER tracking_final_delete;
CREATE TRIGGER tracking_final_insert BEFORE INSERT ON tracking
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER tracking_final_update BEFORE UPDATE ON tracking
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER tracking_final_delete BEFORE DELETE ON tracking
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

DROP TRIGGER suppression_final_insert;
DROP TRIGGER suppression_final_update;
DROP TRIGGER suppression_final_delete;
CREATE TRIGGER suppression_final_insert BEFORE INSERT ON suppression
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER suppression_final_update BEFORE UPDATE ON suppression
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER suppression_final_delete BEFORE DELETE ON suppression
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

-- The audit log stays append-only, and closed once the lock is set.
DROP TRIGGER audit_final_insert;
CREATE TRIGGER audit_final_insert BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
DROP TRIGGER audit_no_delete;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN EXISTS (SELECT 1 FROM assessment WHERE id = OLD.assessment_id)
  OR EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: audit rows cannot be deleted'); END;
