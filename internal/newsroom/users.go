package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
)

// usersPage is the data of newsroom/pages/users.html: registrations to review and accounts.
type usersPage struct {
	page
	Status   string
	Statuses []string
	Counts   map[string]int
	Users    []people.User
	Roles    []people.Role
	// CanAdmin shows the admin-only actions (suspend, reinstate, change role).
	CanAdmin bool
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	status := r.URL.Query().Get("status")
	switch status {
	case "", people.StatusUnverified, people.StatusPending, people.StatusActive, people.StatusRejected, people.StatusSuspended:
	default:
		return errNotFound
	}
	list, err := s.people.List(ctx, status)
	if err != nil {
		return err
	}
	counts, err := s.people.CountByStatus(ctx)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_users_title")
	return s.templates.Render(w, http.StatusOK, "users", usersPage{
		page: p, Status: status, Users: list, Counts: counts, CanAdmin: me.Can(people.Admin),
		Statuses: []string{people.StatusPending, people.StatusActive, people.StatusUnverified, people.StatusRejected, people.StatusSuspended},
		Roles:    []people.Role{people.Reporter, people.Translator, people.Editor, people.Admin},
	})
}

func (s *Server) approveUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	role, ok := people.ParseRole(r.PostFormValue("role"))
	if !ok {
		role = people.Reporter
	}
	// Only admins hand out editor or admin rights.
	if (role == people.Editor || role == people.Admin) && !me.Can(people.Admin) {
		return errForbidden
	}
	err = s.people.Approve(r.Context(), id, me.ID, role)
	if err := reviewError(err); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/users?status=pending", "flash_user_approved")
}

func (s *Server) rejectUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	reason := r.PostFormValue("reason")
	err = s.people.Reject(r.Context(), id, me.ID, reason)
	if errors.As(err, new(*fielderr.Error)) {
		return s.redirect(w, r, "/newsroom/users?status=pending", "flash_reason_required")
	}
	if err := reviewError(err); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/users?status=pending", "flash_user_rejected")
}

func (s *Server) suspendUser(w http.ResponseWriter, r *http.Request) error {
	return s.adminAction(w, r, "flash_user_suspended", func(id, me int64) error { return s.people.Suspend(r.Context(), id, me) })
}

func (s *Server) reinstateUser(w http.ResponseWriter, r *http.Request) error {
	return s.adminAction(w, r, "flash_user_reinstated", func(id, me int64) error { return s.people.Reinstate(r.Context(), id, me) })
}

func (s *Server) setUserRole(w http.ResponseWriter, r *http.Request) error {
	role, ok := people.ParseRole(r.PostFormValue("role"))
	if !ok {
		return errBadRequest
	}
	return s.adminAction(w, r, "flash_role_changed", func(id, me int64) error { return s.people.SetRole(r.Context(), id, me, role) })
}

// adminAction runs an account change on the user in the path; an admin cannot change their
// own account this way, so a site never locks out its last admin by accident.
func (s *Server) adminAction(w http.ResponseWriter, r *http.Request, flash string, fn func(id, me int64) error) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	if id == me.ID {
		return errForbidden
	}
	if err := reviewError(fn(id, me.ID)); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/users", flash)
}

func reviewError(err error) error {
	if errors.Is(err, people.ErrWrongState) {
		return errBadRequest
	}
	return err
}
