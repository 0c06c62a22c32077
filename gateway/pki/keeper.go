package pki

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// Names under which the store keeps taskgate's certificates.
const (
	// StoredCA is taskgate's CA, which signs the server and device certificates.
	StoredCA = "ca"
	// StoredKeptServer is a taskd server certificate kept by an import (--keep-server-cert).
	StoredKeptServer = "kept-server"
	// StoredServerPrefix starts the name of a server certificate, followed by its host names.
	StoredServerPrefix = "server:"
	// StoredClientCAPrefix starts the name of an extra CA whose client certificates are trusted,
	// such as an imported taskd CA; it is kept without a key.
	StoredClientCAPrefix = "client-ca:"
)

// sealScope is the master key scope of a stored private key, followed by the certificate's name.
const sealScope = "pki-key/"

// ErrNoMasterKey is returned when the PKI is needed but no master key can open its keys.
var ErrNoMasterKey = errors.New("taskgate's CA and taskd server certificate are kept in the store with their keys " +
	"sealed under the master key, and no master key is configured (--master-key-file or TASKGATE_MASTER_KEY)")

// Store is the slice of the store that keeps the certificates; both engines implement it.
type Store interface {
	// PKICertGet returns the certificate called name, or store.ErrNotFound.
	PKICertGet(ctx context.Context, name string) (store.PKICert, error)
	// PKICertList returns every certificate ordered by name.
	PKICertList(ctx context.Context) ([]store.PKICert, error)
	// PKICertCreate stores a new certificate; an existing name is store.ErrConflict.
	PKICertCreate(ctx context.Context, c store.PKICert) error
	// PKICertPut stores a certificate, replacing one of the same name.
	PKICertPut(ctx context.Context, c store.PKICert) error
}

// Keeper keeps taskgate's PKI in the store, private keys sealed under the master key, so that
// every process on one database serves the same CA and server certificate and any of them, or
// an admin command, issues device certificates every process accepts. It is safe for concurrent
// use, within one process and across processes.
type Keeper struct {
	st     Store
	master keys.MasterKey
}

// NewKeeper returns a Keeper over st; master seals and opens the private keys.
func NewKeeper(st Store, master keys.MasterKey) *Keeper {
	return &Keeper{st: st, master: master}
}

// CA returns taskgate's CA, creating it in the store when there is none (created reports that).
// Of several processes creating it at once, one wins and the others load its CA.
func (k *Keeper) CA(ctx context.Context, now time.Time) (ca *CA, created bool, err error) {
	if !k.master.Valid() {
		return nil, false, ErrNoMasterKey
	}
	for {
		c, err := k.st.PKICertGet(ctx, StoredCA)
		if err == nil {
			ca, err := k.openCA(c, now)
			return ca, false, err
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, false, fmt.Errorf("reading taskgate's CA: %w", err)
		}
		ca, err := newCA(now)
		if err != nil {
			return nil, false, err
		}
		err = k.create(ctx, StoredCA, ca.cert, ca.key)
		if err == nil {
			return ca, true, nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return nil, false, fmt.Errorf("storing taskgate's CA: %w", err)
		}
	}
}

// openCA opens a stored CA and refuses an expired one.
func (k *Keeper) openCA(c store.PKICert, now time.Time) (*CA, error) {
	pair, err := k.open(c)
	if err != nil {
		return nil, err
	}
	if !now.Before(pair.Leaf.NotAfter) {
		return nil, fmt.Errorf("taskgate's CA in the store expired on %s", pair.Leaf.NotAfter.UTC().Format(time.DateOnly))
	}
	return &CA{cert: pair.Leaf, key: pair.PrivateKey.(crypto.Signer)}, nil
}

// ServerCert returns the server certificate for hosts (DefaultHosts when empty) from the store,
// issuing and storing a new one from ca as (*CA).ServerCert does with files: when there is none
// for exactly these hosts, it was issued by another CA, or it expires within ServerRenewBefore.
func (k *Keeper) ServerCert(ctx context.Context, ca *CA, hosts []string, now time.Time) (tls.Certificate, error) {
	if len(hosts) == 0 {
		hosts = DefaultHosts()
	}
	want, err := parseHosts(hosts)
	if err != nil {
		return tls.Certificate{}, err
	}
	return ca.serverCertIn(storeSlot{ctx: ctx, k: k, name: StoredServerPrefix + want.String()}, hosts, now)
}

// KeptServerCert returns the taskd server certificate an import kept; ok is false when there is
// none.
func (k *Keeper) KeptServerCert(ctx context.Context) (pair tls.Certificate, ok bool, err error) {
	c, err := k.st.PKICertGet(ctx, StoredKeptServer)
	if errors.Is(err, store.ErrNotFound) {
		return tls.Certificate{}, false, nil
	}
	if err != nil {
		return tls.Certificate{}, false, fmt.Errorf("reading the kept taskd server certificate: %w", err)
	}
	pair, err = k.open(c)
	return pair, err == nil, err
}

// ClientCAs returns the extra CAs whose client certificates are trusted (an imported taskd CA
// among them), in the order of their names.
func (k *Keeper) ClientCAs(ctx context.Context) ([]*x509.Certificate, error) {
	list, err := k.st.PKICertList(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the trusted client CAs: %w", err)
	}
	var certs []*x509.Certificate
	for _, c := range list {
		if !strings.HasPrefix(c.Name, StoredClientCAPrefix) {
			continue
		}
		more, err := parseCertificates(c.CertPEM)
		if err != nil {
			return nil, fmt.Errorf("trusted client CA %q in the store: %w", strings.TrimPrefix(c.Name, StoredClientCAPrefix), err)
		}
		certs = append(certs, more...)
	}
	return certs, nil
}

// create stores a new certificate with its key sealed.
func (k *Keeper) create(ctx context.Context, name string, cert *x509.Certificate, key crypto.Signer) error {
	c, err := k.seal(name, [][]byte{cert.Raw}, key)
	if err != nil {
		return err
	}
	return k.st.PKICertCreate(ctx, c)
}

// seal makes the stored form of a certificate chain and its key.
func (k *Keeper) seal(name string, chain [][]byte, key crypto.Signer) (store.PKICert, error) {
	if !k.master.Valid() {
		return store.PKICert{}, ErrNoMasterKey
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return store.PKICert{}, fmt.Errorf("encoding the private key of %q: %w", name, err)
	}
	sealed, err := k.master.Seal(sealScope+name, der)
	if err != nil {
		return store.PKICert{}, err
	}
	var certPEM []byte
	for _, raw := range chain {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: pemCertificate, Bytes: raw})...)
	}
	return store.PKICert{Name: name, CertPEM: certPEM, SealedKey: sealed}, nil
}

// open parses a stored certificate chain and opens its key, which must belong to the first
// certificate.
func (k *Keeper) open(c store.PKICert) (tls.Certificate, error) {
	if !k.master.Valid() {
		return tls.Certificate{}, ErrNoMasterKey
	}
	certs, err := parseCertificates(c.CertPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("%q in the store: %w", c.Name, err)
	}
	der, err := k.master.Open(sealScope+c.Name, c.SealedKey)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("the key of %q in the store: %w", c.Name, err)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("the key of %q in the store does not parse", c.Name)
	}
	key, err := asSigner(parsed)
	if err != nil {
		return tls.Certificate{}, err
	}
	if !publicKeyMatches(certs[0], key) {
		return tls.Certificate{}, fmt.Errorf("the key of %q in the store does not belong to its certificate", c.Name)
	}
	pair := tls.Certificate{PrivateKey: key, Leaf: certs[0]}
	for _, cert := range certs {
		pair.Certificate = append(pair.Certificate, cert.Raw)
	}
	return pair, nil
}

// storeSlot keeps a server certificate in the store under name.
type storeSlot struct {
	ctx  context.Context
	k    *Keeper
	name string
}

func (s storeSlot) load() (tls.Certificate, error) {
	c, err := s.k.st.PKICertGet(s.ctx, s.name)
	if err != nil {
		return tls.Certificate{}, err
	}
	return s.k.open(c)
}

// save replaces the stored certificate: of two processes renewing it at once, both serve a
// valid certificate of the same CA, and the later one stays.
func (s storeSlot) save(cert *x509.Certificate, key crypto.Signer) error {
	c, err := s.k.seal(s.name, [][]byte{cert.Raw}, key)
	if err != nil {
		return err
	}
	if err := s.k.st.PKICertPut(s.ctx, c); err != nil {
		return fmt.Errorf("storing the server certificate: %w", err)
	}
	return nil
}
