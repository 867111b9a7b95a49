package awscollect

import (
	"bytes"
	_ "embed"
)

//go:embed policy.json
var policyJSON []byte

// Policy returns the least-privilege IAM policy (JSON) that allows exactly
// the read calls the probes make. Attach it to the user or role that runs
// the probes.
//
// AWS's managed policy SecurityAudit also covers every call except AWS
// Backup's plan listing; SecurityAudit together with ViewOnlyAccess covers
// them all, for accounts that prefer managed policies.
func Policy() []byte { return bytes.Clone(policyJSON) }
