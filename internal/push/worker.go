package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"

	"github.com/batori-news/batori/internal/queue"
)

// WorkerOptions tune a Worker; zero fields take the defaults.
type WorkerOptions struct {
	// Options default for push to a poll every 5s (Store.Kick wakes the worker sooner),
	// batches of 500, 6 attempts, a backoff of 30s doubled after each failure up to 1h, 30s
	// for one delivery, and a lease long enough for the whole batch to time out.
	queue.Options
	// Concurrency is how many deliveries of a batch are in flight at once; default 32.
	Concurrency int
	// TTL is how long a push service keeps a notification for a browser that is offline;
	// default 24h.
	TTL time.Duration
	// Subscriber is the contact for push services' operators, in the VAPID token: an
	// https URL or an e-mail address; read at each batch.
	Subscriber func() string
	// Client sends the requests; default an http.Client with connections kept per host.
	Client *http.Client
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	o.Options = o.Or(queue.Options{PollInterval: 5 * time.Second, BatchSize: 500, MaxAttempts: 6,
		Backoff: 30 * time.Second, MaxBackoff: time.Hour, SendTimeout: 30 * time.Second})
	if o.Concurrency <= 0 {
		o.Concurrency = 32
	}
	if o.Lease <= 0 {
		o.Lease = time.Duration(o.BatchSize/o.Concurrency+2)*o.SendTimeout + time.Minute
	}
	if o.TTL <= 0 {
		o.TTL = 24 * time.Hour
	}
	if o.Subscriber == nil {
		o.Subscriber = func() string { return "" }
	}
	if o.Client == nil {
		o.Client = &http.Client{Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: o.Concurrency,
			IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second, ForceAttemptHTTP2: true,
		}}
	}
	return o
}

// Worker delivers queued notifications. Any number of workers, on one node or many, may run
// over the same database: each delivery is claimed by one.
type Worker struct {
	store *Store
	log   *slog.Logger
	opt   WorkerOptions
	loop  queue.Worker[delivery]
}

// NewWorker returns a worker delivering s's queue. Without a Client of its own it posts only
// to public addresses (unless the store allows http endpoints, for tests): an endpoint is
// whatever a reader's browser, or anyone, sent, and must not reach the site's own network.
func NewWorker(s *Store, log *slog.Logger, opt WorkerOptions) *Worker {
	if opt.Client == nil && !s.opt.AllowHTTP {
		dialer := &net.Dialer{Timeout: 10 * time.Second, Control: publicOnly}
		opt.Client = &http.Client{Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, DialContext: dialer.DialContext, MaxIdleConnsPerHost: max(opt.Concurrency, 32),
			IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second, ForceAttemptHTTP2: true,
		}}
	}
	w := &Worker{store: s, log: log, opt: opt.withDefaults()}
	w.loop = queue.Worker[delivery]{Name: "push", Table: s.jobs, Opt: w.opt.Options, Log: log, Wake: s.wake,
		Claim: s.claim, Work: w.work}
	return w
}

// errNotPublic fails a delivery whose endpoint resolves to an address that is not public.
var errNotPublic = errors.New("the push endpoint's address is not public")

// publicOnly refuses connections to loopback, private, link-local and unspecified addresses.
func publicOnly(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return fmt.Errorf("%w: %s", errNotPublic, ip)
	}
	return nil
}

// Run delivers until ctx is done. On cancellation the deliveries in flight finish and the
// rest of the batch is handed back.
func (w *Worker) Run(ctx context.Context) { w.loop.Run(ctx) }

// Drain claims and delivers batches until nothing is due or ctx is done.
func (w *Worker) Drain(ctx context.Context) { w.loop.Drain(ctx) }

// work delivers a claimed batch and records its outcomes together.
func (w *Worker) work(ctx context.Context, b queue.Batch[delivery]) (more bool) {
	outs := w.deliver(ctx, b)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := w.store.settle(sctx, b.Token, outs); err != nil {
		// The lease runs out and the batch is tried again: sent twice at worst (the
		// Topic header and the notification's tag make a repeat replace the first).
		w.log.Error("push: recording deliveries failed", "deliveries", len(outs), "err", err)
		return false
	}
	return true
}

// payload is what the service worker receives (web/static/sw.js).
type payload struct {
	Title string `json:"title"`
	Body  string `json:"body,omitempty"`
	URL   string `json:"url"`
	Tag   string `json:"tag"`
	Lang  string `json:"lang"`
}

// topic names a story's notifications, so a push service keeps one of them per browser.
func topic(m Message) string {
	return "story-" + strconv.FormatInt(m.StoryID, 10) + "-" + string(m.Lang)
}

// deliver sends a batch with Concurrency requests in flight. Once ctx is done, deliveries not
// yet begun are handed back untried.
func (w *Worker) deliver(ctx context.Context, b queue.Batch[delivery]) []outcome {
	bodies := map[int64][]byte{}
	for _, d := range b.Jobs {
		if m := d.Data.msg; bodies[d.Data.messageID] == nil {
			bodies[d.Data.messageID], _ = json.Marshal(payload{Title: m.Title, Body: m.Body, URL: m.URL, Tag: topic(*m), Lang: string(m.Lang)})
		}
	}
	subscriber := w.opt.Subscriber()
	outs := make([]outcome, len(b.Jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(w.opt.Concurrency, len(b.Jobs)) {
		wg.Go(func() {
			for i := range next {
				d := b.Jobs[i]
				if ctx.Err() != nil {
					outs[i] = outcome{d: d, kind: untried}
					continue
				}
				outs[i] = w.send(context.WithoutCancel(ctx), subscriber, d, bodies[d.Data.messageID])
			}
		})
	}
	for i := range b.Jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return outs
}

// send makes one delivery and says what became of it.
func (w *Worker) send(ctx context.Context, subscriber string, d queue.Job[delivery], body []byte) outcome {
	m, keys := *d.Data.msg, d.Data.keys
	if d.Data.endpoint == "" || m.ID == 0 {
		// Removed since it was queued: nothing to send, nothing to count.
		return outcome{d: d, kind: delivered}
	}
	ctx, cancel := context.WithTimeout(ctx, w.opt.SendTimeout)
	defer cancel()
	// The library pads the message in place: each send gets its own copy.
	resp, err := webpush.SendNotificationWithContext(ctx, append(make([]byte, 0, len(body)+1), body...),
		&webpush.Subscription{Endpoint: d.Data.endpoint, Keys: webpush.Keys{P256dh: d.Data.p256dh, Auth: d.Data.auth}},
		&webpush.Options{
			HTTPClient: w.opt.Client, Subscriber: subscriber, Topic: topic(m), TTL: int(w.opt.TTL / time.Second),
			Urgency: webpush.UrgencyHigh, VAPIDPublicKey: keys.Public, VAPIDPrivateKey: keys.Private,
		})
	if err != nil {
		if errors.Is(err, errNotPublic) || resp == nil && ctx.Err() == nil && isPayloadError(err) {
			return w.fail(d, err.Error())
		}
		return w.retry(d, 0, err.Error())
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return outcome{d: d, kind: delivered}
	case code == http.StatusNotFound || code == http.StatusGone:
		return outcome{d: d, kind: gone}
	case code == http.StatusTooManyRequests || code >= 500:
		after, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return w.retry(d, time.Duration(after)*time.Second, statusText(resp, text))
	default:
		// 400, 401, 403 (a key the service does not accept), 413: trying again changes nothing.
		return w.fail(d, statusText(resp, text))
	}
}

// isPayloadError reports an error made before any request: keys that cannot be used.
func isPayloadError(err error) bool {
	return strings.Contains(err.Error(), "Unmarshal Error") || strings.Contains(err.Error(), "illegal base64")
}

func statusText(resp *http.Response, body []byte) string {
	s := resp.Status
	if t := strings.TrimSpace(strings.ToValidUTF8(string(body), "")); t != "" {
		s += ": " + t
	}
	return s
}

func (w *Worker) retry(d queue.Job[delivery], after time.Duration, why string) outcome {
	wait, again := w.opt.Again(d.Attempts)
	if !again {
		return w.fail(d, why)
	}
	wait = max(wait, after)
	w.log.Info("push: delivery failed, will retry", "delivery", d.ID, "attempts", d.Attempts, "retry_in", wait, "err", why)
	return outcome{d: d, kind: retry, retryAt: w.store.now().Add(wait), err: why}
}

func (w *Worker) fail(d queue.Job[delivery], why string) outcome {
	w.log.Warn("push: delivery failed for good", "delivery", d.ID, "attempts", d.Attempts, "err", why)
	return outcome{d: d, kind: failed, err: fmt.Sprintf("%.500s", why)}
}
