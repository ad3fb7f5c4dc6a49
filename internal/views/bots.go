package views

import "strings"

// botMarks are pieces of the User-Agent of crawlers, link-preview fetchers, monitors and
// scripting libraries. Most say so ("bot", "crawl", "spider"); the rest are the common ones
// that do not. Browsers never carry any of them.
var botMarks = []string{
	"bot", "crawl", "spider", "slurp", "archiver", "scraper", "fetcher", "preview",
	"facebookexternalhit", "facebookcatalog", "meta-externalagent", "whatsapp", "embedly", "vkshare",
	"mediapartners-google", "adsbot", "google-inspectiontool", "lighthouse", "pagespeed", "headlesschrome",
	"phantomjs", "pingdom", "uptime", "monitor", "python", "curl", "wget", "go-http-client", "java/",
	"okhttp", "axios", "node-fetch", "undici", "libwww", "httpclient", "http_request", "scrapy", "feed",
}

// IsBot reports whether a request with this User-Agent comes from software rather than a
// reader: an empty one, or one carrying a known mark.
func IsBot(userAgent string) bool {
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if ua == "" || !strings.Contains(ua, "/") {
		return true
	}
	for _, m := range botMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}
