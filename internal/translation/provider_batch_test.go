package translation

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestProviderPlanBatches(t *testing.T) {
	seg := func(texts ...string) []Segment {
		segs := make([]Segment, len(texts))
		for i, s := range texts {
			segs[i] = Segment{ID: fmt.Sprint(i), Text: s}
		}
		return segs
	}
	all := func(n int) []int {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	quoted := strings.Repeat(`"`, 40) // 40 characters, 82 bytes as a JSON string
	tests := []struct {
		name  string
		segs  []Segment
		lim   batchLimits
		want  string
		large bool
	}{
		{"items", seg("a", "b", "c", "d", "e"), batchLimits{items: 2}, "[[0 1] [2 3] [4]]", false},
		{"chars", seg("aaa", "bb", "c", "dddd"), batchLimits{items: 10, chars: 5}, "[[0 1] [2 3]]", false},
		{"soft chars: long segment alone", seg("a", "bbbbbbbb", "c"), batchLimits{items: 10, chars: 5}, "[[0] [1] [2]]", false},
		{"hard chars", seg("a", "bbbbbbbb"), batchLimits{items: 10, chars: 5, charsHard: true}, "", true},
		{"bytes count JSON escaping", seg(quoted, quoted, "x"), batchLimits{items: 10, bytes: 100}, "[[0] [1 2]]", false},
		{"bytes hard", seg(quoted), batchLimits{items: 10, bytes: 50}, "", true},
	}
	for _, tt := range tests {
		runs, err := planBatches("test", tt.segs, all(len(tt.segs)), tt.lim)
		if tt.large {
			provWantErr(t, err, "test", ErrTooLarge)
			continue
		}
		if err != nil || fmt.Sprint(runs) != tt.want {
			t.Errorf("%s: %v, %v; want %s", tt.name, runs, err, tt.want)
		}
	}
}

func TestProviderBlankSegmentsNeedNoRequest(t *testing.T) {
	segs := []Segment{{ID: "1", Text: ""}, {ID: "2", Text: " \n\t"}}
	got, err := translateInBatches(context.Background(), "test", segs, batchLimits{items: 5}, true,
		func(context.Context, []string, bool) ([]string, error) {
			t.Fatal("request sent for blank segments")
			return nil, nil
		})
	if err != nil || len(got) != 2 || got[0] != "" || got[1] != " \n\t" {
		t.Errorf("got %q, %v", got, err)
	}
}
