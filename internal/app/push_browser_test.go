package app_test

import (
	"context"
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/testkit"
)

// fakePushManager stands in for the browser's PushManager.subscribe and getSubscription:
// Chromium's own subscribes at Google's push service (FCM), which this machine cannot reach,
// and no switch points it at another. The stand-in does what the real one does for the page:
// it takes the application server key the page passes, makes the subscription's P-256 key
// pair and auth secret with WebCrypto in the browser, and answers a PushSubscription whose
// endpoint is on the test's push service. It leaves the private key where the test can read
// it, as the push service needs it to decrypt. Everything else is the browser's own: the
// prompt's script, the permission, the service worker's registration and its push and
// notification handling.
const fakePushManager = `(() => {
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const endpoint = ENDPOINT;
  let current = null;
  PushManager.prototype.getSubscription = async function () { return current; };
  PushManager.prototype.subscribe = async function (options) {
    const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const auth = crypto.getRandomValues(new Uint8Array(16));
    const keys = { p256dh: b64(raw), auth: b64(auth) };
    window.__push = { endpoint, d: jwk.d, auth: keys.auth, userVisibleOnly: !!options.userVisibleOnly, serverKey: b64(options.applicationServerKey) };
    current = {
      endpoint, expirationTime: null, options,
      getKey: (name) => (name === 'p256dh' ? raw : name === 'auth' ? auth.buffer : null),
      toJSON: () => ({ endpoint, expirationTime: null, keys }),
      unsubscribe: async () => { current = null; return true; },
    };
    return current;
  };
})();`

// TestBrowserPush: a reader turns on notifications from the footer's prompt in Chromium; an
// editor sends the story from its newsroom page, seeing how many devices it reaches; the
// test's push service receives a message that decrypts, with the keys the browser made, to
// the story; delivered to the reader's service worker, it becomes a notification for the
// story. A second send without confirmation is refused, and the reader turns notifications
// off again.
func TestBrowserPush(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate = true
			cfg.PushHTTPEndpoints = true
			cfg.SMTPFrom = "Batori <newsroom@example.org>"
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			svc := testkit.StartPushService(t)
			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := &newsroomFixture{t: t, ctx: ctx, a: a, section: sec.ID}
			const title = "Brahmaputra breaches the embankment at Dhakuakhana"
			story := f.story()
			f.publish(story, locale.English, title)
			ed, err := a.News.EditionOf(ctx, story, locale.English)
			if err != nil {
				t.Fatal(err)
			}
			storyPath := "/news/" + strconv.FormatInt(story, 10) + "/" + ed.Slug
			const email, password = "editor@batori.test", "silt-on-the-char-lands-9"
			if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Mina Editor", Password: password, Role: people.Editor}); err != nil {
				t.Fatal(err)
			}
			endpoint := svc.NewEndpoint()
			base := testkit.Serve(ctx, t, a.ServeListener)

			reader := openBrowser(t, base)
			allow := func(b tab) {
				b.do("allow notifications", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
						Permission: &browser.PermissionDescriptor{Name: "notifications"}, Setting: browser.PermissionSettingGranted,
						Origin: base, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
					return err
				}))
			}
			allow(reader)
			key, err := a.Push.Keys(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// What Chromium's own PushManager does here, for the report, in a browser context
			// of its own: its subscription request to FCM stays pending and would hold up the
			// reader's service worker.
			probe := reader.newSession()
			allow(probe)
			probe.open("/")
			real := js[string](probe, `(async () => {
				const within = (p, what) => Promise.race([p, new Promise((_, no) => setTimeout(() => no(new Error(what + ' did not answer within 10 s')), 10000))]);
				try {
					await within(navigator.serviceWorker.register('/sw.js'), 'register');
					const r = await within(navigator.serviceWorker.ready, 'ready');
					const s = await within(r.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: `+quote(key.Public)+`}), 'PushManager.subscribe');
					return 'subscribed at ' + s.endpoint;
				} catch (e) { return e.name + ': ' + e.message; }
			})()`)
			t.Logf("Chromium's own PushManager.subscribe: %s", real)

			reader.do("stand in for PushManager", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
					Source: strings.Replace(fakePushManager, "ENDPOINT", quote(endpoint), 1)})
				return err
			}))
			reader.open("/")
			if js[bool](reader, `document.querySelector('[data-push]').hidden || !document.querySelector('[data-push-form]').hidden`) {
				t.Fatal("the push prompt is not offered, or its form is open before the reader asks")
			}
			reader.press("[data-push-open]")
			reader.press("[data-push-on]")
			on := locale.New(locale.English, nil, "").T("push_msg_on")
			reader.waitText("[data-push-status]", on)
			var sub struct {
				Endpoint, D, Auth, ServerKey string
				UserVisibleOnly              bool
			}
			if err := json.Unmarshal([]byte(js[string](reader, `JSON.stringify(window.__push)`)), &sub); err != nil {
				t.Fatal(err)
			}
			if sub.ServerKey != key.Public || !sub.UserVisibleOnly {
				t.Errorf("the page subscribed with key %q (userVisibleOnly %v), want the site's %q", sub.ServerKey, sub.UserVisibleOnly, key.Public)
			}
			if scope := js[string](reader, `navigator.serviceWorker.getRegistration('/').then(r => r && r.active ? r.scope : '')`); scope != base+"/" {
				t.Errorf("service worker scope %q, want %q", scope, base+"/")
			}
			d, _ := base64.RawURLEncoding.DecodeString(sub.D)
			priv, err := ecdh.P256().NewPrivateKey(d)
			if err != nil {
				t.Fatal(err)
			}
			auth, _ := base64.RawURLEncoding.DecodeString(sub.Auth)
			if err := svc.SetKeys(endpoint, priv, auth); err != nil {
				t.Fatal(err)
			}
			if topics, err := a.Push.Topics(ctx, endpoint); err != nil || len(topics) != 1 || topics[0] != (push.Topic{Lang: locale.English}) {
				t.Fatalf("stored topics = %v, %v; want every English story", topics, err)
			}

			editor := reader.newSession()
			editor.open("/newsroom/login")
			editor.type_("#f-email", email)
			editor.type_("#f-password", password)
			editor.click(`form[action="/newsroom/login"] button[type=submit]`)
			edit := "/newsroom/stories/" + strconv.FormatInt(story, 10) + "/edition/en"
			editor.open(edit)
			l := locale.New(locale.English, nil, "")
			if got, want := editor.text(".desk-push p"), l.T("push_reach", 1, 1, "English", 0, "Assam"); got != want {
				t.Errorf("the push box says %q, want %q", got, want)
			}
			editor.click(".desk-push button[type=submit]")
			if got := editor.text(".flash-area"); !strings.Contains(got, l.T("push_flash_sent")) {
				t.Errorf("after sending, the page says %q", got)
			}

			var msg testkit.PushMessage
			for end := time.Now().Add(stepTimeout); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
				if m := svc.Messages(); len(m) > 0 {
					msg = m[0]
					break
				}
			}
			if msg.Endpoint != endpoint {
				t.Fatalf("the push service received nothing for %s within %s (refused: %v)", endpoint, stepTimeout, svc.Refused())
			}
			var n struct{ Title, Body, URL, Tag, Lang string }
			if err := json.Unmarshal(msg.Payload, &n); err != nil {
				t.Fatalf("payload %q: %v", msg.Payload, err)
			}
			if n.Title != title || n.Body != "Standfirst of "+title || n.URL != storyPath || n.Lang != "en" {
				t.Errorf("decrypted payload %+v, want the story", n)
			}
			t.Logf("the push service decrypted, with the browser's key: %s", msg.Payload)

			// The message as the browser's push service would hand it over, to the real
			// service worker: it shows the story's notification.
			regs := make(chan serviceworker.RegistrationID, 8)
			evCtx, stop := context.WithCancel(reader.ctx)
			var wg sync.WaitGroup
			wg.Go(func() {
				for ev, err := range chromedp.Events(evCtx, serviceworker.WorkerRegistrationUpdated) {
					if err != nil {
						return
					}
					for _, r := range ev.Registrations {
						if !r.IsDeleted && r.ScopeURL == base+"/" {
							select {
							case regs <- r.RegistrationID:
							default:
							}
						}
					}
				}
			})
			wg.Go(func() {
				for ev, err := range chromedp.Events(evCtx, serviceworker.WorkerErrorReported) {
					if err != nil {
						return
					}
					t.Logf("service worker error: %+v", *ev.ErrorMessage)
				}
			})
			wg.Go(func() {
				for ev, err := range chromedp.Events(evCtx, serviceworker.WorkerVersionUpdated) {
					if err != nil {
						return
					}
					for _, v := range ev.Versions {
						t.Logf("service worker version %s: %s %s", v.VersionID, v.RunningStatus, v.Status)
					}
				}
			})
			defer func() { stop(); wg.Wait() }()
			reader.do("watch service workers", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, serviceworker.Enable, struct{}{})
				return err
			}))
			var reg serviceworker.RegistrationID
			select {
			case reg = <-regs:
			case <-time.After(stepTimeout):
				t.Fatal("no service worker registration reported")
			}
			// Now and then (a run in three or four here, cause unknown) a push event handed
			// over through DevTools shows no notification; the delivery is then repeated, as a
			// push service would. The notification's tag keeps a repeat from showing twice.
			shown := ""
			for try := 1; try <= 3 && shown == ""; try++ {
				reader.do("deliver the push", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{Origin: base, RegistrationID: reg, Data: string(msg.Payload)})
					return err
				}))
				for end := time.Now().Add(5 * time.Second); time.Now().Before(end) && shown == ""; time.Sleep(100 * time.Millisecond) {
					shown = js[string](reader, `navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => n.title + ' | ' + n.body + ' | ' + n.data.url + ' | ' + n.tag).join('\n'))`)
				}
				if shown != "" && try > 1 {
					t.Logf("the notification showed after %d deliveries", try)
				}
			}
			if want := title + " | Standfirst of " + title + " | " + storyPath + " | story-" + strconv.FormatInt(story, 10) + "-en"; shown != want {
				t.Errorf("notifications shown: %q, want %q", shown, want)
			}

			// A second send needs the box ticked.
			editor.open(edit)
			editor.click(".desk-push button[type=submit]")
			if got := editor.text(".flash-area"); !strings.Contains(got, l.T("push_flash_again")) {
				t.Errorf("a second send without confirmation: the page says %q", got)
			}
			if list, _ := a.Push.Sent(ctx, ed.ID); len(list) != 1 {
				t.Errorf("%d messages sent, want 1", len(list))
			}

			reader.press("[data-push-off]")
			reader.waitText("[data-push-status]", l.T("push_msg_off"))
			if _, err := a.Push.Topics(ctx, endpoint); !errors.Is(err, push.ErrNotSubscribed) {
				t.Errorf("after turning notifications off the subscription is still stored: %v", err)
			}
		})
	}
}

// waitText waits until the element sel shows want.
func (b tab) waitText(sel, want string) {
	b.t.Helper()
	got := ""
	for end := time.Now().Add(stepTimeout); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if got = b.text(sel); got == want {
			return
		}
	}
	b.t.Fatalf("%s shows %q, want %q", sel, got, want)
}
