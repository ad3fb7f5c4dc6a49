package media

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Options say how to reach an S3-compatible bucket.
type S3Options struct {
	// Endpoint is the service's URL: https://s3.example.org, or http:// on a private network.
	Endpoint  string
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string
	// PathStyle addresses the bucket as endpoint/bucket instead of bucket.endpoint.
	PathStyle bool
	// Transport carries the requests; nil uses the default.
	Transport http.RoundTripper
}

// S3Client is a connection to one bucket, shared by the stores kept under its prefixes.
type S3Client struct {
	c      *minio.Client
	bucket string
	where  string
}

// NewS3Client connects to the bucket o names. It sends nothing: Check does.
func NewS3Client(o S3Options) (*S3Client, error) {
	u, err := url.Parse(o.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("S3 endpoint %q is not an http(s) URL", o.Endpoint)
	}
	lookup := minio.BucketLookupAuto
	if o.PathStyle {
		lookup = minio.BucketLookupPath
	}
	creds := credentials.NewStaticV4(o.AccessKey, o.SecretKey, "")
	if o.AccessKey == "" {
		// Credentials from the environment or the instance's role, as the AWS tools find them.
		creds = credentials.NewChainCredentials([]credentials.Provider{&credentials.EnvAWS{}, &credentials.EnvMinio{}, &credentials.IAM{}})
	}
	c, err := minio.New(u.Host, &minio.Options{Creds: creds, Secure: u.Scheme == "https", Region: o.Region,
		BucketLookup: lookup, Transport: o.Transport})
	if err != nil {
		return nil, fmt.Errorf("S3 client: %w", err)
	}
	return &S3Client{c: c, bucket: o.Bucket, where: strings.TrimSuffix(o.Endpoint, "/") + "/" + o.Bucket}, nil
}

// Check makes sure the bucket exists and answers, so that a wrong endpoint, bucket or key
// stops the start instead of a reporter's first upload.
func (c *S3Client) Check(ctx context.Context) error {
	ok, err := c.c.BucketExists(ctx, c.bucket)
	if err != nil {
		return fmt.Errorf("S3 bucket %s: %w", c.where, err)
	}
	if !ok {
		return fmt.Errorf("S3 bucket %s does not exist: create it (private, no public access) first", c.where)
	}
	return nil
}

// Store returns the store of the files under prefix (e.g. "media/") in the bucket, staging
// temporary files in the local folder staging.
func (c *S3Client) Store(prefix, staging string) *S3Store {
	return &S3Store{c: c, prefix: prefix, staging: staging}
}

// S3Store keeps files under a prefix of a bucket; every node sharing the bucket sees the same
// files. The bucket stays private: pictures are served through Batori (Library.Serve) and
// attachments only to the newsroom.
type S3Store struct {
	c       *S3Client
	prefix  string
	staging string
}

// Put uploads the file at path and removes it.
func (s *S3Store) Put(ctx context.Context, key, path, contentType string) error {
	if !ValidKey(key) {
		return fmt.Errorf("bad file key %q", key)
	}
	_, err := s.c.c.FPutObject(ctx, s.c.bucket, s.prefix+key, path, minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("upload %s to %s: %w", key, s, err)
	}
	os.Remove(path)
	return nil
}

type s3File struct {
	*minio.Object
	info FileInfo
}

func (f s3File) Info() FileInfo { return f.info }

// Open opens the object under key; reads and seeks become (ranged) GET requests.
func (s *S3Store) Open(ctx context.Context, key string) (File, error) {
	if !ValidKey(key) {
		return nil, ErrNotFound
	}
	obj, err := s.c.c.GetObject(ctx, s.c.bucket, s.prefix+key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.fail(key, err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, s.fail(key, err)
	}
	return s3File{obj, FileInfo{Key: key, Size: st.Size, ModTime: st.LastModified}}, nil
}

// Stat describes the object under key.
func (s *S3Store) Stat(ctx context.Context, key string) (FileInfo, error) {
	if !ValidKey(key) {
		return FileInfo{}, ErrNotFound
	}
	st, err := s.c.c.StatObject(ctx, s.c.bucket, s.prefix+key, minio.StatObjectOptions{})
	if err != nil {
		return FileInfo{}, s.fail(key, err)
	}
	return FileInfo{Key: key, Size: st.Size, ModTime: st.LastModified}, nil
}

// Delete removes the object under key; S3 answers a missing one with success.
func (s *S3Store) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("bad file key %q", key)
	}
	if err := s.c.c.RemoveObject(ctx, s.c.bucket, s.prefix+key, minio.RemoveObjectOptions{}); err != nil {
		return s.fail(key, err)
	}
	return nil
}

// List calls fn for each object under the prefix.
func (s *S3Store) List(ctx context.Context, fn func(FileInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing goroutine when fn fails
	for o := range s.c.c.ListObjects(ctx, s.c.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("list %s: %w", s, o.Err)
		}
		key := strings.TrimPrefix(o.Key, s.prefix)
		if !ValidKey(key) {
			continue
		}
		if err := fn(FileInfo{Key: key, Size: o.Size, ModTime: o.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Staging is the local folder uploads are written in before they are sent.
func (s *S3Store) Staging() string { return s.staging }

// String is the bucket's URL and the prefix.
func (s *S3Store) String() string { return s.c.where + "/" + s.prefix }

func (s *S3Store) fail(key string, err error) error {
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && (resp.Code == "NoSuchKey" || resp.StatusCode == http.StatusNotFound) {
		return ErrNotFound
	}
	return fmt.Errorf("%s%s: %w", s, key, err)
}
