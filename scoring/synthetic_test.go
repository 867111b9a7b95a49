package scoring

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// syntheticChecks are probe check ids the synthetic bank links questions to.
var syntheticChecks = []string{
	"s3-bucket-public-access", "s3-bucket-default-encryption", "s3-bucket-versioning", "s3-bucket-access-logging",
	"cloudtrail-enabled-all-regions", "cloudtrail-log-file-validation", "logs-retention-six-years",
	"iam-root-mfa", "iam-user-console-mfa", "iam-password-policy", "iam-access-key-rotation", "iam-admin-policies",
	"kms-key-rotation", "ec2-ebs-volume-encryption", "ec2-security-group-admin-ports", "ec2-vpc-flow-logs",
	"rds-storage-encryption", "rds-public-access", "rds-backup-retention", "guardduty-enabled",
	"securityhub-enabled", "config-recorder-enabled", "backup-plans", "elbv2-tls-listeners", "aws-baa-accepted",
}

// syntheticBank builds a realistic bank of n questions over the whole
// reference table: 14 sections, 24 threats with profile modifiers, 60
// vulnerabilities, branching on a few questions, probe links on about half.
func syntheticBank(n int) *questionnaire.Bank {
	const nThreats, nVulns, nSections = 24, 60, 14
	b := &questionnaire.Bank{Version: "synthetic-1", Citations: testCitations}
	b.Sections = append(b.Sections, questionnaire.Section{ID: "profile", Title: "Practice profile", Profile: true})
	for s := range nSections {
		b.Sections = append(b.Sections, questionnaire.Section{ID: fmt.Sprintf("s%02d", s), Title: fmt.Sprintf("Section %d", s)})
	}
	modifiers := []string{"staff > 10", "remote_work", "uses_cloud", "cloud:aws", "portable_devices and remote_work", "not ehr_hosted"}
	for t := range nThreats {
		th := questionnaire.Threat{
			ID: fmt.Sprintf("threat-%02d", t), Name: fmt.Sprintf("Threat %d", t), Source: "adversarial",
			Likelihood: assessment.Levels[t%5], Impact: assessment.Levels[(t*3+2)%5],
		}
		if t%3 == 0 {
			th.Modifiers = append(th.Modifiers, questionnaire.Modifier{When: modifiers[t%len(modifiers)], Likelihood: 1, Reason: "Profile raises likelihood"})
		}
		if t%4 == 1 {
			th.Modifiers = append(th.Modifiers, questionnaire.Modifier{When: modifiers[(t+1)%len(modifiers)], Impact: -1, Reason: "Profile lowers impact"})
		}
		b.Threats = append(b.Threats, th)
	}
	b.Threats = append(b.Threats, questionnaire.Threat{ID: "vendor-breach", Name: "Breach at a vendor", Likelihood: mod, Impact: hi})
	for v := range nVulns {
		vu := questionnaire.Vulnerability{ID: fmt.Sprintf("vuln-%02d", v), Name: fmt.Sprintf("Weakness %d", v)}
		for k := range 1 + v%3 {
			vu.Threats = append(vu.Threats, fmt.Sprintf("threat-%02d", (v*5+k*7)%nThreats))
		}
		b.Vulnerabilities = append(b.Vulnerabilities, vu)
	}
	b.Vulnerabilities = append(b.Vulnerabilities, questionnaire.Vulnerability{ID: "no-baa", Name: "No BAA", Threats: []string{"vendor-breach"}})
	for k := range n {
		cits := []string{testCitations[k%len(testCitations)].Citation}
		if k%7 == 0 {
			cits = append(cits, testCitations[(k*3+1)%len(testCitations)].Citation)
		}
		showIf := ""
		switch {
		case k%25 == 0:
			showIf = "clearinghouse"
		case k%17 == 0:
			showIf = "uses_cloud"
		case k%29 == 0:
			showIf = "staff > 20"
		}
		var checks []string
		if k%2 == 0 {
			checks = append(checks, syntheticChecks[k/2%len(syntheticChecks)])
		}
		q := question(fmt.Sprintf("s%02d-q%03d", k*nSections/n, k), fmt.Sprintf("s%02d", k*nSections/n), cits,
			[]string{fmt.Sprintf("vuln-%02d", k%nVulns), fmt.Sprintf("vuln-%02d", (k*7+3)%nVulns)}, showIf, checks...)
		if k%5 == 0 {
			q.Guidance.Owner = "Practice manager"
		}
		b.Questions = append(b.Questions, q)
	}
	return b
}

// syntheticInput answers every question of b (a realistic mix), with
// nFindings probe findings, inventories, overrides and tracking. The same
// seed gives the same input.
func syntheticInput(b *questionnaire.Bank, nFindings int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 7))
	values := []assessment.AnswerValue{yes, yes, yes, yes, partial, no, unknown, na}
	in := Input{
		Bank: b,
		Profile: assessment.Profile{Providers: 4, Staff: 14, Locations: 2, EHRHosted: true,
			CloudServices: []string{"aws", "microsoft-365"}, RemoteWork: true, PortableDevices: true},
		Answers: make(map[string]assessment.Answer, len(b.Questions)),
		Config:  DefaultConfig(),
		Now:     sampleNow,
	}
	links := map[string][]string{}
	for _, q := range b.Questions {
		a := answer(q.ID, values[rng.IntN(len(values))])
		a.Flagged = rng.IntN(20) == 0
		if !q.Required && (a.Value == no || a.Value == partial) {
			a.Decision = &assessment.AddressableDecision{Kind: assessment.DecisionNotReasonable, Justification: "Too costly for two desks."}
		}
		in.Answers[q.ID] = a
		for _, c := range q.Checks {
			links[c] = append(links[c], q.ID)
		}
	}
	statuses := []assessment.Status{assessment.Pass, assessment.Pass, assessment.Fail, assessment.Fail, assessment.Error, assessment.NotAssessed}
	regions := []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1"}
	for i := range nFindings {
		check := syntheticChecks[i%len(syntheticChecks)]
		res := fmt.Sprintf("arn:aws:%s:%s:111122223333:resource/r-%04d", checkService[check], regions[i%len(regions)], i)
		switch check {
		case "s3-bucket-default-encryption", "s3-bucket-public-access":
			res = fmt.Sprintf("arn:aws:s3:::bucket-%04d", i)
		case "rds-storage-encryption":
			res = fmt.Sprintf("arn:aws:rds:us-east-1:111122223333:db:db-%04d", i)
		}
		var cits []string
		if qs := links[check]; len(qs) > 0 {
			q := b.Questions[questionIndex(b, qs[0])]
			cits = q.Citations
		}
		f := finding(check, regions[i%len(regions)], res, statuses[rng.IntN(len(statuses))], cits, links[check]...)
		if f.Status != assessment.Pass && f.Status != assessment.Fail {
			f.ErrorCode = "AccessDenied"
		}
		if f.Status == assessment.Fail && i%13 == 0 {
			f.Suppressed = &assessment.Suppression{CheckID: check, Reason: "accepted"}
		}
		in.Findings = append(in.Findings, f)
	}
	kinds := []string{"ehr", "server", "workstation", "laptop", "mobile", "removable_media", "backup"}
	encs := []assessment.Encryption{assessment.EncryptionYes, assessment.EncryptionYes, assessment.EncryptionNo, assessment.EncryptionUnknown}
	for i := range 30 {
		in.Assets = append(in.Assets, assessment.Asset{Name: fmt.Sprintf("Asset %02d", i), Kind: kinds[i%len(kinds)],
			HoldsEPHI: i%4 != 3, Encrypted: encs[i%len(encs)], EncryptionNote: "AES-256"})
	}
	for i := range 10 {
		in.Vendors = append(in.Vendors, assessment.Vendor{Name: fmt.Sprintf("Vendor %02d", i), Service: "service",
			HoldsEPHI: i%2 == 0, BAASigned: i%3 != 0})
	}
	in.Vendors = append(in.Vendors, assessment.Vendor{Name: "AWS", Service: "cloud", HoldsEPHI: true, BAASigned: true})
	a := Analyze(in)
	for i, r := range a.Risks {
		if i%5 == 0 {
			in.Overrides = append(in.Overrides, assessment.Override{RiskID: r.ID, Likelihood: assessment.Levels[i%5], Reason: "Reviewed", At: sampleNow.Add(-time.Duration(i) * time.Minute)})
		}
	}
	in.Overrides = append(in.Overrides, assessment.Override{RiskID: "R-gone-gone", Impact: lo, Reason: "Old"})
	for i, p := range a.Plan {
		if i%4 == 0 {
			in.Tracking = append(in.Tracking, assessment.Tracking{ItemID: p.ID, Owner: "Dana", Status: assessment.InProgress, At: sampleNow.Add(-time.Duration(i) * time.Minute)})
		}
	}
	in.Tracking = append(in.Tracking, assessment.Tracking{ItemID: "P-gone", Status: assessment.Done})
	return in
}

func questionIndex(b *questionnaire.Bank, id string) int {
	for i := range b.Questions {
		if b.Questions[i].ID == id {
			return i
		}
	}
	return -1
}
