package awscollect

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/hipaarisk/hipaarisk/probes"
	"golang.org/x/sync/semaphore"
)

// DefaultRole is the name of the read-only role that an organization scan
// assumes in each member account.
const DefaultRole = "HipaariskReadOnly"

// OrgOptions configure an organization scan.
type OrgOptions struct {
	Role     string   // role to assume in each member account; default DefaultRole
	Accounts []string // account ids to scan; empty: every active account
}

// CollectOrg lists the accounts of the organization whose management
// account the configured credentials belong to, assumes the role in each
// member account, and reads them all concurrently under one limit on the
// calls in flight (opts.Concurrency). The management account itself is
// read with the configured credentials. It returns one snapshot per
// account, sorted by account id; an account whose role cannot be assumed
// gets a snapshot with only AccessErr set. CollectOrg fails when it cannot
// start or cannot list the accounts.
func CollectOrg(ctx context.Context, opts Options, org OrgOptions) ([]*probes.Snapshot, error) {
	opts = opts.withDefaults()
	if org.Role == "" {
		org.Role = DefaultRole
	}
	cfg, custom, err := loadConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := checkCredentials(ctx, cfg); err != nil {
		return nil, err
	}
	sem := semaphore.NewWeighted(int64(opts.Concurrency))
	opts.Progress = serialised(opts.Progress)
	mgmt := &collector{opts: opts, cfg: cfg, custom: custom, g: newGlobalClients(cfg, custom), sem: sem}
	id, err := mgmt.identify(ctx)
	if err != nil {
		return nil, fatal(ctx, err)
	}
	accounts, aerr := mgmt.orgAccounts(ctx, organizations.NewFromConfig(cfg))
	if aerr != nil {
		return nil, fmt.Errorf("list the organization's accounts (%s): %s: %s", aerr.Operation, aerr.Code, aerr.Message)
	}
	if len(org.Accounts) > 0 {
		accounts = slices.DeleteFunc(accounts, func(a string) bool { return !slices.Contains(org.Accounts, a) })
	}
	partition := "aws"
	if p := partitionOf(aws.ToString(id.Arn)); p != "" {
		partition = p
	}
	out := make([]*probes.Snapshot, len(accounts))
	var wg sync.WaitGroup
	for i, acct := range accounts {
		wg.Go(func() {
			if acct == aws.ToString(id.Account) {
				out[i] = mgmt.collectOrFail(ctx, id, acct)
				return
			}
			out[i] = mgmt.collectMember(ctx, acct, fmt.Sprintf("arn:%s:iam::%s:role/%s", partition, acct, org.Role))
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	probes.ShareOrganizationAnalyzers(out)
	return out, nil
}

// orgAccounts lists the organization's active accounts, sorted.
func (c *collector) orgAccounts(ctx context.Context, client *organizations.Client) ([]string, *probes.APIError) {
	var ids []string
	aerr := paginate(ctx, c, "organizations:ListAccounts", organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{}),
		func(out *organizations.ListAccountsOutput) {
			for _, a := range out.Accounts {
				state := string(a.State)
				if state == "" {
					state = string(a.Status) //nolint:staticcheck // endpoints that predate State send only Status
				}
				if state == "" || state == "ACTIVE" {
					ids = append(ids, aws.ToString(a.Id))
				}
			}
		})
	slices.Sort(ids)
	return slices.Compact(ids), aerr
}

// collectMember assumes the role in one member account and reads it.
func (c *collector) collectMember(ctx context.Context, account, roleARN string) *probes.Snapshot {
	cfg := c.cfg.Copy()
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(c.cfg), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "hipaarisk-probe"
	})
	cfg.Credentials = aws.NewCredentialsCache(provider)
	if _, aerr := call(ctx, c, "sts:AssumeRole", func(ctx context.Context) (aws.Credentials, error) {
		return cfg.Credentials.Retrieve(ctx)
	}); aerr != nil {
		return c.unreadable(account, aerr)
	}
	m := &collector{opts: c.opts, cfg: cfg, custom: c.custom, g: newGlobalClients(cfg, c.custom), sem: c.sem}
	id, aerr := call(ctx, m, "sts:GetCallerIdentity", func(ctx context.Context) (*sts.GetCallerIdentityOutput, error) {
		return m.g.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	})
	if aerr != nil {
		return c.unreadable(account, aerr)
	}
	return m.collectOrFail(ctx, id, account)
}

// collectOrFail reads one account; a failure to read it at all (only a
// cancelled context can cause one) is recorded on the snapshot.
func (c *collector) collectOrFail(ctx context.Context, id *sts.GetCallerIdentityOutput, account string) *probes.Snapshot {
	snap, err := c.collect(ctx, id)
	if err != nil {
		return c.unreadable(account, toAPIError("collect", err))
	}
	return snap
}

// unreadable is the snapshot of an account that could not be read.
func (c *collector) unreadable(account string, aerr *probes.APIError) *probes.Snapshot {
	now := c.opts.Clock().UTC()
	return &probes.Snapshot{SchemaVersion: probes.SnapshotSchemaVersion, Provider: "aws", AccountID: account, Partition: "aws",
		StartedAt: now, FinishedAt: now, ToolVersion: c.opts.ToolVersion, Regions: []string{}, AccessErr: aerr}
}

// serialised makes progress callbacks from several accounts' collectors
// never overlap.
func serialised(f func(Progress)) func(Progress) {
	if f == nil {
		return nil
	}
	var mu sync.Mutex
	return func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		f(p)
	}
}

func partitionOf(a string) string {
	var parts [3]string
	n := 0
	start := 0
	for i := 0; i < len(a) && n < 3; i++ {
		if a[i] == ':' {
			parts[n] = a[start:i]
			n++
			start = i + 1
		}
	}
	if n < 2 || parts[0] != "arn" {
		return ""
	}
	return parts[1]
}

// orgPolicy is an IAM policy document.
type orgPolicy struct {
	Version   string         `json:"Version"`
	Statement []orgStatement `json:"Statement"`
}

type orgStatement struct {
	Sid       string            `json:"Sid"`
	Effect    string            `json:"Effect"`
	Action    any               `json:"Action"`
	Resource  string            `json:"Resource,omitempty"`
	Principal map[string]string `json:"Principal,omitempty"`
}

// OrgPolicies returns, as one JSON document, what an organization scan
// needs: the management account's policy (the probes' reads for the
// management account itself, listing the accounts, and assuming the role),
// the member role's permissions (the probes' reads) and the member role's
// trust policy (the management account may assume it). managementAccount
// may be "" to leave a placeholder.
func OrgPolicies(role, managementAccount string) ([]byte, error) {
	if role == "" {
		role = DefaultRole
	}
	if managementAccount == "" {
		managementAccount = "MANAGEMENT_ACCOUNT_ID"
	}
	var read orgPolicy
	if err := json.Unmarshal(policyJSON, &read); err != nil {
		return nil, fmt.Errorf("read policy.json: %w", err)
	}
	mgmt := read
	mgmt.Statement = append(slices.Clone(read.Statement),
		orgStatement{Sid: "HipaariskListAccounts", Effect: "Allow", Action: orgOperations["organizations:ListAccounts"], Resource: "*"},
		orgStatement{Sid: "HipaariskAssumeReadOnlyRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/" + role})
	trust := orgPolicy{Version: "2012-10-17", Statement: []orgStatement{{Sid: "HipaariskManagementAccount", Effect: "Allow",
		Action: "sts:AssumeRole", Principal: map[string]string{"AWS": "arn:aws:iam::" + managementAccount + ":root"}}}}
	b, err := json.MarshalIndent(map[string]any{
		"managementAccountPolicy": mgmt,
		"memberRole":              map[string]any{"name": role, "permissionsPolicy": read, "trustPolicy": trust},
	}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode the organization policies: %w", err)
	}
	return append(b, '\n'), nil
}
