package newsroom

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/web"
)

// enquiryError maps the store's not-found onto the newsroom's.
func enquiryError(err error) error {
	if errors.Is(err, enquiries.ErrNotFound) || errors.Is(err, enquiries.ErrNoAttachment) {
		return errNotFound
	}
	return err
}

func enquiryURL(id int64) string { return "/newsroom/enquiries/" + itoa(id) }

// enquiryInboxPage is the data of newsroom/pages/enquiries.html.
type enquiryInboxPage struct {
	page
	// The filters as chosen: Status and Type ("" for all), Mine, Ref as typed.
	Status string
	Type   string
	Mine   bool
	Ref    string
	// Filtered is set when any filter but the status is chosen.
	Filtered bool
	Tabs     []enquiryTab
	Types    []enqOption
	Rows     []enquiryRow
	Total    int
	Prev     string
	Next     string
}

// enquiryTab is one status tab of the inbox, with its count under the other filters.
type enquiryTab struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

// enqOption is one choice of a select on the enquiry pages.
type enqOption struct {
	Value    string
	Label    string
	Selected bool
}

// enquiryRow is an enquiry in the inbox list.
type enquiryRow struct {
	enquiries.Enquiry
	URL        string
	KindName   string
	StatusName string
	// FileType names the attachment's format (PDF, JPEG…), empty when there is none.
	FileType string
}

const enquiriesPerPage = 25

func (s *Server) enquiryInbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	q := r.URL.Query()
	var f enquiries.Filter
	if v := q.Get("status"); v != "" {
		st, ok := enquiries.ParseStatus(v)
		if !ok {
			return errNotFound
		}
		f.Status = st
	}
	if v := q.Get("type"); v != "" {
		k, ok := enquiries.ParseKind(v)
		if !ok {
			return errNotFound
		}
		f.Kind = k
	}
	mine := q.Get("mine") == "1"
	if mine {
		f.AssigneeID = me.ID
	}
	ref := q.Get("ref")
	if ref != "" {
		// A reference mistyped beyond repair finds nothing rather than everything.
		if f.Reference = enquiries.NormalizeReference(ref); f.Reference == "" {
			f.Reference = "-"
		}
	}
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = enquiriesPerPage, (n-1)*enquiriesPerPage
	list, total, err := s.enq.List(ctx, f)
	if err != nil {
		return err
	}
	counts, err := s.enq.Counts(ctx, f)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_enq_title")
	data := enquiryInboxPage{
		page: p, Status: string(f.Status), Type: string(f.Kind), Mine: mine, Ref: ref,
		Filtered: f.Kind != "" || mine || ref != "", Total: total,
	}
	// Tabs keep the other filters; a new filter starts again at page one.
	base := url.Values{}
	for _, k := range []string{"type", "mine", "ref"} {
		if v := q.Get(k); v != "" {
			base.Set(k, v)
		}
	}
	all := 0
	for _, st := range enquiries.Statuses {
		all += counts[st]
	}
	data.Tabs = append(data.Tabs, enquiryTab{Label: p.L.T("nr_enq_status_all"), URL: inboxURL(base, ""), Count: all, Current: f.Status == ""})
	for _, st := range enquiries.Statuses {
		data.Tabs = append(data.Tabs, enquiryTab{Label: p.L.T("nr_enq_status_" + string(st)), URL: inboxURL(base, string(st)), Count: counts[st], Current: f.Status == st})
	}
	for _, k := range enquiries.Kinds {
		data.Types = append(data.Types, enqOption{Value: string(k), Label: p.L.T("enquiry_kind_" + string(k)), Selected: k == f.Kind})
	}
	for _, e := range list {
		row := enquiryRow{Enquiry: e, URL: enquiryURL(e.ID),
			KindName: p.L.T("enquiry_kind_" + string(e.Kind)), StatusName: p.L.T("nr_enq_status_" + string(e.Status))}
		if e.Attachment != nil {
			_, sub, _ := strings.Cut(e.Attachment.ContentType, "/")
			row.FileType = strings.ToUpper(sub)
		}
		data.Rows = append(data.Rows, row)
	}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*enquiriesPerPage < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "enquiries", data)
}

func inboxURL(base url.Values, status string) string {
	v := url.Values{}
	for k, vs := range base {
		v[k] = vs
	}
	if status != "" {
		v.Set("status", status)
	}
	if len(v) == 0 {
		return "/newsroom/enquiries"
	}
	return "/newsroom/enquiries?" + v.Encode()
}
