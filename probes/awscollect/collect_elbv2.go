package awscollect

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/hipaarisk/hipaarisk/probes"
)

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
		wg.Go(func() {
			lb := &lbs[i]
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
		})
	}
	wg.Wait()
	slices.SortFunc(lbs, func(a, b probes.LoadBalancer) int { return strings.Compare(a.Name+"\x00"+a.ARN, b.Name+"\x00"+b.ARN) })
	return orEmpty(lbs), aerr
}
