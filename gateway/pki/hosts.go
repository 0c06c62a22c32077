package pki

import (
	"fmt"
	"net"
	"slices"
	"strings"
)

// DefaultHosts returns the names a server certificate covers when none are given: the loopback
// names, which is what a Taskwarrior client on the same machine puts in taskd.server.
func DefaultHosts() []string { return []string{"localhost", "127.0.0.1", "::1"} }

// hostSet is the subject alternative names of a server certificate.
type hostSet struct {
	dns   []string // lower case, sorted, unique
	ips   []net.IP // sorted, unique, 4-byte form for IPv4
	first string   // the first host, normalised: the CN of a new certificate
}

// parseHosts sorts hosts into DNS names and IP addresses. An IPv6 address may be written in
// brackets. A name must be a plain host name (letters, digits, '-', '_', '.', optionally a
// leading "*." wildcard label): "host:port", URLs and blanks are rejected.
func parseHosts(hosts []string) (hostSet, error) {
	var s hostSet
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			h = h[1 : len(h)-1]
		}
		h = strings.TrimSuffix(h, ".")
		if ip := net.ParseIP(h); ip != nil {
			if v4 := ip.To4(); v4 != nil {
				ip = v4
			}
			s.ips = append(s.ips, ip)
			s.setFirst(ip.String())
			continue
		}
		if !validHostname(h) {
			return hostSet{}, fmt.Errorf("server certificate host %q is neither an IP address nor a host name", h)
		}
		s.dns = append(s.dns, strings.ToLower(h))
		s.setFirst(strings.ToLower(h))
	}
	slices.Sort(s.dns)
	s.dns = slices.Compact(s.dns)
	slices.SortFunc(s.ips, func(a, b net.IP) int { return strings.Compare(string(a), string(b)) })
	s.ips = slices.CompactFunc(s.ips, net.IP.Equal)
	return s, nil
}

// setFirst records h as the first host unless one was recorded already.
func (s *hostSet) setFirst(h string) {
	if s.first == "" {
		s.first = h
	}
}

// validHostname reports whether h is a syntactically valid DNS name.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for i, label := range strings.Split(h, ".") {
		if label == "*" && i == 0 {
			continue
		}
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range []byte(label) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// covers reports whether cert names exactly the hosts of s, no more and no fewer.
func (s hostSet) covers(dns []string, ips []net.IP) bool {
	got, err := parseHosts(append(slices.Clone(dns), ipStrings(ips)...))
	if err != nil {
		return false
	}
	return slices.Equal(got.dns, s.dns) && slices.EqualFunc(got.ips, s.ips, net.IP.Equal)
}

// ipStrings formats ips.
func ipStrings(ips []net.IP) []string {
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = ip.String()
	}
	return out
}

// String lists the hosts in their canonical order, DNS names then IP addresses, separated by
// commas: the same for every list naming the same hosts.
func (s hostSet) String() string {
	return strings.Join(append(slices.Clone(s.dns), ipStrings(s.ips)...), ",")
}
