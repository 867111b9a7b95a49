package probes

func evalKMSRotation(e *evaluation, c Check) {
	e.eachRegion(c, func(r *RegionData) {
		if r.KMSKeysErr != nil {
			e.unread(c, r.Region, e.account(), r.KMSKeysErr, "the KMS keys")
			return
		}
		for i := range r.KMSKeys {
			k := &r.KMSKeys[i]
			res := k.ARN
			if res == "" {
				res = e.arn("kms", r.Region, "key/"+k.ID)
			}
			switch {
			case k.DescribeErr != nil:
				e.unread(c, r.Region, res, k.DescribeErr, "the key details")
			case !k.Rotatable():
				// AWS-managed keys rotate on their own; asymmetric, HMAC,
				// imported, custom-store, disabled and pending-deletion keys
				// cannot rotate automatically.
			case k.RotationErr != nil || k.RotationEnabled == nil:
				e.unread(c, r.Region, res, k.RotationErr, "the key rotation status")
			case *k.RotationEnabled:
				e.pass(c, r.Region, res, "automatic rotation on")
			default:
				e.fail(c, r.Region, res, "automatic rotation off")
			}
		}
	})
}
