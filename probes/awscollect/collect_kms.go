package awscollect

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/hipaarisk/hipaarisk/probes"
)

func (c *collector) kmsKeys(ctx context.Context, rc *regionClients) ([]probes.KMSKey, *probes.APIError) {
	var keys []probes.KMSKey
	aerr := paginate(ctx, c, "kms:ListKeys", kms.NewListKeysPaginator(rc.kms, &kms.ListKeysInput{}), func(out *kms.ListKeysOutput) {
		for _, k := range out.Keys {
			keys = append(keys, probes.KMSKey{ID: aws.ToString(k.KeyId), ARN: aws.ToString(k.KeyArn)})
		}
	})
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k := &keys[i]
			out, aerr := call(ctx, c, "kms:DescribeKey", func(ctx context.Context) (*kms.DescribeKeyOutput, error) {
				return rc.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(k.ID)})
			})
			if aerr != nil {
				k.DescribeErr = aerr
				return
			}
			m := out.KeyMetadata
			if m == nil {
				k.DescribeErr = emptyAnswer("kms:DescribeKey", "key metadata")
				return
			}
			k.Manager, k.State, k.Spec, k.Usage, k.Origin = string(m.KeyManager), string(m.KeyState), string(m.KeySpec), string(m.KeyUsage), string(m.Origin)
			if k.Spec == "" {
				// The older field, which some endpoints still send alone.
				//lint:ignore SA1019 read only when KeySpec is missing
				k.Spec = string(m.CustomerMasterKeySpec)
			}
			if !k.Rotatable() {
				return
			}
			rot, aerr := call(ctx, c, "kms:GetKeyRotationStatus", func(ctx context.Context) (*kms.GetKeyRotationStatusOutput, error) {
				return rc.kms.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(k.ID)})
			})
			if aerr != nil {
				k.RotationErr = aerr
				return
			}
			k.RotationEnabled = aws.Bool(rot.KeyRotationEnabled)
		})
	}
	wg.Wait()
	slices.SortFunc(keys, func(a, b probes.KMSKey) int { return strings.Compare(a.ID, b.ID) })
	return orEmpty(keys), aerr
}
