package awscollect

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

// credentialReportPolls bounds how often the collector asks for a credential
// report that is still being generated.
const credentialReportPolls = 10

func (c *collector) collectIAM(ctx context.Context) probes.IAMData {
	var d probes.IAMData
	var wg sync.WaitGroup
	wg.Go(func() {
		out, aerr := call(ctx, c, "iam:GetAccountPasswordPolicy", func(ctx context.Context) (*iam.GetAccountPasswordPolicyOutput, error) {
			return c.g.iam.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
		})
		switch {
		case isCode(aerr, "NoSuchEntity"):
		case aerr != nil:
			d.PasswordPolicyErr = aerr
		case out.PasswordPolicy != nil:
			p := out.PasswordPolicy
			d.PasswordPolicy = &probes.PasswordPolicy{
				MinimumLength: aws.ToInt32(p.MinimumPasswordLength), RequireUppercase: p.RequireUppercaseCharacters,
				RequireLowercase: p.RequireLowercaseCharacters, RequireNumbers: p.RequireNumbers, RequireSymbols: p.RequireSymbols,
				PasswordReusePrevention: aws.ToInt32(p.PasswordReusePrevention), MaxPasswordAge: aws.ToInt32(p.MaxPasswordAge),
				AllowUsersToChangePassword: p.AllowUsersToChangePassword, HardExpiry: aws.ToBool(p.HardExpiry),
			}
		}
	})
	wg.Go(func() {
		out, aerr := call(ctx, c, "iam:GetAccountSummary", func(ctx context.Context) (*iam.GetAccountSummaryOutput, error) {
			return c.g.iam.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
		})
		if aerr != nil {
			d.AccountSummaryErr = aerr
			return
		}
		d.AccountSummary = map[string]int32{}
		for k, v := range out.SummaryMap {
			d.AccountSummary[k] = v
		}
	})
	wg.Go(func() { d.CredentialReport, d.CredentialReportErr = c.credentialReport(ctx) })
	var policies []iamtypes.Policy
	wg.Go(func() {
		p := iam.NewListPoliciesPaginator(c.g.iam, &iam.ListPoliciesInput{OnlyAttached: true})
		d.ManagedPoliciesErr = paginate(ctx, c, "iam:ListPolicies", p, func(out *iam.ListPoliciesOutput) {
			policies = append(policies, out.Policies...)
		})
	})
	wg.Go(func() { d.Users, d.UsersErr = c.principals(ctx, true) })
	wg.Go(func() { d.Groups, d.GroupsErr = c.principals(ctx, false) })
	wg.Wait()

	d.ManagedPolicies = []probes.PolicyDocument{}
	if d.ManagedPoliciesErr == nil {
		d.ManagedPolicies, d.ManagedPoliciesErr = c.managedPolicies(ctx, policies, d.Users, d.Groups)
	}
	return d
}

// managedPolicies reads the default version of each managed policy attached
// to a user or group.
func (c *collector) managedPolicies(ctx context.Context, policies []iamtypes.Policy, users, groups []probes.IAMPrincipal) ([]probes.PolicyDocument, *probes.APIError) {
	used := map[string]bool{}
	for _, p := range append(slices.Clone(users), groups...) {
		for _, a := range p.AttachedPolicies {
			used[a] = true
		}
	}
	var wanted []iamtypes.Policy
	for _, p := range policies {
		if used[aws.ToString(p.Arn)] {
			wanted = append(wanted, p)
		}
	}
	docs := make([]probes.PolicyDocument, len(wanted))
	errs := make([]*probes.APIError, len(wanted))
	var wg sync.WaitGroup
	for i, p := range wanted {
		wg.Go(func() {
			out, aerr := call(ctx, c, "iam:GetPolicyVersion", func(ctx context.Context) (*iam.GetPolicyVersionOutput, error) {
				return c.g.iam.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: p.Arn, VersionId: p.DefaultVersionId})
			})
			docs[i] = probes.PolicyDocument{Name: aws.ToString(p.PolicyName), ARN: aws.ToString(p.Arn)}
			if aerr != nil {
				errs[i] = aerr
				return
			}
			if out.PolicyVersion != nil {
				docs[i].Document, errs[i] = decodeDocument("iam:GetPolicyVersion", aws.ToString(out.PolicyVersion.Document))
			}
		})
	}
	wg.Wait()
	out := []probes.PolicyDocument{}
	for i, d := range docs {
		if errs[i] == nil {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b probes.PolicyDocument) int { return strings.Compare(a.ARN, b.ARN) })
	return out, firstErr(errs)
}

// decodeDocument URL-decodes a policy document as IAM returns it.
func decodeDocument(op, s string) (string, *probes.APIError) {
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") {
		return t, nil // plain JSON, as some emulators answer; AWS sends "%7B..."
	}
	doc, err := url.QueryUnescape(s)
	if err != nil {
		return "", &probes.APIError{Operation: op, Code: "InvalidDocument", Message: "policy document is not URL-encoded: " + err.Error()}
	}
	return doc, nil
}

// principals lists users (users true) or groups with their group
// memberships and attached and inline policies.
func (c *collector) principals(ctx context.Context, users bool) ([]probes.IAMPrincipal, *probes.APIError) {
	var ps []probes.IAMPrincipal
	var aerr *probes.APIError
	if users {
		p := iam.NewListUsersPaginator(c.g.iam, &iam.ListUsersInput{})
		aerr = paginate(ctx, c, "iam:ListUsers", p, func(out *iam.ListUsersOutput) {
			for _, u := range out.Users {
				ps = append(ps, probes.IAMPrincipal{Name: aws.ToString(u.UserName), ARN: aws.ToString(u.Arn)})
			}
		})
	} else {
		p := iam.NewListGroupsPaginator(c.g.iam, &iam.ListGroupsInput{})
		aerr = paginate(ctx, c, "iam:ListGroups", p, func(out *iam.ListGroupsOutput) {
			for _, g := range out.Groups {
				ps = append(ps, probes.IAMPrincipal{Name: aws.ToString(g.GroupName), ARN: aws.ToString(g.Arn)})
			}
		})
	}
	var wg sync.WaitGroup
	for i := range ps {
		wg.Go(func() { c.principalDetails(ctx, users, &ps[i]) })
	}
	wg.Wait()
	// a user or group deleted while it was being read is no longer there
	ps = slices.DeleteFunc(ps, func(p probes.IAMPrincipal) bool { return isCode(p.Err, "NoSuchEntity") })
	if ps == nil {
		ps = []probes.IAMPrincipal{}
	}
	slices.SortFunc(ps, func(a, b probes.IAMPrincipal) int { return strings.Compare(a.Name, b.Name) })
	return ps, aerr
}

func (c *collector) principalDetails(ctx context.Context, user bool, p *probes.IAMPrincipal) {
	name := aws.String(p.Name)
	var errs [4]*probes.APIError
	var inlineNames []string
	if user {
		gp := iam.NewListGroupsForUserPaginator(c.g.iam, &iam.ListGroupsForUserInput{UserName: name})
		errs[0] = paginate(ctx, c, "iam:ListGroupsForUser", gp, func(out *iam.ListGroupsForUserOutput) {
			for _, g := range out.Groups {
				p.Groups = append(p.Groups, aws.ToString(g.GroupName))
			}
		})
		ap := iam.NewListAttachedUserPoliciesPaginator(c.g.iam, &iam.ListAttachedUserPoliciesInput{UserName: name})
		errs[1] = paginate(ctx, c, "iam:ListAttachedUserPolicies", ap, func(out *iam.ListAttachedUserPoliciesOutput) {
			for _, a := range out.AttachedPolicies {
				p.AttachedPolicies = append(p.AttachedPolicies, aws.ToString(a.PolicyArn))
			}
		})
		ip := iam.NewListUserPoliciesPaginator(c.g.iam, &iam.ListUserPoliciesInput{UserName: name})
		errs[2] = paginate(ctx, c, "iam:ListUserPolicies", ip, func(out *iam.ListUserPoliciesOutput) {
			inlineNames = append(inlineNames, out.PolicyNames...)
		})
	} else {
		ap := iam.NewListAttachedGroupPoliciesPaginator(c.g.iam, &iam.ListAttachedGroupPoliciesInput{GroupName: name})
		errs[1] = paginate(ctx, c, "iam:ListAttachedGroupPolicies", ap, func(out *iam.ListAttachedGroupPoliciesOutput) {
			for _, a := range out.AttachedPolicies {
				p.AttachedPolicies = append(p.AttachedPolicies, aws.ToString(a.PolicyArn))
			}
		})
		ip := iam.NewListGroupPoliciesPaginator(c.g.iam, &iam.ListGroupPoliciesInput{GroupName: name})
		errs[2] = paginate(ctx, c, "iam:ListGroupPolicies", ip, func(out *iam.ListGroupPoliciesOutput) {
			inlineNames = append(inlineNames, out.PolicyNames...)
		})
	}
	slices.Sort(inlineNames)
	op := "iam:GetGroupPolicy"
	if user {
		op = "iam:GetUserPolicy"
	}
	for _, pn := range inlineNames {
		var doc string
		var aerr *probes.APIError
		if user {
			var out *iam.GetUserPolicyOutput
			out, aerr = call(ctx, c, op, func(ctx context.Context) (*iam.GetUserPolicyOutput, error) {
				return c.g.iam.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: name, PolicyName: aws.String(pn)})
			})
			if aerr == nil {
				doc = aws.ToString(out.PolicyDocument)
			}
		} else {
			var out *iam.GetGroupPolicyOutput
			out, aerr = call(ctx, c, op, func(ctx context.Context) (*iam.GetGroupPolicyOutput, error) {
				return c.g.iam.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: name, PolicyName: aws.String(pn)})
			})
			if aerr == nil {
				doc = aws.ToString(out.PolicyDocument)
			}
		}
		if aerr == nil {
			doc, aerr = decodeDocument(op, doc)
		}
		if aerr != nil {
			errs[3] = cmpOr(errs[3], aerr)
			continue
		}
		p.InlinePolicies = append(p.InlinePolicies, probes.PolicyDocument{Name: pn, Document: doc})
	}
	slices.Sort(p.Groups)
	slices.Sort(p.AttachedPolicies)
	p.Err = firstErr(errs[:])
}

// credentialReport asks IAM for a credential report, polling
// GenerateCredentialReport with backoff until it says the report is
// COMPLETE, then reads it. IAM keeps a report for four hours; the snapshot
// records when it was generated.
func (c *collector) credentialReport(ctx context.Context) (*probes.CredentialReport, *probes.APIError) {
	delay := c.opts.pollDelay
	var last *probes.APIError
	for range credentialReportPolls {
		gen, aerr := call(ctx, c, "iam:GenerateCredentialReport", func(ctx context.Context) (*iam.GenerateCredentialReportOutput, error) {
			return c.g.iam.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		})
		switch {
		case isCode(aerr, "LimitExceeded", "LimitExceededException"):
			last = aerr // a report is already being generated
		case aerr != nil:
			return nil, aerr
		case gen.State != iamtypes.ReportStateTypeComplete && gen.State != "":
			last = &probes.APIError{Operation: "iam:GenerateCredentialReport", Code: "ReportInProgress",
				Message: "the credential report was still being generated (state " + string(gen.State) + ")"}
		default: // COMPLETE, or an answer without a state
			out, aerr := call(ctx, c, "iam:GetCredentialReport", func(ctx context.Context) (*iam.GetCredentialReportOutput, error) {
				return c.g.iam.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
			})
			if aerr == nil {
				rows, err := parseCredentialReport(out.Content)
				if err != nil {
					return nil, &probes.APIError{Operation: "iam:GetCredentialReport", Code: "InvalidReport", Message: err.Error()}
				}
				return &probes.CredentialReport{GeneratedAt: aws.ToTime(out.GeneratedTime).UTC(), Rows: rows}, nil
			}
			if !isCode(aerr, "ReportNotPresent", "ReportInProgress", "ReportExpired") {
				return nil, aerr
			}
			last = aerr
		}
		if err := sleep(ctx, delay); err != nil {
			return nil, toAPIError("iam:GenerateCredentialReport", err)
		}
		delay = min(2*delay, 5*time.Second)
	}
	return nil, last
}

// reportTime parses a credential report timestamp; N/A, no_information and
// not_supported give nil.
func reportTime(s string) (*time.Time, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "N/A", "no_information", "not_supported":
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("timestamp %q: %w", s, err)
	}
	t = t.UTC()
	return &t, nil
}

// parseCredentialReport reads the CSV credential report by column name.
func parseCredentialReport(content []byte) ([]probes.CredentialRow, error) {
	r := csv.NewReader(bytes.NewReader(content))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read credential report header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"user", "arn", "password_enabled", "mfa_active", "access_key_1_active", "access_key_2_active"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("credential report has no %q column", need)
		}
	}
	rows := []probes.CredentialRow{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read credential report: %w", err)
		}
		field := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		yes := func(name string) bool { return strings.EqualFold(strings.TrimSpace(field(name)), "true") }
		row := probes.CredentialRow{
			User: strings.TrimSpace(field("user")), ARN: strings.TrimSpace(field("arn")),
			PasswordEnabled:  yes("password_enabled"),
			MFAActive:        yes("mfa_active"),
			AccessKey1Active: yes("access_key_1_active"),
			AccessKey2Active: yes("access_key_2_active"),
		}
		for _, t := range []struct {
			name string
			dst  **time.Time
		}{
			{"user_creation_time", &row.UserCreation},
			{"password_last_used", &row.PasswordLastUsed},
			{"password_last_changed", &row.PasswordLastChanged},
			{"access_key_1_last_rotated", &row.AccessKey1Rotated},
			{"access_key_1_last_used_date", &row.AccessKey1LastUsed},
			{"access_key_2_last_rotated", &row.AccessKey2Rotated},
			{"access_key_2_last_used_date", &row.AccessKey2LastUsed},
		} {
			if *t.dst, err = reportTime(field(t.name)); err != nil {
				return nil, fmt.Errorf("credential report row %q, %s: %w", row.User, t.name, err)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
