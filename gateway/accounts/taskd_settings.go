package accounts

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/taskgate/taskgate/gateway/pki"
)

// TaskdSettings is what the Manager needs to hand out Taskwarrior 2.x settings.
type TaskdSettings struct {
	// Server is the taskd.server value: the host:port devices reach the taskd listener at, in
	// the form CheckTaskdServer returns.
	Server string
	// PKI keeps taskgate's CA in the store, which signs device certificates: the one CA every
	// process on the store trusts. It is created on first use, as serve does.
	PKI *pki.Keeper
	// CACreated, when set, is called after a new CA was created in the store.
	CACreated func()
}

// WithTaskd lets the Manager print taskd.server and issue device certificates.
func WithTaskd(s TaskdSettings) Option {
	return func(m *Manager) { m.taskd = s }
}

// ca loads taskgate's CA from the store, creating it when it is missing.
func (m *Manager) ca(ctx context.Context) (*pki.CA, error) {
	if m.taskd.PKI == nil {
		return nil, errors.New("no PKI configured for taskd device certificates")
	}
	ca, created, err := m.taskd.PKI.CA(ctx, m.now())
	if errors.Is(err, pki.ErrNoMasterKey) {
		return nil, ErrNoMasterKey
	}
	if err != nil {
		return nil, fmt.Errorf("taskgate CA: %w", err)
	}
	if created && m.taskd.CACreated != nil {
		m.taskd.CACreated()
	}
	return ca, nil
}

// TaskdServerFromListen derives taskd.server from the taskd listen address (host:port), with a
// wildcard or empty host replaced by localhost. Elsewhere than on the server's machine, or
// behind a port forward, the operator gives the public address instead.
func TaskdServerFromListen(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("taskd listen address %q is not host:port: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return CheckTaskdServer(host + ":" + port)
}

// CheckTaskdServer checks a taskd.server value and returns it as Taskwarrior 2.x reads it:
// HOST:PORT split at the last colon, so an IPv6 address stands without brackets (::1:53589;
// brackets are removed, since Taskwarrior would pass them on to the resolver). The port must be
// a number from 1 to 65535, and the host must not be empty or contain whitespace.
func CheckTaskdServer(s string) (string, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", fmt.Errorf("taskd server %q is not HOST:PORT", s)
	}
	host, port := s[:i], s[i+1:]
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("taskd server %q: port %q is not a number from 1 to 65535", s, port)
	}
	if host == "" || strings.ContainsFunc(host, isSpaceOrControl) {
		return "", fmt.Errorf("taskd server %q: the host is empty or contains whitespace", s)
	}
	if why := taskrcProblem(host); why != "" {
		return "", fmt.Errorf("taskd server %q: %s", s, why)
	}
	return host + ":" + port, nil
}
