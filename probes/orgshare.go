package probes

import "slices"

// ShareOrganizationAnalyzers gives each account of an organization scan
// what the organization's IAM Access Analyzer analyzer says about it. AWS
// shows an organization analyzer only in the account that owns it (the
// management or delegated administrator account), so a member account
// covered by it would otherwise look unwatched. In every region where a
// member has no active external-access analyzer of its own, the
// organization's analyzer is added to its analyzers, named as such, with
// the findings on the member's own resources when the owner's read
// included them; otherwise the findings stay unread, never empty.
func ShareOrganizationAnalyzers(snaps []*Snapshot) {
	type orgAnalyzer struct {
		Analyzer
		owner    string
		findings []AccessFinding // nil: not read
		err      *APIError
	}
	byRegion := map[string]orgAnalyzer{}
	for _, s := range snaps {
		for _, r := range s.Regional {
			for _, a := range r.Analyzers {
				if a.Type != "ORGANIZATION" || !a.ExternalAccess() {
					continue
				}
				o := orgAnalyzer{Analyzer: a, owner: s.AccountID}
				if r.ExternalAccessAnalyzer == a.ARN {
					o.findings, o.err = r.ExternalAccess, r.ExternalAccessErr
				}
				byRegion[r.Region] = o
			}
		}
	}
	for _, s := range snaps {
		for i := range s.Regional {
			r := &s.Regional[i]
			o, ok := byRegion[r.Region]
			if !ok || o.owner == s.AccountID || r.Analyzers == nil || slices.ContainsFunc(r.Analyzers, Analyzer.ExternalAccess) {
				continue
			}
			a := o.Analyzer
			a.Account = o.owner
			r.Analyzers = append(r.Analyzers, a)
			r.ExternalAccessAnalyzer, r.ExternalAccess, r.ExternalAccessErr = a.ARN, nil, o.err
			if o.findings == nil || o.err != nil {
				continue
			}
			r.ExternalAccess = []AccessFinding{}
			for _, f := range o.findings {
				if f.ResourceOwner == s.AccountID {
					r.ExternalAccess = append(r.ExternalAccess, f)
				}
			}
		}
	}
}
