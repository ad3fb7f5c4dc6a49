package push

import (
	"context"
	"fmt"
	"strings"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/settings"
)

// The VAPID key pair (RFC 8292) identifies this site to push services: browsers subscribe
// with its public key and accept only messages signed with its private key. It is made on the
// first start and kept in the database, not the data folder, so that every node sharing a
// PostgreSQL signs with the same key (a subscription is bound to one key for its life); the
// private half is sealed with the site's secret key (BATORI_SECRET_KEY or secret.key), which
// every node shares already. The setting holds "<public> <sealed private>".
const keySetting = "push_vapid_keys"

const keyLabel = "settings." + keySetting

// Keys is the site's VAPID key pair, base64url: the public key an uncompressed P-256 point,
// the private key its 32-byte scalar.
type Keys struct {
	Public, Private string
}

// Keys returns the site's VAPID keys, making them on first use. Two nodes starting at once
// agree: the first pair stored wins and the other node reads it.
func (s *Store) Keys(ctx context.Context) (Keys, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys != nil {
		return *s.keys, nil
	}
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		return Keys{}, fmt.Errorf("make VAPID keys: %w", err)
	}
	sealed := priv
	if s.box != nil {
		if sealed, err = s.box.Seal(priv, keyLabel); err != nil {
			return Keys{}, err
		}
	}
	var stored string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		t := settings.In(tx)
		if _, err := t.Add(ctx, keySetting, pub+" "+sealed); err != nil {
			return err
		}
		var ok bool
		stored, ok, err = t.Get(ctx, keySetting)
		if err == nil && !ok {
			err = fmt.Errorf("setting %s vanished", keySetting)
		}
		return err
	})
	if err != nil {
		return Keys{}, fmt.Errorf("VAPID keys: %w", err)
	}
	pub, sealed, ok := strings.Cut(stored, " ")
	if !ok {
		return Keys{}, fmt.Errorf("setting %s is malformed", keySetting)
	}
	if s.box != nil {
		if priv, err = s.box.Open(sealed, keyLabel); err != nil {
			return Keys{}, fmt.Errorf("open the VAPID private key: %w", err)
		}
	} else {
		priv = sealed
	}
	s.keys = &Keys{Public: strings.TrimRight(pub, "="), Private: priv}
	return *s.keys, nil
}
