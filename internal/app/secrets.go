package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/settings"
)

// keyCheckSetting holds a value sealed with the site's key on its first start. Each later start
// (on every node) opens it, so a node with another key refuses to start before it could seal
// a secret the others cannot read.
const keyCheckSetting = "secret_key_check"

const keyCheckLabel = "settings." + keyCheckSetting

// openSecrets loads the key that seals TOTP secrets, machine-translation credentials and Telegram bot tokens (BATORI_SECRET_KEY, else the data folder's
// key file), checks it is the key this database was used with, and seals any secret still in
// plain text. Without BATORI_SECRET_KEY on PostgreSQL it warns: each node would make its own
// key file, and only the first would pass the check.
func (a *App) openSecrets(ctx context.Context) error {
	box, err := secretbox.Load(a.cfg.SecretKey, a.cfg.DataDir)
	if err != nil {
		return err
	}
	if a.cfg.DatabaseURL != "" && a.cfg.SecretKey == "" {
		a.log.Warn("PostgreSQL without "+secretbox.EnvKey+": secrets are sealed with this node's key file; set the same "+secretbox.EnvKey+" on every node", "key_file", box.Source)
	}
	probe, err := box.Seal("batori", keyCheckLabel)
	if err != nil {
		return err
	}
	var stored string
	err = a.Settings.Update(ctx, func(t settings.Tx) error {
		added, err := t.Add(ctx, keyCheckSetting, probe)
		if err != nil || added {
			return err
		}
		stored, _, err = t.Get(ctx, keyCheckSetting)
		return err
	})
	if err != nil {
		return err
	}
	if stored != "" {
		if v, err := box.Open(stored, keyCheckLabel); err != nil || v != "batori" {
			if err == nil {
				err = errors.New("key check value altered")
			}
			return fmt.Errorf("the secret key from %s is not the one this database's secrets were sealed with (every node must use the same %s): %w", box.Source, secretbox.EnvKey, err)
		}
	}
	a.People = a.People.WithSecretBox(box)
	n, err := a.People.SealSecrets(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		a.log.Info("sealed TOTP secrets stored in plain text", "count", n)
	}
	a.MT = a.MT.WithSecretBox(box)
	// The VAPID private key is sealed with the same key (push/keys.go).
	a.Push = push.NewStore(a.DB, box, push.Options{PerHour: a.cfg.PushPerHour, AllowHTTP: a.cfg.PushHTTPEndpoints})
	if n, err = a.MT.SealSecrets(ctx); err != nil {
		return err
	}
	if n > 0 {
		a.log.Info("sealed machine-translation credentials stored in plain text", "count", n)
	}
	a.Channels.WithSecretBox(box)
	if n, err = a.Channels.SealSecrets(ctx); err != nil {
		return err
	}
	if n > 0 {
		a.log.Info("sealed Telegram bot tokens stored in plain text", "count", n)
	}
	return nil
}
