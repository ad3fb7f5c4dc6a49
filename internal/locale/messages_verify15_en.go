package locale

// verify15EN holds the English messages added while checking the reader polish (issue 15)
// item by item; keys match verify15AS.
var verify15EN = map[string]string{
	// photo_credit_label heads a credit whose name is in another language than the page (the
	// English credit under a machine translation), so the name can be marked apart.
	"photo_credit_label": "Photo:",
}
