package app

import (
	"context"
	"path/filepath"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/media"
)

// fileStores are where pictures and readers' attachments are kept: folders of the data
// folder (media/, enquiries/), or, with --s3-endpoint, the prefixes media/ and enquiries/ of
// one private bucket that every node shares, written through the data folder's staging/.
type fileStores struct {
	media, attachments media.Store
	// s3 is the bucket's client when there is one; prepare checks that it answers.
	s3 *media.S3Client
}

func openFiles(cfg config.Config) (fileStores, error) {
	if !cfg.S3.Configured() {
		return fileStores{
			media: media.NewFolderStore(filepath.Join(cfg.DataDir, "media"), 0o644),
			// Attachments stay outside media/: they are never served publicly.
			attachments: media.NewFolderStore(filepath.Join(cfg.DataDir, "enquiries"), 0o640),
		}, nil
	}
	c, err := media.NewS3Client(media.S3Options{Endpoint: cfg.S3.Endpoint, Bucket: cfg.S3.Bucket,
		AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey, Region: cfg.S3.Region, PathStyle: cfg.S3.PathStyle})
	if err != nil {
		return fileStores{}, err
	}
	staging := filepath.Join(cfg.DataDir, "staging")
	return fileStores{
		media:       c.Store("media/", filepath.Join(staging, "media")),
		attachments: c.Store("enquiries/", filepath.Join(staging, "enquiries")),
		s3:          c,
	}, nil
}

// check makes sure the bucket answers, when there is one.
func (f fileStores) check(ctx context.Context) error {
	if f.s3 == nil {
		return nil
	}
	return f.s3.Check(ctx)
}

// byFolder names the stores as backups and archives do.
func (f fileStores) byFolder() map[string]media.Store {
	return map[string]media.Store{"media": f.media, "enquiries": f.attachments}
}
