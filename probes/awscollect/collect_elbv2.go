package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	"github.com/hipaarisk/hipaarisk/probes"
)

// loadBalancers lists the region's load balancers and reads, for each one at
// once, its listeners, its attributes and (internet-facing application load
// balancers) its AWS WAF web ACL; then the logging of each web ACL, once.
func (c *collector) loadBalancers(ctx context.Context, rc *regionClients) ([]probes.LoadBalancer, *probes.APIError) {
	var lbs []probes.LoadBalancer
	aerr := paginate(ctx, c, "elasticloadbalancing:DescribeLoadBalancers", elbv2.NewDescribeLoadBalancersPaginator(rc.elbv2, &elbv2.DescribeLoadBalancersInput{}),
		func(out *elbv2.DescribeLoadBalancersOutput) {
			for _, lb := range out.LoadBalancers {
				lbs = append(lbs, probes.LoadBalancer{ARN: aws.ToString(lb.LoadBalancerArn), Name: aws.ToString(lb.LoadBalancerName),
					Type: string(lb.Type), Scheme: string(lb.Scheme)})
			}
		})
	var wg sync.WaitGroup
	for i := range lbs {
		lb := &lbs[i]
		wg.Go(func() { c.listeners(ctx, rc, lb) })
		if lb.Type != "gateway" { // gateway load balancers keep no access logs
			wg.Go(func() { c.lbAttributes(ctx, rc, lb) })
		}
		if lb.Type == "application" && lb.Scheme == "internet-facing" {
			wg.Go(func() { c.webACL(ctx, rc, lb) })
		}
	}
	wg.Wait()
	c.webACLLogging(ctx, rc, lbs)
	slices.SortFunc(lbs, func(a, b probes.LoadBalancer) int { return strings.Compare(a.Name+"\x00"+a.ARN, b.Name+"\x00"+b.ARN) })
	return orEmpty(lbs), aerr
}

func (c *collector) listeners(ctx context.Context, rc *regionClients, lb *probes.LoadBalancer) {
	p := elbv2.NewDescribeListenersPaginator(rc.elbv2, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lb.ARN)})
	lb.ListenersErr = paginate(ctx, c, "elasticloadbalancing:DescribeListeners", p, func(out *elbv2.DescribeListenersOutput) {
		for _, l := range out.Listeners {
			ln := probes.Listener{ARN: aws.ToString(l.ListenerArn), Port: aws.ToInt32(l.Port), Protocol: string(l.Protocol), SSLPolicy: aws.ToString(l.SslPolicy)}
			for _, a := range l.DefaultActions {
				la := probes.ListenerAction{Type: string(a.Type)}
				if a.RedirectConfig != nil {
					la.RedirectProtocol = aws.ToString(a.RedirectConfig.Protocol)
				}
				ln.Actions = append(ln.Actions, la)
			}
			lb.Listeners = append(lb.Listeners, ln)
		}
	})
	lb.Listeners = orEmpty(lb.Listeners)
	slices.SortFunc(lb.Listeners, func(a, b probes.Listener) int {
		return cmp.Or(cmp.Compare(a.Port, b.Port), strings.Compare(a.ARN, b.ARN))
	})
}

// lbAttributes reads whether an application or network load balancer
// writes access logs, and where.
func (c *collector) lbAttributes(ctx context.Context, rc *regionClients, lb *probes.LoadBalancer) {
	const op = "elasticloadbalancing:DescribeLoadBalancerAttributes"
	out, aerr := call(ctx, c, op, func(ctx context.Context) (*elbv2.DescribeLoadBalancerAttributesOutput, error) {
		return rc.elbv2.DescribeLoadBalancerAttributes(ctx, &elbv2.DescribeLoadBalancerAttributesInput{LoadBalancerArn: aws.String(lb.ARN)})
	})
	if aerr != nil {
		lb.AttributesErr = aerr
		return
	}
	for _, a := range out.Attributes {
		switch aws.ToString(a.Key) {
		case "access_logs.s3.enabled":
			lb.AccessLogs = aws.Bool(strings.EqualFold(aws.ToString(a.Value), "true"))
		case "access_logs.s3.bucket":
			lb.AccessLogsBucket = aws.ToString(a.Value)
		}
	}
	if lb.AccessLogs == nil {
		// AWS always lists it for application and network load balancers
		lb.AttributesErr = emptyAnswer(op, "access_logs.s3.enabled attribute")
	}
}

// webACL reads the AWS WAF web ACL associated with a load balancer. AWS
// answers a null web ACL when there is none; WAFNonexistentItemException,
// which some endpoints answer instead, means the same.
func (c *collector) webACL(ctx context.Context, rc *regionClients, lb *probes.LoadBalancer) {
	out, aerr := call(ctx, c, "wafv2:GetWebACLForResource", func(ctx context.Context) (*wafv2.GetWebACLForResourceOutput, error) {
		return rc.wafv2.GetWebACLForResource(ctx, &wafv2.GetWebACLForResourceInput{ResourceArn: aws.String(lb.ARN)})
	})
	switch {
	case isCode(aerr, "WAFNonexistentItemException"):
		lb.WAF = &probes.WAFProtection{}
	case aerr != nil:
		lb.WAFErr = aerr
	case out.WebACL == nil:
		lb.WAF = &probes.WAFProtection{}
	case aws.ToString(out.WebACL.ARN) == "":
		lb.WAFErr = emptyAnswer("wafv2:GetWebACLForResource", "web ACL ARN")
	default:
		lb.WAF = &probes.WAFProtection{WebACLARN: aws.ToString(out.WebACL.ARN), WebACLName: aws.ToString(out.WebACL.Name)}
	}
}

// webACLLogging reads the logging configuration of every web ACL found in
// front of the load balancers, once per web ACL, all at once.
// GetLoggingConfiguration answers WAFNonexistentItemException for a web ACL
// without a logging configuration (AWS WAF API reference): logging is off.
func (c *collector) webACLLogging(ctx context.Context, rc *regionClients, lbs []probes.LoadBalancer) {
	type logging struct {
		dests []string
		err   *probes.APIError
	}
	found := map[string]*logging{}
	for i := range lbs {
		if w := lbs[i].WAF; w != nil && w.WebACLARN != "" {
			found[w.WebACLARN] = &logging{}
		}
	}
	var wg sync.WaitGroup
	for arn, l := range found {
		wg.Go(func() {
			out, aerr := call(ctx, c, "wafv2:GetLoggingConfiguration", func(ctx context.Context) (*wafv2.GetLoggingConfigurationOutput, error) {
				return rc.wafv2.GetLoggingConfiguration(ctx, &wafv2.GetLoggingConfigurationInput{ResourceArn: aws.String(arn)})
			})
			switch {
			case isCode(aerr, "WAFNonexistentItemException"):
			case aerr != nil:
				l.err = aerr
			case out.LoggingConfiguration != nil:
				l.dests = slices.Sorted(slices.Values(out.LoggingConfiguration.LogDestinationConfigs))
			}
		})
	}
	wg.Wait()
	for i := range lbs {
		if w := lbs[i].WAF; w != nil && w.WebACLARN != "" {
			w.LogDestinations, w.LoggingErr = slices.Clone(found[w.WebACLARN].dests), found[w.WebACLARN].err
		}
	}
}
