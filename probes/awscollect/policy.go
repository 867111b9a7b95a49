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
// AWS's managed policies SecurityAudit and ViewOnlyAccess together cover
// most calls, for accounts that prefer managed policies, but they change
// over time and may miss some (AWS Backup's restore-testing plans,
// Inspector, Systems Manager patch states). A call a policy does not allow
// leaves its checks not_assessed with AccessDenied, never passed.
func Policy() []byte { return bytes.Clone(policyJSON) }
