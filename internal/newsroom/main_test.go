package newsroom_test

import (
	"os"
	"testing"

	"github.com/batori-news/batori/internal/testkit"
)

// rendered collects the newsroom templates of every app the tests build, so that the run
// fails on a newsroom page no test rendered.
var rendered testkit.RenderCheck

func TestMain(m *testing.M) {
	os.Exit(rendered.Run(m, "newsroom"))
}
