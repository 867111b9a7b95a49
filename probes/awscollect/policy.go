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
// AWS's managed policy SecurityAudit also covers most calls but not all of
// AWS Backup's (plan listing, plan rules, restore-testing plans);
// SecurityAudit together with ViewOnlyAccess covers the plan listing, for
// accounts that prefer managed policies. A call a managed policy does not
// allow leaves its checks not_assessed with AccessDenied, never passed.
func Policy() []byte { return bytes.Clone(policyJSON) }
