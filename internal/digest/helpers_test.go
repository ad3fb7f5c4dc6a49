package digest_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// slugOf is the English slug of a story, as its address carries it.
func slugOf(t *testing.T, ns *news.Store, id int64) string {
	t.Helper()
	a, err := ns.PublishedArticle(context.Background(), id, locale.English)
	if err != nil {
		t.Fatal(err)
	}
	return a.Slug
}
