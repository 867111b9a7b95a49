package fakeaws

import (
	"cmp"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Call is one request the fake received.
type Call struct {
	Operation string // "s3:GetBucketAcl"
	Region    string // from the SigV4 credential scope
	Host      string
	AccessKey string    // from the SigV4 credential scope
	At        time.Time // arrival
}

// Server is a running fake endpoint.
type Server struct {
	// URL is the endpoint to hand to the SDK (http://127.0.0.1:port).
	URL string

	srv      *httptest.Server
	latency  time.Duration
	pageSize int
	tls      bool

	mu     sync.Mutex
	acct   *Account
	faults []*Fault
	calls  []Call
}

// Option configures a Server.
type Option func(*Server)

// WithLatency delays every response by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// WithPageSize sets the largest page any list returns (default 100). Small
// values exercise pagination.
func WithPageSize(n int) Option { return func(s *Server) { s.pageSize = n } }

// WithTLS serves HTTPS with a self-signed certificate (see CertPEM).
func WithTLS() Option { return func(s *Server) { s.tls = true } }

// New starts a fake serving acct. The account must not be changed while
// requests are in flight. Close the server when done.
func New(acct *Account, opts ...Option) *Server {
	s := &Server{acct: acct, pageSize: 100}
	for _, o := range opts {
		o(s)
	}
	if s.acct.Partition == "" {
		s.acct.Partition = "aws"
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // failed handshakes are part of some tests
	if s.tls {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	return s
}

// CertPEM returns the PEM certificate of a WithTLS server, for
// AWS_CA_BUNDLE; nil otherwise.
func (s *Server) CertPEM() []byte {
	if s.srv.Certificate() == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// Calls returns every call received so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Count returns how many calls were received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

var authRE = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^/\s]+)/(\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$`)

// request is a parsed incoming call.
type request struct {
	r         *http.Request
	service   string // signing name, or "s3control"
	op        string
	region    string
	body      []byte
	accessKey string
	form      url.Values
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	arrived := time.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	m := authRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil || r.Header.Get("X-Amz-Date") == "" || !strings.Contains(";"+m[5]+";", ";host;") {
		w.WriteHeader(http.StatusForbidden)
		writeXML(w, el("Error", tx("Code", "IncompleteSignature"), tx("Message", "request is not signed with SigV4")))
		return
	}
	q := &request{r: r, service: m[4], region: m[3], body: body, accessKey: m[1]}
	if q.service == "s3" && strings.HasPrefix(r.URL.Path, "/v20180820/") {
		q.service = "s3control"
	}
	q.op = s.operation(q)
	s.mu.Lock()
	s.calls = append(s.calls, Call{Operation: q.service + ":" + q.op, Region: q.region, Host: r.Host, AccessKey: q.accessKey, At: arrived})
	fault := s.fault(q)
	s.mu.Unlock()

	if s.latency > 0 {
		t := time.NewTimer(s.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if fault != nil && fault.Reset {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // RST rather than FIN
			}
			_ = conn.Close()
		}
		return
	}
	if fault != nil && fault.Body != "" {
		if fault.ContentType != "" {
			w.Header().Set("Content-Type", fault.ContentType)
		}
		w.WriteHeader(cmp.Or(fault.Status, http.StatusOK))
		_, _ = io.WriteString(w, fault.Body)
		return
	}
	if fault != nil {
		msg := fault.Message
		if msg == "" {
			msg = "injected " + fault.Code
		}
		status := fault.Status
		if status == 0 {
			status = http.StatusBadRequest
		}
		s.fail(w, q, status, fault.Code, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// a member account's temporary credentials select its state
	if m := s.member(strings.TrimPrefix(q.accessKey, memberKeyPrefix)); m != nil && strings.HasPrefix(q.accessKey, memberKeyPrefix) {
		mgmt := s.acct
		s.acct = m
		defer func() { s.acct = mgmt }()
		if m.Partition == "" {
			m.Partition = mgmt.Partition
		}
	}
	s.dispatch(w, q)
}

// memberKeyPrefix starts the access key ids of the credentials the fake
// hands out for a member account's role; the account id follows.
const memberKeyPrefix = "ASIAORG"

// member returns the member account with the given id, or nil.
func (s *Server) member(id string) *Account {
	for _, m := range s.acct.Members {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// fault returns the first matching fault, consuming one use. Callers hold mu.
func (s *Server) fault(q *request) *Fault {
	for _, f := range s.faults {
		if f.Operation != q.service+":"+q.op || (f.Region != "" && f.Region != q.region) || f.Times < 0 {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				f.Times = -1
			}
		}
		return f
	}
	return nil
}

// protocol names how a service encodes requests and errors.
func protocol(service string) string {
	switch service {
	case "s3", "s3control":
		return "restxml"
	case "ec2":
		return "ec2"
	case "iam", "sts", "rds", "elasticloadbalancing":
		return "query"
	case "guardduty", "securityhub", "backup", "artifact", "macie2", "access-analyzer", "inspector2":
		return "restjson"
	default:
		return "json"
	}
}

func (s *Server) operation(q *request) string {
	switch protocol(q.service) {
	case "query", "ec2":
		q.form, _ = url.ParseQuery(string(q.body))
		return q.form.Get("Action")
	case "json":
		t := q.r.Header.Get("X-Amz-Target")
		return t[strings.LastIndex(t, ".")+1:]
	case "restxml":
		return s3Operation(q)
	default:
		return restJSONOperation(q)
	}
}

// fail writes an AWS error in the service's protocol.
func (s *Server) fail(w http.ResponseWriter, q *request, status int, code, msg string) {
	switch protocol(q.service) {
	case "restxml":
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		e := el("Error", tx("Code", code), tx("Message", msg), tx("RequestId", "fake"))
		if q.service == "s3control" {
			e = el("ErrorResponse", e)
		}
		writeXML(w, e)
	case "ec2":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		writeXML(w, el("Response", el("Errors", el("Error", tx("Code", code), tx("Message", msg))), tx("RequestID", "fake")))
	case "query":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		writeXML(w, el("ErrorResponse", el("Error", tx("Type", "Sender"), tx("Code", code), tx("Message", msg)), tx("RequestId", "fake")))
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
	}
}

func (s *Server) dispatch(w http.ResponseWriter, q *request) {
	var ok bool
	switch q.service {
	case "s3":
		ok = s.s3(w, q)
	case "s3control":
		ok = s.s3control(w, q)
	case "sts":
		ok = s.sts(w, q)
	case "iam":
		ok = s.iam(w, q)
	case "ec2":
		ok = s.ec2(w, q)
	case "rds":
		ok = s.rds(w, q)
	case "elasticloadbalancing":
		ok = s.elbv2(w, q)
	case "cloudtrail", "kms", "config", "logs", "acm", "organizations", "wafv2":
		ok = s.json(w, q)
	case "ssm":
		ok = s.ssm(w, q)
	case "inspector2":
		ok = s.inspector(w, q)
	default:
		ok = s.restJSON(w, q)
	}
	if !ok {
		s.fail(w, q, http.StatusBadRequest, "InvalidAction", "the fake does not implement "+q.service+":"+q.op)
	}
}

// regionState returns the state of a region, never nil.
func (s *Server) regionState(region string) *Region {
	if r := s.acct.RegionalStates[region]; r != nil {
		return r
	}
	return &Region{}
}

// page slices n items after token (an offset) into one page.
func (s *Server) page(n int, token string, max int) (start, end int, next string) {
	size := s.pageSize
	if max > 0 && max < size {
		size = max
	}
	start, _ = strconv.Atoi(token)
	start = min(max0(start), n)
	end = min(start+size, n)
	if end < n {
		next = strconv.Itoa(end)
	}
	return start, end, next
}

func max0(v int) int {
	if v < 0 {
		return 0
	}
	return v
}

// node is a tiny XML tree.
type node struct {
	name  string
	attrs string // raw attributes, already escaped
	text  string
	kids  []node
	leaf  bool
}

func el(name string, kids ...node) node { return node{name: name, kids: kids} }

func tx(name string, v any) node {
	var s string
	switch t := v.(type) {
	case time.Time:
		s = t.UTC().Format(time.RFC3339)
	default:
		s = fmt.Sprint(v)
	}
	return node{name: name, text: s, leaf: true}
}

// list makes an element with one child per item.
func list[T any](name string, items []T, f func(T) node) node {
	n := node{name: name}
	for _, it := range items {
		n.kids = append(n.kids, f(it))
	}
	return n
}

// when returns n if cond, else nothing.
func when(cond bool, n node) node {
	if cond {
		return n
	}
	return node{}
}

func (n node) write(b *strings.Builder) {
	if n.name == "" {
		return
	}
	b.WriteString("<" + n.name + n.attrs + ">")
	if n.leaf {
		_ = xml.EscapeText(b2w{b}, []byte(n.text))
	}
	for _, k := range n.kids {
		k.write(b)
	}
	b.WriteString("</" + n.name + ">")
}

type b2w struct{ b *strings.Builder }

func (w b2w) Write(p []byte) (int, error) { return w.b.Write(p) }

func writeXML(w http.ResponseWriter, n node) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	n.write(&b)
	_, _ = io.WriteString(w, b.String())
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func epoch(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return float64(t.Unix())
}
