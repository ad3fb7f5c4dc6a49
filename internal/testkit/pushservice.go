package testkit

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// PushService is a web push service for tests, written from the RFCs and sharing no code
// with the sender: it takes messages at RFC 8030's endpoint (POST with TTL and Urgency,
// answered 201 Created), checks the VAPID token of RFC 8292 (an ES256 JWT for this service's
// origin, signed with the key the request names) and decrypts the RFC 8291 aes128gcm payload
// with the subscription's private key and auth secret, keeping the plain text. Requests it
// refuses are listed with the reason.
type PushService struct {
	// URL is the service's origin, http://127.0.0.1:port.
	URL string
	srv *httptest.Server

	mu       sync.Mutex
	subs     map[string]*PushSubscriber
	received []PushMessage
	refused  []string
	// keep is false to count messages without keeping them (benchmarks).
	keep  bool
	count int
}

// PushSubscriber is a subscription as a browser holds it: the endpoint and the keys.
type PushSubscriber struct {
	ID       string
	Endpoint string
	// P256dh and Auth are the public key and auth secret, base64url, as a browser's
	// PushSubscription.toJSON gives them.
	P256dh, Auth string
	priv         *ecdh.PrivateKey
	secret       []byte
	// answers are statuses to give before accepting, one per request.
	answers []int
}

// PushMessage is one message the service accepted, decrypted.
type PushMessage struct {
	Endpoint string
	Payload  []byte
	TTL      int
	Urgency  string
	Topic    string
	// VAPIDKey is the k of the Authorization header, Subject the token's sub.
	VAPIDKey, Subject string
}

// StartPushService starts a push service on a loopback port until the test ends.
func StartPushService(t testing.TB) *PushService {
	p := &PushService{subs: map[string]*PushSubscriber{}, keep: true}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	t.Cleanup(p.srv.Close)
	return p
}

// KeepPayloads says whether accepted messages are kept (Messages) or only counted (Count).
func (p *PushService) KeepPayloads(keep bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keep = keep
}

// Subscribe makes a subscription with fresh keys, as a browser's PushManager.subscribe does.
func (p *PushService) Subscribe() *PushSubscriber {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	return p.AddSubscriber(priv, secret)
}

// AddSubscriber makes a subscription for keys made elsewhere (by a browser's WebCrypto).
func (p *PushService) AddSubscriber(priv *ecdh.PrivateKey, authSecret []byte) *PushSubscriber {
	id := make([]byte, 12)
	rand.Read(id)
	s := &PushSubscriber{
		ID:     base64.RawURLEncoding.EncodeToString(id),
		P256dh: base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes()),
		Auth:   base64.RawURLEncoding.EncodeToString(authSecret),
		priv:   priv, secret: authSecret,
	}
	s.Endpoint = p.URL + "/push/" + s.ID
	p.mu.Lock()
	p.subs[s.ID] = s
	p.mu.Unlock()
	return s
}

// NewEndpoint makes an endpoint whose keys come later (SetKeys): a browser makes its keys as
// it subscribes. Messages to it before then are refused.
func (p *PushService) NewEndpoint() string {
	id := make([]byte, 12)
	rand.Read(id)
	s := &PushSubscriber{ID: base64.RawURLEncoding.EncodeToString(id)}
	s.Endpoint = p.URL + "/push/" + s.ID
	p.mu.Lock()
	p.subs[s.ID] = s
	p.mu.Unlock()
	return s.Endpoint
}

// SetKeys gives the endpoint made by NewEndpoint the subscription's private key and auth
// secret, which decrypt what is sent to it.
func (p *PushService) SetKeys(endpoint string, priv *ecdh.PrivateKey, authSecret []byte) error {
	id, ok := strings.CutPrefix(endpoint, p.URL+"/push/")
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.subs[id]
	if !ok || s == nil {
		return fmt.Errorf("no endpoint %s", endpoint)
	}
	s.priv, s.secret = priv, authSecret
	s.P256dh = base64.RawURLEncoding.EncodeToString(priv.PublicKey().Bytes())
	s.Auth = base64.RawURLEncoding.EncodeToString(authSecret)
	return nil
}

// Answer makes the service answer the subscription's next requests with codes, one each,
// before accepting again. A 404 or 410 also forgets the subscription.
func (p *PushService) Answer(s *PushSubscriber, codes ...int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s.answers = append(s.answers, codes...)
}

// Messages returns the messages accepted so far.
func (p *PushService) Messages() []PushMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]PushMessage(nil), p.received...)
}

// Count is how many messages were accepted.
func (p *PushService) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// Refused lists why requests were refused (bad headers, token or payload), not counting
// the answers asked for with Answer.
func (p *PushService) Refused() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.refused...)
}

func (p *PushService) refuse(w http.ResponseWriter, code int, why string) {
	p.mu.Lock()
	p.refused = append(p.refused, why)
	p.mu.Unlock()
	http.Error(w, why, code)
}

func (p *PushService) serve(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutPrefix(r.URL.Path, "/push/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		p.refuse(w, http.StatusMethodNotAllowed, "method "+r.Method)
		return
	}
	p.mu.Lock()
	s := p.subs[id]
	answer := 0
	if s != nil && len(s.answers) > 0 {
		answer, s.answers = s.answers[0], s.answers[1:]
		if answer == http.StatusNotFound || answer == http.StatusGone {
			delete(p.subs, id)
		}
	}
	p.mu.Unlock()
	if s == nil {
		http.Error(w, "no such subscription", http.StatusGone)
		return
	}
	if answer != 0 {
		http.Error(w, http.StatusText(answer), answer)
		return
	}
	msg := PushMessage{Endpoint: s.Endpoint, Topic: r.Header.Get("Topic")}
	ttl, err := strconv.Atoi(r.Header.Get("TTL"))
	if err != nil || ttl < 0 {
		p.refuse(w, http.StatusBadRequest, "TTL header missing or not a number: "+r.Header.Get("TTL"))
		return
	}
	msg.TTL = ttl
	switch msg.Urgency = r.Header.Get("Urgency"); msg.Urgency {
	case "", "very-low", "low", "normal", "high":
	default:
		p.refuse(w, http.StatusBadRequest, "bad Urgency "+msg.Urgency)
		return
	}
	if msg.Topic != "" && (len(msg.Topic) > 32 || strings.Trim(msg.Topic, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "") {
		p.refuse(w, http.StatusBadRequest, "bad Topic "+msg.Topic)
		return
	}
	if msg.VAPIDKey, msg.Subject, err = p.checkVAPID(r.Header.Get("Authorization")); err != nil {
		p.refuse(w, http.StatusUnauthorized, "VAPID: "+err.Error())
		return
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "aes128gcm" {
		p.refuse(w, http.StatusUnsupportedMediaType, "Content-Encoding "+ce)
		return
	}
	body := make([]byte, 0, 4096)
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		body = append(body, buf[:n]...)
		if err != nil || len(body) > 8192 {
			break
		}
	}
	if len(body) > 4096 {
		p.refuse(w, http.StatusRequestEntityTooLarge, "payload over 4096 bytes")
		return
	}
	p.mu.Lock()
	priv, secret := s.priv, s.secret
	p.mu.Unlock()
	if priv == nil {
		p.refuse(w, http.StatusBadRequest, "no keys yet for "+s.Endpoint)
		return
	}
	if msg.Payload, err = DecryptPush(priv, secret, body); err != nil {
		p.refuse(w, http.StatusBadRequest, "payload: "+err.Error())
		return
	}
	p.mu.Lock()
	p.count++
	n := p.count
	if p.keep {
		p.received = append(p.received, msg)
	}
	p.mu.Unlock()
	w.Header().Set("Location", p.URL+"/message/"+strconv.Itoa(n))
	w.WriteHeader(http.StatusCreated)
}

// checkVAPID checks an Authorization header of RFC 8292: "vapid t=<JWT>, k=<public key>",
// the token signed ES256 with that key, for this service's origin, expiring within a day.
func (p *PushService) checkVAPID(h string) (key, sub string, err error) {
	rest, ok := strings.CutPrefix(h, "vapid ")
	if !ok {
		return "", "", errors.New("scheme is not vapid")
	}
	var token string
	for part := range strings.SplitSeq(rest, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch name {
		case "t":
			token = value
		case "k":
			key = value
		}
	}
	pub, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil || len(pub) != 65 || pub[0] != 4 {
		return "", "", errors.New("k is not an uncompressed P-256 point")
	}
	if _, err := ecdh.P256().NewPublicKey(pub); err != nil {
		return "", "", fmt.Errorf("k: %w", err)
	}
	x, y := new(big.Int).SetBytes(pub[1:33]), new(big.Int).SetBytes(pub[33:])
	ecPub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", "", errors.New("t is not a JWT")
	}
	var header struct{ Typ, Alg string }
	var claims struct {
		Aud string `json:"aud"`
		Exp int64  `json:"exp"`
		Sub string `json:"sub"`
	}
	if err := decodeJWTPart(parts[0], &header); err != nil || header.Alg != "ES256" {
		return "", "", fmt.Errorf("JWT header %+v: %v", header, err)
	}
	if err := decodeJWTPart(parts[1], &claims); err != nil {
		return "", "", fmt.Errorf("JWT claims: %w", err)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return "", "", errors.New("JWT signature is not 64 bytes")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(ecPub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return "", "", errors.New("JWT signature does not verify with k")
	}
	if claims.Aud != p.URL {
		return "", "", fmt.Errorf("aud %q is not %q", claims.Aud, p.URL)
	}
	now := time.Now().Unix()
	if claims.Exp <= now || claims.Exp > now+24*3600 {
		return "", "", fmt.Errorf("exp %d is not within the next 24 hours", claims.Exp)
	}
	if !strings.HasPrefix(claims.Sub, "mailto:") && !strings.HasPrefix(claims.Sub, "https://") {
		return "", "", fmt.Errorf("sub %q is neither mailto: nor https:", claims.Sub)
	}
	return key, claims.Sub, nil
}

func decodeJWTPart(s string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// DecryptPush decrypts an RFC 8291 message (one aes128gcm record, RFC 8188) for the
// subscription with private key priv and auth secret.
func DecryptPush(priv *ecdh.PrivateKey, authSecret, body []byte) ([]byte, error) {
	if len(body) < 21 {
		return nil, errors.New("shorter than the aes128gcm header")
	}
	salt := body[:16]
	rs := binary.BigEndian.Uint32(body[16:20])
	idlen := int(body[20])
	if idlen != 65 || len(body) < 21+idlen {
		return nil, fmt.Errorf("keyid of %d bytes, want the sender's 65-byte public key", idlen)
	}
	asPub, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, fmt.Errorf("sender key: %w", err)
	}
	ciphertext := body[21+idlen:]
	if rs < 18 || len(ciphertext) > int(rs) {
		return nil, fmt.Errorf("record size %d for %d bytes: more than one record", rs, len(ciphertext))
	}
	shared, err := priv.ECDH(asPub)
	if err != nil {
		return nil, err
	}
	mac := func(key []byte, parts ...[]byte) []byte {
		h := hmac.New(sha256.New, key)
		for _, p := range parts {
			h.Write(p)
		}
		return h.Sum(nil)
	}
	// RFC 8291 section 3.4, then RFC 8188 section 2.2.
	prkKey := mac(authSecret, shared)
	keyInfo := append(append([]byte("WebPush: info\x00"), priv.PublicKey().Bytes()...), asPub.Bytes()...)
	ikm := mac(prkKey, keyInfo, []byte{1})
	prk := mac(salt, ikm)
	cek := mac(prk, []byte("Content-Encoding: aes128gcm\x00"), []byte{1})[:16]
	nonce := mac(prk, []byte("Content-Encoding: nonce\x00"), []byte{1})[:12]
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	end := len(plain) - 1
	for end >= 0 && plain[end] == 0 {
		end--
	}
	if end < 0 || plain[end] != 2 {
		return nil, errors.New("no last-record delimiter (0x02) after the padding")
	}
	return plain[:end], nil
}
