package app

import (
	"runtime/debug"
	"testing"
)

// TestVersionString reads what `batori version` makes of the build information: the version
// make build stamps, else the module's (never "(devel)"), with the commit, its time and the
// Go release the build records.
func TestVersionString(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0fb34ef2a4b932271c87b28b841dc9f620422a51"},
		{Key: "vcs.time", Value: "2026-12-06T23:51:47Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	for _, tc := range []struct {
		name, stamp, module string
		settings            []debug.BuildSetting
		want                string
	}{
		{"make build", "v1.4.0-3-g0fb34ef", "(devel)", vcs, "v1.4.0-3-g0fb34ef (commit 0fb34ef2a4b9-dirty, 2026-12-06T23:51:47Z, go1.26.8)"},
		{"go build in a checkout", "", "(devel)", vcs, "unknown version (commit 0fb34ef2a4b9-dirty, 2026-12-06T23:51:47Z, go1.26.8)"},
		{"go install of a release", "", "v1.4.0", nil, "v1.4.0 (go1.26.8)"},
		{"go build without VCS", "", "(devel)", nil, "unknown version (go1.26.8)"},
	} {
		if got := versionString(tc.stamp, tc.settings, tc.module, "go1.26.8"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
