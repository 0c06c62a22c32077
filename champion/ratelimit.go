package champion

import (
	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/ratelimit"
)

// protocolName labels this protocol's refusals in metrics.
const protocolName = "taskchampion"

// rateLimit refuses a request over a rate limit before any work is done for it: the source
// address's requests, its failed authentications, and the requests of the account the client id
// names (a client id is how this protocol names an account).
func (s *Server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.limit == nil {
			return next(c)
		}
		addr := ratelimit.ParseAddr(c.RealIP())
		if err := s.limit.Address(addr); err != nil {
			return err
		}
		id := c.Request().Header.Get(HeaderClientID)
		if id == "" {
			return next(c)
		}
		if err := s.limit.AuthAllowed(addr); err != nil {
			return err
		}
		if err := s.limit.Account("champion:" + id); err != nil {
			return err
		}
		return next(c)
	}
}

// authFailed records a client id that names no account this server serves to the client, and
// waits the growing delay of its answer.
func (s *Server) authFailed(c echo.Context) {
	s.limit.AuthFailed(c.Request().Context(), ratelimit.ParseAddr(c.RealIP()))
}

// unknownClient records a client id that names no account as a failed authentication when
// accounts are not created on first sync: then a client id is a credential, and this one is
// wrong. (With auto-creation, a new client's first request is always for an unknown id.)
func (s *Server) unknownClient(c echo.Context) {
	if !s.cfg.CreateClients {
		s.authFailed(c)
	}
}

// refused counts a request refused by limit.
func (s *Server) refused(limit string) {
	if s.obs != nil {
		s.obs.ObserveRefusal(protocolName, limit)
	}
}
