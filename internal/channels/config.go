package channels

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/settings"
)

// A language's channel lives in the settings table: channels.<lang>.chat holds the chat id
// and channels.<lang>.token the bot token, sealed.

func chatKey(lang locale.Lang) string  { return "channels." + string(lang) + ".chat" }
func tokenKey(lang locale.Lang) string { return "channels." + string(lang) + ".token" }

// tokenLabel binds a sealed token to its settings key: copied under the other language's key
// it does not open.
func tokenLabel(lang locale.Lang) string { return "settings." + tokenKey(lang) }

// Channel is one language's Telegram channel.
type Channel struct {
	Lang locale.Lang
	// ChatID is the channel's public @username or its numeric id (-100…).
	ChatID string
	// Token is the bot's token, opened; empty when none is stored.
	Token string
}

// On reports whether the channel has both a chat and a token: only then are stories posted.
func (c Channel) On() bool { return c.ChatID != "" && c.Token != "" }

// MaskedToken shows which bot the token is for (the number before the colon is the bot's
// public user id) and its last four characters, never the rest.
func (c Channel) MaskedToken() string {
	if c.Token == "" {
		return ""
	}
	id, secret, _ := strings.Cut(c.Token, ":")
	if len(secret) < 8 {
		return "••••"
	}
	return id + ":••••" + secret[len(secret)-4:]
}

var (
	// chatPattern: a public channel's @username (5 to 32 characters) or a numeric chat id.
	chatPattern = regexp.MustCompile(`^(@[A-Za-z][A-Za-z0-9_]{4,31}|-?[0-9]{1,20})$`)
	// tokenPattern is the shape BotFather gives tokens: the bot's id, a colon, a secret.
	tokenPattern = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)
)

// Channel returns lang's channel, its token opened.
func (s *Store) Channel(ctx context.Context, lang locale.Lang) (Channel, error) {
	vals, err := settings.NewStore(s.db).GetMany(ctx, chatKey(lang), tokenKey(lang))
	if err != nil {
		return Channel{}, fmt.Errorf("read %s channel: %w", lang, err)
	}
	c := Channel{Lang: lang, ChatID: vals[chatKey(lang)], Token: vals[tokenKey(lang)]}
	if c.Token != "" && s.box != nil {
		if c.Token, err = s.box.Open(c.Token, tokenLabel(lang)); err != nil {
			return Channel{}, fmt.Errorf("the %s channel's bot token does not open with the key from %s: %w", lang, s.box.Source, err)
		}
	}
	return c, nil
}

// Channels returns every language's channel, in the order of Langs.
func (s *Store) Channels(ctx context.Context) ([]Channel, error) {
	out := make([]Channel, 0, len(Langs))
	for _, l := range Langs {
		c, err := s.Channel(ctx, l)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ChannelInput is one save of a language's channel from the newsroom's form.
type ChannelInput struct {
	Lang   locale.Lang
	ChatID string
	// Token replaces the stored token when not empty; empty keeps it, since the form never
	// shows it back.
	Token string
	// Remove drops the chat and the token: the channel is off.
	Remove bool
}

// Save stores a language's channel. Bad input is a *fielderr.Error naming "chat" or "token";
// a chat without a token (or the reverse) is refused, so a channel is either whole or off.
func (s *Store) Save(ctx context.Context, in ChannelInput) error {
	if !slices.Contains(Langs, in.Lang) {
		return fielderr.New("lang", fielderr.Invalid)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		st := settings.In(tx)
		if in.Remove {
			if err := st.Delete(ctx, chatKey(in.Lang)); err != nil {
				return err
			}
			return st.Delete(ctx, tokenKey(in.Lang))
		}
		chat := strings.TrimSpace(in.ChatID)
		token := strings.TrimSpace(in.Token)
		_, hasToken, err := st.Get(ctx, tokenKey(in.Lang))
		if err != nil {
			return err
		}
		fe := &fielderr.Error{}
		if fe.Required("chat", chat) && !chatPattern.MatchString(chat) {
			fe.Add("chat", fielderr.Invalid)
		}
		switch {
		case token == "" && !hasToken:
			fe.Add("token", fielderr.Required)
		case token != "" && !tokenPattern.MatchString(token):
			fe.Add("token", fielderr.Invalid)
		}
		if err := fe.OrNil(); err != nil {
			return err
		}
		if err := st.Set(ctx, chatKey(in.Lang), chat); err != nil {
			return err
		}
		if token == "" {
			return nil
		}
		if s.box != nil {
			if token, err = s.box.Seal(token, tokenLabel(in.Lang)); err != nil {
				return err
			}
		}
		return st.Set(ctx, tokenKey(in.Lang), token)
	})
}

// SealSecrets runs at start-up: it seals bot tokens still stored in plain text and checks
// that the key opens the sealed ones, so a wrong key stops the start rather than every post
// failing later. It returns how many tokens it sealed.
func (s *Store) SealSecrets(ctx context.Context) (int, error) {
	if s.box == nil {
		return 0, fmt.Errorf("channels: no secret key to seal bot tokens with")
	}
	sealed := 0
	err := settings.NewStore(s.db).Update(ctx, func(t settings.Tx) error {
		for _, l := range Langs {
			v, ok, err := t.Get(ctx, tokenKey(l))
			if err != nil {
				return err
			}
			if !ok || v == "" {
				continue
			}
			if secretbox.IsSealed(v) {
				if _, err := s.box.Open(v, tokenLabel(l)); err != nil {
					return fmt.Errorf("the %s channel's bot token does not open with the key from %s: %w", l, s.box.Source, err)
				}
				continue
			}
			if v, err = s.box.Seal(v, tokenLabel(l)); err != nil {
				return err
			}
			if err := t.Set(ctx, tokenKey(l), v); err != nil {
				return err
			}
			sealed++
		}
		return nil
	})
	return sealed, err
}
