package awscollect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/hipaarisk/hipaarisk/probes"
)

// macieOff reports whether a GetMacieSession error means that Macie is not
// enabled in the region. AWS has no "disabled" status to return: for an
// account that never enabled Macie (or disabled it) it answers
// AccessDeniedException with the message "Macie is not enabled.", also to a
// caller whose policy allows the call (AWS Config and CloudTrail users see
// the same). That is the normal answer of a region without Macie, a
// result and not a failure of the probe. A real permission problem is an
// AccessDeniedException with another message ("... is not authorized to
// perform: macie2:GetMacieSession"), and stays not_assessed. Emulators
// answer ResourceNotFoundException for the same state.
func macieOff(aerr *probes.APIError) bool {
	return isCode(aerr, "ResourceNotFoundException") ||
		(isCode(aerr, "AccessDeniedException") && strings.Contains(strings.ToLower(aerr.Message), "macie is not enabled"))
}

// macie reads the state of Amazon Macie in the region and, when it is on,
// counts its classification jobs. It reads every region: which regions hold
// S3 buckets is known only when the (concurrent) S3 read is done, and the
// check judges only those.
func (c *collector) macie(ctx context.Context, rc *regionClients, d *probes.RegionData) {
	out, aerr := call(ctx, c, "macie2:GetMacieSession", func(ctx context.Context) (*macie2.GetMacieSessionOutput, error) {
		return rc.macie2.GetMacieSession(ctx, &macie2.GetMacieSessionInput{})
	})
	switch {
	case macieOff(aerr):
		d.Macie = &probes.MacieSession{Status: probes.MacieNotEnabled}
		return
	case aerr != nil:
		d.MacieErr = aerr
		return
	case out.Status == "":
		d.MacieErr = emptyAnswer("macie2:GetMacieSession", "status")
		return
	}
	d.Macie = &probes.MacieSession{Status: string(out.Status)}
	if out.Status != "ENABLED" {
		return
	}
	jobs := 0
	p := macie2.NewListClassificationJobsPaginator(rc.macie2, &macie2.ListClassificationJobsInput{})
	d.Macie.JobsErr = paginate(ctx, c, "macie2:ListClassificationJobs", p, func(out *macie2.ListClassificationJobsOutput) { jobs += len(out.Items) })
	if d.Macie.JobsErr == nil {
		d.Macie.ClassificationJobs = &jobs
	}
}
