-- hipaarisk schema, version 6: questions noted or flagged before they are
-- answered, carried-forward marks on the plan and on ratings, and review
-- marks.
--
-- An answer row may hold the empty value: the question is not answered yet,
-- but the user noted or flagged it. Scoring and completeness treat it as
-- unanswered. SQLite cannot change a CHECK constraint in place, so the
-- table is rebuilt and its final-assessment guards are created again.
--
-- Tracking and overrides copied from an earlier assessment carry the same
-- mark answers and inventories have, until the user reviews them.
--
-- A review mark records who reviewed something and when: a section of
-- questions confirmed as reviewed ('section', its id), or the cloud
-- decision ('cloud', 'not_used' or 'skipped') when the practice does not
-- use AWS or chose not to check it.

CREATE TABLE answer_v4 (
    assessment_id   INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    question_id     TEXT    NOT NULL,
    value           TEXT    NOT NULL CHECK (value IN ('', 'yes', 'partial', 'no', 'not_applicable', 'unknown')),
    note            TEXT    NOT NULL DEFAULT '',
    evidence        TEXT    NOT NULL DEFAULT '',
    flagged         INTEGER NOT NULL DEFAULT 0,
    decision        TEXT,
    carried_forward INTEGER NOT NULL DEFAULT 0,
    who             TEXT    NOT NULL DEFAULT '',
    at              TEXT    NOT NULL DEFAULT '',
    na_reason       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, question_id)
) WITHOUT ROWID;

INSERT INTO answer_v4 (assessment_id, question_id, value, note, evidence, flagged, decision, carried_forward, who, at, na_reason)
    SELECT assessment_id, question_id, value, note, evidence, flagged, decision, carried_forward, who, at, na_reason FROM answer;
DROP TABLE answer;
ALTER TABLE answer_v4 RENAME TO answer;

CREATE TRIGGER answer_final_insert BEFORE INSERT ON answer
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER answer_final_update BEFORE UPDATE ON answer
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER answer_final_delete BEFORE DELETE ON answer
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

ALTER TABLE tracking ADD COLUMN carried_forward INTEGER NOT NULL DEFAULT 0;
ALTER TABLE risk_override ADD COLUMN carried_forward INTEGER NOT NULL DEFAULT 0;

CREATE TABLE review (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('section', 'cloud')),
    key           TEXT    NOT NULL,
    who           TEXT    NOT NULL DEFAULT '',
    at            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, kind, key)
) WITHOUT ROWID;

CREATE TRIGGER review_final_insert BEFORE INSERT ON review
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER review_final_update BEFORE UPDATE ON review
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER review_final_delete BEFORE DELETE ON review
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
