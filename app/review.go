package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/data"
	"github.com/hipaarisk/hipaarisk/probes/awscollect"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// Review is a review mark: a section confirmed, or the cloud decision.
type Review = data.Review

// Cloud decisions when AWS is not checked.
const (
	CloudNotUsed = data.CloudNotUsed
	CloudSkipped = data.CloudSkipped
)

// SectionReview returns the review mark of a section, if any.
func SectionReview(rs []Review, section string) (Review, bool) {
	return data.SectionReview(rs, section)
}

// CloudDecision returns the recorded decision not to check AWS, if any.
func CloudDecision(rs []Review) (Review, bool) { return data.CloudDecision(rs) }

// AWSPolicy is the read-only IAM policy the AWS checks need, to give to
// whoever manages the account.
func AWSPolicy() string { return string(awscollect.Policy()) }

// SetCloudDecision records that AWS is not used (CloudNotUsed) or not
// checked this time (CloudSkipped); "" removes the decision. Not used also
// takes AWS off the practice profile's cloud services, which hides the AWS
// questions; an AWS entry in the vendor list stays, and the report names
// the contradiction as an area for review.
func (a *App) SetCloudDecision(ctx context.Context, id int64, decision string) error {
	if decision == CloudNotUsed {
		as, err := a.st.Assessment(ctx, id)
		if err != nil {
			return err
		}
		if p := as.Profile; slices.ContainsFunc(p.CloudServices, isAWS) {
			p.CloudServices = slices.DeleteFunc(slices.Clone(p.CloudServices), isAWS)
			if err := a.st.UpdateProfile(ctx, id, p); err != nil {
				return err
			}
		}
	}
	if decision == "" {
		for _, k := range []string{CloudNotUsed, CloudSkipped} {
			if err := a.st.ClearReview(ctx, id, data.ReviewCloud, k); err != nil {
				return err
			}
		}
		return nil
	}
	return a.st.SetReview(ctx, id, data.ReviewCloud, decision)
}

// ReviewSection confirms a section as reviewed by the current actor: its
// answers carried forward count as reviewed from now on.
func (a *App) ReviewSection(ctx context.Context, id int64, section string) error {
	in, err := a.st.LoadInputs(ctx, id)
	if err != nil {
		return err
	}
	bank, err := BankFor(in.Assessment)
	if err != nil {
		return err
	}
	qs := bank.SectionQuestions(section)
	if sec, ok := bank.Section(section); !ok || sec.Profile {
		var known []string
		for _, s := range bank.Sections {
			if !s.Profile {
				known = append(known, s.ID)
			}
		}
		return &ValidationError{fmt.Errorf("no section %q in question bank %s; the sections are %s",
			section, bank.Version, strings.Join(known, ", "))}
	}
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	return a.st.ReviewCarriedSection(ctx, id, section, ids)
}

// isAWS reports whether a profile's cloud service is AWS.
func isAWS(service string) bool { return strings.EqualFold(service, "aws") }

// usesAWS reports whether the practice lists AWS among its cloud services
// or its vendors.
func usesAWS(in Inputs) bool {
	if slices.ContainsFunc(in.Assessment.Profile.CloudServices, isAWS) {
		return true
	}
	return slices.ContainsFunc(in.Vendors, func(v assessment.Vendor) bool { return v.IsAWS() })
}

// ReviewNotes says in sentences how an assessment was reviewed, for the
// report: the sections confirmed, what was carried forward and is not
// reviewed yet, and the state of the cloud checks.
func ReviewNotes(in Inputs, bank *questionnaire.Bank) []string {
	var out []string
	for _, sec := range bank.Sections {
		if r, ok := SectionReview(in.Reviews, sec.ID); ok {
			out = append(out, fmt.Sprintf("Section %q reviewed by %s on %s.", sec.Title, r.By, r.At.Format("2006-01-02")))
		}
	}
	carried := 0
	for _, a := range in.Answers {
		if a.CarriedForward {
			carried++
		}
	}
	items := 0
	for _, t := range in.Tracking {
		if t.CarriedForward {
			items++
		}
	}
	for _, o := range in.Overrides {
		if o.CarriedForward {
			items++
		}
	}
	if carried+items > 0 {
		out = append(out, fmt.Sprintf("Carried forward from assessment %d and not yet reviewed: %d answer(s) and %d plan or rating entries; "+
			"they are marked \"carried forward, not yet reviewed\" in the appendix and the answers export.", in.Assessment.CopiedFrom, carried, items))
	}
	d, decided := CloudDecision(in.Reviews)
	switch {
	case len(in.Runs) > 0:
	case decided && d.Key == CloudNotUsed && !usesAWS(in):
		out = append(out, fmt.Sprintf("The practice recorded that it does not use AWS (%s, %s).", d.By, d.At.Format("2006-01-02")))
	case decided && d.Key == CloudNotUsed:
		out = append(out, fmt.Sprintf("Area for review: the practice recorded that it does not use AWS (%s, %s), "+
			"but AWS is in the vendor list; correct the vendor list, or run the cloud checks.", d.By, d.At.Format("2006-01-02")))
	case usesAWS(in):
		out = append(out, "Area for review: AWS is in use (in the profile or the vendor list) but its settings were not checked; "+
			"run the cloud checks or load a snapshot a consultant collected.")
	case decided:
		out = append(out, fmt.Sprintf("The cloud checks were skipped (%s, %s).", d.By, d.At.Format("2006-01-02")))
	}
	return out
}
