// Package app builds Batori from its configuration and runs it; it is the only package that
// knows every part.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/metrics"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/newsroom"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/privacy"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/redirects"
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/translation"
	"github.com/batori-news/batori/internal/views"
	"github.com/batori-news/batori/internal/web"
)

// pageTTL is how long a rendered reader page is served from memory; relative times ("5
// minutes ago") and the "Most read" lists are at most this old.
const pageTTL = time.Minute

// App is a built Batori: the database, the stores and the HTTP handler.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	DB       *db.DB
	News     *news.Store
	Settings *settings.Store
	Media    *media.Library
	People   *people.Store
	Comments *comments.Store
	// StaticPages are About us, Privacy policy and the other static pages, and the footer menu.
	StaticPages *pages.Store
	// Redirects are the old addresses of imported sites.
	Redirects *redirects.Store
	// Pages caches rendered reader pages; the events subscriber (events.go) drops the pages
	// each change concerns.
	Pages  *pagecache.Cache
	Outbox *mail.Outbox
	// Search is the full-text index; the events subscriber keeps it in step with the stories.
	Search *search.Index
	// searchFilled is set once the index holds every edition (tasks.go).
	searchFilled atomic.Bool
	mailer       *mail.Worker
	handler      http.Handler
	// staffPages are the newsroom's page templates, kept for StaffTemplates.
	staffPages *web.Templates

	// Enquiries holds what readers send through the Enquiry form.
	Enquiries *enquiries.Store
	// MT is the machine-translation set-up, read afresh on each use (machine.go).
	MT *translation.Service
	// Guard defends the forms anyone may post; comments and enquiries hold guards of their own
	// over the same database.
	Guard *formguard.Guard
	// Privacy keeps readers' data within its retention periods and answers export and
	// erasure requests.
	Privacy *privacy.Store
	// Views holds article view counts; ViewCounter counts views in memory and writes them in
	// batches (Serve runs it and flushes it at shutdown).
	Views       *views.Store
	ViewCounter *views.Counter
	// Digest keeps the morning e-mail digest's subscribers (digest.go).
	Digest *digest.Store
	// events turns what transactions record into mails and page invalidations (events.go).
	events *events
	// origin is the site's one public origin (origin.go).
	origin *web.Origin
	// announced is set once the first-admin setup link has been logged.
	announced bool
	// https is set when Batori serves HTTPS itself (https.go).
	https *httpsSetup
	// requests writes the request log off the serving path.
	requests *web.RequestLog
	// metrics counts requests and reads the cache, pools and outbox for Prometheus.
	metrics *metrics.Metrics
	// fail renders an error met before any handler, for the surface the request was for.
	fail web.RenderError
	// files are where pictures and attachments are kept (files.go).
	files fileStores
	// node names this process among the nodes sharing the database (tasks.go).
	node string
	// Channels are the Telegram channels published stories are posted to; channeler sends
	// their queue (built with the reader site, which words the posts).
	Channels  *channels.Store
	channeler *channels.Worker
	// kept is forgotten whenever every page is invalidated: the reader site's settings and
	// menus and the news store's sections are read again.
	kept memo.Gen
	// lists is forgotten on every invalidation: the news store's counts and page
	// boundaries of published lists are read again.
	lists memo.Gen
	// Push holds readers' push subscriptions and the delivery queue that pusher works
	// through (push.go); set once the secret key is loaded.
	Push   *push.Store
	pusher *push.Worker
}

// keptMaxAge bounds how long kept values go unread: what changes them invalidates every
// page, and this catches what no event tells, another process writing the same SQLite file.
const keptMaxAge = 30 * time.Second

// Open connects to the database and builds the stores, without checking the schema; the
// migrate and user commands use it.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	files, err := openFiles(cfg)
	if err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, db.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	a := &App{
		cfg: cfg, log: log, DB: d, files: files, node: nodeID(),
		News:        news.NewStore(d),
		Settings:    settings.NewStore(d),
		Media:       media.NewLibraryIn(d, files.media),
		People:      people.NewStore(d),
		Comments:    comments.NewStore(d),
		StaticPages: pages.NewStore(d),
		Redirects:   redirects.NewStore(d),
		Pages:       pagecache.New(cfg.PageCacheBytes(), pageTTL),
		Outbox:      mail.NewOutbox(d),
		Search:      search.New(d),
		Enquiries:   enquiries.NewStoreIn(d, files.attachments),
		MT:          translation.NewService(d, cfg.Getenv),
		Guard:       formguard.New(d),
		Privacy:     privacy.NewStoreIn(d, files.attachments),
		Views:       views.NewStore(d),
		Channels:    channels.NewStore(d),
	}
	if cfg.LightPasswordHashesForTests {
		a.People = a.People.WithHashCost(people.LightHashCost)
	}
	a.ViewCounter = views.NewCounter(a.Views, nil, log)
	a.Digest = digest.NewStore(d, a.Guard)
	// Sections, settings and menus are kept in memory between their changes, which
	// invalidate every page here and, by notice, on every other node.
	// List counts and page boundaries are kept until the next invalidation of any page.
	a.News.Keep(&a.kept, keptMaxAge)
	a.News.KeepLists(&a.lists, keptMaxAge)
	// Uploads store their photo and return; the "make photo variants" task does the rest.
	a.Media.QueueVariants(nil)
	a.Pages.OnInvalidate(func(tags []string) {
		a.lists.Forget()
		if slices.Contains(tags, pagecache.All) {
			a.kept.Forget()
		}
	})
	a.origin = web.NewOrigin(a.Settings.Origin, a.Settings.AddOrigin)
	if cfg.BaseURL != "" {
		a.origin.Fix(cfg.BaseURL)
	}
	a.events = a.newEvents()
	d.Subscribe(a.events)
	return a, nil
}

// New opens the app for serving: it migrates when asked, refuses a schema that is behind,
// loads demo content when asked, and builds the HTTP handler.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	a, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := a.prepare(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) prepare(ctx context.Context) error {
	if a.cfg.Migrate {
		applied, err := a.DB.Migrate(ctx)
		if err != nil {
			return err
		}
		if len(applied) > 0 {
			a.log.Info("migrated database", "versions", applied)
		}
	}
	if err := a.DB.CheckSchema(ctx); err != nil {
		return err
	}
	if err := a.openSecrets(ctx); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if err := a.files.check(ctx); err != nil {
		return err
	}
	if a.cfg.Demo {
		n, err := demo.Seed(ctx, demo.Stores{News: a.News, Settings: a.Settings, Media: a.Media, Pages: a.StaticPages}, demo.Options{})
		if err != nil {
			return fmt.Errorf("load demo content: %w", err)
		}
		if n > 0 {
			a.log.Info("loaded demo content", "stories", n)
		}
	}
	transport, err := mail.NewTransport(mail.SMTPConfig{Host: a.cfg.SMTPHost, Port: a.cfg.SMTPPort, User: a.cfg.SMTPUser,
		Password: a.cfg.SMTPPassword, From: a.cfg.SMTPFrom, TLS: a.cfg.SMTPTLS}, a.log)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if _, _, err := digestAt(a.cfg.DigestAt); err != nil {
		return err
	}
	a.mailer = mail.NewWorker(a.Outbox, originTransport{next: transport, origin: a.origin.Known}, a.log, mail.WorkerOptions{Bounced: a.digestBounced})
	if err := a.preparePush(ctx); err != nil {
		return err
	}
	if c, err := a.MT.Config(ctx); err != nil {
		return fmt.Errorf("machine translation: %w", err)
	} else if c.Configured() {
		a.log.Info("machine translation configured", "provider", c.Provider)
	}
	if a.https, err = newHTTPS(a.cfg); err != nil {
		return fmt.Errorf("https: %w", err)
	}
	if a.https != nil && a.https.origin != "" && a.cfg.BaseURL == "" {
		// --tls-domain names the site as --base-url would.
		a.origin.Fix(a.https.origin)
	}
	if o := a.resolveOrigin(ctx, a.cfg.Addr, a.https != nil); o != "" {
		// Otherwise the link is logged when serving starts, on the address listened on.
		if err := a.announceSetup(ctx, o); err != nil {
			return err
		}
		a.announced = true
	}
	a.requests = web.NewRequestLog(a.log)
	a.metrics = metrics.New(metrics.Sources{Cache: a.Pages, Pools: a.DB.PoolStats, Backlog: func(ctx context.Context) (int, error) {
		_, n, err := a.Outbox.List(ctx, mail.ListFilter{Status: mail.StatusQueued, Limit: 1})
		return n, err
	}, Jobs: a.jobBacklog, TranslationChars: a.MT.Usage.CharsByProvider, PushBacklog: a.Push.Backlog})
	h, err := a.buildHandler()
	if err != nil {
		return err
	}
	a.handler = h
	// From here on every query and transaction is bounded: migrations and demo content,
	// above, may take as long as they need.
	tx := orDefault(a.cfg.TxTimeout, 20*time.Second)
	a.DB.SetDeadlines(db.Deadlines{Query: orDefault(a.cfg.QueryTimeout, 30*time.Second), Tx: tx, Wait: 3 * tx})
	return nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (a *App) buildHandler() (http.Handler, error) {
	var files fs.FS = web.Files
	if a.cfg.Dev {
		// Templates and assets from the working tree, so edits show on reload.
		files = os.DirFS("internal/web")
	}
	assets, err := web.LoadAssets(files)
	if err != nil {
		return nil, fmt.Errorf("load assets: %w", err)
	}
	tpl, err := web.ParseTemplates(files, "templates", web.Funcs(assets))
	if err != nil {
		return nil, err
	}
	staffFuncs := web.Funcs(assets)
	maps.Copy(staffFuncs, newsroom.TemplateFuncs())
	staffTpl, err := web.ParseTemplates(files, "templates/newsroom", staffFuncs)
	if err != nil {
		return nil, err
	}
	a.staffPages = staffTpl
	if a.cfg.Dev {
		tpl.ReparseEachRender(files, "templates", web.Funcs(assets))
		staffTpl.ReparseEachRender(files, "templates/newsroom", staffFuncs)
	}
	reader := site.New(site.Deps{
		News: a.News, Settings: a.Settings, Media: a.Media, Templates: tpl, Assets: assets,
		Cache: a.Pages, Origin: a.origin, Log: a.log, Comments: a.Comments, Search: a.Search,
		Enquiries: site.EnquiryDeps{Store: a.Enquiries},
		Machine:   site.MachineDeps{Enabled: a.machineEnabled},
		Guard:     a.Guard,
		Crops:     true,
		// Rankings are kept as long as the pages that show them.
		Views: site.ViewsDeps{Counter: a.ViewCounter, Top: views.NewTop(a.Views, pageTTL, nil)},
		Pages: a.StaticPages, Redirects: a.Redirects,
		Digest:    a.Digest,
		Retention: func(ctx context.Context) (privacy.Settings, error) { return a.Privacy.Settings(ctx, a.cfg.BackupKeep) },
		Kept:      &a.kept,
		Push:      a.Push,
	})
	a.channeler = channels.NewWorker(a.Channels, channels.NewBot(a.cfg.TelegramAPI, nil), reader.ChannelPost, a.log, channels.WorkerOptions{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", a.ready)
	reader.Routes(mux)
	staff := newsroom.New(newsroom.Deps{
		People: a.People, News: a.News, Media: a.Media, Outbox: a.Outbox, Settings: a.Settings, Comments: a.Comments,
		Templates: staffTpl, Assets: assets, BaseURL: a.cfg.BaseURL, Log: a.log,
		Origin: a.origin, Preview: previewOn(reader), Guard: a.Guard,
		Enquiries: a.Enquiries, Translate: a.translateEdition, MachineOn: a.machineEnabled, MT: a.MT,
		Views:   a.Views,
		Search:  a.Search,
		Pages:   a.StaticPages,
		Privacy: a.Privacy, BackupKeep: a.cfg.BackupKeep,
		Channels: a.Channels,
		Push:     a.Push,
		Digest:   a.Digest,
	})
	staff.Routes(mux)
	// A failure caught before any handler (a panic, an oversized body, a forged form) is
	// answered by the surface the request was for, as a page or as JSON.
	fail := func(w http.ResponseWriter, r *http.Request, err error) {
		if r.URL.Path == "/newsroom" || strings.HasPrefix(r.URL.Path, "/newsroom/") {
			staff.RenderError(w, r, err)
			return
		}
		reader.RenderError(w, r, err)
	}
	a.fail = fail
	// Every state-changing request must come from our own pages: cross-origin POSTs (a forged
	// form on another site) are refused whatever cookies they carry.
	csrf := http.NewCrossOriginProtection()
	// RFC 8058: mail providers send the one-click unsubscribe from their own servers; the
	// signed token in the path is the only credential, and no cookie plays a part.
	csrf.AddInsecureBypassPattern("POST " + site.UnsubscribePath + "{token}")
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, r, web.ErrCrossOrigin)
	}))
	trusted, err := config.ParsePrefixes(a.cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	chain := []web.Middleware{web.RealIP(trusted)}
	if strings.HasPrefix(a.cfg.BaseURL, "https://") {
		chain = append(chain, web.PublicHTTPS)
	}
	if a.cfg.HSTS {
		chain = append(chain, web.HSTS)
	}
	return web.Chain(mux, append(chain,
		a.requests.Middleware,
		a.metrics.Middleware,
		web.SecurityHeaders,
		web.Recover(a.log, fail),
		web.CanonicalHost(a.origin, fail),
		// Fresh cached pages are answered here, without routing (pagecache.Front).
		a.Pages.Front,
		web.LimitBody(a.cfg.MaxBodyBytes, fail),
		csrf.Handler,
		web.CleanInput(fail),
	)...), nil
}

// previewOn shows the newsroom's previews with the reader site's article page.
func previewOn(reader *site.Server) newsroom.PreviewFunc {
	return func(w http.ResponseWriter, r *http.Request, a news.Article, b newsroom.PreviewBanner) error {
		return reader.Preview(w, r, a, site.PreviewBanner(b))
	}
}

// ready reports, one line each, whether the database answers with its schema current,
// whether writes succeed (the last write did not fail for want of storage, and a file can be
// written to the data folder) and how the outbox fares; a load balancer takes a node out of
// rotation while the database or writes fail (503). A slow outbox is reported, not failed:
// the mail server being away is no reason to stop serving pages.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var b strings.Builder
	ok := true
	line := func(name string, err error) {
		if err != nil {
			ok = false
			fmt.Fprintf(&b, "%s: failing: %s\n", name, strings.Join(strings.Fields(err.Error()), " "))
			return
		}
		fmt.Fprintf(&b, "%s: ok\n", name)
	}
	dbErr := a.DB.Ping(ctx)
	if dbErr == nil {
		if err := a.DB.CheckSchema(ctx); err != nil {
			dbErr = fmt.Errorf("schema not current: %w", err)
		}
	}
	if dbErr != nil {
		a.log.Warn("not ready: database", "err", dbErr)
	}
	line("database", dbErr)
	line("writes", a.DB.WriteHealth())
	line("disk", a.probeDisk())
	if dbErr == nil {
		if h, err := a.Outbox.Health(ctx); err != nil {
			fmt.Fprintf(&b, "outbox: unknown: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		} else if h.Queued == 0 {
			b.WriteString("outbox: ok\n")
		} else {
			fmt.Fprintf(&b, "outbox: %d queued, %d failing, oldest %s ago\n", h.Queued, h.Failing, time.Since(h.Oldest).Round(time.Second))
		}
	} else {
		b.WriteString("outbox: unknown\n")
	}
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		b.WriteString("not ready\n")
	} else {
		b.WriteString("ready\n")
	}
	w.Write([]byte(b.String()))
}

// probeDisk writes, syncs and removes a small file in each folder Batori writes to (the data
// folder, media, attachments, where they exist): what saving an upload or growing the
// database needs.
func (a *App) probeDisk() error {
	for _, dir := range []string{a.cfg.DataDir, a.Media.Dir(), a.Enquiries.Dir()} {
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) && dir != a.cfg.DataDir {
			continue // made on the first upload
		}
		if err := probeDir(dir); err != nil {
			return err
		}
	}
	return nil
}

func probeDir(dir string) error {
	f, err := os.CreateTemp(dir, ".readyz-*")
	if err != nil {
		return err
	}
	name := f.Name()
	_, err = f.Write(make([]byte, 16<<10))
	if err == nil {
		err = f.Sync()
	}
	err = errors.Join(err, f.Close(), os.Remove(name))
	return err
}

// MetricsHandler serves the Prometheus metrics; Serve puts it on --metrics-addr.
func (a *App) MetricsHandler() http.Handler { return a.metrics.Handler() }

// Handler is the whole site's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// StaffTemplates are the newsroom's parsed pages, which remember what they rendered: the
// newsroom's tests fail on a page that none of them rendered.
func (a *App) StaffTemplates() *web.Templates { return a.staffPages }

// Close writes the views still counted in memory and the request lines still waiting, and
// releases the database.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.ViewCounter.Flush(ctx); err != nil {
		a.log.Error("views lost at close", "views", a.ViewCounter.Pending(), "err", err)
	}
	if a.requests != nil {
		a.requests.Close()
	}
	return a.DB.Close()
}

// Serve listens on the configured address (and, serving HTTPS, on the plain-HTTP address
// that redirects to it) until ctx is cancelled, then lets requests in flight finish within
// the shutdown timeout.
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	var plain net.Listener
	if a.https != nil && a.cfg.HTTPAddr != "" {
		if plain, err = net.Listen("tcp", a.cfg.HTTPAddr); err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s: %w", a.cfg.HTTPAddr, err)
		}
	}
	if a.cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", a.cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			if plain != nil {
				plain.Close()
			}
			return fmt.Errorf("listen on %s (metrics): %w", a.cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.MetricsHandler())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
		go msrv.Serve(mln)
		defer msrv.Close()
	}
	return a.ServeListeners(ctx, ln, plain)
}

// ServeListener is Serve on an open listener, without the plain-HTTP redirect.
func (a *App) ServeListener(ctx context.Context, ln net.Listener) error {
	return a.ServeListeners(ctx, ln, nil)
}

// ServeListeners is Serve on open listeners: ln for the site (HTTPS when configured), plain
// (may be nil) for the redirect to HTTPS.
func (a *App) ServeListeners(ctx context.Context, ln, plain net.Listener) error {
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	// The fallback takes the port actually listened on (the configured one may say 0), and
	// only when the configured address is a loopback one.
	fallback := ""
	if isLoopback(a.cfg.Addr) {
		fallback = ln.Addr().String()
	}
	origin := a.resolveOrigin(ctx, fallback, a.https != nil)
	switch {
	case origin == "":
		a.log.Warn("the site's public address is unknown: set --base-url (or give it in the first-admin setup); until then pages carry relative links, no host is redirected to it, and mails wait in the outbox")
	case a.origin.Settled(ctx) == "":
		a.log.Warn("the site's public address is not configured: links and mails use this server's own address until --base-url is set or the first-admin setup stores one", "origin", origin)
	}
	if !a.announced {
		base := origin
		if base == "" {
			base = publicURL("", ln.Addr().String())
			if a.https != nil {
				base = "https://" + strings.TrimPrefix(base, "http://")
			}
		}
		// A database that does not answer now is /readyz's to report; serving goes on.
		if err := a.announceSetup(ctx, base); err != nil {
			a.log.Error("no first-admin setup link", "err", err)
		}
		a.announced = true
	}
	var servers []interface{ Shutdown(context.Context) error }
	errc := make(chan error, 2)
	if a.https != nil {
		servers = append(servers, srv)
		srv.TLSConfig = a.https.tls
		go func() { errc <- srv.ServeTLS(ln, "", "") }()
		if plain != nil {
			redirect := &http.Server{Handler: a.https.plain, ReadHeaderTimeout: 10 * time.Second,
				IdleTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10, ErrorLog: srv.ErrorLog}
			servers = append(servers, redirect)
			go func() { errc <- redirect.Serve(plain) }()
			if a.https.origin == "" {
				a.log.Warn("plain HTTP is refused, not redirected: set --base-url to say where to send it")
			}
		}
	} else {
		// Plain HTTP: fasthttp in front answers cached pages, the rest goes to the handler.
		f := a.front()
		servers = append(servers, f)
		go func() { errc <- f.Serve(ln) }()
	}
	workers, stopWorkers := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if a.waitForOrigin(workers) {
			a.mailer.Run(workers)
		}
	})
	// Posts link to the site, so they too wait for its origin.
	wg.Go(func() {
		if a.waitForOrigin(workers) {
			a.channeler.Run(workers)
		}
	})
	wg.Go(func() { a.pusher.Run(workers) })
	for _, t := range a.tasks() {
		wg.Go(func() { a.runPeriodic(workers, t) })
	}
	// The workers stop after the servers: the last flush holds the views of the last requests.
	wg.Go(func() { a.ViewCounter.Run(workers, views.FlushEvery) })
	a.shareCachePurges(workers)
	defer func() {
		stopWorkers()
		wg.Wait()
	}()
	a.log.Info("serving", "addr", ln.Addr().String(), "https", a.https != nil, "database", string(a.DB.Dialect))
	var failed error
	select {
	case failed = <-errc:
	case <-ctx.Done():
		a.log.Info("shutting down")
	}
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	for _, s := range servers {
		if err := s.Shutdown(sctx); err != nil && failed == nil {
			failed = fmt.Errorf("shutdown: %w", err)
		}
	}
	if failed != nil {
		return failed
	}
	for range servers {
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	return nil
}
