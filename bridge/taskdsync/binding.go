package taskdsync

import (
	"context"
	"crypto/x509"
	"errors"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/taskd"
)

// Refusals a CertBinding returns; Authenticate answers both with 430.
var (
	// ErrCertRevoked means the client certificate was revoked (or its account deleted).
	ErrCertRevoked = errors.New("the device certificate was revoked")
	// ErrCertOtherAccount means the client certificate was issued for another account.
	ErrCertOtherAccount = errors.New("the device certificate belongs to another account")
)

// CertBinding decides whether a client certificate may authenticate as an account: certificates
// taskgate issued are bound to their account and can be revoked; others (an imported taskd CA's)
// authenticate any account, as on taskd.
type CertBinding interface {
	// Check returns nil when cert may log in to accountID, ErrCertRevoked or
	// ErrCertOtherAccount (possibly wrapped) when it may not, or another error when it could
	// not tell.
	Check(ctx context.Context, cert *x509.Certificate, accountID int64) error
}

// AuthFailures is told of every authentication the service answers with 430.
type AuthFailures interface {
	// AuthFailed records one failed authentication of peer with credentials c (whose key must
	// not be recorded), refused with err. It must not block for long.
	AuthFailed(ctx context.Context, peer taskd.Peer, c taskd.Credentials, err error)
}

// SetCertBinding makes every authentication check the client certificate with b.
func (s *Service) SetCertBinding(b CertBinding) { s.binding = b }

// SetAuthFailures makes every failed authentication reported to f.
func (s *Service) SetAuthFailures(f AuthFailures) { s.failures = f }

// Texts of the 430 answers to a refused certificate.
const (
	textCertRevoked      = "Access denied: this device's certificate was revoked"
	textCertOtherAccount = "Access denied: this device's certificate was issued for another account"
)

// checkCert applies the certificate binding, when there is one, to an account found by its
// credentials.
func (s *Service) checkCert(ctx context.Context, accountID int64, c taskd.Credentials) error {
	peer, ok := taskd.PeerFrom(ctx)
	if s.binding == nil || !ok || peer.Certificate == nil {
		return nil
	}
	err := s.binding.Check(ctx, peer.Certificate, accountID)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrCertRevoked):
		s.log.Warn("revoked device certificate refused", zap.String("remote", peer.Host()),
			zap.String("org", c.Org), zap.String("user", c.User), zap.Int64("account", accountID), zap.Error(err))
		return taskd.NewStatusError(taskd.StatusAccessDenied, textCertRevoked, err)
	case errors.Is(err, ErrCertOtherAccount):
		s.log.Warn("device certificate of another account refused", zap.String("remote", peer.Host()),
			zap.String("org", c.Org), zap.String("user", c.User), zap.Int64("account", accountID), zap.Error(err))
		return taskd.NewStatusError(taskd.StatusAccessDenied, textCertOtherAccount, err)
	}
	return err
}

// reportFailure tells the AuthFailures, when there is one, of a 430.
func (s *Service) reportFailure(ctx context.Context, c taskd.Credentials, err error) {
	var se *taskd.StatusError
	if s.failures == nil || !errors.As(err, &se) || se.Code != taskd.StatusAccessDenied {
		return
	}
	peer, _ := taskd.PeerFrom(ctx)
	s.failures.AuthFailed(ctx, peer, c, err)
}
