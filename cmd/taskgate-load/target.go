package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// errRemote refuses a target that is not this machine. A load run sends thousands of writes a
// second and creates accounts; pointed by a typo or a stale shell variable at someone else's
// server (or a production one), it would be an attack on it and would pollute its data. So only
// loopback addresses are accepted unless --allow-remote says the remote target is intended.
var errRemote = errors.New("not a loopback address; load is only sent to this machine unless --allow-remote is given")

// parseTarget parses raw and checks its host is loopback (or that allowRemote is set).
func parseTarget(raw string, allowRemote bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("--url %q: no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("--url %q: user information is not supported", raw)
	}
	if !allowRemote && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("--url host %q: %w", u.Hostname(), errRemote)
	}
	return u, nil
}

// isLoopback reports whether host is "localhost" or a literal loopback IP. Other names are not
// resolved: what they resolve to may change between the check and the connection.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseAddr checks a host:port target the way parseTarget checks a URL and returns it as a
// taskd:// URL, which is how the report names it.
func parseAddr(addr string, allowRemote bool) (*url.URL, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("--addr: %w", err)
	}
	if host == "" || port == "" {
		return nil, fmt.Errorf("--addr %q: host and port are both required", addr)
	}
	if !allowRemote && !isLoopback(host) {
		return nil, fmt.Errorf("--addr host %q: %w", host, errRemote)
	}
	return &url.URL{Scheme: "taskd", Host: net.JoinHostPort(host, port)}, nil
}
