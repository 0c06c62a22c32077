package accounts

import (
	"fmt"
	"net"
	"net/url"
)

// PublicURLFromListen derives the URL devices reach a TaskChampion listener at from its listen
// address (host:port): http://HOST:PORT, with a wildcard or empty host replaced by localhost.
// Behind a proxy or on another machine the operator sets the public URL instead.
func PublicURLFromListen(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("listen address %q is not host:port: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// CheckPublicURL reports whether u is an absolute http or https URL with a host.
func CheckPublicURL(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %w", u, err)
	}
	if (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%q is not an http:// or https:// URL with a host", u)
	}
	return nil
}
