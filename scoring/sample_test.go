package scoring

import (
	"slices"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Short names for the test data.
const (
	yes     = assessment.Yes
	no      = assessment.No
	partial = assessment.Partial
	na      = assessment.NotApplicable
	unknown = assessment.Unknown
	vl      = assessment.VeryLow
	lo      = assessment.Low
	mod     = assessment.Moderate
	hi      = assessment.High
	vh      = assessment.VeryHigh
)

var sampleNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// question builds a question, deriving Required from the reference table.
func question(id, section string, cits []string, vulns []string, showIf string, checks ...string) questionnaire.Question {
	q := questionnaire.Question{
		ID: id, Section: section, Citations: cits, Vulnerabilities: vulns, ShowIf: showIf, Checks: checks,
		Text: "Is the safeguard " + id + " in place?",
		Guidance: questionnaire.Guidance{
			Why: "Why " + id + " matters.", Good: "What good looks like for " + id + ".", IfNot: "What to do without " + id + ".",
			Action: "Put " + id + " in place.",
		},
	}
	for _, c := range cits {
		for _, row := range testCitations {
			if row.Citation == c {
				q.Safeguard = row.Safeguard
				q.Required = q.Required || row.Required
			}
		}
	}
	return q
}

// sampleBank is a small, realistic bank: a few sections, threats with
// profile modifiers, vulnerabilities and questions with branching.
func sampleBank() *questionnaire.Bank {
	qs := []questionnaire.Question{
		question("adm-risk-analysis", "adm", []string{"164.308(a)(1)(ii)(A)"}, []string{"no-risk-analysis"}, ""),
		question("adm-clearinghouse-isolated", "adm", []string{"164.308(a)(4)(ii)(A)"}, []string{"clearinghouse-not-isolated"}, "clearinghouse"),
		question("adm-backups", "adm", []string{"164.308(a)(7)(ii)(A)"}, []string{"no-backups"}, "", "backup-plans", "rds-backup-retention"),
		question("acc-unique-ids", "access", []string{"164.312(a)(2)(i)"}, []string{"weak-authentication"}, "", "iam-root-access-keys"),
		question("acc-mfa", "access", []string{"164.312(d)"}, []string{"weak-authentication"}, "", "iam-root-mfa", "iam-user-console-mfa"),
		question("acc-audit-logs", "access", []string{"164.312(b)"}, []string{"no-audit-logs"}, "", "cloudtrail-enabled-all-regions"),
		question("acc-encryption-at-rest", "access", []string{"164.312(a)(2)(iv)"}, []string{"unencrypted-devices"}, ""),
		question("dev-laptop-encryption", "devices", []string{"164.310(d)(2)(iii)"}, []string{"unencrypted-devices"}, "portable_devices"),
		question("ven-baa-signed", "vendors", []string{"164.308(b)(3)", "164.314(a)(2)(i)"}, []string{"missing-baa"}, "", "aws-baa-accepted"),
		question("cld-storage-encrypted", "cloud", []string{"164.312(a)(2)(iv)"}, []string{"unencrypted-cloud-storage"}, "uses_cloud", "s3-bucket-default-encryption", "rds-storage-encryption"),
		question("cld-no-public-storage", "cloud", []string{"164.308(a)(4)(ii)(B)"}, []string{"public-cloud-storage"}, "cloud:aws", "s3-bucket-public-access"),
		question("doc-retention", "docs", []string{"164.316(b)(2)(i)"}, []string{"no-audit-logs"}, ""),
	}
	qs[0].Guidance.Owner = "Security official"
	qs[4].Guidance.Owner = "IT support"
	qs[8].Guidance.Owner = "Office manager"
	return &questionnaire.Bank{
		Version: "test-1",
		Sections: []questionnaire.Section{
			{ID: "profile", Title: "Practice profile", Profile: true},
			{ID: "adm", Title: "Security management"},
			{ID: "access", Title: "Access to information"},
			{ID: "devices", Title: "Workstations and devices"},
			{ID: "vendors", Title: "Business associates"},
			{ID: "cloud", Title: "Cloud services"},
			{ID: "docs", Title: "Documentation"},
		},
		Questions: qs,
		Threats: []questionnaire.Threat{
			{ID: "ransomware", Name: "Ransomware", Source: "adversarial", Likelihood: hi, Impact: vh,
				Modifiers: []questionnaire.Modifier{{When: "staff > 10", Likelihood: 1, Reason: "More staff means more people who may open a malicious attachment"}}},
			{ID: "lost-device", Name: "Lost or stolen device", Source: "accidental", Likelihood: mod, Impact: hi,
				Modifiers: []questionnaire.Modifier{
					{When: "portable_devices", Likelihood: 1, Reason: "Laptops and phones hold patient information"},
					{When: "remote_work", Likelihood: 1, Reason: "Staff take devices home"},
				}},
			{ID: "insider-snooping", Name: "Staff looking at records they do not need", Source: "adversarial", Likelihood: mod, Impact: mod},
			{ID: "cloud-misconfiguration", Name: "Cloud misconfiguration", Source: "accidental", Likelihood: mod, Impact: vh,
				Modifiers: []questionnaire.Modifier{{When: "uses_cloud", Likelihood: 1, Reason: "The practice keeps data in the cloud"}}},
			{ID: "vendor-breach", Name: "Breach at a vendor", Source: "adversarial", Likelihood: mod, Impact: hi},
			{ID: "undetected-intrusion", Name: "Intrusion nobody notices", Source: "adversarial", Likelihood: mod, Impact: hi},
		},
		Vulnerabilities: []questionnaire.Vulnerability{
			{ID: "no-risk-analysis", Name: "No current risk analysis", Governance: true},
			{ID: "clearinghouse-not-isolated", Name: "Clearinghouse functions not separated", Threats: []string{"insider-snooping"}},
			{ID: "no-backups", Name: "No tested backups", Threats: []string{"ransomware"}},
			{ID: "weak-authentication", Name: "Weak sign-in", Threats: []string{"ransomware", "insider-snooping", "cloud-misconfiguration"}},
			{ID: "no-audit-logs", Name: "No audit logs", Threats: []string{"undetected-intrusion", "insider-snooping"}},
			{ID: "unencrypted-devices", Name: "Unencrypted devices", Threats: []string{"lost-device"}},
			{ID: "missing-baa", Name: "No business associate agreement", Threats: []string{"vendor-breach"}},
			{ID: "unencrypted-cloud-storage", Name: "Unencrypted cloud storage", Threats: []string{"cloud-misconfiguration"}},
			{ID: "public-cloud-storage", Name: "Cloud storage open to the internet", Threats: []string{"cloud-misconfiguration"}},
		},
		Citations: testCitations,
	}
}

func answer(id string, v assessment.AnswerValue) assessment.Answer {
	return assessment.Answer{QuestionID: id, Value: v, By: "Dana", At: sampleNow.Add(-time.Hour)}
}

func finding(check, region, resource string, st assessment.Status, cits []string, qs ...string) assessment.Finding {
	return assessment.Finding{
		ID: check + "|" + region + "|" + resource, CheckID: check, Title: "Check " + check, Status: st, Severity: assessment.HighSev,
		Resource: resource, Region: region, Reason: "observed state of " + resource, Citations: cits, Questions: qs,
		Remediation: "Fix " + check + ".",
	}
}

// sampleInput is a sample assessment of a small practice on sampleBank.
func sampleInput() Input {
	answers := map[string]assessment.Answer{}
	for _, a := range []assessment.Answer{
		answer("adm-risk-analysis", partial),
		answer("adm-backups", yes),
		answer("acc-unique-ids", yes),
		answer("acc-mfa", no),
		answer("acc-audit-logs", unknown),
		answer("acc-encryption-at-rest", yes),
		answer("dev-laptop-encryption", no),
		answer("ven-baa-signed", yes),
		answer("cld-storage-encrypted", yes),
		answer("cld-no-public-storage", na),
		answer("adm-clearinghouse-isolated", no), // hidden: must not count
	} {
		answers[a.QuestionID] = a
	}
	a := answers["acc-audit-logs"]
	a.Flagged, a.Note = true, "Ask the EHR vendor"
	answers["acc-audit-logs"] = a
	a = answers["dev-laptop-encryption"]
	a.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionAlternative, Justification: "Laptops stay in a locked room and hold no local records.",
		Alternative: "Laptops are locked in the records room overnight and open records only through the hosted EHR."}
	answers["dev-laptop-encryption"] = a

	sup := finding("s3-bucket-public-access", "us-east-1", "arn:aws:s3:::clinic-web", assessment.Fail, []string{"164.308(a)(3)(i)", "164.312(a)(1)"}, "cld-no-public-storage")
	sup.Suppressed = &assessment.Suppression{CheckID: "s3-bucket-public-access", Resource: "arn:aws:s3:::clinic-web", Reason: "Public website, no patient data"}
	denied := finding("cloudtrail-enabled-all-regions", "global", "111122223333", assessment.NotAssessed, []string{"164.308(a)(1)(ii)(D)", "164.312(b)"}, "acc-audit-logs")
	denied.ErrorCode = "AccessDeniedException"
	return Input{
		Bank: sampleBank(),
		Profile: assessment.Profile{
			Providers: 3, Staff: 12, Locations: 1, EHR: "ChartWell", EHRHosted: true,
			CloudServices: []string{"aws", "microsoft-365"}, RemoteWork: true, PortableDevices: true,
		},
		Answers: answers,
		Assets: []assessment.Asset{
			{Name: "Front desk PC", Kind: "workstation", HoldsEPHI: true, Encrypted: assessment.EncryptionYes, EncryptionNote: "BitLocker AES-256"},
			{Name: "Dr. Lee's laptop", Kind: "laptop", HoldsEPHI: true, Encrypted: assessment.EncryptionNo},
			{Name: "Backup drive", Kind: "removable_media", HoldsEPHI: true, Encrypted: assessment.EncryptionUnknown},
			{Name: "Printer", Kind: "other"},
		},
		Vendors: []assessment.Vendor{
			{Name: "Amazon Web Services", Service: "cloud hosting", HoldsEPHI: true, BAASigned: true, BAADate: "2025-03-01"},
			{Name: "Acme Billing", Service: "billing", HoldsEPHI: true},
			{Name: "Sparkle Cleaning", Service: "office cleaning"},
		},
		Findings: []assessment.Finding{
			finding("s3-bucket-default-encryption", "us-east-1", "arn:aws:s3:::clinic-scans", assessment.Fail, []string{"164.312(a)(2)(iv)", "164.312(e)(2)(ii)"}, "cld-storage-encrypted"),
			finding("s3-bucket-default-encryption", "us-east-1", "arn:aws:s3:::clinic-archive", assessment.Pass, []string{"164.312(a)(2)(iv)", "164.312(e)(2)(ii)"}, "cld-storage-encrypted"),
			finding("rds-storage-encryption", "us-east-1", "arn:aws:rds:us-east-1:111122223333:db:ehr-db", assessment.Fail, []string{"164.312(a)(2)(iv)"}),
			finding("iam-root-mfa", "global", "arn:aws:iam::111122223333:root", assessment.Pass, []string{"164.312(d)"}, "acc-mfa"),
			finding("aws-baa-accepted", "global", "111122223333", assessment.Fail, []string{"164.308(b)(1)", "164.308(b)(3)", "164.314(a)(2)(i)"}, "ven-baa-signed"),
			finding("ec2-ebs-volume-encryption", "us-east-1", "arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc", assessment.Error, []string{"164.312(a)(2)(iv)"}),
			sup, denied,
		},
		Overrides: []assessment.Override{
			{RiskID: "R-ransomware", Likelihood: lo, Reason: "The EHR vendor keeps offline copies we restored last month.", By: "Dana", At: sampleNow.Add(-2 * time.Hour)},
			{RiskID: "R-ransomware-no-risk-analysis", Impact: hi, Reason: "From last year's assessment.", By: "Dana", At: sampleNow.Add(-24 * time.Hour)},
		},
		Tracking: []assessment.Tracking{
			{ItemID: "P-missing-baa", Owner: "Office manager", Status: assessment.InProgress, Note: "Contract sent to Acme Billing.", By: "Dana", At: sampleNow.Add(-time.Hour)},
			{ItemID: "P-retired-item", Status: assessment.Done, By: "Dana", At: sampleNow.Add(-48 * time.Hour)},
		},
		Config: DefaultConfig(),
		Now:    sampleNow,
	}
}

// findRisk returns the risk with the given id.
func findRisk(a Analysis, id string) (Risk, bool) {
	i := slices.IndexFunc(a.Risks, func(r Risk) bool { return r.ID == id })
	if i < 0 {
		return Risk{}, false
	}
	return a.Risks[i], true
}

// findItem returns the plan item with the given id.
func findItem(a Analysis, id string) (PlanItem, bool) {
	i := slices.IndexFunc(a.Plan, func(p PlanItem) bool { return p.ID == id })
	if i < 0 {
		return PlanItem{}, false
	}
	return a.Plan[i], true
}

// riskIDs lists the register's risk ids.
func riskIDs(a Analysis) []string {
	ids := make([]string, len(a.Risks))
	for i, r := range a.Risks {
		ids[i] = r.ID
	}
	return ids
}
