package news

// Action is one thing a person may do with an edition. Its name is the word the editor page
// and its template use for it.
type Action string

// The actions of the story workflow.
const (
	// Edit changes the edition's words, picture and bylines (and starts an edition not
	// written yet).
	Edit Action = "edit"
	// Submit sends a draft to the editors' review queue.
	Submit Action = "submit"
	// Return sends a submitted edition back to its writer as a draft.
	Return Action = "return"
	// Publish makes the edition public now.
	Publish Action = "publish"
	// Schedule sets a never-published edition to go public later.
	Schedule Action = "schedule"
	// Unpublish takes a published edition off the site, or cancels a schedule.
	Unpublish Action = "unpublish"
	// Correct changes a published edition with a public correction note.
	Correct Action = "correct"
	// Translate starts the story's edition in the other language from this one, or marks a
	// translation as following its source again.
	Translate Action = "translate"
	// File changes the story's section and tags.
	File Action = "file"
	// Feature marks the story as the lead of the home page.
	Feature Action = "feature"
)

// actions lists every Action, in the order the editor page offers them.
var actions = []Action{Edit, Submit, Publish, Schedule, Unpublish, Return, Correct, Translate, File, Feature}

// ParseAction reads an action name, such as the editor page's button value.
func ParseAction(name string) (Action, bool) {
	for _, a := range actions {
		if string(a) == name {
			return a, true
		}
	}
	return "", false
}

// ActionSet is the set of actions someone may take with an edition now.
type ActionSet uint16

func bit(a Action) ActionSet {
	for i, x := range actions {
		if x == a {
			return 1 << i
		}
	}
	return 0
}

func setOf(list ...Action) ActionSet {
	var s ActionSet
	for _, a := range list {
		s |= bit(a)
	}
	return s
}

// Has reports whether the set holds a; templates ask {{if .Actions.Has "publish"}}.
func (s ActionSet) Has(a Action) bool { return bit(a) != 0 && s&bit(a) != 0 }

// Without is the set less the listed actions.
func (s ActionSet) Without(list ...Action) ActionSet { return s &^ setOf(list...) }

// List is the set's actions in the editor page's order.
func (s ActionSet) List() []Action {
	var out []Action
	for _, a := range actions {
		if s.Has(a) {
			out = append(out, a)
		}
	}
	return out
}

// Actions answers, once for the whole application, what actor may do with e now; owner is
// the account that created e's story. An edition not written yet (the story's other
// language) is asked about as a Draft with no ID. The workflow's operations refuse through
// Permit, the newsroom's routes check it and its templates show buttons from it.
func Actions(a Actor, e Edition, owner int64) ActionSet {
	return byRole(a, owner) & byState(a, e)
}

// Permit returns nil when actor may take act on e now, ErrForbidden when their role or
// ownership never allows it, and ErrInvalidState when it would be allowed in another state.
func Permit(a Actor, e Edition, owner int64, act Action) error {
	switch {
	case !byRole(a, owner).Has(act):
		return ErrForbidden
	case !byState(a, e).Has(act):
		return ErrInvalidState
	}
	return nil
}

// byRole is what the actor's role and ownership allow whatever the edition's state: editors
// everything; translators to work on any story's words; reporters on their own stories.
func byRole(a Actor, owner int64) ActionSet {
	if a.Editor {
		return setOf(actions...)
	}
	var s ActionSet
	if owner == a.UserID || a.Translator {
		s |= setOf(Edit, Submit, Translate)
	}
	if owner == a.UserID {
		s |= setOf(File)
	}
	return s
}

// byState is what the edition's state allows. Only editors change an edition after it left
// draft: a reporter's story under review is the editor's to change.
func byState(a Actor, e Edition) ActionSet {
	s := setOf(Translate, File, Feature)
	if a.Editor || e.Status == Draft {
		s |= setOf(Edit)
	}
	switch e.Status {
	case Draft:
		s |= setOf(Submit, Publish)
		if e.PublishedAt.IsZero() {
			s |= setOf(Schedule)
		}
	case Submitted:
		s |= setOf(Return, Publish)
		if e.PublishedAt.IsZero() {
			s |= setOf(Schedule)
		}
	case Scheduled:
		s |= setOf(Publish, Schedule, Unpublish)
	case Published:
		s |= setOf(Unpublish, Correct)
	case Unpublished:
		s |= setOf(Publish)
	}
	return s
}
