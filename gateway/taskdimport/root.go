package taskdimport

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Root is a taskd root as Open found it: its server config and the tree of organizations and
// users. Users' tx.data files are not read until ReadLog is called for them.
type Root struct {
	// Dir is the root directory.
	Dir string
	// Config is the server configuration (<root>/config); empty when there is none.
	Config Config
	// Orgs are the organizations in byte order of their names.
	Orgs []Org
}

// Org is one taskd organization.
type Org struct {
	Name string
	// Suspended is set by the org's suspended marker: taskd answered 431 to all its users.
	Suspended bool
	// Redirect is the host:port of the org's redirect file (taskd answered 301), or "".
	Redirect string
	// Users are the org's users in byte order of their keys.
	Users []User
}

// User is one taskd user: a directory orgs/<org>/users/<key>.
type User struct {
	Org string
	// Key is the directory name: the user's taskd key.
	Key string
	// Name is the user= value of the user's config.
	Name string
	// Suspended is set by the user's suspended marker.
	Suspended bool
	// Dir is the user's directory.
	Dir string
	// Broken, when not empty, says why the user cannot be imported (an unreadable directory, a
	// missing name, a key that is not a UUID).
	Broken string
}

// TxData returns the path of the user's transaction log.
func (u User) TxData() string { return filepath.Join(u.Dir, txDataFile) }

// CheckRoot reports whether dir looks like a taskd root (it has a readable orgs directory), so
// that a wrong --root is refused before anything is opened or created.
func CheckRoot(dir string) error {
	if _, err := subdirs(filepath.Join(dir, orgsDir)); err != nil {
		return fmt.Errorf("%s is not a taskd root: %w", dir, err)
	}
	return nil
}

// Open reads the server config and walks orgs/ of the taskd root dir. Unusable entries are
// reported as problems (and, for users, kept with Broken set); an error means the root itself
// cannot be read.
func Open(dir string) (*Root, []Problem, error) {
	r := &Root{Dir: dir, Config: Config{}}
	var problems []Problem
	cfg, ps, err := ReadConfig(filepath.Join(dir, configFile))
	switch {
	case err == nil:
		r.Config = cfg
	case errors.Is(err, fs.ErrNotExist):
		ps = append(ps, problemf(filepath.Join(dir, configFile), 0, "no server config: certificates cannot be located"))
	default:
		return nil, nil, fmt.Errorf("reading the taskd config: %w", err)
	}
	problems = append(problems, ps...)
	names, err := subdirs(filepath.Join(dir, orgsDir))
	if err != nil {
		return nil, problems, fmt.Errorf("%s is not a taskd root: %w", dir, err)
	}
	for _, name := range names {
		org, ps := readOrg(filepath.Join(dir, orgsDir, name), name)
		problems = append(problems, ps...)
		if org != nil {
			r.Orgs = append(r.Orgs, *org)
		}
	}
	return r, problems, nil
}

// subdirs returns the names of the entries of dir in byte order, hidden ones left out.
func subdirs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// readOrg reads one organization directory; nil when it cannot be used at all.
func readOrg(dir, name string) (*Org, []Problem) {
	if err := requireDir(dir); err != nil {
		return nil, []Problem{problemf(dir, 0, "organization skipped: %v", err)}
	}
	org := &Org{Name: name}
	var problems []Problem
	suspended, err := exists(filepath.Join(dir, suspendedFile))
	if err != nil {
		problems = append(problems, problemf(filepath.Join(dir, suspendedFile), 0, "%v", err))
	}
	org.Suspended = suspended
	redirect, err := readRedirect(filepath.Join(dir, redirectFile))
	if err != nil {
		problems = append(problems, problemf(filepath.Join(dir, redirectFile), 0, "redirect ignored: %v", err))
	}
	org.Redirect = redirect
	users, ps := readUsers(filepath.Join(dir, usersDir), name)
	org.Users = users
	return org, append(problems, ps...)
}

// readRedirect returns the trimmed content of an org's redirect file, "" when there is none.
func readRedirect(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

// requireDir fails unless path is a readable directory.
func requireDir(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New("not a directory")
	}
	return nil
}

// exists reports whether path exists.
func exists(path string) (bool, error) {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, err
	}
}
