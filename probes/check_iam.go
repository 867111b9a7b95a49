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

func evalConsoleMFA(e *evaluation, c Check) {
	r := e.report(c)
	if r == nil {
		return
	}
	var total int
	var without []string
	for _, row := range r.Rows {
		if row.User == rootUser || !row.PasswordEnabled {
			continue
		}
		total++
		if !row.MFAActive {
			without = append(without, row.User)
		}
	}
	switch {
	case total == 0:
		e.pass(c, GlobalRegion, e.account(), "no IAM user has a console password ("+e.reportAge(r)+")")
	case len(without) == 0:
		e.pass(c, GlobalRegion, e.account(), fmt.Sprintf("all %d console users use MFA (%s)", total, e.reportAge(r)))
	default:
		e.fail(c, GlobalRegion, e.account(), fmt.Sprintf("%d of %d console users without MFA: %s (%s)",
			len(without), total, joinLimited(without, 10), e.reportAge(r)))
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

func evalKeyRotation(e *evaluation, c Check) {
	r := e.report(c)
	if r == nil {
		return
	}
	var active int
	var old []string
	for _, row := range r.Rows {
		if row.User == rootUser {
			continue // root keys are a separate check
		}
		for _, k := range userKeys(row) {
			if !k.active {
				continue
			}
			active++
			switch {
			case k.rotated == nil:
				old = append(old, fmt.Sprintf("%s key %d (creation date unknown)", row.User, k.n))
			case e.now.Sub(*k.rotated) > staleAfter:
				old = append(old, fmt.Sprintf("%s key %d (%d days)", row.User, k.n, days(e.now.Sub(*k.rotated))))
			}
		}
	}
	if len(old) > 0 {
		e.fail(c, GlobalRegion, e.account(), fmt.Sprintf("%d of %d active access keys older than 90 days: %s (%s)",
			len(old), active, joinLimited(old, 10), e.reportAge(r)))
		return
	}
	e.pass(c, GlobalRegion, e.account(), fmt.Sprintf("all %d active access keys rotated within 90 days (%s)", active, e.reportAge(r)))
}

func evalUnusedCredentials(e *evaluation, c Check) {
	r := e.report(c)
	if r == nil {
		return
	}
	// stale describes a credential unused for 90+ days, or returns "".
	stale := func(what string, lastUsed, since *time.Time) string {
		switch {
		case lastUsed != nil && e.now.Sub(*lastUsed) >= staleAfter:
			return fmt.Sprintf("%s unused %d days", what, days(e.now.Sub(*lastUsed)))
		case lastUsed == nil && since != nil && e.now.Sub(*since) >= staleAfter:
			return fmt.Sprintf("%s never used in %d days", what, days(e.now.Sub(*since)))
		}
		return ""
	}
	var found []string
	var checked int
	for _, row := range r.Rows {
		if row.User == rootUser {
			continue
		}
		if row.PasswordEnabled {
			checked++
			since := row.PasswordLastChanged
			if since == nil {
				since = row.UserCreation
			}
			if s := stale("password", row.PasswordLastUsed, since); s != "" {
				found = append(found, row.User+" "+s)
			}
		}
		for _, k := range userKeys(row) {
			if !k.active {
				continue
			}
			checked++
			if s := stale(fmt.Sprintf("key %d", k.n), k.lastUsed, k.rotated); s != "" {
				found = append(found, row.User+" "+s)
			}
		}
	}
	if len(found) > 0 {
		e.fail(c, GlobalRegion, e.account(), fmt.Sprintf("%d credential(s) unused for 90+ days: %s (%s)",
			len(found), joinLimited(found, 10), e.reportAge(r)))
		return
	}
	e.pass(c, GlobalRegion, e.account(), fmt.Sprintf("all %d active passwords and keys used within 90 days (%s)", checked, e.reportAge(r)))
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
