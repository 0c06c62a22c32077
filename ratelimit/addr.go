package ratelimit

import (
	"net"
	"net/netip"
)

// AddrOf returns the IP address of a network peer (a *net.TCPAddr, or anything whose String is
// host:port or an IP), or the zero Addr, which no limit applies to, when it has none.
func AddrOf(a net.Addr) netip.Addr {
	if a == nil {
		return netip.Addr{}
	}
	if t, ok := a.(*net.TCPAddr); ok {
		return t.AddrPort().Addr().Unmap()
	}
	return ParseAddr(a.String())
}

// ParseAddr returns the IP address in s, "host:port" or a bare IP, or the zero Addr.
func ParseAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

// Prefix is the source an address is counted against: itself for IPv4, its /64 for IPv6, where
// one subscriber usually holds a whole /64. The zero Addr gives the zero Prefix.
func Prefix(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return netip.PrefixFrom(a, a.BitLen())
	}
	return p
}
