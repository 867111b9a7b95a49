package probes

import (
	"fmt"
	"strings"
	"time"
)

const (
	rootUser          = "<root_account>"
	staleAfter        = 90 * 24 * time.Hour
	codeNoSuchEntity  = "NoSuchEntity"
	adminAccessSuffix = ":iam::aws:policy/AdministratorAccess"
)

// report returns the credential report, or reports why it is missing.
func (e *evaluation) report(c Check) *CredentialReport {
	iam := e.s.IAM
	if iam.CredentialReportErr != nil || iam.CredentialReport == nil {
		e.unread(c, GlobalRegion, e.account(), iam.CredentialReportErr, "the IAM credential report")
		return nil
	}
	return iam.CredentialReport
}

func (e *evaluation) reportAge(r *CredentialReport) string {
	return "report generated " + age(e.now, r.GeneratedAt) + " ago"
}

func rootRow(r *CredentialReport) *CredentialRow {
	for i := range r.Rows {
		if r.Rows[i].User == rootUser {
			return &r.Rows[i]
		}
	}
	return nil
}

// rootFromSummary evaluates a root check from the account summary when the
// credential report or its root row is missing (some emulators leave the
// root out). It returns false when the summary cannot answer either.
func (e *evaluation) rootFromSummary(c Check, key string, fails func(int32) bool, failReason, passReason string) bool {
	iam := e.s.IAM
	if iam.CredentialReport != nil && iam.CredentialReportErr == nil && rootRow(iam.CredentialReport) != nil {
		return false
	}
	v, ok := iam.AccountSummary[key]
	if iam.AccountSummaryErr != nil || !ok {
		return false
	}
	if fails(v) {
		e.fail(c, GlobalRegion, e.account(), failReason+" (account summary)")
	} else {
		e.pass(c, GlobalRegion, e.account(), passReason+" (account summary)")
	}
	return true
}

func evalRootKeys(e *evaluation, c Check) {
	if e.rootFromSummary(c, "AccountAccessKeysPresent", func(v int32) bool { return v > 0 }, "root has an active access key", "root has no access key") {
		return
	}
	r := e.report(c)
	if r == nil {
		return
	}
	root := rootRow(r)
	if root == nil {
		e.unread(c, GlobalRegion, e.account(), nil, "the "+rootUser+" row of the credential report")
		return
	}
	var keys []string
	for _, k := range userKeys(*root) {
		switch {
		case !k.active:
		case k.lastUsed != nil:
			keys = append(keys, fmt.Sprintf("key %d last used %s", k.n, day(*k.lastUsed)))
		default:
			keys = append(keys, fmt.Sprintf("key %d never used", k.n))
		}
	}
	if len(keys) > 0 {
		e.fail(c, GlobalRegion, e.account(), fmt.Sprintf("root has %d active access key(s): %s (%s)", len(keys), strings.Join(keys, ", "), e.reportAge(r)))
		return
	}
	e.pass(c, GlobalRegion, e.account(), "root has no active access key ("+e.reportAge(r)+")")
}

func evalRootMFA(e *evaluation, c Check) {
	if e.rootFromSummary(c, "AccountMFAEnabled", func(v int32) bool { return v == 0 }, "root MFA off", "root MFA on") {
		return
	}
	r := e.report(c)
	if r == nil {
		return
	}
	root := rootRow(r)
	switch {
	case root == nil:
		e.unread(c, GlobalRegion, e.account(), nil, "the "+rootUser+" row of the credential report")
	case root.MFAActive:
		e.pass(c, GlobalRegion, e.account(), "root MFA on ("+e.reportAge(r)+")")
	default:
		e.fail(c, GlobalRegion, e.account(), "root MFA off ("+e.reportAge(r)+")")
	}
}

// userARN is the resource of a finding about one IAM user.
func (e *evaluation) userARN(row CredentialRow) string {
	if row.ARN != "" {
		return row.ARN
	}
	return fmt.Sprintf("arn:%s:iam::%s:user/%s", e.partition(), e.s.AccountID, row.User)
}

// keyResource is the resource of a finding about one access key: the user's
// ARN followed by the credential report's key slot, such as
// arn:aws:iam::123456789012:user/alice/access-key-1.
func (e *evaluation) keyResource(row CredentialRow, k accessKey) string {
	return fmt.Sprintf("%s/access-key-%d", e.userARN(row), k.n)
}

// users returns the credential report's rows other than root's.
func users(r *CredentialReport) []CredentialRow {
	out := make([]CredentialRow, 0, len(r.Rows))
	for _, row := range r.Rows {
		if row.User != rootUser {
			out = append(out, row)
		}
	}
	return out
}

// evalConsoleMFA reports every user with a console password; an account
// without any gets one account-level pass saying so.
func evalConsoleMFA(e *evaluation, c Check) {
	r := e.report(c)
	if r == nil {
		return
	}
	var n int
	for _, row := range users(r) {
		if !row.PasswordEnabled {
			continue
		}
		n++
		if row.MFAActive {
			e.pass(c, GlobalRegion, e.userARN(row), row.User+" signs in to the console with MFA ("+e.reportAge(r)+")")
		} else {
			e.fail(c, GlobalRegion, e.userARN(row), row.User+" has a console password without MFA ("+e.reportAge(r)+")")
		}
	}
	if n == 0 {
		e.pass(c, GlobalRegion, e.account(), "no IAM user has a console password ("+e.reportAge(r)+")")
	}
}

// accessKey is one of the two access key slots of a credential report row.
type accessKey struct {
	n                 int
	active            bool
	rotated, lastUsed *time.Time
}

func userKeys(row CredentialRow) []accessKey {
	return []accessKey{
		{1, row.AccessKey1Active, row.AccessKey1Rotated, row.AccessKey1LastUsed},
		{2, row.AccessKey2Active, row.AccessKey2Rotated, row.AccessKey2LastUsed},
	}
}

// evalKeyRotation reports every active access key of every user (root's
// keys are a check of their own).
func evalKeyRotation(e *evaluation, c Check) {
	r := e.report(c)
	if r == nil {
		return
	}
	var n int
	for _, row := range users(r) {
		for _, k := range userKeys(row) {
			if !k.active {
				continue
			}
			n++
			res := e.keyResource(row, k)
			what := fmt.Sprintf("%s key %d", row.User, k.n)
			switch {
			case k.rotated == nil:
				e.fail(c, GlobalRegion, res, fmt.Sprintf("%s: creation date unknown (%s)", what, e.reportAge(r)))
			case e.now.Sub(*k.rotated) > staleAfter:
				e.fail(c, GlobalRegion, res, fmt.Sprintf("%s created %d days ago, on %s (%s)", what, days(e.now.Sub(*k.rotated)), day(*k.rotated), e.reportAge(r)))
			default:
				e.pass(c, GlobalRegion, res, fmt.Sprintf("%s created %d days ago (%s)", what, days(e.now.Sub(*k.rotated)), e.reportAge(r)))
			}
		}
	}
	if n == 0 {
		e.pass(c, GlobalRegion, e.account(), "no IAM user has an active access key ("+e.reportAge(r)+")")
	}
}

// evalUnusedCredentials reports every console password (resource: the
// user) and every active access key (resource: the key).
func evalUnusedCredentials(e *evaluation, c Check) {
	r := e.report(c)
	if r == nil {
		return
	}
	// judge reports one credential: unused for 90+ days fails.
	judge := func(res, what string, lastUsed, since *time.Time) {
		switch {
		case lastUsed != nil && e.now.Sub(*lastUsed) >= staleAfter:
			e.fail(c, GlobalRegion, res, fmt.Sprintf("%s unused for %d days (%s)", what, days(e.now.Sub(*lastUsed)), e.reportAge(r)))
		case lastUsed == nil && since != nil && e.now.Sub(*since) >= staleAfter:
			e.fail(c, GlobalRegion, res, fmt.Sprintf("%s never used in %d days (%s)", what, days(e.now.Sub(*since)), e.reportAge(r)))
		case lastUsed != nil:
			e.pass(c, GlobalRegion, res, fmt.Sprintf("%s last used %s (%s)", what, day(*lastUsed), e.reportAge(r)))
		case since == nil:
			e.unread(c, GlobalRegion, res, nil, what+" last use or creation date (the credential report has neither)")
		default:
			e.pass(c, GlobalRegion, res, fmt.Sprintf("%s not used yet, created less than 90 days ago (%s)", what, e.reportAge(r)))
		}
	}
	var n int
	for _, row := range users(r) {
		if row.PasswordEnabled {
			n++
			since := row.PasswordLastChanged
			if since == nil {
				since = row.UserCreation
			}
			judge(e.userARN(row), row.User+" console password", row.PasswordLastUsed, since)
		}
		for _, k := range userKeys(row) {
			if k.active {
				n++
				judge(e.keyResource(row, k), fmt.Sprintf("%s key %d", row.User, k.n), k.lastUsed, k.rotated)
			}
		}
	}
	if n == 0 {
		e.pass(c, GlobalRegion, e.account(), "no IAM user has a console password or an active access key ("+e.reportAge(r)+")")
	}
}

func evalPasswordPolicy(e *evaluation, c Check) {
	iam := e.s.IAM
	if err := readErr(iam.PasswordPolicyErr, codeNoSuchEntity); err != nil {
		e.unread(c, GlobalRegion, e.account(), err, "the password policy")
		return
	}
	p := iam.PasswordPolicy
	if p == nil {
		e.fail(c, GlobalRegion, e.account(), "no password policy set: AWS default policy (8 characters, no character classes, no reuse limit)")
		return
	}
	var weak []string
	if p.MinimumLength < 14 {
		weak = append(weak, fmt.Sprintf("minimum length %d (need 14)", p.MinimumLength))
	}
	if p.PasswordReusePrevention < 24 {
		weak = append(weak, fmt.Sprintf("remembers %d previous passwords (need 24)", p.PasswordReusePrevention))
	}
	for _, cl := range []struct {
		name string
		req  bool
	}{{"upper case", p.RequireUppercase}, {"lower case", p.RequireLowercase}, {"numbers", p.RequireNumbers}, {"symbols", p.RequireSymbols}} {
		if !cl.req {
			weak = append(weak, cl.name+" not required")
		}
	}
	if len(weak) > 0 {
		e.fail(c, GlobalRegion, e.account(), "password policy too weak: "+strings.Join(weak, ", "))
		return
	}
	e.pass(c, GlobalRegion, e.account(), fmt.Sprintf("minimum length %d, remembers %d passwords, all character classes required",
		p.MinimumLength, p.PasswordReusePrevention))
}

func evalAdminPolicies(e *evaluation, c Check) {
	iam := e.s.IAM
	if iam.UsersErr != nil {
		e.unread(c, GlobalRegion, e.account(), iam.UsersErr, "the IAM users")
		return
	}
	managed := map[string]PolicyDocument{}
	for _, p := range iam.ManagedPolicies {
		managed[p.ARN] = p
	}
	if len(iam.Users) == 0 {
		e.pass(c, GlobalRegion, e.account(), "the account has no IAM user")
		return
	}
	groups := map[string]*IAMPrincipal{}
	for i := range iam.Groups {
		groups[iam.Groups[i].Name] = &iam.Groups[i]
	}
	for i := range iam.Users {
		u := &iam.Users[i]
		var grants []string
		var unknown *APIError
		var unknownWhat string
		miss := func(err *APIError, what string) {
			if unknownWhat == "" {
				unknown, unknownWhat = err, what
			}
		}
		inspect := func(p *IAMPrincipal, via string) {
			for _, arn := range p.AttachedPolicies {
				if strings.HasSuffix(arn, adminAccessSuffix) {
					grants = append(grants, "AdministratorAccess (AWS managed)"+via)
					continue
				}
				doc, ok := managed[arn]
				if !ok {
					miss(iam.ManagedPoliciesErr, "managed policy "+arn)
					continue
				}
				if adminDoc(doc, miss) {
					grants = append(grants, "policy "+doc.Name+via)
				}
			}
			for _, doc := range p.InlinePolicies {
				if adminDoc(doc, miss) {
					grants = append(grants, "inline policy "+doc.Name+via)
				}
			}
		}
		if u.Err != nil {
			e.unread(c, GlobalRegion, u.ARN, u.Err, "the policies of user "+u.Name)
			continue
		}
		inspect(u, "")
		for _, gname := range u.Groups {
			g := groups[gname]
			switch {
			case g == nil:
				miss(iam.GroupsErr, "group "+gname)
			case g.Err != nil:
				miss(g.Err, "the policies of group "+gname)
			default:
				inspect(g, " through group "+gname)
			}
		}
		switch {
		case len(grants) > 0:
			e.fail(c, GlobalRegion, u.ARN, "full administrator access: "+strings.Join(grants, ", "))
		case unknownWhat != "":
			e.unread(c, GlobalRegion, u.ARN, unknown, unknownWhat)
		default:
			e.pass(c, GlobalRegion, u.ARN, "no full-access policy attached directly or through groups")
		}
	}
}

// adminDoc reports whether a policy document grants administrator-like
// access; a document that cannot be parsed is reported through miss.
func adminDoc(doc PolicyDocument, miss func(*APIError, string)) bool {
	p, err := parsePolicy(doc.Document)
	if err != nil {
		miss(nil, "policy "+doc.Name+" (not valid policy JSON)")
		return false
	}
	return len(p.adminStatements()) > 0
}
