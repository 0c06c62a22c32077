package taskdimport

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/google/uuid"
)

// readUsers reads the users/ directory of an organization.
func readUsers(dir, org string) ([]User, []Problem) {
	keys, err := subdirs(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, []Problem{problemf(dir, 0, "users of organization %q skipped: %v", org, err)}
	}
	var users []User
	var problems []Problem
	for _, key := range keys {
		u, ps := readUser(filepath.Join(dir, key), org, key)
		users = append(users, u)
		problems = append(problems, ps...)
	}
	return users, problems
}

// readUser reads one user directory. A user that cannot be imported comes back with Broken set
// and a problem naming the file at fault.
func readUser(dir, org, key string) (User, []Problem) {
	u := User{Org: org, Key: key, Dir: dir}
	broken := func(file, format string, args ...any) (User, []Problem) {
		u.Broken = fmt.Sprintf(format, args...)
		return u, []Problem{problemf(file, 0, "user skipped: %s", u.Broken)}
	}
	if !isKey(key) {
		return broken(dir, "the directory name is not a taskd key (a lower-case UUID)")
	}
	if err := requireDir(dir); err != nil {
		return broken(dir, "user directory unreadable: %v", err)
	}
	cfgPath := filepath.Join(dir, configFile)
	cfg, problems, err := ReadConfig(cfgPath)
	if err != nil {
		return broken(cfgPath, "user config unreadable: %v", err)
	}
	if u.Name = cfg[userNameKey]; u.Name == "" {
		u.Broken = "the user config has no user= line"
		return u, append(problems, problemf(cfgPath, 0, "user skipped: %s", u.Broken))
	}
	suspended, err := exists(filepath.Join(dir, suspendedFile))
	if err != nil {
		return broken(filepath.Join(dir, suspendedFile), "suspended marker unreadable: %v", err)
	}
	u.Suspended = suspended
	return u, problems
}

// isKey reports whether s is a taskd key: a UUID in the 36-character form taskd writes.
func isKey(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}
