package notify

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/batori-news/batori/internal/locale"
)

// Every mail has an HTML part beside its text: a single centred column with inline styles (mail
// clients drop style sheets), the language and direction on the root, and fonts that carry
// Assamese on phones and desktops alike. The HTML says what the text says: ordinary mails are
// their text in paragraphs with links made clickable; the digest lists its stories.

// fontStack is the body font of a language's mails; constant CSS of ours.
func fontStack(lang locale.Lang) template.CSS {
	if lang == locale.Assamese {
		return `'Noto Sans Bengali','Noto Sans Assamese','Nirmala UI','Vrinda','Shonar Bangla',sans-serif`
	}
	return `Georgia,'Noto Serif','Times New Roman',serif`
}

// htmlMail is the data of the layout.
type htmlMail struct {
	Lang     string
	Font     template.CSS
	Title    string
	SiteName string
	// Paras are the body's paragraphs, escaped, with their links (paraHTML).
	Paras []template.HTML
	// Stories are the digest's stories; Button leads somewhere (the site) under them.
	Stories []htmlStory
	Button  *htmlLink
	// Footer paragraphs come after a rule, in small type (the signature's "--" part, the
	// digest's unsubscribe).
	Footer []template.HTML
}

type htmlStory struct {
	URL, Headline, Standfirst, Section string
}

type htmlLink struct{ URL, Text string }

var layout = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
</head>
<body style="margin:0;padding:0;background:#f4f1ea;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f1ea;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border:1px solid #e2ddd3;">
<tr><td style="padding:20px 24px;border-bottom:3px solid #9b1c1c;font-family:{{.Font}};font-size:22px;font-weight:bold;color:#1a1a1a;">{{.SiteName}}</td></tr>
<tr><td class="mail-body" style="padding:20px 24px;font-family:{{.Font}};font-size:16px;line-height:1.6;color:#1a1a1a;">
{{- range .Paras}}
<p style="margin:0 0 16px 0;">{{.}}</p>
{{- end}}
{{- range .Stories}}
<div class="mail-story" style="margin:0 0 20px 0;padding:0 0 16px 0;border-bottom:1px solid #eeeae2;">
{{- if .Section}}<div style="font-size:12px;letter-spacing:.04em;text-transform:uppercase;color:#9b1c1c;margin:0 0 4px 0;">{{.Section}}</div>{{end}}
<a href="{{.URL}}" style="font-size:19px;font-weight:bold;line-height:1.35;color:#1a1a1a;text-decoration:none;">{{.Headline}}</a>
{{- if .Standfirst}}<p style="margin:6px 0 0 0;color:#444444;">{{.Standfirst}}</p>{{end}}
</div>
{{- end}}
{{- with .Button}}
<p style="margin:8px 0 16px 0;"><a class="mail-button" href="{{.URL}}" style="display:inline-block;padding:10px 18px;background:#9b1c1c;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">{{.Text}}</a></p>
{{- end}}
</td></tr>
{{- if .Footer}}
<tr><td class="mail-footer" style="padding:16px 24px;border-top:1px solid #e2ddd3;font-family:{{.Font}};font-size:13px;line-height:1.5;color:#666666;">
{{- range .Footer}}
<p style="margin:0 0 8px 0;">{{.}}</p>
{{- end}}
</td></tr>
{{- end}}
</table>
</td></tr>
</table>
</body>
</html>
`))

// renderHTML renders m; the layout is fixed and its data escaped, so it cannot fail on data.
func renderHTML(m htmlMail) string {
	var b bytes.Buffer
	if err := layout.Execute(&b, m); err != nil {
		panic("notify: mail layout: " + err.Error())
	}
	return b.String()
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+|\{\{batori-origin\}\}[^\s<>"]*`)

// textParas splits a text into paragraphs, each escaped with its lines kept and its links
// made clickable. It escapes by hand rather than through the layout: a template call per line
// and link cost ten times as much, inside the transaction that queues the mail. Only http(s)
// links (and the held origin, app/origin.go) become links, so an href is never a script.
func textParas(text string) []template.HTML {
	var out []template.HTML
	for _, para := range strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		var b strings.Builder
		for i, l := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>")
			}
			linkify(&b, l)
		}
		out = append(out, template.HTML(b.String()))
	}
	return out
}

// linkify writes a line, escaped, with its links; a link's trailing full stop or bracket
// stays text.
func linkify(b *strings.Builder, s string) {
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		u := strings.TrimRight(s[m[0]:m[1]], ".,;:)!?।")
		if m[0] > last {
			b.WriteString(html.EscapeString(s[last:m[0]]))
		}
		e := html.EscapeString(u)
		b.WriteString(`<a href="` + e + `" style="color:#9b1c1c;">` + e + `</a>`)
		last = m[0] + len(u)
	}
	if last < len(s) {
		b.WriteString(html.EscapeString(s[last:]))
	}
}

// textToHTML is the HTML part of an ordinary mail: its text in paragraphs, a signature after
// "-- " set apart as the footer.
func textToHTML(lang locale.Lang, siteName, subject, text string) string {
	body, footer, _ := strings.Cut(text, "\n-- \n")
	return renderHTML(htmlMail{
		Lang: string(lang), Font: fontStack(lang), Title: subject, SiteName: siteName,
		Paras: textParas(body), Footer: textParas(footer),
	})
}
