-- hipaarisk schema, version 7: Terraform plan checks attached to an
-- assessment as evidence that the practice checks its infrastructure
-- before deploying it. A plan check records what was checked (the plan
-- file's name and SHA-256, the Terraform version) and the findings; it is
-- evidence of a pipeline control, not of the live account, so it never
-- feeds the live findings, drift or the register.

CREATE TABLE plan_check (
    id                INTEGER PRIMARY KEY,
    assessment_id     INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    file              TEXT    NOT NULL,
    plan_sha256       TEXT    NOT NULL,
    terraform_version TEXT    NOT NULL DEFAULT '',
    checked_at        TEXT    NOT NULL,
    tool_version      TEXT    NOT NULL DEFAULT '',
    findings          BLOB    NOT NULL
);
CREATE INDEX plan_check_assessment ON plan_check (assessment_id);

CREATE TRIGGER plan_check_final_insert BEFORE INSERT ON plan_check
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = NEW.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER plan_check_final_update BEFORE UPDATE ON plan_check
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id IN (OLD.assessment_id, NEW.assessment_id))
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
CREATE TRIGGER plan_check_final_delete BEFORE DELETE ON plan_check
WHEN EXISTS (SELECT 1 FROM final_lock WHERE assessment_id = OLD.assessment_id)
BEGIN SELECT RAISE(ABORT, 'hipaarisk: assessment is final'); END;
