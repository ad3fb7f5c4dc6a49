package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// S3 says where media and enquiry attachments are kept when they are not in the data folder:
// a bucket of an S3-compatible service that every node shares. Endpoint empty keeps them in
// the data folder.
type S3 struct {
	// Endpoint is the service's URL, https://s3.example.org (http:// for a service on the
	// same private network).
	Endpoint  string
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string
	// PathStyle addresses the bucket as endpoint/bucket/key instead of bucket.endpoint/key;
	// most self-hosted services (MinIO, Garage, SeaweedFS) want it.
	PathStyle bool
}

// Configured reports whether files go to S3.
func (s S3) Configured() bool { return s.Endpoint != "" }

// s3FlagNames are the S3 flags, which the commands that read or write files (backup,
// restore, export, import) take beside --data.
var s3FlagNames = []string{"s3-endpoint", "s3-bucket", "s3-access-key", "s3-secret-key", "s3-region", "s3-path-style"}

func (s *S3) flags(fs *flag.FlagSet, getenv func(string) string) {
	str := func(p *string, name, usage string) {
		fs.StringVar(p, name, getenv(envName(name)), usage+" (env "+envName(name)+")")
	}
	str(&s.Endpoint, "s3-endpoint", "S3-compatible service for media and enquiry attachments, e.g. https://s3.example.org; empty keeps them in the data folder")
	str(&s.Bucket, "s3-bucket", "bucket for media (media/…) and enquiry attachments (enquiries/…); keep it private")
	str(&s.AccessKey, "s3-access-key", "S3 access key")
	str(&s.SecretKey, "s3-secret-key", "S3 secret key")
	str(&s.Region, "s3-region", "S3 region; empty lets the service say")
	s.PathStyle, _ = strconv.ParseBool(getenv(envName("s3-path-style")))
	fs.BoolVar(&s.PathStyle, "s3-path-style", s.PathStyle, "address the bucket as endpoint/bucket (MinIO, Garage and most self-hosted services) (env "+envName("s3-path-style")+")")
}

func (s S3) validate() []error {
	if !s.Configured() {
		if s.Bucket != "" || s.AccessKey != "" || s.SecretKey != "" {
			return []error{errors.New("--s3-bucket and the S3 keys need --s3-endpoint")}
		}
		return nil
	}
	var errs []error
	u, err := url.Parse(s.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.User != nil {
		errs = append(errs, errors.New("--s3-endpoint must be a URL such as https://s3.example.org"))
	}
	if s.Bucket == "" {
		errs = append(errs, errors.New("--s3-endpoint needs --s3-bucket"))
	}
	if (s.AccessKey == "") != (s.SecretKey == "") {
		errs = append(errs, errors.New("--s3-access-key and --s3-secret-key go together"))
	}
	return errs
}

func (s S3) String() string {
	secret := ""
	if s.SecretKey != "" {
		secret = "xxxxx"
	}
	return fmt.Sprintf("s3-endpoint=%s\ns3-bucket=%s\ns3-access-key=%s\ns3-secret-key=%s\ns3-region=%s\ns3-path-style=%t\n",
		strings.TrimSuffix(s.Endpoint, "/"), s.Bucket, s.AccessKey, secret, s.Region, s.PathStyle)
}
