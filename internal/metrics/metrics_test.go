package metrics_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/metrics"
	"github.com/batori-news/batori/internal/pagecache"
)

func TestMetrics(t *testing.T) {
	cache := pagecache.New(1<<20, time.Minute)
	m := metrics.New(metrics.Sources{Cache: cache,
		Pools: func() map[string]sql.DBStats { return map[string]sql.DBStats{"reader": {OpenConnections: 3, InUse: 1}} },
		Jobs: func(context.Context) (map[string]int, error) {
			return map[string]int{"translation": 2, "photo_variants": 5}, nil
		},
		TranslationChars: func(context.Context) (map[string]int64, error) { return map[string]int64{"deepl": 12345}, nil },
	})
	mux := http.NewServeMux()
	mux.Handle("GET /news/{id}", cache.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "story") })))
	h := m.Middleware(mux)
	for _, path := range []string{"/news/1", "/news/1", "/news/2", "/nowhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	cache.Invalidate("story:1")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	out := rec.Body.String()
	for _, want := range []string{
		`batori_http_requests_total{code="200",route="GET /news/{id}"} 3`,
		`batori_http_requests_total{code="404",route="none"} 1`,
		`batori_http_request_duration_seconds_count{route="GET /news/{id}"} 3`,
		"batori_page_cache_hits_total 1",
		"batori_page_cache_misses_total 2",
		"batori_page_cache_pages 2",
		"batori_page_cache_invalidations_total 1",
		`batori_db_connections_open{pool="reader"} 3`,
		"go_goroutines",
		`batori_jobs_backlog{queue="photo_variants"} 5`,
		`batori_jobs_backlog{queue="translation"} 2`,
		`batori_translation_characters_total{provider="deepl"} 12345`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}
