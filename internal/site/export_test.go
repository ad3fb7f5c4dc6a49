package site

// SetSitemapMax makes s split story sitemaps every n stories, so that a test can see the
// split without 50,000 stories.
func SetSitemapMax(s *Server, n int) { s.sitemapMax = n }
