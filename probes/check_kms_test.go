package probes

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestKMSChecks(t *testing.T) {
	key := FindingID("kms-key-rotation", usEast, keyARN)
	kms := func(f func(k *KMSKey)) func(s *Snapshot) { return func(s *Snapshot) { f(&r0(s).KMSKeys[0]) } }
	runCases(t, []checkCase{
		{"kms rotating", nil, key, assessment.Pass, "", "rotation on"},
		{"kms not rotating", kms(func(k *KMSKey) { k.RotationEnabled = ptr(false) }), key, assessment.Fail, "", "rotation off"},
		{"kms answer without usage", kms(func(k *KMSKey) { k.Usage = "" }), key, assessment.Pass, "", "rotation on"},
		{"kms answer without origin", kms(func(k *KMSKey) { k.Origin = ""; k.RotationEnabled = ptr(false) }), key, assessment.Fail, "", "rotation off"},
		{"kms answer without spec", kms(func(k *KMSKey) { k.Spec = "" }), key, assessment.Error, "", "DescribeKey answer has none"},
		{"kms only key skipped leaves a region trace", kms(func(k *KMSKey) { k.Manager = "AWS" }), rid("kms-key-rotation"), assessment.Pass, "", "1 AWS-managed"},
		{"kms aws managed skipped", kms(func(k *KMSKey) { k.Manager = "AWS"; k.RotationEnabled = ptr(false) }), key, "", "", ""},
		{"kms asymmetric skipped", kms(func(k *KMSKey) { k.Spec = "RSA_2048"; k.RotationEnabled = nil }), key, "", "", ""},
		{"kms hmac skipped", kms(func(k *KMSKey) { k.Spec = "HMAC_256"; k.RotationEnabled = nil }), key, "", "", ""},
		{"kms imported skipped", kms(func(k *KMSKey) { k.Origin = "EXTERNAL"; k.RotationEnabled = ptr(false) }), key, "", "", ""},
		{"kms disabled skipped", kms(func(k *KMSKey) { k.State = "Disabled"; k.RotationEnabled = ptr(false) }), key, "", "", ""},
		{"kms pending deletion skipped", kms(func(k *KMSKey) {
			k.State = "PendingDeletion"
			k.RotationErr = &APIError{Code: "KMSInvalidStateException"}
		}), key, "", "", ""},
		{"kms rotation denied", kms(func(k *KMSKey) { k.RotationEnabled = nil; k.RotationErr = &APIError{Code: "AccessDeniedException"} }),
			key, assessment.NotAssessed, "AccessDeniedException", "rotation status"},
		{"kms describe denied", kms(func(k *KMSKey) { k.DescribeErr = &APIError{Code: "AccessDeniedException"} }), key, assessment.NotAssessed, "AccessDeniedException", "key details"},
		{"kms list denied", func(s *Snapshot) { r0(s).KMSKeys = nil; r0(s).KMSKeysErr = &APIError{Code: "AccessDeniedException"} },
			rid("kms-key-rotation"), assessment.NotAssessed, "AccessDeniedException", "KMS keys"},
	})
}
