package probes

import (
	"fmt"
	"strings"
)

// notRotatable says why AWS cannot rotate a key automatically, or "" when it
// can.
func notRotatable(k *KMSKey) string {
	switch {
	case k.Manager == "AWS":
		return "AWS-managed (AWS rotates these itself)"
	case k.State != "Enabled":
		return "not enabled (" + k.State + ")"
	case k.Spec != "" && k.Spec != "SYMMETRIC_DEFAULT":
		return "asymmetric or HMAC (" + k.Spec + ")"
	case k.Origin != "" && k.Origin != "AWS_KMS":
		return "key material from outside KMS (" + k.Origin + ")"
	case !k.Rotatable():
		return "not a customer-managed symmetric encryption key (" + k.Manager + ", " + k.Usage + ")"
	}
	return ""
}

func evalKMSRotation(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.KMSKeysErr != nil {
			e.unread(c, r.Region, e.account(), r.KMSKeysErr, "the KMS keys")
			return
		}
		var judged int
		skipped := map[string]int{}
		var reasons []string
		for i := range r.KMSKeys {
			k := &r.KMSKeys[i]
			res := k.ARN
			if res == "" {
				res = e.arn("kms", r.Region, "key/"+k.ID)
			}
			if k.DescribeErr != nil {
				judged++
				e.unread(c, r.Region, res, k.DescribeErr, "the key details")
				continue
			}
			if k.Manager == "" || k.State == "" || (k.Manager == "CUSTOMER" && k.State == "Enabled" && k.Spec == "") {
				judged++
				e.unread(c, r.Region, res, nil, "the key's manager, state or spec (the DescribeKey answer has none)")
				continue
			}
			if why := notRotatable(k); why != "" {
				// AWS-managed keys rotate on their own; asymmetric, HMAC,
				// imported, custom-store, disabled and pending-deletion keys
				// cannot rotate automatically.
				if skipped[why] == 0 {
					reasons = append(reasons, why)
				}
				skipped[why]++
				continue
			}
			judged++
			switch {
			case k.RotationErr != nil || k.RotationEnabled == nil:
				e.unread(c, r.Region, res, k.RotationErr, "the key rotation status")
			case *k.RotationEnabled:
				e.pass(c, r.Region, res, "automatic rotation on")
			default:
				e.fail(c, r.Region, res, "automatic rotation off")
			}
		}
		if judged > 0 {
			return
		}
		if len(r.KMSKeys) == 0 {
			e.pass(c, r.Region, e.account(), "no KMS key in this region: nothing to rotate")
			return
		}
		parts := make([]string, len(reasons))
		for i, why := range reasons {
			parts[i] = fmt.Sprintf("%d %s", skipped[why], why)
		}
		e.pass(c, r.Region, e.account(), fmt.Sprintf("%d key(s), none that can rotate automatically: %s; nothing to rotate",
			len(r.KMSKeys), strings.Join(parts, ", ")))
	})
}
