package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// channelsPage is the data of newsroom/pages/channels.html: each language's Telegram channel,
// its form and its recent posts.
type channelsPage struct {
	page
	Channels []channelBox
}

// channelBox is one language's channel on the page. The token is never written into the page:
// Masked shows which bot it is.
type channelBox struct {
	Lang     locale.Lang
	LangName string
	ChatID   string
	Masked   string
	On       bool
	Counts   channels.Counts
	Posts    []channels.Post
	Errors   map[string]string
	// Action is where the form posts.
	Action string
}

// channelsRecent is how many of a language's posts the page lists.
const channelsRecent = 30

func (s *Server) channelsData(w http.ResponseWriter, r *http.Request) (channelsPage, error) {
	p := s.page(w, r, "")
	p.Title = p.L.T("ch_title")
	data := channelsPage{page: p}
	list, err := s.channels.Channels(r.Context())
	if err != nil {
		return data, err
	}
	for _, c := range list {
		box := channelBox{Lang: c.Lang, LangName: p.L.LangName(c.Lang), ChatID: c.ChatID, Masked: c.MaskedToken(), On: c.On(),
			Action: "/newsroom/channels/" + string(c.Lang)}
		if box.Counts, err = s.channels.CountsIn(r.Context(), c.Lang); err != nil {
			return data, err
		}
		if box.Posts, err = s.channels.Recent(r.Context(), c.Lang, channelsRecent); err != nil {
			return data, err
		}
		data.Channels = append(data.Channels, box)
	}
	return data, nil
}

func (s *Server) channelsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.channelsData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "channels", data)
}

// saveChannel stores a language's channel, or switches it off ("remove"). Bad input
// re-renders the page with the admin's chat id kept and the problems beside the fields.
func (s *Server) saveChannel(w http.ResponseWriter, r *http.Request) error {
	lang, ok := locale.ParseLang(r.PathValue("lang"))
	if !ok || string(lang) != r.PathValue("lang") {
		return errNotFound
	}
	in := channels.ChannelInput{Lang: lang, ChatID: r.PostFormValue("chat"), Token: r.PostFormValue("token"), Remove: r.PostFormValue("remove") != ""}
	err := s.channels.Save(r.Context(), in)
	if fe, ok := fielderr.As(err); ok {
		data, derr := s.channelsData(w, r)
		if derr != nil {
			return derr
		}
		for i, b := range data.Channels {
			if b.Lang == lang {
				data.Channels[i].ChatID = in.ChatID
				data.Channels[i].Errors = fielderr.Messages(data.L, fe)
			}
		}
		return s.templates.Render(w, http.StatusUnprocessableEntity, "channels", data)
	}
	if err != nil {
		return err
	}
	if in.Remove {
		return s.redirect(w, r, "/newsroom/channels", "ch_flash_removed")
	}
	return s.redirect(w, r, "/newsroom/channels", "ch_flash_saved")
}

// retryChannelPost queues a failed post again.
func (s *Server) retryChannelPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	switch err := s.channels.Retry(r.Context(), id); {
	case errors.Is(err, channels.ErrNotFound):
		return errNotFound
	case errors.Is(err, channels.ErrNotFailed):
		// A second click, or another admin was quicker: the post is already on its way.
		return s.redirect(w, r, "/newsroom/channels", "ch_flash_not_failed")
	case err != nil:
		return err
	}
	s.channels.Kick()
	return s.redirect(w, r, "/newsroom/channels", "ch_flash_retried")
}
