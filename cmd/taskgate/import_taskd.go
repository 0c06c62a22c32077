package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/keys"
)

// importTaskdFlags are the options of taskgate import taskd besides the shared ones.
type importTaskdFlags struct {
	root       string
	dryRun     bool
	asJSON     bool
	keepServer bool
	udas       map[string]convert.Type
}

const importTaskdHelp = `Usage: taskgate import taskd --root DIR [options]

Import a whole taskd (Taskserver) installation, leaving every Taskwarrior 2.x client as it is.
Stop taskd first and run the import before taskgate serve takes over its address.

Each user of orgs/<org>/users/<key> becomes a plaintext account named <org>/<user> (whitespace
becomes _; -2, -3... when the name is taken) with the same taskd org, user and key, a new
TaskChampion client id and encryption secret, and the final state of every task of its tx.data.
The newest sync key of tx.data becomes the id of the account's last version: a 2.x client that
synced last is up to date, one with an older key receives every task once. Suspended users and
organizations stay suspended; redirects are kept. Damaged lines are reported with file and line
and skipped. A user whose taskd key already belongs to an account is skipped, so running the
import again is safe (and completes an account an interrupted run left empty).

The taskd CA (ca.cert of its config) is copied to PKI-DIR/client-cas/taskd-ca.cert.pem, which
serve trusts for client certificates, so the certificates on 2.x devices keep working; with
--keep-server-cert its server certificate and key are copied to PKI-DIR/taskd-server.cert.pem and
taskd-server.key.pem. Both are also stored in the database (replacing what an earlier import
stored), from which every serve on the store takes them at its next start; serve presents the
kept certificate unless --taskd-server-cert is given. Config paths that do not exist are looked for under
--root (the config's root= prefix replaced by DIR).

Exit status 1 when an account failed; the report says why.`

// importTaskdOptions are the options of import taskd.
func importTaskdOptions(a *accountSetup, f *importTaskdFlags) *optionSet {
	opts := a.options(
		option{flag: "root", arg: "DIR", usage: "the taskd root to import: the directory holding config and orgs/ " +
			"(taskd's --data or $TASKDDATA, /var/lib/taskd on Debian)", set: setString(&f.root)},
		option{flag: "dry-run", usage: "read and check everything and report what would happen, writing nothing " +
			"(no accounts, no certificate copies, no new database or master key)", set: setBool(&f.dryRun)},
		option{flag: "keep-server-cert", usage: "also copy taskd's server certificate and key, so serve keeps presenting " +
			"the certificate 2.x devices already trust", set: setBool(&f.keepServer)},
		option{flag: "uda", arg: "NAME=TYPE", list: true,
			usage: "declare a UDA's type for every imported account, as uda.NAME.type says on the 2.x devices " +
				"(string, numeric, date, duration; repeatable, comma-separated); values of undeclared UDAs are kept " +
				"as written, and taskgate account uda declares types later",
			set: setUDAType(f.udas)},
		jsonOption(&f.asJSON),
		serveOption(&a.cfg, "pki-dir"),
	)
	return newOptionSet("import taskd", importTaskdHelp, opts...)
}

func runImportTaskd(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withKey: true}
	f := importTaskdFlags{udas: map[string]convert.Type{}}
	if err := a.parse(env, importTaskdOptions(a, &f), args, nil, f.check, a.localOnly); err != nil {
		return err
	}
	st, master, done, err := openImportTarget(ctx, env, a, f.dryRun)
	if err != nil {
		return err
	}
	defer done()
	im := taskdimport.New(st, master, taskdimport.Options{Root: f.root, PKIDir: a.cfg.PKIDir(),
		KeepServerCert: f.keepServer, DryRun: f.dryRun, PublicURL: a.publicURL, UDATypes: f.udas})
	rep, err := im.Run(ctx)
	if err != nil && rep.Root == "" {
		return err
	}
	if !f.dryRun && master.Valid() {
		if err := storeImportedPKI(ctx, env, a.cfg, st, master); err != nil {
			return err
		}
	}
	if perr := printImport(env, rep, f.asJSON); perr != nil {
		return perr
	}
	if err == nil && rep.Failed() {
		err = errors.New("some accounts failed to import; the report above says why")
	}
	return err
}

// check requires --root to name a taskd root.
func (f *importTaskdFlags) check() error {
	if f.root == "" {
		return errors.New("--root is required: the taskd root directory to import")
	}
	return taskdimport.CheckRoot(f.root)
}

// openImportTarget opens the store, creating an embedded one that does not exist yet, and loads
// the master key. A dry run loads no key and, with no embedded database yet, opens none (it has
// no accounts), so that it creates nothing.
func openImportTarget(ctx context.Context, env *environment, a *accountSetup, dryRun bool) (gateway.AdminStore, keys.MasterKey, func(), error) {
	cfg, none := a.cfg, func() {}
	if dryRun {
		cfg.Migrate = false
		if db := cfg.EmbeddedDatabase(); db != "" && !fileExists(db) {
			return nil, keys.MasterKey{}, none, nil
		}
	}
	announce, err := prepareStore(env, cfg, a.set, true)
	if err != nil {
		return nil, keys.MasterKey{}, none, err
	}
	st, err := gateway.OpenAdminStore(ctx, cfg, cliLogger(env.stderr))
	if err != nil {
		return nil, keys.MasterKey{}, none, err
	}
	announce()
	done := func() { _ = st.Close() }
	if dryRun {
		return st, keys.MasterKey{}, done, nil
	}
	key, generated, err := gateway.LoadMasterKey(ctx, cfg, st)
	if err != nil {
		done()
		return nil, keys.MasterKey{}, none, err
	}
	if generated != "" {
		fmt.Fprintf(env.stderr, "Generated a new master key in %s: back it up with the database; "+
			"plaintext accounts cannot be read without it.\n", generated)
	}
	return st, key, done, nil
}

// storeImportedPKI takes the certificates the import copied into the PKI directory (the taskd
// CA and, with --keep-server-cert, its server certificate) into the store, replacing earlier
// ones, so that every taskgate serve on the store trusts and serves them from its next start.
func storeImportedPKI(ctx context.Context, env *environment, cfg gateway.Config, st gateway.AdminStore, master keys.MasterKey) error {
	adopted, err := pki.NewKeeper(st, master).Adopt(ctx, cfg.PKIDir(), time.Now(), true)
	if err != nil {
		return fmt.Errorf("storing the imported certificates: %w", err)
	}
	if !adopted.KeptServer && len(adopted.ClientCAs) == 0 {
		return nil
	}
	fmt.Fprintln(env.stderr, "The taskd certificates are in the store: restart every taskgate serve on it to trust and serve them.")
	return nil
}
