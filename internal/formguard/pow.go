package formguard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// A proof of work, in the manner of the ALTCHA protocol, slows down robots that send forms in
// bulk while a person's browser solves it in about a second, with no cookie and no third
// party: the server picks a secret number up to MaxNumber and hands out the SHA-256 of a salt
// followed by that number, signed; the browser tries numbers until it finds the one that
// gives the hash (internal/web/static/pow.js) and sends it with the form. Each solution is
// taken once. Editors switch it on for forms under attack (PowSetting).

// PowSetting is the settings row that says whether public forms ask for a proof of work
// ("on" or empty).
const PowSetting = "formguard.pow"

// PowField is the form field that carries the solution.
const PowField = "altcha"

// powMaxNumber bounds the search: a hundred thousand hashes at most, a fraction of a second to a
// couple of seconds in a phone's browser.
const powMaxNumber = 100000

// powTTL is how long a challenge may be solved and sent.
const powTTL = 30 * time.Minute

// ErrNoProof is a form sent without a valid, unused proof of work while one is asked for.
var ErrNoProof = errors.New("the form's proof of work is missing, wrong, expired or used")

// Challenge is what the browser is given to solve, in the ALTCHA field names.
type Challenge struct {
	Algorithm string `json:"algorithm"`
	Challenge string `json:"challenge"`
	MaxNumber int64  `json:"maxnumber"`
	Salt      string `json:"salt"`
	Signature string `json:"signature"`
}

// Solution is the browser's answer, sent base64-encoded JSON in PowField.
type Solution struct {
	Algorithm string `json:"algorithm"`
	Challenge string `json:"challenge"`
	Number    int64  `json:"number"`
	Salt      string `json:"salt"`
	Signature string `json:"signature"`
}

// PowOn reports whether editors asked public forms for a proof of work.
func (g *Guard) PowOn(ctx context.Context) (bool, error) {
	v, _, err := g.settings.Get(ctx, PowSetting)
	return v == "on", err
}

// SetPow switches the proof of work on or off.
func (g *Guard) SetPow(ctx context.Context, on bool) error {
	v := ""
	if on {
		v = "on"
	}
	return g.settings.Set(ctx, PowSetting, v)
}

// NewChallenge makes a challenge valid for half an hour.
func (g *Guard) NewChallenge(ctx context.Context) (Challenge, error) {
	secret, err := g.secret(ctx)
	if err != nil {
		return Challenge{}, err
	}
	b := make([]byte, 12)
	rand.Read(b)
	salt := hex.EncodeToString(b) + "?expires=" + strconv.FormatInt(g.clock().Add(powTTL).Unix(), 10)
	var nb [8]byte
	rand.Read(nb[:])
	number := int64(binary.BigEndian.Uint64(nb[:]) % (powMaxNumber + 1))
	sum := sha256.Sum256([]byte(salt + strconv.FormatInt(number, 10)))
	challenge := hex.EncodeToString(sum[:])
	return Challenge{Algorithm: "SHA-256", Challenge: challenge, MaxNumber: powMaxNumber, Salt: salt,
		Signature: powSign(secret, challenge)}, nil
}

// JSON is the challenge as the form carries it.
func (c Challenge) JSON() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// Solve finds the number, as a browser does; tests and tools use it.
func (c Challenge) Solve() (string, bool) {
	for n := int64(0); n <= c.MaxNumber; n++ {
		sum := sha256.Sum256([]byte(c.Salt + strconv.FormatInt(n, 10)))
		if hex.EncodeToString(sum[:]) == c.Challenge {
			b, _ := json.Marshal(Solution{Algorithm: c.Algorithm, Challenge: c.Challenge, Number: n, Salt: c.Salt, Signature: c.Signature})
			return base64.StdEncoding.EncodeToString(b), true
		}
	}
	return "", false
}

// CheckProof verifies a solution and takes it, in tx, so it cannot serve twice.
func (g *Guard) CheckProof(ctx context.Context, tx *db.Tx, payload string) error {
	if len(payload) > 1000 {
		return ErrNoProof
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(payload))
	if err != nil {
		return ErrNoProof
	}
	var s Solution
	if json.Unmarshal(raw, &s) != nil || s.Algorithm != "SHA-256" || s.Number < 0 || s.Number > powMaxNumber {
		return ErrNoProof
	}
	secret, err := g.secret(ctx)
	if err != nil {
		return err
	}
	if !hmac.Equal([]byte(s.Signature), []byte(powSign(secret, s.Challenge))) {
		return ErrNoProof
	}
	sum := sha256.Sum256([]byte(s.Salt + strconv.FormatInt(s.Number, 10)))
	if hex.EncodeToString(sum[:]) != s.Challenge {
		return ErrNoProof
	}
	_, query, _ := strings.Cut(s.Salt, "?")
	params, _ := url.ParseQuery(query)
	exp, err := strconv.ParseInt(params.Get("expires"), 10, 64)
	if err != nil || g.clock().After(time.Unix(exp, 0)) {
		return ErrNoProof
	}
	// One use: the challenge is remembered among the rate-limit counters until it expires.
	res, err := tx.Exec(ctx, "INSERT INTO form_limits (key, hits, expires_at) VALUES (?, 1, ?) ON CONFLICT (key) DO NOTHING",
		"pow:"+s.Challenge[:32], time.Unix(exp, 0).UTC())
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoProof
	}
	return nil
}

func powSign(secret []byte, challenge string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("pow\x00" + challenge))
	return hex.EncodeToString(m.Sum(nil))
}

// TakeProof is CheckProof in a transaction of its own.
func (g *Guard) TakeProof(ctx context.Context, payload string) error {
	return g.db.InTx(ctx, func(tx *db.Tx) error { return g.CheckProof(ctx, tx, payload) })
}
