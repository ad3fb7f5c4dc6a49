package locale

// Term is one choice of the Assamese catalog's terminology: the word the catalog uses for an
// idea, the variants it never uses, and why.
type Term struct {
	// Idea is the English idea the term names.
	Idea string
	// Use is the word (or stem) the catalog writes.
	Use string
	// Avoid lists what the catalog never writes for it. A variant that is a prefix of Use
	// (ছেটিং of ছেটিংছ) counts only where Use does not follow.
	Avoid []string
	// Keys, when set, limits Avoid to messages whose key contains one of these: a word that
	// is wrong for this idea can be right for another (বিভাগ is a department, not a section).
	Keys []string
	// Except lists phrases in which an avoided word is right (সৰ্বস্বত্ব সংৰক্ষিত, "all
	// rights reserved", is not "saved").
	Except []string
	// Why says why this word and not the others.
	Why string
}

// Terminology is the Assamese catalog's word list, one voice for the whole interface; the
// catalog test holds every message to it. Spellings follow ../shared/assamese.md: Assamese
// writes ছ for English s (ছাৰ্ভাৰ, ছেটিংছ), and ৰ, never Bengali র.
var Terminology = []Term{
	{Idea: "updated", Use: "হালনাগাদ", Avoid: []string{"আপডেট", "উন্নীত"},
		Why: "হালনাগাদ is the Assamese word for brought up to date; আপডেট is a loanword the catalog does not need, and উন্নীত means promoted."},
	{Idea: "e-mail", Use: "ই-মেইল", Avoid: []string{"ইমেইল", "ইমেল", "ই-মেল"},
		Why: "ই-মেইল with the hyphen was already the catalog's majority spelling and keeps the letter ই from fusing with মেইল."},
	{Idea: "save", Use: "সাঁচি ৰাখ", Avoid: []string{"সংৰক্ষণ", "সংৰক্ষিত", "ছেভ"}, Except: []string{"সৰ্বস্বত্ব সংৰক্ষিত"},
		Why: "সাঁচি ৰাখক is everyday Assamese for keeping something; সংৰক্ষণ also means reservation and conservation, which a newspaper writes about."},
	{Idea: "settings", Use: "ছেটিংছ", Avoid: []string{"ছেটিং", "চেটিং", "ছেটিংস"},
		Why: "one plural form for the settings pages and buttons, as Assamese phone interfaces write it."},
	{Idea: "server", Use: "ছাৰ্ভাৰ", Avoid: []string{"চাৰ্ভাৰ", "সাৰ্ভাৰ"},
		Why: "Assamese writes ছ for the English s sound."},
	{Idea: "reporter (the newsroom role)", Use: "সংবাদদাতা", Avoid: []string{"সাংবাদিক"},
		Why: "the role is named সংবাদদাতা on the login and registration pages and in the user list; সাংবাদিক (journalist) for the same person read as a second role."},
	{Idea: "section of the newspaper", Use: "শিতান", Avoid: []string{"বিভাগ"}, Keys: []string{"section"},
		Why: "শিতান is the heading a newspaper files its stories under; বিভাগ is a department (কৃষি বিভাগ, the enquiry desk's জিজ্ঞাসা বিভাগ), so it stays for those."},
	{Idea: "the editing screen", Use: "সম্পাদনা পৃষ্ঠা", Avoid: []string{"সম্পাদকলৈ উভতি", "সম্পাদক খোল", "সম্পাদকতো"},
		Why: "সম্পাদক is the editor, a person; the screen where a story is written is the সম্পাদনা পৃষ্ঠা."},
}
