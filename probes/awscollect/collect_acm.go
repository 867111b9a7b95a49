package awscollect

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/hipaarisk/hipaarisk/probes"
)

// allKeyTypes makes ListCertificates return every certificate: by default it
// returns only RSA 2048-bit ones.
var allKeyTypes = acmtypes.KeyAlgorithm("").Values()

func (c *collector) certificates(ctx context.Context, rc *regionClients) ([]probes.Certificate, *probes.APIError) {
	var certs []probes.Certificate
	in := &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: allKeyTypes}}
	aerr := paginate(ctx, c, "acm:ListCertificates", acm.NewListCertificatesPaginator(rc.acm, in), func(out *acm.ListCertificatesOutput) {
		for _, s := range out.CertificateSummaryList {
			certs = append(certs, probes.Certificate{ARN: aws.ToString(s.CertificateArn), Domain: aws.ToString(s.DomainName)})
		}
	})
	var wg sync.WaitGroup
	for i := range certs {
		wg.Go(func() {
			ct := &certs[i]
			out, aerr := call(ctx, c, "acm:DescribeCertificate", func(ctx context.Context) (*acm.DescribeCertificateOutput, error) {
				return rc.acm.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(ct.ARN)})
			})
			if aerr != nil {
				ct.DescribeErr = aerr
				return
			}
			d := out.Certificate
			if d == nil {
				ct.DescribeErr = emptyAnswer("acm:DescribeCertificate", "certificate details")
				return
			}
			ct.Status, ct.InUseBy = string(d.Status), slices.Sorted(slices.Values(d.InUseBy))
			if d.NotAfter != nil {
				t := d.NotAfter.UTC()
				ct.NotAfter = &t
			}
		})
	}
	wg.Wait()
	slices.SortFunc(certs, func(a, b probes.Certificate) int {
		return strings.Compare(a.Domain+"\x00"+a.ARN, b.Domain+"\x00"+b.ARN)
	})
	return orEmpty(certs), aerr
}
