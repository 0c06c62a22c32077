package pki

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/taskgate/taskgate/store"
)

// Adopted reports what Adopt took from a PKI directory into the store.
type Adopted struct {
	// CA is set when the directory's CA became taskgate's CA.
	CA bool
	// OtherCA is set when the store had a CA already and the directory held a different one,
	// which is now trusted for client certificates, so devices it signed keep working.
	OtherCA bool
	// KeptServer is set when a kept taskd server certificate was stored.
	KeptServer bool
	// ClientCAs names the trusted client CA files stored.
	ClientCAs []string
}

// Any reports whether anything was taken over.
func (a Adopted) Any() bool { return a.CA || a.OtherCA || a.KeptServer || len(a.ClientCAs) > 0 }

// Adopt takes the PKI directory dir of an earlier taskgate, or the files a taskd import wrote
// there, into the store: its CA (ca.cert.pem and ca.key.pem) becomes taskgate's CA unless the
// store has one, and is otherwise trusted for client certificates; the trusted client CAs
// (client-cas/*.pem) and a kept taskd server certificate are stored unless the store has them
// already, or, with replace, whenever they differ. Nothing in dir is changed, and a missing
// dir has nothing to adopt. A CA in dir that expired is not adopted.
func (k *Keeper) Adopt(ctx context.Context, dir string, now time.Time, replace bool) (Adopted, error) {
	var a Adopted
	if dir == "" {
		return a, nil
	}
	var err error
	if a.CA, a.OtherCA, err = k.adoptCA(ctx, dir, now); err != nil {
		return a, err
	}
	if a.KeptServer, err = k.adoptKeptServer(ctx, dir, replace); err != nil {
		return a, err
	}
	a.ClientCAs, err = k.adoptClientCAs(ctx, dir, replace)
	return a, err
}

// adoptCA stores the CA of dir as taskgate's CA or, when the store has another, as a trusted
// client CA.
func (k *Keeper) adoptCA(ctx context.Context, dir string, now time.Time) (ca, other bool, err error) {
	certFile, keyFile := filepath.Join(dir, CACertFile), filepath.Join(dir, CAKeyFile)
	haveCert, err := fileExists(certFile)
	if err != nil || !haveCert {
		return false, false, err
	}
	old, err := LoadCA(certFile, keyFile)
	if err != nil {
		return false, false, fmt.Errorf("taking over the CA of %s: %w", dir, err)
	}
	if !now.Before(old.cert.NotAfter) {
		return false, false, nil
	}
	err = k.create(ctx, StoredCA, old.cert, old.key)
	if err == nil {
		return true, false, nil
	}
	if !errors.Is(err, store.ErrConflict) {
		return false, false, fmt.Errorf("taking over the CA of %s: %w", dir, err)
	}
	stored, err := k.st.PKICertGet(ctx, StoredCA)
	if err != nil {
		return false, false, fmt.Errorf("reading taskgate's CA: %w", err)
	}
	if bytes.Equal(bytes.TrimSpace(stored.CertPEM), bytes.TrimSpace(old.CertPEM())) {
		return false, false, nil
	}
	name := StoredClientCAPrefix + "taken-over-" + old.cert.SerialNumber.Text(16)
	added, err := k.putCert(ctx, store.PKICert{Name: name, CertPEM: old.CertPEM()}, false)
	return false, added, err
}

// adoptKeptServer stores the kept taskd server certificate of dir.
func (k *Keeper) adoptKeptServer(ctx context.Context, dir string, replace bool) (bool, error) {
	pair, ok, err := KeptServerCert(dir)
	if err != nil || !ok {
		return false, err
	}
	c, err := k.seal(StoredKeptServer, pair.Certificate, pair.PrivateKey.(crypto.Signer))
	if err != nil {
		return false, err
	}
	return k.putCert(ctx, c, replace)
}

// adoptClientCAs stores every trusted client CA file of dir.
func (k *Keeper) adoptClientCAs(ctx context.Context, dir string, replace bool) ([]string, error) {
	files, err := clientCAFiles(dir)
	if err != nil {
		return nil, err
	}
	var stored []string
	for _, f := range files {
		certs, err := LoadCertificates(f)
		if err != nil {
			return stored, err
		}
		var pemData []byte
		for _, c := range certs {
			pemData = append(pemData, encodeCert(c)...)
		}
		added, err := k.putCert(ctx, store.PKICert{Name: StoredClientCAPrefix + filepath.Base(f), CertPEM: pemData}, replace)
		if err != nil {
			return stored, err
		}
		if added {
			stored = append(stored, filepath.Base(f))
		}
	}
	return stored, nil
}

// putCert stores c unless the store has a certificate of that name; with replace, it replaces
// one whose certificates differ. added reports whether c was stored.
func (k *Keeper) putCert(ctx context.Context, c store.PKICert, replace bool) (added bool, err error) {
	old, err := k.st.PKICertGet(ctx, c.Name)
	switch {
	case err == nil && (!replace || bytes.Equal(old.CertPEM, c.CertPEM)):
		return false, nil
	case err == nil:
		err = k.st.PKICertPut(ctx, c)
	case errors.Is(err, store.ErrNotFound):
		err = k.st.PKICertCreate(ctx, c)
		if errors.Is(err, store.ErrConflict) {
			return false, nil
		}
	}
	if err != nil {
		return false, fmt.Errorf("storing %q: %w", c.Name, err)
	}
	return true, nil
}
