package assessment

import "time"

// RecognizedPractice records that the practice follows a recognized
// security framework (HITECH Act section 13412, as added by Public Law
// 116-321): which one, and since when. HHS must consider practices in place
// for the previous 12 months when it decides fines and audits.
type RecognizedPractice struct {
	Framework string    `json:"framework" yaml:"framework"` // a bank framework id: hicp, csf2
	Since     string    `json:"since" yaml:"since"`         // YYYY-MM-DD
	Note      string    `json:"note,omitempty" yaml:"note,omitempty"`
	By        string    `json:"by,omitempty" yaml:"-" file:"-"`
	At        time.Time `json:"at,omitzero" yaml:"-" file:"-"`
}
