package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// credential is one taskd account as Taskwarrior's taskd.credentials names it: ORG/USER/KEY.
type credential struct {
	org, user, key string
}

func (c credential) String() string { return c.org + "/" + c.user }

// parseCredential parses ORG/USER/KEY. Org and key must be non-empty; taskd skips the user-name
// check for an empty user, so that is accepted.
func parseCredential(s string) (credential, error) {
	parts := strings.Split(strings.TrimSpace(s), "/")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return credential{}, fmt.Errorf("credentials %q: want ORG/USER/KEY", s)
	}
	return credential{org: parts[0], user: parts[1], key: parts[2]}, nil
}

// parseCredentialList parses a comma-separated list of ORG/USER/KEY.
func parseCredentialList(list string) ([]credential, error) {
	var out []credential
	for _, s := range strings.Split(list, ",") {
		c, err := parseCredential(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// readCredentials reads one ORG/USER/KEY per line; blank lines and lines starting with '#' are
// skipped.
func readCredentials(r io.Reader) ([]credential, error) {
	var out []credential
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := parseCredential(line)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading credentials: %w", err)
	}
	return out, nil
}

// loadCredentials returns the accounts named by --credentials or else read from --credentials-file.
func loadCredentials(list, file string) ([]credential, error) {
	switch {
	case list != "" && file != "":
		return nil, fmt.Errorf("give --credentials or --credentials-file, not both")
	case list != "":
		return parseCredentialList(list)
	case file == "":
		return nil, fmt.Errorf("--credentials or --credentials-file is required")
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("--credentials-file: %w", err)
	}
	defer func() { _ = f.Close() }()
	creds, err := readCredentials(f)
	if err != nil {
		return nil, fmt.Errorf("--credentials-file %s: %w", file, err)
	}
	if len(creds) == 0 {
		return nil, fmt.Errorf("--credentials-file %s: no credentials", file)
	}
	return creds, nil
}
