package main

import (
	"fmt"
	"os"
	"strings"
)

// secretFileOption returns the *_FILE variant of a secret option: --db-file FILE,
// TASKGATE_DB_FILE, db-file: in the configuration file. It reads the file when it is applied and
// sets the secret to its content without the trailing line break, so that the secret stays out
// of command lines, environments and the configuration file. One source must not set both.
func secretFileOption(secret option) option {
	var envs []string
	for _, e := range secret.envs {
		if strings.HasPrefix(e, "TASKGATE_") {
			envs = append(envs, e+"_FILE")
		}
	}
	return option{flag: secret.flag + "-file", envs: envs, arg: "FILE", excludes: secret.flag,
		usage: "file holding the value of --" + secret.flag + " (a trailing line break is ignored), e.g. a mounted secret",
		set:   readSecretInto(secret.set)}
}

// readSecretInto returns a setter that reads the named file and passes its content to set.
func readSecretInto(set func(string) error) func(string) error {
	return func(path string) error {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("reading the secret: %w", err)
		}
		v := strings.TrimRight(string(b), "\r\n")
		if v == "" {
			return fmt.Errorf("%s is empty", path)
		}
		return set(v)
	}
}
