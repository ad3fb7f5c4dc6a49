package news_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/news"
)

// TestActionsMatrix spells out, for every kind of person and every state, what the editor
// page offers and the workflow allows. The owner of the story is account 7.
func TestActionsMatrix(t *testing.T) {
	const owner = 7
	people := map[string]news.Actor{
		"editor":     {UserID: 1, Editor: true},
		"translator": {UserID: 2, Translator: true},
		"owner":      {UserID: owner},
		"stranger":   {UserID: 3},
	}
	planned := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	states := map[string]news.Edition{
		"new":          {Status: news.Draft},
		"draft":        {ID: 1, Status: news.Draft},
		"submitted":    {ID: 1, Status: news.Submitted},
		"scheduled":    {ID: 1, Status: news.Scheduled, PublishedAt: planned},
		"published":    {ID: 1, Status: news.Published, PublishedAt: planned},
		"unpublished":  {ID: 1, Status: news.Unpublished, PublishedAt: planned},
		"returned-old": {ID: 1, Status: news.Submitted, PublishedAt: planned},
	}
	cases := []struct{ who, state, want string }{
		{"editor", "new", "edit submit publish schedule translate file feature"},
		{"editor", "draft", "edit submit publish schedule translate file feature"},
		{"editor", "submitted", "edit publish schedule return translate file feature"},
		{"editor", "scheduled", "edit publish schedule unpublish translate file feature"},
		{"editor", "published", "edit unpublish correct translate file feature"},
		{"editor", "unpublished", "edit publish translate file feature"},
		{"editor", "returned-old", "edit publish return translate file feature"},

		{"owner", "new", "edit submit translate file"},
		{"owner", "draft", "edit submit translate file"},
		{"owner", "submitted", "translate file"},
		{"owner", "scheduled", "translate file"},
		{"owner", "published", "translate file"},
		{"owner", "unpublished", "translate file"},

		{"translator", "new", "edit submit translate"},
		{"translator", "draft", "edit submit translate"},
		{"translator", "submitted", "translate"},
		{"translator", "published", "translate"},

		{"stranger", "new", ""},
		{"stranger", "draft", ""},
		{"stranger", "published", ""},
	}
	for _, c := range cases {
		got := news.Actions(people[c.who], states[c.state], owner).List()
		names := make([]string, len(got))
		for i, a := range got {
			names[i] = string(a)
		}
		if g := strings.Join(names, " "); g != c.want {
			t.Errorf("%s on %s: got %q, want %q", c.who, c.state, g, c.want)
		}
	}
}

// TestPermit checks the refusal tells a role that never may from a state that does not fit.
func TestPermit(t *testing.T) {
	const owner = 7
	reporter := news.Actor{UserID: owner}
	editor := news.Actor{UserID: 1, Editor: true}
	cases := []struct {
		who  news.Actor
		e    news.Edition
		act  news.Action
		want error
	}{
		{reporter, news.Edition{Status: news.Draft}, news.Publish, news.ErrForbidden},
		{news.Actor{UserID: 3}, news.Edition{Status: news.Draft}, news.Edit, news.ErrForbidden},
		{reporter, news.Edition{Status: news.Submitted}, news.Edit, news.ErrInvalidState},
		{reporter, news.Edition{Status: news.Draft}, news.Submit, nil},
		{editor, news.Edition{Status: news.Draft}, news.Return, news.ErrInvalidState},
		{editor, news.Edition{Status: news.Published}, news.Schedule, news.ErrInvalidState},
		{editor, news.Edition{Status: news.Published}, news.Correct, nil},
		{editor, news.Edition{Status: news.Draft}, news.Action("delete everything"), news.ErrForbidden},
	}
	for _, c := range cases {
		if err := news.Permit(c.who, c.e, owner, c.act); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%+v %s on %s: err = %v, want %v", c.who, c.act, c.e.Status, err, c.want)
		}
	}
	if a, ok := news.ParseAction("unpublish"); !ok || a != news.Unpublish {
		t.Errorf("ParseAction(unpublish) = %q, %v", a, ok)
	}
	if _, ok := news.ParseAction("save"); ok {
		t.Error("ParseAction accepted an unknown name")
	}
}
