package scoring

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// awsOperates is what AWS runs and secures for every service, its side of
// the shared responsibility model.
var awsOperates = []string{
	"Physical security of the data centres",
	"Server, storage and network hardware",
	"The virtualization layer and the host operating systems",
	"The network that links AWS data centres",
	"Keeping the service itself running and available",
}

// awsControl is one safeguard the practice configures on a service, with the
// probe checks that give evidence of it.
type awsControl struct {
	name   string
	checks []string
}

// awsService is a service with its practice-side safeguards.
type awsService struct {
	key, name string
	controls  []awsControl
}

// Names of the practice-side safeguards.
const (
	ctlEncryptionAtRest = "Encryption at rest"
	ctlKeys             = "Key management"
	ctlIAM              = "Access control and MFA"
	ctlLogging          = "Logging and retention"
	ctlMonitoring       = "Threat and configuration monitoring"
	ctlPatching         = "Patching and vulnerability scanning"
	ctlBackups          = "Backups and recovery"
	ctlNetwork          = "Network exposure"
	ctlSharing          = "Sharing outside the account"
	ctlTransit          = "Encryption in transit"
	ctlBAA              = "Business associate agreement"
	ctlReadable         = "Read access for the risk analysis"
	ctlDataDiscovery    = "Knowing where ePHI is stored"
)

// awsServices lists the services the analysis knows, in report order. The
// "aws" entry is the account itself.
var awsServices = []awsService{
	{"aws", "AWS account", []awsControl{{ctlBAA, []string{checkAWSBAA}}, {ctlReadable, []string{assessment.CheckAWSAccountReadable}}}},
	{"iam", "AWS Identity and Access Management", []awsControl{{ctlIAM, []string{
		assessment.CheckIAMRootAccessKeys, assessment.CheckIAMRootMFA, assessment.CheckIAMUserConsoleMFA, assessment.CheckIAMPasswordPolicy,
		assessment.CheckIAMAccessKeyRotation, assessment.CheckIAMUnusedCredentials, assessment.CheckIAMAdminPolicies}}}},
	{"access-analyzer", "IAM Access Analyzer", []awsControl{
		{ctlMonitoring, []string{assessment.CheckAccessAnalyzerEnabled}},
		{ctlSharing, []string{assessment.CheckAccessAnalyzerExternalAccess}},
	}},
	{"s3", "Amazon S3", []awsControl{
		{ctlEncryptionAtRest, []string{assessment.CheckS3BucketDefaultEncryption}},
		{ctlNetwork, []string{assessment.CheckS3AccountPublicAccessBlock, assessment.CheckS3BucketPublicAccess}},
		{ctlTransit, []string{assessment.CheckS3BucketSecureTransport}},
		{ctlLogging, []string{assessment.CheckS3BucketAccessLogging}},
		{ctlBackups, []string{assessment.CheckS3BucketVersioning}},
		{ctlDataDiscovery, []string{assessment.CheckMacieEnabled}},
	}},
	{"ec2", "Amazon EC2 and EBS", []awsControl{
		{ctlEncryptionAtRest, []string{assessment.CheckEC2EBSDefaultEncryption, assessment.CheckEC2EBSVolumeEncryption}},
		{ctlNetwork, []string{assessment.CheckEC2SecurityGroupAdminPorts, assessment.CheckEC2EBSSnapshotPublic, assessment.CheckEC2InstanceIMDSv2}},
		{ctlLogging, []string{assessment.CheckEC2VPCFlowLogs}},
		{ctlPatching, []string{assessment.CheckSSMPatchCompliance, assessment.CheckInspectorEnabled, assessment.CheckInspectorCriticalFindings}},
	}},
	{"rds", "Amazon RDS", []awsControl{
		{ctlEncryptionAtRest, []string{assessment.CheckRDSStorageEncryption}},
		{ctlNetwork, []string{assessment.CheckRDSPublicAccess, assessment.CheckRDSSnapshotPublic}},
		{ctlBackups, []string{assessment.CheckRDSBackupRetention, assessment.CheckRDSMultiAZ}},
	}},
	{"kms", "AWS Key Management Service", []awsControl{{ctlKeys, []string{assessment.CheckKMSKeyRotation}}}},
	{"cloudtrail", "AWS CloudTrail", []awsControl{
		{ctlLogging, []string{assessment.CheckCloudTrailEnabledAllRegions, assessment.CheckCloudTrailLogFileValidation, assessment.CheckCloudTrailS3DataEvents, assessment.CheckCloudTrailCloudwatchDelivery,
			assessment.CheckCloudTrailImmutableLogs}},
		{ctlEncryptionAtRest, []string{assessment.CheckCloudTrailKMSEncryption}},
	}},
	{"logs", "Amazon CloudWatch Logs", []awsControl{{ctlLogging, []string{assessment.CheckLogsRetentionSixYears}}}},
	{"guardduty", "Amazon GuardDuty", []awsControl{{ctlMonitoring, []string{assessment.CheckGuardDutyEnabled, assessment.CheckGuardDutyHighFindings}}}},
	{"securityhub", "AWS Security Hub", []awsControl{{ctlMonitoring, []string{assessment.CheckSecurityHubEnabled}}}},
	{"config", "AWS Config", []awsControl{{ctlMonitoring, []string{assessment.CheckConfigRecorderEnabled}}}},
	{"backup", "AWS Backup", []awsControl{{ctlBackups, []string{assessment.CheckBackupPlans, assessment.CheckBackupCrossCopy,
		assessment.CheckBackupVaultLock, assessment.CheckBackupRestoreTesting}}}},
	{"elbv2", "Elastic Load Balancing", []awsControl{
		{ctlTransit, []string{assessment.CheckELBv2TLSListeners}},
		{ctlNetwork, []string{assessment.CheckWAFv2WebACL}},
		{ctlLogging, []string{assessment.CheckELBv2AccessLogs, assessment.CheckWAFv2Logging}},
	}},
	{"acm", "AWS Certificate Manager", []awsControl{{ctlTransit, []string{assessment.CheckACMCertificateExpiry}}}},
}

// checkService maps a check id to the key of its service in awsServices.
var checkService = func() map[string]string {
	m := make(map[string]string)
	for _, s := range awsServices {
		for _, c := range s.controls {
			for _, id := range c.checks {
				m[id] = s.key
			}
		}
	}
	return m
}()

// sharedResponsibility lists, for each AWS service the practice uses (the
// account when the profile names aws, services named in the profile, and
// services seen in findings), what AWS operates and what the practice must
// configure, with a status per practice-side safeguard:
//   - a failed finding (suppressed or not: accepting a gap does not close
//     it): not met;
//   - otherwise passes only: met;
//   - otherwise a finding that could not be evaluated: not assessed;
//   - no finding: from the answers to questions linked to the checks (no or
//     partial: not met; yes: met), and for the BAA from the vendor list;
//     else unknown.
func (x *analysis) sharedResponsibility() []ServiceResponsibility {
	used := make(map[string]bool)
	for _, s := range x.in.Profile.CloudServices {
		used[strings.ToLower(s)] = true
	}
	byCheck := make(map[string][]int)
	for i, f := range x.findings {
		if s, ok := checkService[f.CheckID]; ok {
			used[s] = true
			byCheck[f.CheckID] = append(byCheck[f.CheckID], i)
		}
	}
	questionsByCheck := make(map[string][]*questionnaire.Question)
	for i := range x.bank.Questions {
		q := &x.bank.Questions[i]
		for _, c := range q.Checks {
			questionsByCheck[c] = append(questionsByCheck[c], q)
		}
	}
	out := []ServiceResponsibility{}
	for _, s := range awsServices {
		if !used[s.key] {
			continue
		}
		sr := ServiceResponsibility{Service: s.key, Name: s.name, AWSOperates: awsOperates}
		for _, c := range s.controls {
			pc := PracticeControl{Control: c.name, Answers: []AnswerRef{}}
			var idx []int
			var qs []*questionnaire.Question
			for _, id := range c.checks {
				idx = append(idx, byCheck[id]...)
				for _, q := range questionsByCheck[id] {
					if !slices.Contains(qs, q) {
						qs = append(qs, q)
					}
				}
			}
			slices.Sort(idx)
			pc.Findings = x.findingIDs(idx)
			for _, q := range qs {
				if ans, ok := x.answers[q.ID]; ok {
					pc.Answers = append(pc.Answers, AnswerRef{QuestionID: q.ID, Value: ans.Value})
				}
			}
			pc.Status = x.controlStatus(idx, pc.Answers, c.name == ctlBAA)
			sr.Practice = append(sr.Practice, pc)
		}
		out = append(out, sr)
	}
	return out
}

// controlStatus applies the rules of sharedResponsibility.
func (x *analysis) controlStatus(idx []int, answers []AnswerRef, baa bool) ControlStatus {
	var pass, fail, unassessed bool
	for _, i := range idx {
		switch x.findings[i].Status {
		case assessment.Pass:
			pass = true
		case assessment.Fail:
			fail = true
		default:
			unassessed = true
		}
	}
	switch {
	case fail:
		return ControlNotMet
	case pass && !unassessed:
		return ControlMet
	case unassessed:
		return ControlNotAssessed
	}
	var yes, gap bool
	for _, a := range answers {
		yes = yes || a.Value == assessment.Yes
		gap = gap || a.Value == assessment.No || a.Value == assessment.Partial
	}
	if baa {
		for _, v := range x.in.Vendors {
			if v.IsAWS() {
				yes = yes || v.BAASigned
				gap = gap || !v.BAASigned
			}
		}
	}
	switch {
	case gap:
		return ControlNotMet
	case yes:
		return ControlMet
	}
	return ControlUnknown
}

// cloudStores maps the checks that test encryption at rest of a data store
// to the kind of store.
var cloudStores = map[string]string{
	assessment.CheckS3BucketDefaultEncryption: "s3-bucket",
	assessment.CheckRDSStorageEncryption:      "rds-instance",
	assessment.CheckEC2EBSVolumeEncryption:    "ebs-volume",
}

var storeLabels = map[string]string{
	"s3-bucket": "S3 bucket", "rds-instance": "RDS database", "rds-cluster": "RDS cluster", "ebs-volume": "EBS volume",
}

// safeHarbor says, for each store of ePHI (inventory assets holding ePHI,
// except paper records, which encryption does not apply to, and
// the cloud data stores the encryption checks looked at), whether it is
// encrypted at rest, so that a lost copy would count as secured. A failed
// check means no even when suppressed; a check that could not run means
// unknown; several findings on one store resolve to no, then yes, then
// unknown.
func (x *analysis) safeHarbor() SafeHarbor {
	h := SafeHarbor{Stores: append(inventoryStores(x.in.Assets), x.cloudStores()...), NotEncrypted: []string{}, Unknown: []string{}}
	if h.Stores == nil {
		h.Stores = []EPHIStore{}
	}
	for _, s := range h.Stores {
		switch s.Encrypted {
		case StoreEncrypted:
			h.Encrypted++
		case StoreNotEncrypted:
			h.NotEncrypted = append(h.NotEncrypted, s.Name)
		default:
			h.Unknown = append(h.Unknown, s.Name)
		}
	}
	h.Total = len(h.Stores)
	h.Sentence = safeHarborSentence(h)
	return h
}

// inventoryStores are the electronic stores of ePHI in the asset inventory,
// with what the inventory says about their encryption, by name.
func inventoryStores(assets []assessment.Asset) []EPHIStore {
	var inv []EPHIStore
	for _, a := range assets {
		if !a.HoldsEPHI || a.Kind == "paper" {
			continue
		}
		s := EPHIStore{Name: a.Name, Kind: a.Kind, Source: "inventory"}
		switch a.Encrypted {
		case assessment.EncryptionYes:
			s.Encrypted = StoreEncrypted
			if note := strings.TrimSpace(a.EncryptionNote); note != "" {
				s.Basis = "Recorded in the asset inventory as encrypted: " + note + "."
			} else {
				s.Basis = "Recorded in the asset inventory as encrypted; the method is not noted, so record it (for example AES-256 full-disk encryption)."
			}
		case assessment.EncryptionNo:
			s.Encrypted, s.Basis = StoreNotEncrypted, "Recorded in the asset inventory as not encrypted."
		default:
			s.Encrypted, s.Basis = StoreUnknown, "The asset inventory does not say whether it is encrypted."
		}
		inv = append(inv, s)
	}
	slices.SortStableFunc(inv, func(a, b EPHIStore) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Basis, b.Basis))
	})
	return inv
}

// cloudStores are the cloud resources the encryption checks looked at, one
// store per resource with the least reassuring result, by name.
func (x *analysis) cloudStores() []EPHIStore {
	cloud := make(map[string]*EPHIStore)
	var keys []string
	for _, f := range x.findings {
		kind, ok := cloudStores[f.CheckID]
		if !ok {
			continue
		}
		if f.Status == assessment.Pass && !strings.HasPrefix(f.Resource, "arn:") {
			continue // a region or account with nothing of this kind in it is no store
		}
		if kind == "rds-instance" && strings.Contains(f.Resource, ":cluster:") {
			kind = "rds-cluster"
		}
		key := kind + "\x00" + f.Resource
		s := cloud[key]
		if s == nil {
			s = &EPHIStore{Name: storeLabels[kind] + " " + shortName(f.Resource), Kind: kind, Source: "aws"}
			cloud[key] = s
			keys = append(keys, key)
		}
		s.Findings = append(s.Findings, f.ID)
		enc, basis := StoreUnknown, "The automated check could not read the setting"
		switch f.Status {
		case assessment.Pass:
			enc, basis = StoreEncrypted, "The automated check found encryption at rest turned on"
		case assessment.Fail:
			enc, basis = StoreNotEncrypted, "The automated check found no encryption at rest"
		}
		if f.ErrorCode != "" {
			basis += " (" + f.ErrorCode + ")"
		}
		if f.Reason != "" {
			basis += ": " + strings.TrimSuffix(f.Reason, ".")
		}
		basis += "."
		if f.Status == assessment.Fail && f.Suppressed != nil {
			basis += " The finding is suppressed, which accepts the gap but does not encrypt the data."
		}
		if s.Encrypted == "" || storeRank(enc) < storeRank(s.Encrypted) {
			s.Encrypted, s.Basis = enc, basis
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(strings.Compare(cloud[a].Name, cloud[b].Name), strings.Compare(a, b))
	})
	out := make([]EPHIStore, 0, len(keys))
	for _, k := range keys {
		out = append(out, *cloud[k])
	}
	return out
}

// storeRank orders encryption results by how much they decide: a failed
// check outweighs a pass, which outweighs not knowing.
func storeRank(enc string) int {
	switch enc {
	case StoreNotEncrypted:
		return 0
	case StoreEncrypted:
		return 1
	}
	return 2
}

// shortName is the last part of an ARN or resource id.
func shortName(resource string) string {
	if i := strings.LastIndexAny(resource, ":/"); i >= 0 && i < len(resource)-1 {
		return resource[i+1:]
	}
	return resource
}

// safeHarborSentence says in one sentence how much of the practice's ePHI is
// encrypted at rest.
func safeHarborSentence(h SafeHarbor) string {
	switch {
	case h.Total == 0:
		return "No stores of ePHI are recorded yet; list them in the asset inventory."
	case h.Encrypted == h.Total && h.Total == 1:
		return "The one store of ePHI is encrypted at rest."
	case h.Encrypted == h.Total:
		return fmt.Sprintf("All %d stores of ePHI are encrypted at rest.", h.Total)
	}
	s := fmt.Sprintf("%d of %d %s of ePHI %s encrypted at rest", h.Encrypted, h.Total,
		plural(h.Total, "store", "stores"), plural(h.Total, "is", "are"))
	if n := len(h.NotEncrypted); n > 0 {
		s += fmt.Sprintf("; %d %s not: %s", n, plural(n, "is", "are"), nameList(h.NotEncrypted))
	}
	if n := len(h.Unknown); n > 0 {
		s += fmt.Sprintf("; for %d it is not known: %s", n, nameList(h.Unknown))
	}
	return s + "."
}

// nameList joins up to five names and says how many more there are.
func nameList(names []string) string {
	const shown = 5
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:shown], ", "), len(names)-shown)
}
