package locale

// verify15AS holds the Assamese messages added while checking the reader polish (issue 15)
// item by item; keys match verify15EN.
var verify15AS = map[string]string{
	"photo_credit_label": "ফটো:",
}
