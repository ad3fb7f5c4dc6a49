package newsroom

import (
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// enquiryViewPage is the data of newsroom/pages/enquiries_view.html: one enquiry with its
// history and the forms that act on it.
type enquiryViewPage struct {
	page
	E          enquiries.Enquiry
	KindName   string
	StatusName string
	LangName   string
	// AttachmentURL downloads the attachment; empty when there is none.
	AttachmentURL  string
	AttachmentSize string
	Statuses       []enqOption
	Assignees      []enqOption
	History        []historyEntry
	ReplyHint      string
	// Note and Reply keep what was typed when the form comes back with Errors.
	Note   string
	Reply  string
	Errors map[string]string
}

// historyEntry is one line of an enquiry's history.
type historyEntry struct {
	Text string
	// Body is a note's or reply's text.
	Body string
	// Kind is "received" or the event kind, for styling.
	Kind string
	At   time.Time
}

func (s *Server) enquiryView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderEnquiryView(w, r, id, http.StatusOK, "", "", nil)
}

func (s *Server) renderEnquiryView(w http.ResponseWriter, r *http.Request, id int64, status int, note, reply string, errs map[string]string) error {
	ctx := r.Context()
	e, err := s.enq.Get(ctx, id)
	if err != nil {
		return enquiryError(err)
	}
	events, err := s.enq.Events(ctx, id)
	if err != nil {
		return err
	}
	editors, err := s.people.Editors(ctx)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	l := p.L
	p.Title = l.T("nr_enq_page_title", e.Reference)
	data := enquiryViewPage{
		page: p, E: e, KindName: l.T("enquiry_kind_" + string(e.Kind)), StatusName: l.T("nr_enq_status_" + string(e.Status)),
		LangName: l.LangName(e.Lang), Note: note, Reply: reply, Errors: errs,
	}
	if e.Attachment != nil {
		data.AttachmentURL = enquiryURL(id) + "/attachment"
		data.AttachmentSize = l.T("nr_enq_size", (e.Attachment.Bytes+1023)/1024)
	}
	data.ReplyHint = l.T("nr_enq_reply_hint", e.Email, data.LangName)
	for _, st := range enquiries.Statuses {
		data.Statuses = append(data.Statuses, enqOption{Value: string(st), Label: l.T("nr_enq_status_" + string(st)), Selected: st == e.Status})
	}
	data.Assignees = append(data.Assignees, enqOption{Value: "", Label: l.T("nr_enq_unassigned"), Selected: e.AssigneeID == 0})
	listed := false
	for _, u := range editors {
		data.Assignees = append(data.Assignees, enqOption{Value: itoa(u.ID), Label: u.Name, Selected: u.ID == e.AssigneeID})
		listed = listed || u.ID == e.AssigneeID
	}
	if e.AssigneeID != 0 && !listed {
		// Someone no longer on the desk keeps the enquiry until it is given to another.
		data.Assignees = append(data.Assignees, enqOption{Value: itoa(e.AssigneeID), Label: e.AssigneeName, Selected: true})
	}
	data.History = history(l, e, events)
	return s.templates.Render(w, status, "enquiries_view", data)
}

// history puts the enquiry's arrival and every step taken on it into words, newest last.
func history(l *locale.Locale, e enquiries.Enquiry, events []enquiries.Event) []historyEntry {
	out := []historyEntry{{Text: l.T("nr_enq_event_received"), Kind: "received", At: e.CreatedAt}}
	statusName := func(st enquiries.Status) string { return l.T("nr_enq_status_" + string(st)) }
	for _, ev := range events {
		h := historyEntry{Kind: string(ev.Kind), At: ev.CreatedAt}
		switch ev.Kind {
		case enquiries.EventNote:
			h.Text, h.Body = l.T("nr_enq_event_note", ev.UserName), ev.Body
		case enquiries.EventReply:
			h.Text, h.Body = l.T("nr_enq_event_reply", ev.UserName), ev.Body
		case enquiries.EventStatus:
			h.Text = l.T("nr_enq_event_status", ev.UserName, statusName(ev.FromStatus), statusName(ev.ToStatus))
		case enquiries.EventAssign:
			if ev.ToUserID != 0 {
				h.Text = l.T("nr_enq_event_assign", ev.UserName, ev.ToUserName)
			} else {
				h.Text = l.T("nr_enq_event_unassign", ev.UserName, ev.FromUserName)
			}
		default:
			h.Text = string(ev.Kind)
		}
		out = append(out, h)
	}
	return out
}

// enquiryAttachment hands staff the file a reader attached, as a download of the type its
// content was found to be. Readers' files are never shown inline: a sandbox policy keeps
// even a browser that ignores the download from running anything in it.
func (s *Server) enquiryAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	a, f, err := s.enq.OpenAttachment(r.Context(), id)
	if err != nil {
		return enquiryError(err)
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", web.AttachmentDisposition(downloadName(a, id)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}

// downloadName is the reader's file name, ending in the extension of the type the content
// was found to be ("report.html" that is a PDF downloads as "report.html.pdf").
func downloadName(a enquiries.Attachment, id int64) string {
	ext := path.Ext(a.Key)
	name := strings.TrimSpace(a.Name)
	if name == "" {
		name = "enquiry-" + itoa(id)
	}
	if !strings.EqualFold(path.Ext(name), ext) && !(ext == ".jpg" && strings.EqualFold(path.Ext(name), ".jpeg")) {
		name += ext
	}
	return name
}
