package channels

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultAPIBase is Telegram's Bot API; tests and local Bot API servers give their own.
const DefaultAPIBase = "https://api.telegram.org"

// Message is what one post says: the story's headline, its page on the site and, when it has
// one, its picture.
type Message struct {
	Headline string
	URL      string
	// PhotoURL is an absolute URL Telegram fetches the picture from; empty sends text only.
	PhotoURL string
	// LinkText is the link's words, in the channel's language.
	LinkText string
}

// captionMax keeps a photo's caption under Telegram's 1024 characters, with room for the
// link and the markup.
const captionMax = 1024

// HTML is the message in Telegram's HTML parse mode: the headline in bold, then the link. Only
// <, > and & need escaping there, and " inside the link; html.EscapeString does all four (and
// ', as a numeric entity, which Telegram accepts). The headline is cut, not the link, when the
// whole would pass limit characters as Telegram counts them (after entities are read).
func (m Message) HTML(limit int) string {
	link := m.LinkText
	if link == "" {
		link = m.URL
	}
	headline := strings.TrimSpace(m.Headline)
	room := limit - utf8.RuneCountInString(link) - 2
	if n := utf8.RuneCountInString(headline); n > room && room > 1 {
		headline = string([]rune(headline)[:room-1]) + "…"
	}
	return "<b>" + html.EscapeString(headline) + "</b>\n\n" +
		`<a href="` + html.EscapeString(m.URL) + `">` + html.EscapeString(link) + "</a>"
}

// Bot calls the Bot API.
type Bot struct {
	base   string
	client *http.Client
}

// NewBot returns a Bot calling the API at base (DefaultAPIBase when empty) through client
// (one with a 30 s timeout when nil).
func NewBot(base string, client *http.Client) *Bot {
	if base == "" {
		base = DefaultAPIBase
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return &Bot{base: strings.TrimSuffix(base, "/"), client: client}
}

// APIError is the Bot API's refusal: its error_code (an HTTP status), description and, for
// 429, how long to wait.
type APIError struct {
	Code        int
	Description string
	RetryAfter  time.Duration
}

func (e *APIError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("telegram %d: %s (retry after %s)", e.Code, e.Description, e.RetryAfter)
	}
	return fmt.Sprintf("telegram %d: %s", e.Code, e.Description)
}

// Permanent reports whether sending the same thing again cannot succeed: a bad request, a
// token Telegram does not know, a bot that is not allowed to post in the chat, a chat that
// is not there. Such a post waits for an admin instead of being retried.
func (e *APIError) Permanent() bool {
	switch e.Code {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return true
	}
	return false
}

// Send posts m to chat with the bot token: sendPhoto with a caption when m has a picture,
// sendMessage otherwise. It returns Telegram's message id. When Telegram refuses the picture
// (a 400, as when it cannot fetch it), the post is sent as text instead and note says so.
func (b *Bot) Send(ctx context.Context, token, chat string, m Message) (messageID int64, note string, err error) {
	if m.PhotoURL != "" {
		id, err := b.call(ctx, token, "sendPhoto", url.Values{
			"chat_id": {chat}, "photo": {m.PhotoURL}, "caption": {m.HTML(captionMax)}, "parse_mode": {"HTML"},
		})
		var api *APIError
		if err == nil || !errors.As(err, &api) || api.Code != http.StatusBadRequest {
			return id, "", err
		}
		note = "picture refused, sent as text: " + api.Description
	}
	id, err := b.call(ctx, token, "sendMessage", url.Values{
		"chat_id": {chat}, "text": {m.HTML(4096)}, "parse_mode": {"HTML"},
	})
	return id, note, err
}

// reply is the Bot API's answer.
type reply struct {
	OK          bool   `json:"ok"`
	ErrorCode   int    `json:"error_code"`
	Description string `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
	Result struct {
		MessageID int64 `json:"message_id"`
	} `json:"result"`
}

// call posts one method. The token is part of the URL, so errors that quote the URL (those
// of net/http) have it replaced before they go anywhere.
func (b *Bot) call(ctx context.Context, token, method string, params url.Values) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.base+"/bot"+token+"/"+method, strings.NewReader(params.Encode()))
	if err != nil {
		return 0, hideToken(err, token)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, hideToken(err, token)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, hideToken(err, token)
	}
	var r reply
	if err := json.Unmarshal(body, &r); err != nil {
		if resp.StatusCode != http.StatusOK {
			// Not the Bot API talking (a proxy's error page): its status still says what kind
			// of failure it is.
			return 0, &APIError{Code: resp.StatusCode, Description: http.StatusText(resp.StatusCode), RetryAfter: retryAfter(resp.Header)}
		}
		return 0, fmt.Errorf("telegram %s: unreadable answer: %w", method, err)
	}
	if !r.OK {
		code := r.ErrorCode
		if code == 0 {
			code = resp.StatusCode
		}
		e := &APIError{Code: code, Description: strings.ReplaceAll(r.Description, token, "<token>")}
		if r.Parameters.RetryAfter > 0 {
			e.RetryAfter = time.Duration(r.Parameters.RetryAfter) * time.Second
		} else {
			e.RetryAfter = retryAfter(resp.Header)
		}
		return 0, e
	}
	return r.Result.MessageID, nil
}

// retryAfter reads a Retry-After header in seconds; 0 when absent.
func retryAfter(h http.Header) time.Duration {
	if n, err := strconv.Atoi(h.Get("Retry-After")); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
}

// hideToken returns err's text with the token replaced: a bot token must not reach a log or
// the newsroom's list of failures.
func hideToken(err error, token string) error {
	if token == "" {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "<token>"))
}
