package testkit

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPServer is a real SMTP server on a loopback port that keeps every mail it accepts. It
// refuses recipients whose address starts with "nobody", as a server without that mailbox
// would.
type SMTPServer struct {
	Host string
	Port int

	// Set by the options, before the first connection.
	user, password string // when user is set, AUTH PLAIN is required
	tls            bool   // the listener speaks implicit TLS

	mu        sync.Mutex
	rejectN   int         // reject this many more DATA commands with 451
	rejectAll bool        // reject every DATA with 451
	onData    func()      // called as DATA starts, e.g. to hold the sender
	dataCalls []time.Time // when each DATA command arrived
	received  []Received  // mails accepted
	authed    []string    // user names that authenticated
}

// Received is one accepted mail: its envelope and raw message.
type Received struct {
	From string
	To   []string
	Data []byte
	TLS  bool // it came over a TLS connection
}

// SMTPOption configures StartSMTP's server.
type SMTPOption func(*SMTPServer, *smtp.Server)

// WithAuth requires AUTH PLAIN as user with password (allowed without TLS: the server is on
// loopback).
func WithAuth(user, password string) SMTPOption {
	return func(s *SMTPServer, _ *smtp.Server) { s.user, s.password = user, password }
}

// WithSTARTTLS offers STARTTLS with cert.
func WithSTARTTLS(cert tls.Certificate) SMTPOption {
	return func(_ *SMTPServer, srv *smtp.Server) {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
}

// WithImplicitTLS makes the server speak TLS from the first byte.
func WithImplicitTLS(cert tls.Certificate) SMTPOption {
	return func(s *SMTPServer, srv *smtp.Server) {
		s.tls = true
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
}

// StartSMTP starts an SMTP server on a free loopback port, stopped when the test ends.
func StartSMTP(t testing.TB, opts ...SMTPOption) *SMTPServer {
	t.Helper()
	s := &SMTPServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &smtpSession{srv: s, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	for _, o := range opts {
		o(s, srv)
	}
	var ln net.Listener
	var err error
	if s.tls {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", srv.TLSConfig)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// RejectFirst makes the next n DATA commands fail with 451.
func (s *SMTPServer) RejectFirst(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectN = n
}

// RejectAlways makes every DATA command fail with 451.
func (s *SMTPServer) RejectAlways() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectAll = true
}

// OnData calls f as each DATA command starts, e.g. to hold the sender.
func (s *SMTPServer) OnData(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onData = f
}

// Received returns a copy of the accepted mails.
func (s *SMTPServer) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.received)
}

// DataCalls returns when each DATA command arrived, accepted or not.
func (s *SMTPServer) DataCalls() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.dataCalls)
}

// Authed returns the user names that authenticated, in order.
func (s *SMTPServer) Authed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.authed)
}

// Await returns the first accepted mail to addr whose subject contains subject, decoded,
// waiting for it until deadline; past it the test fails, naming what did arrive.
func (s *SMTPServer) Await(t testing.TB, deadline time.Time, addr, subject string) Mail {
	t.Helper()
	for {
		var seen []string
		for _, r := range s.Received() {
			m := ParseMail(t, r.Data)
			if slices.Contains(r.To, addr) && strings.Contains(m.Subject, subject) {
				return m
			}
			seen = append(seen, fmt.Sprintf("%v %q", r.To, m.Subject))
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s about %q arrived in time; the server has %q", addr, subject, seen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type smtpSession struct {
	srv    *SMTPServer
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (ss *smtpSession) AuthMechanisms() []string {
	if ss.srv.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || ss.srv.user == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if user != ss.srv.user || password != ss.srv.password {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		ss.srv.mu.Lock()
		ss.srv.authed = append(ss.srv.authed, user)
		ss.srv.mu.Unlock()
		return nil
	}), nil
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if strings.HasPrefix(to, "nobody") {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := ss.srv
	s.mu.Lock()
	s.dataCalls = append(s.dataCalls, time.Now())
	onData := s.onData
	reject := s.rejectAll || s.rejectN > 0
	if s.rejectN > 0 {
		s.rejectN--
	}
	s.mu.Unlock()
	if onData != nil {
		onData()
	}
	if reject {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	_, isTLS := ss.conn.TLSConnectionState()
	s.mu.Lock()
	s.received = append(s.received, Received{From: ss.from, To: ss.to, Data: data, TLS: isTLS})
	s.mu.Unlock()
	return nil
}

func (ss *smtpSession) Reset() { ss.from, ss.to = "", nil }

func (ss *smtpSession) Logout() error { return nil }
