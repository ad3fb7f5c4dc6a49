package mail_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/batori-news/batori/internal/mail"
)

// smtpServer is a real SMTP server on a loopback port that keeps what it is sent.
type smtpServer struct {
	Host string
	Port int

	// Set before the first connection.
	user, password string // when user is set, AUTH PLAIN is required
	tls            bool   // the listener speaks implicit TLS

	mu        sync.Mutex
	rejectN   int            // reject this many more DATA commands with 451
	rejectAll bool           // reject every DATA with 451
	onData    func()         // called as DATA starts, e.g. to hold the sender
	dataCalls []time.Time    // when each DATA command arrived
	received  []receivedMail // mails accepted
	authed    []string       // user names that authenticated
}

type receivedMail struct {
	From string
	To   []string
	Data []byte
	TLS  bool
}

type serverOpt func(*smtpServer, *smtp.Server)

// withAuth requires AUTH PLAIN as user with password (allowed without TLS: the server is on
// loopback).
func withAuth(user, password string) serverOpt {
	return func(s *smtpServer, _ *smtp.Server) { s.user, s.password = user, password }
}

// withSTARTTLS offers STARTTLS with cert.
func withSTARTTLS(cert tls.Certificate) serverOpt {
	return func(_ *smtpServer, srv *smtp.Server) {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
}

// withImplicitTLS makes the server speak TLS from the first byte.
func withImplicitTLS(cert tls.Certificate) serverOpt {
	return func(s *smtpServer, srv *smtp.Server) {
		s.tls = true
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	}
}

func startSMTP(t *testing.T, opts ...serverOpt) *smtpServer {
	t.Helper()
	s := &smtpServer{}
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
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// config returns an SMTPConfig for this server without TLS.
func (s *smtpServer) config() mail.SMTPConfig {
	return mail.SMTPConfig{Host: s.Host, Port: s.Port, From: "Batori Newsroom <newsroom@batori.test>", TLS: "none", Timeout: 5 * time.Second}
}

func (s *smtpServer) rejectFirst(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectN = n
}

func (s *smtpServer) rejectAlways() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectAll = true
}

func (s *smtpServer) setOnData(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onData = f
}

// Received returns a copy of the accepted mails.
func (s *smtpServer) Received() []receivedMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]receivedMail(nil), s.received...)
}

// DataCalls returns when each DATA command arrived, accepted or not.
func (s *smtpServer) DataCalls() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.dataCalls...)
}

func (s *smtpServer) Authed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.authed...)
}

type smtpSession struct {
	srv    *smtpServer
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
	s.received = append(s.received, receivedMail{From: ss.from, To: ss.to, Data: data, TLS: isTLS})
	s.mu.Unlock()
	return nil
}

func (ss *smtpSession) Reset() { ss.from, ss.to = "", nil }

func (ss *smtpSession) Logout() error { return nil }

// parsedMail is a received mail decoded the way a mail client would.
type parsedMail struct {
	From, To, Subject, MessageID string
	Text, HTML                   string
}

func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read mail: %v\n%s", err, data)
	}
	dec := new(mime.WordDecoder)
	header := func(name string) string {
		v, err := dec.DecodeHeader(msg.Header.Get(name))
		if err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		return v
	}
	p := parsedMail{From: header("From"), To: header("To"), Subject: header("Subject"), MessageID: msg.Header.Get("Message-Id")}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content type: %v", err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		body := decodeBody(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		if mediaType == "text/html" {
			p.HTML = body
		} else {
			p.Text = body
		}
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		// multipart.Reader undoes quoted-printable itself and drops the header.
		body := decodeBody(t, part.Header.Get("Content-Transfer-Encoding"), part)
		pt, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch pt {
		case "text/plain":
			p.Text = body
		case "text/html":
			p.HTML = body
		default:
			t.Errorf("unexpected part %s", pt)
		}
	}
	return p
}

func decodeBody(t *testing.T, encoding string, r io.Reader) string {
	t.Helper()
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "batori test smtp"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}
