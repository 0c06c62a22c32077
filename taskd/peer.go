package taskd

import (
	"context"
	"crypto/x509"
	"net"
)

// Peer is the client at the other end of a connection, as the TLS handshake established it.
type Peer struct {
	// Addr is the client's address.
	Addr net.Addr
	// Certificate is the client certificate it presented (verified against the client CAs),
	// nil when the server trusts any certificate and the client sent none.
	Certificate *x509.Certificate
}

// Host returns the client's IP address without the port, or "" when unknown.
func (p Peer) Host() string {
	if p.Addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(p.Addr.String())
	if err != nil {
		return p.Addr.String()
	}
	return host
}

// peerKey is the context key of the Peer.
type peerKey struct{}

// WithPeer returns ctx carrying p; the server sets it for every request it hands the Backend.
func WithPeer(ctx context.Context, p Peer) context.Context {
	return context.WithValue(ctx, peerKey{}, p)
}

// PeerFrom returns the Peer of the request ctx belongs to; ok is false outside a request.
func PeerFrom(ctx context.Context) (p Peer, ok bool) {
	p, ok = ctx.Value(peerKey{}).(Peer)
	return p, ok
}
