package config_test

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/testkit"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFlagsDefaultFromEnvironment(t *testing.T) {
	c, err := config.Parse("serve", nil, env(map[string]string{
		"BATORI_ADDR": ":9000", "BATORI_DATA": "/srv/batori", "BATORI_DEMO": "true", "BATORI_BASE_URL": "https://news.example.org/",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.DataDir != "/srv/batori" || !c.Demo || !c.Migrate || c.BaseURL != "https://news.example.org" {
		t.Fatalf("got %+v", c)
	}
	c, err = config.Parse("serve", []string{"--addr", ":7000"}, env(map[string]string{"BATORI_ADDR": ":9000"}), io.Discard)
	if err != nil || c.Addr != ":7000" {
		t.Fatalf("flag should win over env: %+v %v", c, err)
	}
	c, err = config.Parse("serve", nil, env(map[string]string{"BATORI_SHUTDOWN_TIMEOUT": "42s"}), io.Discard)
	if err != nil || c.ShutdownTimeout != 42*time.Second {
		t.Fatalf("BATORI_SHUTDOWN_TIMEOUT=42s gave %v (%v)", c.ShutdownTimeout, err)
	}
	c, err = config.ParseStorage("migrate", []string{"--data", "/srv/b"}, env(map[string]string{"BATORI_DATABASE_URL": "postgres://h/db"}), io.Discard)
	if err != nil || c.DataDir != "/srv/b" || c.DatabaseURL != "postgres://h/db" || c.SMTPPort != 587 || c.ShutdownTimeout != 15*time.Second {
		t.Fatalf("ParseStorage: %+v %v", c, err)
	}
	if _, err := config.ParseStorage("migrate", []string{"--addr", ":1"}, env(nil), io.Discard); err == nil {
		t.Fatal("migrate took the serve flag --addr")
	}
}

func TestValidateRejectsBadValues(t *testing.T) {
	for _, args := range [][]string{
		{"--database-url", "mysql://x"},
		{"--base-url", "news.example.org"},
		{"--base-url", "https://news.example.org/path"},
		{"--log-format", "xml"},
		{"--max-body-bytes", "10"},
		{"extra"},
	} {
		if _, err := config.Parse("serve", args, env(nil), io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestStringMasksPassword(t *testing.T) {
	c := config.Config{DatabaseURL: "postgres://batori:s3cret@db:5432/batori", SMTPPassword: "s3cret"}
	if s := c.String(); strings.Contains(s, "s3cret") || !strings.Contains(s, "batori:xxxxx@db") {
		t.Fatalf("config printed %q", s)
	}
}

func TestParsePrefixes(t *testing.T) {
	got, err := config.ParsePrefixes(" 10.0.0.0/8, 192.0.2.7,,::ffff:198.51.100.1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "198.51.100.1/32"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("prefix %d: got %s, want %s", i, got[i], want[i])
		}
	}
	if _, err := config.ParsePrefixes("10.0.0.0/33"); err == nil {
		t.Error("bad prefix accepted")
	}
}

func TestTLSConfiguration(t *testing.T) {
	certFile, keyFile, _ := testkit.SelfSignedFiles(t)
	c, err := config.Parse("serve", []string{"--tls-cert", certFile, "--base-url", "https://news.example.org"},
		env(map[string]string{"BATORI_TLS_KEY": keyFile}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.TLS() || c.TLSKey != keyFile || c.HTTPAddr != ":80" || !c.HSTS {
		t.Fatalf("got %+v", c)
	}
	c, err = config.Parse("serve", []string{"--tls-domain", "news.example.org", "--hsts=false", "--http-addr", ""}, env(nil), io.Discard)
	if err != nil || !c.TLS() || c.HSTS || c.HTTPAddr != "" {
		t.Fatalf("automatic certificates: %+v %v", c, err)
	}
	if c, err := config.Parse("serve", nil, env(map[string]string{"BATORI_HSTS": "false"}), io.Discard); err != nil || c.HSTS || c.TLS() {
		t.Fatalf("defaults: %+v %v", c, err)
	}
}

func TestTLSConfigurationErrors(t *testing.T) {
	certFile, keyFile, _ := testkit.SelfSignedFiles(t)
	missing := filepath.Join(t.TempDir(), "missing.pem")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-cert", certFile}, "--tls-cert and --tls-key go together"},
		{[]string{"--tls-key", keyFile}, "--tls-cert and --tls-key go together"},
		{[]string{"--tls-cert", certFile, "--tls-key", keyFile, "--tls-domain", "news.example.org"}, "give either --tls-cert/--tls-key or --tls-domain, not both"},
		{[]string{"--tls-cert", missing, "--tls-key", keyFile}, "--tls-cert/--tls-key: open " + missing},
		{[]string{"--tls-cert", keyFile, "--tls-key", certFile}, "--tls-cert/--tls-key:"},
		{[]string{"--tls-domain", "https://news.example.org"}, "--tls-domain must be a host name"},
		{[]string{"--tls-domain", "news.example.org", "--base-url", "http://news.example.org"}, "--base-url must be https://"},
		{[]string{"--tls-domain", "news.example.org", "--base-url", "https://other.example.org"}, "--base-url must be on --tls-domain"},
		{[]string{"--tls-domain", "news.example.org", "--http-addr", "80"}, "--http-addr must be an address"},
	} {
		_, err := config.Parse("serve", tc.args, env(nil), io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error %q, want one line starting %q", tc.args, err, tc.want)
		}
	}
}

func TestS3Flags(t *testing.T) {
	c, err := config.Parse("serve", []string{"--s3-bucket", "news-media"}, env(map[string]string{
		"BATORI_S3_ENDPOINT": "https://s3.example.org", "BATORI_S3_ACCESS_KEY": "AKIA", "BATORI_S3_SECRET_KEY": "very-secret-key",
		"BATORI_S3_REGION": "ap-south-1", "BATORI_S3_PATH_STYLE": "true",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := config.S3{Endpoint: "https://s3.example.org", Bucket: "news-media", AccessKey: "AKIA", SecretKey: "very-secret-key", Region: "ap-south-1", PathStyle: true}
	if c.S3 != want || !c.S3.Configured() {
		t.Fatalf("S3 = %+v", c.S3)
	}
	if s := c.String(); strings.Contains(s, "very-secret-key") || !strings.Contains(s, "s3-secret-key=xxxxx") || !strings.Contains(s, "s3-bucket=news-media") {
		t.Errorf("config printed %q", s)
	}
	// Commands that copy files (backup, restore, export, import) take the S3 flags too.
	c, err = config.ParseStorage("backup", []string{"--s3-endpoint", "http://minio:9000", "--s3-bucket", "b", "--s3-path-style"}, env(nil), io.Discard)
	if err != nil || c.S3.Endpoint != "http://minio:9000" || !c.S3.PathStyle {
		t.Fatalf("ParseStorage: %+v %v", c.S3, err)
	}
	for _, args := range [][]string{
		{"--s3-endpoint", "s3.example.org", "--s3-bucket", "b"},
		{"--s3-endpoint", "https://s3.example.org/path", "--s3-bucket", "b"},
		{"--s3-endpoint", "https://s3.example.org"},
		{"--s3-endpoint", "https://s3.example.org", "--s3-bucket", "b", "--s3-access-key", "AKIA"},
		{"--s3-bucket", "b"},
	} {
		if _, err := config.Parse("serve", args, env(nil), io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// TestREADMEListsEveryFlag holds the README to the serve flags: each is named there (the
// table of flags, or the section on its subject), so a new flag cannot go unmentioned as
// --shutdown-timeout once did.
func TestREADMEListsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var c config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Flags(fs, env(nil))
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if !strings.Contains(string(readme), "`--"+f.Name+"`") {
			t.Errorf("the README does not name --%s", f.Name)
		}
	})
	if n < 20 {
		t.Fatalf("only %d serve flags", n)
	}
}
