package testkit

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy is a TCP proxy between a program under test and a server (PostgreSQL), which a test
// can cut (connections reset, new ones refused) or turn into a black hole (connections
// accepted and kept open, every byte silently dropped), and then restore.
type Proxy struct {
	target string
	ln     net.Listener

	mu    sync.Mutex
	mode  proxyMode
	conns map[*proxyPair]struct{}
}

type proxyMode int

const (
	proxyPass proxyMode = iota
	proxyCut
	proxyBlackHole
)

type proxyPair struct {
	client, server net.Conn
	// dead pairs dropped bytes once: their streams are broken for good, as after a real
	// outage, and they only wait for their client to give up.
	dead bool
}

// StartProxy listens on a free loopback port and forwards to target until the test ends.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	p := &Proxy{target: target, ln: Listen(t), conns: map[*proxyPair]struct{}{}}
	go p.accept()
	t.Cleanup(func() {
		p.ln.Close()
		p.mu.Lock()
		for c := range p.conns {
			c.client.Close()
			c.server.Close()
		}
		p.mu.Unlock()
	})
	return p
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Cut resets every connection and refuses new ones (each is closed as soon as accepted), as
// a stopped server does.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = proxyCut
	for c := range p.conns {
		c.client.Close()
		c.server.Close()
		delete(p.conns, c)
	}
}

// BlackHole keeps every connection open but drops what is sent either way, and accepts new
// connections that never get an answer, as a network that silently drops packets does.
func (p *Proxy) BlackHole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = proxyBlackHole
}

// Restore forwards new connections again; connections that lost bytes stay broken.
func (p *Proxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = proxyPass
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		mode := p.mode
		p.mu.Unlock()
		switch mode {
		case proxyCut:
			c.Close()
			continue
		case proxyBlackHole:
			pair := &proxyPair{client: c, server: nopConn{c}, dead: true}
			p.track(pair)
			go func() {
				io.Copy(io.Discard, c)
				p.drop(pair)
			}()
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		pair := &proxyPair{client: c, server: s}
		p.track(pair)
		go p.pipe(pair, c, s)
		go p.pipe(pair, s, c)
	}
}

func (p *Proxy) track(pair *proxyPair) {
	p.mu.Lock()
	p.conns[pair] = struct{}{}
	p.mu.Unlock()
}

func (p *Proxy) drop(pair *proxyPair) {
	p.mu.Lock()
	delete(p.conns, pair)
	p.mu.Unlock()
	pair.client.Close()
	pair.server.Close()
}

// pipe copies from one side to the other, dropping bytes while the proxy is a black hole.
func (p *Proxy) pipe(pair *proxyPair, from, to net.Conn) {
	defer p.drop(pair)
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 {
			p.mu.Lock()
			if p.mode == proxyBlackHole {
				pair.dead = true
			}
			dead := pair.dead
			p.mu.Unlock()
			if !dead {
				if _, werr := to.Write(buf[:n]); werr != nil {
					return
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// nopConn stands for the server side of a connection accepted while black-holed: there is
// none; closing it closes nothing else.
type nopConn struct{ net.Conn }

func (nopConn) Close() error { return nil }
