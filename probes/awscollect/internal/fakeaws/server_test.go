package fakeaws

import "testing"

func TestPage(t *testing.T) {
	s := &Server{pageSize: 3}
	tests := []struct {
		n          int
		token      string
		max        int
		start, end int
		next       string
	}{
		{7, "", 0, 0, 3, "3"},
		{7, "3", 0, 3, 6, "6"},
		{7, "6", 0, 6, 7, ""},
		{7, "", 2, 0, 2, "2"},
		{0, "", 0, 0, 0, ""},
		{5, "99", 0, 5, 5, ""},
		{5, "-4", 0, 0, 3, "3"},
	}
	for _, tt := range tests {
		start, end, next := s.page(tt.n, tt.token, tt.max)
		if start != tt.start || end != tt.end || next != tt.next {
			t.Errorf("page(%d, %q, %d) = %d %d %q, want %d %d %q", tt.n, tt.token, tt.max, start, end, next, tt.start, tt.end, tt.next)
		}
	}
}

func TestFaultTimes(t *testing.T) {
	s := &Server{}
	s.Inject(Fault{Operation: "ec2:DescribeVolumes", Region: "us-east-1", Code: "RequestLimitExceeded", Times: 2})
	s.Inject(Fault{Operation: "ec2:DescribeVolumes", Code: "UnauthorizedOperation"})
	q := func(region string) *request { return &request{service: "ec2", op: "DescribeVolumes", region: region} }
	want := []struct{ region, code string }{
		{"us-east-1", "RequestLimitExceeded"},
		{"eu-west-1", "UnauthorizedOperation"},
		{"us-east-1", "RequestLimitExceeded"},
		{"us-east-1", "UnauthorizedOperation"},
		{"us-east-1", "UnauthorizedOperation"},
	}
	for i, w := range want {
		f := s.fault(q(w.region))
		if f == nil || f.Code != w.code {
			t.Errorf("call %d in %s: fault %+v, want %s", i, w.region, f, w.code)
		}
	}
	if f := s.fault(&request{service: "ec2", op: "DescribeVpcs", region: "us-east-1"}); f != nil {
		t.Errorf("unrelated operation got fault %+v", f)
	}
}
