package web

import (
	"net/http"
	"strconv"
)

// maxPage bounds ?page= so that a request cannot ask the database to skip billions of rows.
const maxPage = 100000

// PageNumber reads ?page= of a paginated list, 1 when absent. Anything malformed or out of
// range is ErrNotFound: to the reader it is an address that does not exist.
func PageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPage {
		return 0, ErrNotFound
	}
	return n, nil
}
