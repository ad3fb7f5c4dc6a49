package newsroom

import (
	"html/template"

	"github.com/batori-news/batori/internal/people"
)

// TemplateFuncs are the template functions the newsroom's pages add to web.Funcs.
func TemplateFuncs() template.FuncMap {
	return template.FuncMap{"district": people.DistrictName}
}
