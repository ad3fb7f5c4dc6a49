package newsroom

import (
	"net/url"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func urlQuery(s string) string { return url.QueryEscape(s) }

// pathID reads a numeric path value; anything else is a 404.
func pathID(v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, errNotFound
	}
	return n, nil
}
