// Package testkit holds the helpers that the tests of several packages share: a settable
// clock, a goroutine-safe log buffer, a real SMTP server that keeps and decodes what it is
// sent, servers on free loopback ports, pictures built in code and the check that every
// page template was rendered by some test.
//
// Only _test.go files import it; production code never does.
package testkit
