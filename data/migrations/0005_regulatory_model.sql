-- The regulatory model of question bank 2026.12.
--
-- * answer.na_reason: the written reason for answering a required standard or
--   specification not applicable. The addressable decision stays one JSON
--   value in answer.decision; it now also holds the alternative measure, who
--   decided and the day.
-- * recognized_practice: the recognized security frameworks the practice
--   follows (HITECH Act section 13412), one row per framework, with the day
--   it started following it. Like every table that belongs to an assessment,
--   it is closed once the assessment's final lock is set.

ALTER TABLE answer ADD COLUMN na_reason TEXT NOT NULL DEFAULT '';

CREATE TABLE recognized_practice (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    framework     TEXT    NOT NULL CHECK (framework <> ''),
    since         TEXT    NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    note          TEXT    NOT NULL DEFAULT '',
    who           TEXT    NOT NULL DEFAULT '',
    at            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, framework)
) WITHOUT ROWID;

CREATE TRIGGER recognized_practice_final_insert BEFORE INSERT ON recognized_practice
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER recognized_practice_final_update BEFORE UPDATE ON recognized_practice
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER recognized_practice_final_delete BEFORE DELETE ON recognized_practice
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
