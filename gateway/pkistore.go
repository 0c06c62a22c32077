package gateway

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
)

// OpenPKI returns the keeper of the PKI in the store, after taking over what the PKI directory
// (cfg.PKIDir) holds that the store does not: the CA of an earlier taskgate, the files of a
// taskd import. log hears what was taken over.
func OpenPKI(ctx context.Context, cfg Config, st pki.Store, key keys.MasterKey, log *zap.Logger) (*pki.Keeper, error) {
	keeper := pki.NewKeeper(st, key)
	if !key.Valid() {
		return keeper, nil
	}
	adopted, err := keeper.Adopt(ctx, cfg.PKIDir(), time.Now(), false)
	if err != nil {
		return nil, fmt.Errorf("taking over the PKI directory %s: %w", cfg.PKIDir(), err)
	}
	logAdopted(log, cfg.PKIDir(), adopted)
	return keeper, nil
}

// logAdopted says what was taken over from dir, if anything.
func logAdopted(log *zap.Logger, dir string, a pki.Adopted) {
	if !a.Any() {
		return
	}
	log.Info("took the PKI directory's certificates into the store; every process on the store now serves them",
		zap.String("dir", dir), zap.Bool("ca", a.CA), zap.Bool("other_ca_trusted", a.OtherCA),
		zap.Bool("kept_server_cert", a.KeptServer), zap.Strings("client_cas", a.ClientCAs))
}

// pkiKeeper returns the server's keeper of the PKI in the store, opening it (OpenPKI) on first
// use; the taskd listener and the admin API share it.
func (s *Server) pkiKeeper(ctx context.Context) (*pki.Keeper, error) {
	if s.pki == nil {
		keeper, err := OpenPKI(ctx, s.cfg, s.store, s.key, s.log)
		if err != nil {
			return nil, err
		}
		s.pki = keeper
	}
	return s.pki, nil
}
