package backup

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/sqlite"
)

// archiveMode is the archive's mode: it may hold the master key and the CA's private key.
const archiveMode = 0o600

// Options says what Create backs up and where to.
type Options struct {
	// DataDir is the embedded store's data directory.
	DataDir string
	// PKIDir is taskgate's PKI directory; empty means DataDir/pki.
	PKIDir string
	// MasterKey is where the server reads its master key from (gateway.Config.MasterKeySource).
	MasterKey keys.Source
	// Out is the archive to write. It must not exist, unless Force allows replacing it.
	Out   string
	Force bool
	// Version is taskgate's version, recorded in the manifest.
	Version string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Report says what an archive holds.
type Report struct {
	// Archive is the archive's path and Size its size in bytes.
	Archive string
	Size    int64
	// Manifest is the archive's manifest.
	Manifest Manifest
	// Written lists the files Restore wrote, in order.
	Written []string
}

// Create writes a backup of the store in opts.DataDir to opts.Out while the server may be
// running: the database is one consistent snapshot of the last commit.
func Create(ctx context.Context, opts Options) (Report, error) {
	if err := checkOut(opts.Out, opts.Force); err != nil {
		return Report{}, err
	}
	staging, err := os.MkdirTemp(filepath.Dir(opts.Out), ".taskgate-backup-*")
	if err != nil {
		return Report{}, fmt.Errorf("creating a working directory beside %s: %w", opts.Out, err)
	}
	defer func() { _ = os.RemoveAll(staging) }()
	db := filepath.Join(staging, DatabaseName)
	if err := sqlite.Copy(ctx, opts.DataDir, db); err != nil {
		return Report{}, fmt.Errorf("copying the database: %w", err)
	}
	if err := os.Chmod(db, 0o600); err != nil {
		return Report{}, fmt.Errorf("copying the database: %w", err)
	}
	m, srcs, err := opts.manifest(ctx, db)
	if err != nil {
		return Report{}, err
	}
	size, err := publish(opts.Out, archiveMode, opts.Force, func(w io.Writer) error { return writeArchive(w, m, srcs) })
	if err != nil {
		return Report{}, err
	}
	return Report{Archive: opts.Out, Size: size, Manifest: m}, nil
}

// manifest describes the copied database db and the other files to archive, which it returns
// in archive order.
func (opts Options) manifest(ctx context.Context, db string) (Manifest, []source, error) {
	info, err := sqlite.Inspect(ctx, db)
	if err != nil {
		return Manifest{}, nil, fmt.Errorf("checking the copy of the database: %w", err)
	}
	m := Manifest{Format: Format, Created: opts.now().UTC().Truncate(time.Second), Version: opts.Version,
		SchemaVersion: info.SchemaVersion, Accounts: info.Accounts}
	srcs, err := opts.sources(db, &m)
	if err != nil {
		return Manifest{}, nil, err
	}
	for _, src := range srcs {
		f, err := describe(src)
		if err != nil {
			return Manifest{}, nil, err
		}
		m.Files = append(m.Files, f)
	}
	return m, srcs, nil
}

// sources lists the files to archive: the database copy db, the master key when the data
// directory holds it (noted in m), and the PKI directory's files.
func (opts Options) sources(db string, m *Manifest) ([]source, error) {
	srcs := []source{{name: DatabaseName, path: db}}
	key, where, err := keySource(opts.DataDir, opts.MasterKey)
	if err != nil {
		return nil, err
	}
	m.MasterKey = where
	if key != nil {
		srcs = append(srcs, *key)
	}
	pki, err := pkiSources(pkiDir(opts.DataDir, opts.PKIDir))
	return append(srcs, pki...), err
}

func (opts Options) now() time.Time {
	if opts.Now != nil {
		return opts.Now()
	}
	return time.Now()
}

// pkiDir is the PKI directory: dir, or by default DataDir/pki as the server has it.
func pkiDir(dataDir, dir string) string {
	if dir != "" {
		return dir
	}
	return filepath.Join(dataDir, PKIDirName)
}
