-- hipaarisk schema, version 4: risk acceptance and completion on remediation
-- items, and the practice's risk tolerance.
--
-- An accepted item records why, who approved it and when the acceptance is
-- reviewed; a done item records when and what shows it, and the residual
-- level the practice assessed (0: not assessed, the computed level applies).
-- The risk tolerance is the highest level the practice accepts without
-- action (0: the default, Low).

ALTER TABLE tracking ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking ADD COLUMN approver TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking ADD COLUMN review TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking ADD COLUMN completed TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking ADD COLUMN residual INTEGER NOT NULL DEFAULT 0 CHECK (residual BETWEEN 0 AND 5);

ALTER TABLE assessment ADD COLUMN risk_tolerance INTEGER NOT NULL DEFAULT 0 CHECK (risk_tolerance BETWEEN 0 AND 5);
