package taskdimport

import (
	"path/filepath"

	"github.com/taskgate/taskgate/gateway/pki"
)

// Settings of the taskd config that name certificate files.
const (
	settingCA         = "ca.cert"
	settingServerCert = "server.cert"
	settingServerKey  = "server.key"
	settingRoot       = "root"
)

// File modes of the copies.
const (
	certMode = 0o644
	keyMode  = 0o600
)

// copyPKI copies the taskd CA into the client CAs of the PKI directory and, with
// KeepServerCert, the server certificate and key. Each file is checked before it is copied.
func (im *Importer) copyPKI(root *Root) ([]FileReport, []Problem) {
	if im.opts.PKIDir == "" {
		return nil, nil
	}
	var files []FileReport
	var problems []Problem
	if f, p, ok := im.copyCA(root); ok {
		files = append(files, f)
	} else {
		problems = append(problems, p)
	}
	if !im.opts.KeepServerCert {
		return files, problems
	}
	fs, p, ok := im.copyServerCert(root)
	if !ok {
		return files, append(problems, p)
	}
	return append(files, fs...), problems
}

// copyCA copies the ca.cert of the config. A different CA already in its place is left alone.
func (im *Importer) copyCA(root *Root) (FileReport, Problem, bool) {
	from, p, ok := root.certPath(settingCA, "Taskwarrior 2.x client certificates are not accepted until their CA is "+
		"trusted (--taskd-client-ca)")
	if !ok {
		return FileReport{}, p, false
	}
	if _, err := pki.LoadCertificates(from); err != nil {
		return FileReport{}, problemf(from, 0, "taskd CA not copied: %v", err), false
	}
	to := pki.ClientCAPath(im.opts.PKIDir)
	action, err := im.copyFile(from, to, certMode, false)
	if err != nil {
		return FileReport{}, problemf(to, 0, "taskd CA not copied: %v", err), false
	}
	return FileReport{From: from, To: to, Action: action}, Problem{}, true
}

// copyServerCert copies the server.cert and server.key of the config, replacing earlier copies.
func (im *Importer) copyServerCert(root *Root) ([]FileReport, Problem, bool) {
	const consequence = "taskgate serves a certificate from its own CA instead"
	certFrom, p, ok := root.certPath(settingServerCert, consequence)
	if !ok {
		return nil, p, false
	}
	keyFrom, p, ok := root.certPath(settingServerKey, consequence)
	if !ok {
		return nil, p, false
	}
	if _, err := pki.LoadKeyPair(certFrom, keyFrom); err != nil {
		return nil, problemf(certFrom, 0, "server certificate not kept: %v", err), false
	}
	var files []FileReport
	pairs := []struct {
		from, to string
		mode     int
	}{
		{keyFrom, filepath.Join(im.opts.PKIDir, pki.KeptServerKeyFile), keyMode},
		{certFrom, filepath.Join(im.opts.PKIDir, pki.KeptServerCertFile), certMode},
	}
	for _, f := range pairs {
		action, err := im.copyFile(f.from, f.to, f.mode, true)
		if err != nil {
			return nil, problemf(f.to, 0, "server certificate not kept: %v", err), false
		}
		files = append(files, FileReport{From: f.from, To: f.to, Action: action})
	}
	return files, Problem{}, true
}

// certPath resolves the file a config setting names. A path that does not exist as written is
// looked for under the root: absolute paths with the config's recorded root= prefix rewritten to
// the root being imported (a copied installation), relative ones relative to it.
func (r *Root) certPath(setting, consequence string) (string, Problem, bool) {
	cfgFile := filepath.Join(r.Dir, configFile)
	value := r.Config[setting]
	if value == "" {
		return "", problemf(cfgFile, 0, "no %s setting: %s", setting, consequence), false
	}
	for _, p := range r.candidates(value) {
		if ok, _ := exists(p); ok {
			return p, Problem{}, true
		}
	}
	return "", problemf(cfgFile, 0, "%s=%s: no such file here or under %s: %s", setting, value, r.Dir, consequence), false
}

// candidates lists where the file named value may be, in order.
func (r *Root) candidates(value string) []string {
	if !filepath.IsAbs(value) {
		return []string{filepath.Join(r.Dir, value)}
	}
	out := []string{value}
	if recorded := r.Config[settingRoot]; recorded != "" {
		if rel, err := filepath.Rel(recorded, value); err == nil && filepath.IsLocal(rel) {
			out = append(out, filepath.Join(r.Dir, rel))
		}
	}
	return out
}
