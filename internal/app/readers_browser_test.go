package app_test

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/people"
)

// The people of the readers' journey and what they write.
const (
	voiceReaderName  = "Mridul Hazarika"
	voiceReaderEmail = "mridul@example.org"
	voiceReaderPhone = "+91 94350 67890"
	voiceComment     = "The new bridge at Dhola has cut our trip to the Tinsukia market by an hour. Thank you for covering it."
	voiceTip         = "The ferry from Nimati ghat to Majuli has not sailed for three days; the jetty ramp is broken. Photo attached."
	voiceDesk        = "enquiries@batori.test"
	voiceEditorName  = "Bhaskar Gogoi"
	voiceEditorEmail = "bhaskar@batori.test"
	voiceEditorPass  = "brahmaputra-evening-tide-58"
)

// referenceNumber is an enquiry's reference number as readers are given it.
var referenceNumber = regexp.MustCompile(`^[A-Z0-9]{4}-[A-Z0-9]{4}$`)

// TestBrowserReadersVoice follows a reader's voice to the newsroom and back on a phone, each
// person in a browser context of their own: a reader comments on a story with the plain form
// and is told it awaits moderation; an editor signs in and approves it in the queue; the
// reader sees it on the story and its count on the home page, and gets the "published" mail;
// the reader then sends a news tip with a photo from Contact Us and the Enquiry form and is
// given a reference; the editor finds the tip by that reference and opens it; the desk's
// notice and the reader's acknowledgement reach a real SMTP server.
func TestBrowserReadersVoice(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			v := startReadersVoice(t, name, mk(t))
			took := []string{"start " + time.Since(start).Round(time.Millisecond).String()}
			for _, step := range []struct {
				name string
				run  func()
			}{
				{"comment", v.readerComments}, {"approve", v.editorApproves}, {"read", v.readerSeesComment},
				{"tip", v.readerSendsTip}, {"inbox", v.editorFindsTip},
			} {
				began := time.Now()
				step.run()
				took = append(took, step.name+" "+time.Since(began).Round(time.Millisecond).String())
			}
			for _, p := range []*person{v.reader, v.editor} {
				if d := p.dialogs.list(); len(d) > 0 {
					t.Errorf("%s saw dialogs: %q", p.who, d)
				}
			}
			t.Logf("readers' journey on %s took %s (%s)", name, time.Since(start).Round(time.Millisecond), strings.Join(took, ", "))
		})
	}
}

// readersVoice is one run of the readers' journey on one database.
type readersVoice struct {
	*journey
	editor *person

	story     string // the commented story's path, as its card links to it
	commentID string // the comment's anchor, "comment-123"
	tipPhoto  string // the photo the reader attaches to the tip
	reference string // the tip's reference number
	// guard lets the tip go out with the proof of work switched on, solved by app.js.
	guard *formguard.Guard
}

// startReadersVoice serves the demo newspaper with a desk address for enquiries, an editor
// account and mail going to a real SMTP server in the test, and then opens the browser: the
// seeding, however slow, is on no step's clock.
func startReadersVoice(t *testing.T, db string, cfg config.Config) *readersVoice {
	t.Helper()
	ctx := context.Background()
	j, a := newJourney(t, db, cfg)
	// The page cache lives in memory, so the content goes in before the first request.
	if n, err := demo.Seed(ctx, demo.Stores{News: a.News, Settings: a.Settings, Media: a.Media}, demo.Options{}); err != nil || n == 0 {
		t.Fatalf("demo.Seed = %d, %v", n, err)
	}
	site, err := a.Settings.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site.EnquiryEmail = voiceDesk
	if err := a.Settings.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if _, err := a.People.Create(ctx, people.NewUser{Email: voiceEditorEmail, Name: voiceEditorName, Password: voiceEditorPass, Role: people.Editor}); err != nil {
		t.Fatal(err)
	}
	photo := writePhoto(t, 640, 360)
	j.open(a)
	return &readersVoice{journey: j, tipPhoto: photo, guard: a.Guard}
}

// readerComments: the reader opens a top story from the home page, writes a comment in the
// plain form, takes a moment over it as people do, sends it and is told it awaits moderation.
func (v *readersVoice) readerComments() {
	v.reader = v.newPerson("reader", phone)
	p := v.reader
	p.open("/")
	// A top story, whose card shows its comment count.
	v.story = eval[string](p, `document.querySelector('main .top .card-title a')?.getAttribute('href') ?? ''`)
	if !strings.HasPrefix(v.story, "/news/") {
		p.fatalf("the home page's first top story links to %q, want /news/…", v.story)
	}
	if p.count(`main a.card-comments[href="`+v.story+`#comments"]`) != 0 {
		p.errorf("the story's card shows a comment count before any comment")
	}
	p.press(`main .top .card-title a[href="`+v.story+`"]`, 200)
	// The form's signed time is at the latest when the page arrived.
	opened := time.Now()
	p.wantPath(v.story)
	p.wantText("#comments .comments-count", "0 so far")
	p.wantText("#comments .comments-none", "No comments yet")

	p.fill("#cf-name", voiceReaderName)
	p.fill("#cf-email", voiceReaderEmail)
	p.fill("#cf-body", voiceComment)
	if p.count("#cf-notify") == 1 {
		p.do("tick e-mail me", chromedp.Click(chromedp.CSS("#cf-notify")))
		if !eval[bool](p, `document.querySelector('#cf-notify').checked`) {
			p.errorf("the e-mail-me box is not ticked after a tap")
		}
	} else {
		p.errorf("the comment form has no e-mail-me box")
	}
	p.shot("1-comment-form")
	if wait := time.Until(opened.Add(commentFillTime)); wait > 0 {
		time.Sleep(wait)
	}
	// A plain form post: the page's scripts play no part in it.
	p.press(`form.comment-form button[type=submit]`, 200)
	p.wantPath(v.story)
	if got := eval[string](p, `location.search + location.hash`); got != "?comment=pending#comments" {
		p.errorf("after posting the page is at %q, want ?comment=pending#comments", got)
	}
	p.wantText("#comments .comments-notice", "awaiting moderation")
	if p.count(".comment-form .cf-alert") != 0 {
		p.errorf("the form came back with %q", eval[string](p, `document.querySelector('.cf-alert').textContent`))
	}
	if eval[bool](p, `document.querySelector('#comments').textContent.includes(`+jsString(voiceComment)+`)`) {
		p.errorf("the comment shows before an editor approved it")
	}
	p.wantText("#comments .comments-count", "0 so far")
	p.shot("2-comment-pending")
}

// editorApproves: the editor signs in on their phone, finds the comment in the moderation
// queue, ticks it and approves it with the bulk action.
func (v *readersVoice) editorApproves() {
	v.editor = v.newPerson("editor", phone)
	p := v.editor
	p.open("/newsroom/login")
	p.fill("#f-email", voiceEditorEmail)
	p.fill("#f-password", voiceEditorPass)
	p.press(`form[action="/newsroom/login"] button[type=submit]`, 200)
	p.wantPath("/newsroom/")
	p.wantText(".who-name", voiceEditorName)

	p.open("/newsroom/comments")
	p.wantText("h1", "Comments")
	p.wantText(`nav.tabs a[aria-current="page"]`, "Pending 1")
	v.commentID = eval[string](p, `[...document.querySelectorAll('article.comment-row')]
		.find(a => a.querySelector('.comment-text')?.textContent.includes(`+jsString(voiceComment)+`))?.id ?? ''`)
	if !strings.HasPrefix(v.commentID, "comment-") {
		p.fatalf("the pending queue does not show the reader's comment")
	}
	row := "#" + v.commentID
	p.wantText(row+" h2", voiceReaderName)
	p.wantText(row+" .badge", "Pending")
	p.wantText(row+" .facts", voiceReaderEmail)
	p.wantText(row, "Wants an e-mail when published")
	p.shot("3-queue")
	p.do("tick the comment", chromedp.Click(chromedp.CSS(row+" input.comment-tick")))
	p.choose("#bulk-action", "approve")
	p.press(`form#bulk button[type=submit]`, 200)
	p.wantPath("/newsroom/comments")
	p.wantText(".flash", "Comments approved.")
	if p.count(row) != 0 {
		p.errorf("the comment is still in the pending queue after approval")
	}
	p.shot("4-approved")
}

// readerSeesComment: the reader reloads the story and finds the comment and the count, the
// home page counts it on the story's card, and the mail the reader asked for arrives.
func (v *readersVoice) readerSeesComment() {
	p := v.reader
	reloadPage(p)
	c := "#" + v.commentID
	p.wantText(c+" .comment-author", voiceReaderName)
	p.wantText(c+" .comment-body", voiceComment)
	p.wantText("#comments .comments-count", "1 so far")
	if n := p.count("#comments .comment-list .comment"); n != 1 {
		p.errorf("the story shows %d comments, want 1", n)
	}
	p.shot("5-comment-published")
	p.open("/")
	p.wantText(`main a.card-comments[href="`+v.story+`#comments"]`, "1 comment")

	m := v.inbox.Await(v.t, v.mailDeadline(), voiceReaderEmail, "Your comment is published")
	if link := m.Link(v.t, "#comment-"); link != v.base+v.story+"#"+v.commentID {
		v.t.Errorf("the published mail links to %s, want %s", link, v.base+v.story+"#"+v.commentID)
	}
	if !strings.Contains(m.Text, voiceReaderName) {
		v.t.Errorf("the published mail does not greet %s:\n%s", voiceReaderName, m.Text)
	}
}

// readerSendsTip: the reader goes from the site's top bar to Contact Us, on to the Enquiry
// form, and sends a news tip with a photo.
func (v *readersVoice) readerSendsTip() {
	p := v.reader
	// The newsroom asks the forms for a proof of work: the browser solves it as it sends.
	if err := v.guard.SetPow(context.Background(), true); err != nil {
		v.t.Fatal(err)
	}
	p.press(`.masthead .top-contact a`, 200)
	p.wantPath("/contact")
	p.wantText("h1", "Contact Us")
	p.press(`.contact-box a.btn[href="/enquiry"]`, 200)
	p.wantPath("/enquiry")
	opened := time.Now()
	p.wantText("h1", "Enquiry")
	p.do("choose News tip", chromedp.Click(chromedp.CSS("#type-tip")))
	p.fill("#f-name", voiceReaderName)
	p.fill("#f-email", voiceReaderEmail)
	p.fill("#f-phone", voiceReaderPhone)
	p.fill("#f-message", voiceTip)
	if !eval[bool](p, `document.querySelector('#f-attachment').checkVisibility()`) {
		p.errorf("the photo field is hidden for a news tip")
	}
	p.do("attach the photo", chromedp.SetUploadFiles(chromedp.CSS("#f-attachment"), []string{v.tipPhoto}))
	if got := eval[string](p, `document.querySelector('#f-attachment').files[0]?.name ?? ''`); got != "solar-pump.jpg" {
		p.errorf("the photo field holds %q", got)
	}
	p.shot("6-enquiry-form")
	if wait := time.Until(opened.Add(commentFillTime)); wait > 0 {
		time.Sleep(wait)
	}
	p.press(`form.enquiry-form button[type=submit]`, 200)
	p.wantPath("/enquiry/sent")
	p.wantText("h1", "Thank you for writing to us")
	p.wantText(".enquiry-sent", "We have received your message (News tip)")
	v.reference = eval[string](p, `document.querySelector('.enquiry-sent .reference strong')?.textContent.trim() ?? ''`)
	if !referenceNumber.MatchString(v.reference) {
		p.fatalf("the acknowledgement gives the reference %q, want XXXX-XXXX", v.reference)
	}
	p.shot("7-enquiry-sent")
}

// editorFindsTip: the editor looks the reference up in the enquiries inbox and opens the tip,
// photo and all; the desk's notice and the reader's acknowledgement have gone out.
func (v *readersVoice) editorFindsTip() {
	p := v.editor
	p.open("/newsroom/enquiries")
	p.fill("#f-ref", v.reference)
	p.press(`form.enq-filters button[type=submit]`, 200)
	p.wantPath("/newsroom/enquiries")
	if n := p.count(".enq-list tbody tr"); n != 1 {
		p.fatalf("searching for %s lists %d enquiries, want 1", v.reference, n)
	}
	p.wantText(".enq-list a.ref", v.reference)
	p.wantText(".enq-list tbody tr", "News tip")
	p.wantText(".enq-list tbody tr", voiceReaderEmail)
	p.wantText(".enq-list .enq-file-type", "JPEG")
	p.shot("8-inbox")
	p.press(".enq-list a.ref", 200)
	id := strings.TrimPrefix(p.path(), "/newsroom/enquiries/")
	if id == "" || strings.Contains(id, "/") {
		p.fatalf("the reference led to %s", p.path())
	}
	p.wantText("h1", "Enquiry "+v.reference)
	p.wantText(".enq-message", voiceTip)
	p.wantText(".facts", voiceReaderPhone)
	p.wantText(".enq-file", "solar-pump.jpg")
	photo, err := os.Stat(v.tipPhoto)
	if err != nil {
		v.t.Fatal(err)
	}
	got := eval[string](p, `fetch(document.querySelector('.enq-file a').href)
		.then(r => r.blob().then(b => r.status + ' ' + b.type + ' ' + b.size))`)
	if want := "200 image/jpeg " + strconv.FormatInt(photo.Size(), 10); got != want {
		p.errorf("the attachment downloads as %q, want %q", got, want)
	}
	p.shot("9-enquiry")

	desk := v.inbox.Await(v.t, v.mailDeadline(), voiceDesk, v.reference)
	if !strings.Contains(desk.Subject, "New enquiry "+v.reference+": News tip") {
		v.t.Errorf("the desk's notice is titled %q", desk.Subject)
	}
	if link := desk.Link(v.t, "/newsroom/enquiries/"); link != v.base+"/newsroom/enquiries/"+id {
		v.t.Errorf("the desk's notice links to %s, want the enquiry %s", link, id)
	}
	for _, want := range []string{voiceReaderName, voiceReaderEmail, voiceTip, "solar-pump.jpg"} {
		if !strings.Contains(desk.Text, want) {
			v.t.Errorf("the desk's notice does not mention %q:\n%s", want, desk.Text)
		}
	}
	ack := v.inbox.Await(v.t, v.mailDeadline(), voiceReaderEmail, v.reference)
	if !strings.Contains(ack.Subject, "We have received your enquiry "+v.reference) {
		v.t.Errorf("the reader's acknowledgement is titled %q", ack.Subject)
	}
	if strings.Contains(ack.Text, "Nimati") {
		v.t.Errorf("the acknowledgement repeats the reader's words:\n%s", ack.Text)
	}
}

// reloadPage reloads the person's page, as a pull-down on a phone does.
func reloadPage(p *person) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Reload())
	if err != nil {
		p.fatalf("reload: %v", err)
	}
	if resp.Status != 200 {
		p.fatalf("reload: %s answered %d", resp.URL, resp.Status)
	}
}
