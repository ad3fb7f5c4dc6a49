// Package metrics exposes Batori's Prometheus metrics: requests and latency by route, the
// page cache, the database pools and the mail outbox. Each application has its own registry;
// the handler is served on a listen address of its own (--metrics-addr), never beside the
// public site.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/batori-news/batori/internal/pagecache"
)

// Sources are what the metrics read when scraped.
type Sources struct {
	Cache *pagecache.Cache
	// Pools returns the database pools by name ("writer", "reader").
	Pools func() map[string]sql.DBStats
	// Backlog counts mails waiting in the outbox; nil leaves the metric out.
	Backlog func(ctx context.Context) (int, error)
	// Jobs counts the background work waiting, by queue ("translation", "photo_variants");
	// nil leaves the metric out.
	Jobs func(ctx context.Context) (map[string]int, error)
	// TranslationChars counts the characters sent to each machine-translation engine, by
	// engine, as billed (every node's, all months); nil leaves the metric out.
	TranslationChars func(ctx context.Context) (map[string]int64, error)
	// PushBacklog counts push deliveries waiting in their queue; nil leaves the metric out.
	PushBacklog func(ctx context.Context) (int, error)
}

// Metrics holds the registry and the request collectors.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// routes holds each route's collectors once looked up (*routeMetrics by pattern), so a
	// request neither hashes label values nor formats its status code; writers are reused
	// codeWriters.
	routes  sync.Map
	writers sync.Pool
}

// routeMetrics are one route's request counters by status code and its latency histogram.
type routeMetrics struct {
	route    string
	duration prometheus.Observer
	codes    sync.Map // int → prometheus.Counter
}

// New registers Batori's metrics, reading src when scraped.
func New(src Sources) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "batori_http_requests_total", Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "batori_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if src.Cache != nil {
		stat := func(name, help string, counter bool, f func(pagecache.Stats) float64) {
			if counter {
				reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return f(src.Cache.Stats()) }))
				return
			}
			reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(src.Cache.Stats()) }))
		}
		stat("batori_page_cache_hits_total", "Pages served from the cache.", true, func(s pagecache.Stats) float64 { return float64(s.Hits) })
		stat("batori_page_cache_stale_total", "Expired pages served while one request rendered them again.", true, func(s pagecache.Stats) float64 { return float64(s.Stale) })
		stat("batori_page_cache_misses_total", "Requests that rendered their page (or waited for its render).", true, func(s pagecache.Stats) float64 { return float64(s.Misses) })
		stat("batori_page_cache_evictions_total", "Pages dropped to stay within the cache's bytes.", true, func(s pagecache.Stats) float64 { return float64(s.Evictions) })
		stat("batori_page_cache_invalidations_total", "Invalidations (by tag or of everything) applied.", true, func(s pagecache.Stats) float64 { return float64(s.Invalidations) })
		stat("batori_page_cache_pages", "Pages in the cache.", false, func(s pagecache.Stats) float64 { return float64(s.Pages) })
		stat("batori_page_cache_bytes", "Bytes the cached pages take, as counted against the limit.", false, func(s pagecache.Stats) float64 { return float64(s.Bytes) })
	}
	if src.Pools != nil {
		reg.MustRegister(poolCollector{src.Pools})
	}
	if src.Backlog != nil {
		reg.MustRegister(backlogGauge("batori_outbox_backlog", "Mails waiting in the outbox.", src.Backlog))
	}
	if src.PushBacklog != nil {
		reg.MustRegister(backlogGauge("batori_push_backlog", "Push notification deliveries waiting in their queue.", src.PushBacklog))
	}
	if src.Jobs != nil {
		reg.MustRegister(&scraped[int]{desc: jobsBacklog, kind: prometheus.GaugeValue, read: src.Jobs})
	}
	if src.TranslationChars != nil {
		reg.MustRegister(&scraped[int64]{desc: translationChars, kind: prometheus.CounterValue, read: src.TranslationChars})
	}
	return m
}

var (
	jobsBacklog      = prometheus.NewDesc("batori_jobs_backlog", "Background work waiting, by queue.", []string{"queue"}, nil)
	translationChars = prometheus.NewDesc("batori_translation_characters_total", "Characters sent to machine translation, by engine (all nodes).", []string{"provider"}, nil)
)

// scraped reports values read from the database when scraped, one series per label value;
// a failed read reports nothing, so a gap shows instead of a wrong value.
type scraped[N int | int64] struct {
	desc *prometheus.Desc
	kind prometheus.ValueType
	read func(ctx context.Context) (map[string]N, error)
}

func (c *scraped[N]) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *scraped[N]) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	values, err := c.read(ctx)
	if err != nil {
		return
	}
	for label, v := range values {
		ch <- prometheus.MustNewConstMetric(c.desc, c.kind, float64(v), label)
	}
}

// backlogGauge reads a queue's length when scraped; -1 when it cannot be read.
func backlogGauge(name, help string, count func(ctx context.Context) (int, error)) prometheus.GaugeFunc {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := count(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Middleware counts and times each request by the route pattern that answered it (so paths
// never make new series), or "none" when no route matched.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, _ := m.writers.Get().(*codeWriter)
		if sw == nil {
			sw = &codeWriter{}
		}
		*sw = codeWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		code := sw.code
		*sw = codeWriter{}
		m.writers.Put(sw)
		m.Observe(r.Pattern, code, time.Since(start))
	})
}

// Observe counts and times one request answered without Middleware (package front answers
// cached pages before it), by the pattern of the route that rendered it; code 0 means 200.
func (m *Metrics) Observe(pattern string, code int, took time.Duration) {
	if code == 0 {
		code = http.StatusOK
	}
	rm := m.route(pattern)
	rm.duration.Observe(took.Seconds())
	rm.counter(m, code).Inc()
}

// route returns the collectors of a route pattern ("none" when no route matched).
func (m *Metrics) route(pattern string) *routeMetrics {
	if pattern == "" {
		pattern = "none"
	}
	if rm, ok := m.routes.Load(pattern); ok {
		return rm.(*routeMetrics)
	}
	rm, _ := m.routes.LoadOrStore(pattern, &routeMetrics{route: pattern, duration: m.duration.WithLabelValues(pattern)})
	return rm.(*routeMetrics)
}

func (rm *routeMetrics) counter(m *Metrics, code int) prometheus.Counter {
	if c, ok := rm.codes.Load(code); ok {
		return c.(prometheus.Counter)
	}
	c, _ := rm.codes.LoadOrStore(code, m.requests.WithLabelValues(rm.route, strconv.Itoa(code)))
	return c.(prometheus.Counter)
}

type codeWriter struct {
	http.ResponseWriter
	code int
}

func (w *codeWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *codeWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *codeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var (
	poolOpen  = prometheus.NewDesc("batori_db_connections_open", "Open database connections by pool.", []string{"pool"}, nil)
	poolInUse = prometheus.NewDesc("batori_db_connections_in_use", "Database connections in use by pool.", []string{"pool"}, nil)
	poolWaits = prometheus.NewDesc("batori_db_waits_total", "Times a query waited for a free connection, by pool.", []string{"pool"}, nil)
	poolWait  = prometheus.NewDesc("batori_db_wait_seconds_total", "Time spent waiting for a free connection, by pool.", []string{"pool"}, nil)
)

// poolCollector reports the database pools' statistics when scraped.
type poolCollector struct{ pools func() map[string]sql.DBStats }

func (c poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolOpen
	ch <- poolInUse
	ch <- poolWaits
	ch <- poolWait
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.pools() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
	}
}
