// Package config parses Batori's command-line flags, each defaulting from a BATORI_*
// environment variable, into one typed Config.
package config

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server is started with. Site and editorial settings live in the
// database instead.
type Config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string
	BaseURL         string
	Demo            bool
	Dev             bool
	Migrate         bool
	LogFormat       string
	MaxBodyBytes    int64
	ShutdownTimeout time.Duration
	// QueryTimeout and TxTimeout bound one database statement and one write transaction
	// while serving, so that a database that stops answering fails requests instead of
	// holding them; zero takes the defaults (30 s and 20 s; a write waits up to three times
	// its timeout for its connection).
	QueryTimeout time.Duration
	TxTimeout    time.Duration
	// BackupDir, when set with BackupEvery, receives a backup every BackupEvery; the newest
	// BackupKeep are kept.
	BackupDir   string
	BackupEvery time.Duration
	BackupKeep  int
	// SMTP sends the newsroom's mail; with no SMTPHost mail is written to the log and kept in
	// the outbox for admins to read.
	SMTPHost     string
	SMTPPort     int
	SMTPUser     string
	SMTPPassword string
	SMTPFrom     string
	// SMTPTLS is "starttls" (default), "tls" (implicit, port 465) or "none" (local relays).
	SMTPTLS string
	// DigestAt is the local time of day ("07:00", in the site's time zone) from which the
	// morning digests go out; empty is 07:00.
	DigestAt string
	// TrustedProxies lists the load balancers and CDNs whose X-Forwarded-For and
	// X-Forwarded-Proto are believed.
	TrustedProxies string
	// SecretKey is BATORI_SECRET_KEY, the key TOTP secrets are encrypted under (base64 of 32
	// bytes); empty uses the key file in the data folder (internal/secretbox). It is read from
	// the environment only, never a flag, so it does not show in the process list.
	SecretKey string
	// TLSCert and TLSKey are PEM files Batori serves HTTPS with; TLSDomain instead gets
	// certificates for that host name from Let's Encrypt (ACME), cached in the data folder.
	TLSCert   string
	TLSKey    string
	TLSDomain string
	// HTTPAddr is where, when Batori serves HTTPS itself, plain HTTP is answered with a
	// redirect to HTTPS (and ACME challenges); empty listens for no plain HTTP.
	HTTPAddr string
	// HSTS sends Strict-Transport-Security on every HTTPS answer.
	HSTS bool
	// PageCacheMB bounds the memory of cached reader pages, in MiB. Zero (a Config built in
	// code) means DefaultPageCacheMB; negative turns the cache off, which --page-cache-mb 0
	// asks for.
	PageCacheMB int
	// MetricsAddr is where Prometheus metrics are served (/metrics), apart from the site;
	// empty serves none.
	MetricsAddr string
	// S3 keeps media and attachments in a shared bucket instead of the data folder (s3.go).
	S3 S3
	// TelegramAPI is the Bot API that stories are posted to Telegram channels through:
	// Telegram's own by default, a local Bot API server or a test's fake otherwise.
	TelegramAPI string
	// PushPerHour is the most push notifications editors may send in one language within an
	// hour; 0 sets no cap.
	PushPerHour int
	// PushHTTPEndpoints accepts push subscriptions whose endpoint is plain http:// (a push
	// service in a test); no flag sets it, as every browser's push service is https.
	PushHTTPEndpoints bool
	// LightPasswordHashesForTests stores new passwords with people.LightHashCost instead of the
	// real cost, whose memory-hard work takes a second and more per password under the race
	// detector. For tests only: no flag or environment variable sets it. Logins check a hash
	// at the cost recorded in it, so checking is as light as the hash.
	LightPasswordHashesForTests bool
	// Getenv reads the machine-translation overrides (BATORI_MT_PROVIDER, BATORI_MT_<FIELD>),
	// whose names depend on the provider; nil reads none.
	Getenv func(string) string
}

// Flags registers the serve flags on fs, defaulting each from the environment through getenv.
func (c *Config) Flags(fs *flag.FlagSet, getenv func(string) string) {
	str := func(p *string, name, def, usage string) {
		fs.StringVar(p, name, envOr(getenv, name, def), usage+" (env "+envName(name)+")")
	}
	boolean := func(p *bool, name, usage string) {
		v, _ := strconv.ParseBool(getenv(envName(name)))
		fs.BoolVar(p, name, v, usage+" (env "+envName(name)+")")
	}
	str(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	str(&c.DataDir, "data", "./batori-data", "data folder: the SQLite database and uploaded media")
	str(&c.DatabaseURL, "database-url", "", "PostgreSQL URL (postgres://...); empty uses SQLite in the data folder")
	str(&c.BaseURL, "base-url", "", "the site's public origin such as https://news.example.org: every absolute link, and where other hosts are redirected")
	str(&c.LogFormat, "log-format", "text", "log format: text or json")
	str(&c.TrustedProxies, "trusted-proxies", "", "comma-separated addresses or CIDR ranges of proxies in front of Batori, whose X-Forwarded-For gives the reader's address")
	str(&c.TLSCert, "tls-cert", "", "PEM certificate (chain) file to serve HTTPS with; needs --tls-key")
	str(&c.TLSKey, "tls-key", "", "PEM private key file of --tls-cert")
	str(&c.TLSDomain, "tls-domain", "", "serve HTTPS with automatic Let's Encrypt certificates for this host name (cached in the data folder)")
	str(&c.HTTPAddr, "http-addr", ":80", "with HTTPS on: plain-HTTP address that redirects to HTTPS and answers ACME challenges; empty for none")
	c.HSTS = true
	if v, err := strconv.ParseBool(getenv("BATORI_HSTS")); err == nil {
		c.HSTS = v
	}
	fs.BoolVar(&c.HSTS, "hsts", c.HSTS, "send Strict-Transport-Security on HTTPS answers (env BATORI_HSTS)")
	str(&c.SMTPHost, "smtp-host", "", "SMTP server for outgoing mail; empty writes mail to the log")
	str(&c.SMTPUser, "smtp-user", "", "SMTP user name")
	str(&c.SMTPPassword, "smtp-password", "", "SMTP password")
	str(&c.SMTPFrom, "smtp-from", "Batori <newsroom@localhost>", "From address of outgoing mail")
	str(&c.SMTPTLS, "smtp-tls", "starttls", "SMTP security: starttls, tls or none")
	str(&c.DigestAt, "digest-at", "07:00", "local time (HH:MM, the site's time zone) from which the morning e-mail digests go out")
	str(&c.TelegramAPI, "telegram-api", "https://api.telegram.org", "Telegram Bot API base URL that channel posts go through")
	c.SecretKey = getenv("BATORI_SECRET_KEY")
	c.SMTPPort = 587
	if v, err := strconv.Atoi(getenv("BATORI_SMTP_PORT")); err == nil {
		c.SMTPPort = v
	}
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port (env BATORI_SMTP_PORT)")
	boolean(&c.Demo, "demo", "load demo content into an empty site (implies --migrate)")
	boolean(&c.Dev, "dev", "development mode: read templates from ./internal/web on every request")
	boolean(&c.Migrate, "migrate", "apply pending database migrations before serving")
	c.PushPerHour = DefaultPushPerHour
	if v, err := strconv.Atoi(getenv("BATORI_PUSH_PER_HOUR")); err == nil && v >= 0 {
		c.PushPerHour = v
	}
	fs.IntVar(&c.PushPerHour, "push-per-hour", c.PushPerHour, "most push notifications editors may send in one language within an hour, 0 for no cap (env BATORI_PUSH_PER_HOUR)")
	c.MaxBodyBytes = 10 << 20
	if v := getenv("BATORI_MAX_BODY_BYTES"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			c.MaxBodyBytes = n
		}
	}
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body accepted (env BATORI_MAX_BODY_BYTES)")
	str(&c.MetricsAddr, "metrics-addr", "", "listen address for Prometheus metrics at /metrics, apart from the site (e.g. 127.0.0.1:9090); empty for none")
	c.PageCacheMB = DefaultPageCacheMB
	if n, err := strconv.Atoi(getenv("BATORI_PAGE_CACHE_MB")); err == nil {
		c.PageCacheMB = pageCacheFlag(n)
	}
	fs.Func("page-cache-mb", fmt.Sprintf("memory for cached reader pages in MiB, 0 for no cache (default %d, env BATORI_PAGE_CACHE_MB)", DefaultPageCacheMB), func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errors.New("give a number of MiB, 0 or more")
		}
		c.PageCacheMB = pageCacheFlag(n)
		return nil
	})
	c.ShutdownTimeout = 15 * time.Second
	if d, err := time.ParseDuration(getenv("BATORI_SHUTDOWN_TIMEOUT")); err == nil {
		c.ShutdownTimeout = d
	}
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long to let requests finish on shutdown (env BATORI_SHUTDOWN_TIMEOUT)")
	c.QueryTimeout = envDuration(getenv, "BATORI_DB_QUERY_TIMEOUT", 30*time.Second)
	fs.DurationVar(&c.QueryTimeout, "db-query-timeout", c.QueryTimeout, "longest a database statement may take while serving (env BATORI_DB_QUERY_TIMEOUT)")
	c.TxTimeout = envDuration(getenv, "BATORI_DB_TX_TIMEOUT", 20*time.Second)
	fs.DurationVar(&c.TxTimeout, "db-tx-timeout", c.TxTimeout, "longest a write transaction may take while serving (env BATORI_DB_TX_TIMEOUT)")
	fs.StringVar(&c.BackupDir, "backup-dir", getenv("BATORI_BACKUP_DIR"), "folder that receives scheduled backups (env BATORI_BACKUP_DIR)")
	c.BackupEvery = envDuration(getenv, "BATORI_BACKUP_EVERY", 24*time.Hour)
	fs.DurationVar(&c.BackupEvery, "backup-every", c.BackupEvery, "how often to back up into --backup-dir (env BATORI_BACKUP_EVERY)")
	c.BackupKeep = 7
	if n, err := strconv.Atoi(getenv("BATORI_BACKUP_KEEP")); err == nil && n > 0 {
		c.BackupKeep = n
	}
	fs.IntVar(&c.BackupKeep, "backup-keep", c.BackupKeep, "how many scheduled backups to keep (env BATORI_BACKUP_KEEP)")
	c.S3.flags(fs, getenv)
}

// StorageFlags registers on fs only the flags that say where the data is (--data,
// --database-url, --log-format, the --s3-* flags), for commands that open the database and serve nothing;
// every other field takes its serve default and BATORI_* environment variable.
func (c *Config) StorageFlags(fs *flag.FlagSet, getenv func(string) string) {
	all := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Flags(all, getenv)
	for _, name := range append([]string{"data", "database-url", "log-format"}, s3FlagNames...) {
		f := all.Lookup(name)
		fs.Var(f.Value, f.Name, f.Usage)
	}
}

// Usage sets fs to print "Usage: batori <command> [flags]" and its own flags when asked
// for help.
func Usage(fs *flag.FlagSet, command string) {
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: batori %s [flags]\n\nFlags:\n", command)
		fs.PrintDefaults()
	}
}

// DefaultPushPerHour is the push notifications' per-hour cap when none is given.
const DefaultPushPerHour = 6

// DefaultPageCacheMB is the page cache's size when none is given.
const DefaultPageCacheMB = 64

// pageCacheFlag maps the flag's 0 ("no cache") to PageCacheMB's "off".
func pageCacheFlag(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// PageCacheBytes is the page cache's bound in bytes, 0 when it is off.
func (c Config) PageCacheBytes() int64 {
	switch {
	case c.PageCacheMB < 0:
		return 0
	case c.PageCacheMB == 0:
		return DefaultPageCacheMB << 20
	}
	return int64(c.PageCacheMB) << 20
}

// Parse parses args for a command that takes the serve flags, and validates the result.
func Parse(name string, args []string, getenv func(string) string, output io.Writer) (Config, error) {
	return parse(name, args, getenv, output, (*Config).Flags)
}

// ParseStorage is Parse for a command that takes only the StorageFlags.
func ParseStorage(name string, args []string, getenv func(string) string, output io.Writer) (Config, error) {
	return parse(name, args, getenv, output, (*Config).StorageFlags)
}

func parse(name string, args []string, getenv func(string) string, output io.Writer, flags func(*Config, *flag.FlagSet, func(string) string)) (Config, error) {
	c := Config{Getenv: getenv}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(output)
	Usage(fs, name)
	flags(&c, fs, getenv)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return c, c.Validate()
}

// Validate checks values that flag parsing alone cannot.
func (c *Config) Validate() error {
	var errs []error
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("--database-url must be a postgres:// URL"))
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			errs = append(errs, errors.New("--base-url must be an origin like https://news.example.org"))
		}
		c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, errors.New("--log-format must be text or json"))
	}
	if c.PushPerHour < 0 {
		errs = append(errs, errors.New("--push-per-hour must be 0 (no cap) or more"))
	}
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, errors.New("--max-body-bytes must be at least 1024"))
	}
	if c.SMTPTLS != "starttls" && c.SMTPTLS != "tls" && c.SMTPTLS != "none" {
		errs = append(errs, errors.New("--smtp-tls must be starttls, tls or none"))
	}
	if c.SMTPPort < 1 || c.SMTPPort > 65535 {
		errs = append(errs, errors.New("--smtp-port must be a port number"))
	}
	if c.SMTPFrom != "" {
		if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
			errs = append(errs, errors.New("--smtp-from must be an e-mail address such as Batori <news@example.org>"))
		}
	}
	if c.TelegramAPI != "" {
		if u, err := url.Parse(c.TelegramAPI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("--telegram-api must be a URL such as https://api.telegram.org"))
		}
	}
	if _, err := ParsePrefixes(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("--trusted-proxies: %v", err))
	}
	errs = append(errs, c.validateTLS()...)
	errs = append(errs, c.S3.validate()...)
	if c.Demo {
		c.Migrate = true
	}
	return errors.Join(errs...)
}

// TLS reports whether Batori serves HTTPS itself.
func (c *Config) TLS() bool { return c.TLSCert != "" || c.TLSDomain != "" }

// validateTLS checks the HTTPS flags, one line per problem, reading the certificate files now
// so that a typo stops the start rather than the first reader's handshake.
func (c *Config) validateTLS() []error {
	var errs []error
	switch {
	case (c.TLSCert == "") != (c.TLSKey == ""):
		errs = append(errs, errors.New("--tls-cert and --tls-key go together: give both files or neither"))
	case c.TLSCert != "" && c.TLSDomain != "":
		errs = append(errs, errors.New("give either --tls-cert/--tls-key or --tls-domain, not both"))
	case c.TLSCert != "":
		if _, err := tls.LoadX509KeyPair(c.TLSCert, c.TLSKey); err != nil {
			errs = append(errs, fmt.Errorf("--tls-cert/--tls-key: %v", err))
		}
	}
	if d := c.TLSDomain; d != "" {
		if strings.ContainsAny(d, ":/ ") || !strings.Contains(d, ".") || net.ParseIP(d) != nil {
			errs = append(errs, errors.New("--tls-domain must be a host name such as news.example.org"))
		}
	}
	if !c.TLS() {
		return errs
	}
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			errs = append(errs, errors.New("--http-addr must be an address such as :80"))
		}
	}
	if u, err := url.Parse(c.BaseURL); c.BaseURL != "" && err == nil {
		if u.Scheme != "https" {
			errs = append(errs, errors.New("--base-url must be https:// when Batori serves HTTPS"))
		} else if c.TLSDomain != "" && !strings.EqualFold(u.Hostname(), c.TLSDomain) {
			errs = append(errs, errors.New("--base-url must be on --tls-domain, the only host certificates are made for"))
		}
	}
	return errs
}

// String prints the configuration with secrets masked, for `batori config` and start-up logs.
func (c Config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "addr=%s\ndata=%s\ndatabase-url=%s\nbase-url=%s\ndemo=%t\ndev=%t\nmigrate=%t\nlog-format=%s\nmax-body-bytes=%d\nshutdown-timeout=%s\npage-cache-bytes=%d\nmetrics-addr=%s\n",
		c.Addr, c.DataDir, MaskURL(c.DatabaseURL), c.BaseURL, c.Demo, c.Dev, c.Migrate, c.LogFormat, c.MaxBodyBytes, c.ShutdownTimeout, c.PageCacheBytes(), c.MetricsAddr)
	password := ""
	if c.SMTPPassword != "" {
		password = "xxxxx"
	}
	fmt.Fprintf(&b, "trusted-proxies=%s\n", c.TrustedProxies)
	fmt.Fprintf(&b, "tls-cert=%s\ntls-key=%s\ntls-domain=%s\nhttp-addr=%s\nhsts=%t\n", c.TLSCert, c.TLSKey, c.TLSDomain, c.HTTPAddr, c.HSTS)
	fmt.Fprintf(&b, "smtp-host=%s\nsmtp-port=%d\nsmtp-user=%s\nsmtp-password=%s\nsmtp-from=%s\nsmtp-tls=%s\n",
		c.SMTPHost, c.SMTPPort, c.SMTPUser, password, c.SMTPFrom, c.SMTPTLS)
	b.WriteString(c.S3.String())
	fmt.Fprintf(&b, "telegram-api=%s\n", c.TelegramAPI)
	return b.String()
}

// MaskURL hides the password of a URL.
func MaskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func envName(flag string) string {
	return "BATORI_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

func envOr(getenv func(string) string, flag, def string) string {
	if v := getenv(envName(flag)); v != "" {
		return v
	}
	return def
}

// ParsePrefixes reads a comma-separated list of addresses and CIDR ranges, such as the
// --trusted-proxies flag; a bare address is a range of one.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// envDuration reads a duration from the environment, def when unset or malformed.
func envDuration(getenv func(string) string, key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}
