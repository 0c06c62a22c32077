package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
)

// accountLine is one line of an --accounts-file: a plaintext account's TaskChampion client id
// and encryption secret, the sync.server.client_id and sync.encryption_secret that taskgate
// account add prints.
type accountLine struct {
	ClientID         string `json:"client_id"`
	EncryptionSecret string `json:"encryption_secret"`
}

// championAccount is an account as the champion load uses it: its client id and, for a plaintext
// account, the envelope key derived from its secret (zero for an encrypted account).
type championAccount struct {
	id  uuid.UUID
	key codec.Key
}

// secretAccount is a plaintext account as read, before its key is derived.
type secretAccount struct {
	id     uuid.UUID
	secret string
}

// maxAccountLine bounds one line of an --accounts-file.
const maxAccountLine = 64 << 10

// readAccounts reads one JSON object {"client_id": "…", "encryption_secret": "…"} per line
// (JSON lines); blank lines and lines starting with '#' are skipped. Unknown members, a client id
// that is not a UUID, an empty secret and a client id given twice are refused.
func readAccounts(r io.Reader) ([]secretAccount, error) {
	var out []secretAccount
	seen := map[uuid.UUID]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxAccountLine)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		a, err := parseAccountLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if seen[a.id] {
			return nil, fmt.Errorf("line %d: client id %s given twice: workers never share an account", n, a.id)
		}
		seen[a.id] = true
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading accounts: %w", err)
	}
	return out, nil
}

// parseAccountLine parses and checks one account line.
func parseAccountLine(line []byte) (secretAccount, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var l accountLine
	if err := dec.Decode(&l); err != nil {
		return secretAccount{}, fmt.Errorf(`want one {"client_id": "…", "encryption_secret": "…"} object per line: %w`, err)
	}
	if dec.More() {
		return secretAccount{}, fmt.Errorf("more than one JSON value on the line")
	}
	id, err := uuid.Parse(l.ClientID)
	if err != nil || id == uuid.Nil {
		return secretAccount{}, fmt.Errorf("client_id %q is not a client id (a non-nil UUID)", l.ClientID)
	}
	if l.EncryptionSecret == "" {
		return secretAccount{}, fmt.Errorf("client %s: encryption_secret is missing or empty", id)
	}
	return secretAccount{id: id, secret: l.EncryptionSecret}, nil
}

// loadAccountsFile reads the --accounts-file at path.
func loadAccountsFile(path string) ([]secretAccount, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--accounts-file: %w", err)
	}
	defer func() { _ = f.Close() }()
	accounts, err := readAccounts(f)
	if err != nil {
		return nil, fmt.Errorf("--accounts-file %s: %w", path, err)
	}
	if len(accounts) == 0 {
		return nil, fmt.Errorf("--accounts-file %s: no accounts", path)
	}
	return accounts, nil
}

// deriveKeys derives the envelope key of every account, once, on as many goroutines as there
// are scheduler threads: PBKDF2 with TaskChampion's 600,000 iterations takes a good part of a
// second per account.
func deriveKeys(accounts []secretAccount) []championAccount {
	out := make([]championAccount, len(accounts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(accounts)) {
		wg.Go(func() {
			for i := range next {
				a := accounts[i]
				out[i] = championAccount{id: a.id, key: codec.DeriveKey([]byte(a.secret), a.id)}
			}
		})
	}
	for i := range accounts {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// readClients reads one client id per line; blank lines and lines starting with '#' are skipped,
// and an id given twice is refused.
func readClients(r io.Reader) ([]championAccount, error) {
	var out []championAccount
	seen := map[uuid.UUID]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		id, err := uuid.ParseBytes(line)
		if err != nil || id == uuid.Nil {
			return nil, fmt.Errorf("line %d: %q is not a client id (a non-nil UUID)", n, line)
		}
		if seen[id] {
			return nil, fmt.Errorf("line %d: client id %s given twice: workers never share an account", n, id)
		}
		seen[id] = true
		out = append(out, championAccount{id: id})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading client ids: %w", err)
	}
	return out, nil
}

// loadClientsFile reads the --clients-file at path.
func loadClientsFile(path string) ([]championAccount, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--clients-file: %w", err)
	}
	defer func() { _ = f.Close() }()
	out, err := readClients(f)
	if err != nil {
		return nil, fmt.Errorf("--clients-file %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--clients-file %s: no client ids", path)
	}
	return out, nil
}
