-- hipaarisk schema, version 1.
--
-- Times are stored as fixed-width UTC text (2006-01-02T15:04:05.000000000Z) so
-- that text order is time order; '' means "not set".
--
-- Two kinds of guard live in the schema itself, so that they hold even for
-- someone editing the file with a generic SQLite tool:
--   * once an assessment is final, no row that belongs to it may be inserted,
--     changed or deleted;
--   * audit rows are append-only. They disappear only together with their
--     draft assessment: the audit delete guard lets a row go once its
--     assessment row no longer exists, which is the case while the foreign key
--     cascade of DELETE FROM assessment runs.

CREATE TABLE assessment (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    practice     TEXT    NOT NULL CHECK (practice <> ''),
    assessor     TEXT    NOT NULL DEFAULT '',
    scope        TEXT    NOT NULL DEFAULT '',
    profile      TEXT    NOT NULL DEFAULT '{}',
    bank_version TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    finalized_at TEXT    NOT NULL DEFAULT '',
    digest       TEXT    NOT NULL DEFAULT '',
    copied_from  INTEGER NOT NULL DEFAULT 0,
    -- head of the audit hash chain: number and hash of the newest audit row
    audit_seq    INTEGER NOT NULL DEFAULT 0,
    audit_head   TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE answer (
    assessment_id   INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    question_id     TEXT    NOT NULL,
    value           TEXT    NOT NULL CHECK (value IN ('yes', 'partial', 'no', 'not_applicable', 'unknown')),
    note            TEXT    NOT NULL DEFAULT '',
    evidence        TEXT    NOT NULL DEFAULT '',
    flagged         INTEGER NOT NULL DEFAULT 0,
    decision        TEXT,   -- JSON of the addressable decision, NULL when none
    carried_forward INTEGER NOT NULL DEFAULT 0,
    who             TEXT    NOT NULL DEFAULT '',
    at              TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, question_id)
) WITHOUT ROWID;

CREATE TABLE asset (
    id              INTEGER PRIMARY KEY,
    assessment_id   INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL DEFAULT '',
    location        TEXT    NOT NULL DEFAULT '',
    owner           TEXT    NOT NULL DEFAULT '',
    holds_ephi      INTEGER NOT NULL DEFAULT 0,
    encrypted       TEXT    NOT NULL DEFAULT '',
    encryption_note TEXT    NOT NULL DEFAULT '',
    notes           TEXT    NOT NULL DEFAULT '',
    carried_forward INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX asset_by_assessment ON asset (assessment_id, id);

CREATE TABLE vendor (
    id              INTEGER PRIMARY KEY,
    assessment_id   INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    service         TEXT    NOT NULL DEFAULT '',
    holds_ephi      INTEGER NOT NULL DEFAULT 0,
    baa_signed      INTEGER NOT NULL DEFAULT 0,
    baa_date        TEXT    NOT NULL DEFAULT '',
    notes           TEXT    NOT NULL DEFAULT '',
    carried_forward INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX vendor_by_assessment ON vendor (assessment_id, id);

-- One row per probe run. The findings are one JSON array per run: they are
-- always written and read as a whole. The snapshot is the last column so that
-- reading the other columns never walks its overflow pages.
CREATE TABLE probe_run (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    account_id    TEXT    NOT NULL DEFAULT '',
    regions       TEXT    NOT NULL DEFAULT '[]',
    started_at    TEXT    NOT NULL DEFAULT '',
    finished_at   TEXT    NOT NULL DEFAULT '',
    tool_version  TEXT    NOT NULL DEFAULT '',
    counts        TEXT    NOT NULL DEFAULT '{}',
    drift         BLOB,
    findings      BLOB    NOT NULL,
    snapshot      BLOB
);
CREATE INDEX probe_run_by_account ON probe_run (assessment_id, account_id, started_at, id);

CREATE TABLE risk_override (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    risk_id       TEXT    NOT NULL,
    likelihood    INTEGER NOT NULL DEFAULT 0 CHECK (likelihood BETWEEN 0 AND 5),
    impact        INTEGER NOT NULL DEFAULT 0 CHECK (impact BETWEEN 0 AND 5),
    reason        TEXT    NOT NULL CHECK (trim(reason) <> ''),
    who           TEXT    NOT NULL DEFAULT '',
    at            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, risk_id)
) WITHOUT ROWID;

CREATE TABLE tracking (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    item_id       TEXT    NOT NULL,
    owner         TEXT    NOT NULL DEFAULT '',
    due           TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'accepted')),
    note          TEXT    NOT NULL DEFAULT '',
    who           TEXT    NOT NULL DEFAULT '',
    at            TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, item_id)
) WITHOUT ROWID;

CREATE TABLE suppression (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    check_id      TEXT    NOT NULL,
    resource      TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    expires       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, check_id, resource)
) WITHOUT ROWID;

CREATE TABLE audit (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    at            TEXT    NOT NULL,
    who           TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    target        TEXT    NOT NULL,
    old_value     TEXT    NOT NULL,
    new_value     TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, seq)
) WITHOUT ROWID;

-- Final assessments are read-only.
CREATE TRIGGER assessment_final_update BEFORE UPDATE ON assessment
WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER assessment_final_delete BEFORE DELETE ON assessment
WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER answer_final_insert BEFORE INSERT ON answer
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER answer_final_update BEFORE UPDATE ON answer
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER answer_final_delete BEFORE DELETE ON answer
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER asset_final_insert BEFORE INSERT ON asset
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER asset_final_update BEFORE UPDATE ON asset
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER asset_final_delete BEFORE DELETE ON asset
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER vendor_final_insert BEFORE INSERT ON vendor
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER vendor_final_update BEFORE UPDATE ON vendor
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER vendor_final_delete BEFORE DELETE ON vendor
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER probe_run_final_insert BEFORE INSERT ON probe_run
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER probe_run_final_update BEFORE UPDATE ON probe_run
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER probe_run_final_delete BEFORE DELETE ON probe_run
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER risk_override_final_insert BEFORE INSERT ON risk_override
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER risk_override_final_update BEFORE UPDATE ON risk_override
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER risk_override_final_delete BEFORE DELETE ON risk_override
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER tracking_final_insert BEFORE INSERT ON tracking
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER tracking_final_update BEFORE UPDATE ON tracking
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER tracking_final_delete BEFORE DELETE ON tracking
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

CREATE TRIGGER suppression_final_insert BEFORE INSERT ON suppression
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER suppression_final_update BEFORE UPDATE ON suppression
WHEN (SELECT status FROM assessment WHERE id IN (OLD.assessment_id, NEW.assessment_id) AND status = 'final') IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER suppression_final_delete BEFORE DELETE ON suppression
WHEN (SELECT status FROM assessment WHERE id = OLD.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;

-- The audit log is append-only.
CREATE TRIGGER audit_final_insert BEFORE INSERT ON audit
WHEN (SELECT status FROM assessment WHERE id = NEW.assessment_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'hipaarisk: audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN EXISTS (SELECT 1 FROM assessment WHERE id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: audit rows cannot be deleted'); END;
