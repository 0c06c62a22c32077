package accounts

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/taskgate/taskgate/store"
)

// taskdNeedsPlaintext explains why an encrypted account has no taskd credentials.
const taskdNeedsPlaintext = "taskd (Taskwarrior 2.x) needs a plaintext account: the server merges what 2.x " +
	"devices upload into the account's tasks, and it cannot merge what it cannot read"

// MaxDeviceNameLength is the longest device name, in characters (the longest subject CN).
const MaxDeviceNameLength = 64

// DeviceParams says which device certificate to issue and where to write its files.
type DeviceParams struct {
	// Name is the certificate's subject CN and the start of its file names (NAME.cert.pem and
	// NAME.key.pem). DeviceAdd and AddWith default it to the account's name.
	Name string
	// Dir receives the files: the CA certificate (ca.cert.pem), the device certificate and its
	// private key (mode 0600). It is created with mode 0700 when missing; "" is the current
	// directory. Existing files are never replaced.
	Dir string
}

// Device describes a device certificate issued for an account.
type Device struct {
	Account string `json:"account"`
	Device  string `json:"device"`
	// Taskrc2 holds the five settings of the Taskwarrior 2.x device using the certificate:
	// TaskrcTaskdServer, TaskrcTaskdCredentials and the absolute paths TaskrcTaskdCA,
	// TaskrcTaskdCertificate and TaskrcTaskdKey.
	Taskrc2 map[string]string `json:"taskrc2"`
}

// DeviceAdd issues another device certificate as DeviceIssue does and writes its files as p.Dir
// describes: see DeviceAddWithFiles.
func (m *Manager) DeviceAdd(ctx context.Context, name string, p DeviceParams) (Device, error) {
	return DeviceAddWithFiles(ctx, m, name, p)
}

// DeviceAddWithFiles issues a device certificate for the account through s and writes its files
// on this machine as p.Dir describes (checked before anything is issued). The device uses the
// account's credentials (the first by org and user when it has several).
func DeviceAddWithFiles(ctx context.Context, s Issuer, name string, p DeviceParams) (Device, error) {
	if p.Name == "" {
		p.Name = name
	}
	if err := ValidateDeviceName(p.Name); err != nil {
		return Device{}, err
	}
	if _, err := freeDeviceFiles(p.Dir, p.Name); err != nil {
		return Device{}, err
	}
	d, err := s.DeviceIssue(ctx, name, p.Name)
	if err != nil {
		return Device{}, err
	}
	rc, err := WriteDeviceFiles(p.Dir, d)
	if err != nil {
		return Device{}, err
	}
	return Device{Account: d.Account, Device: d.Device, Taskrc2: rc}, nil
}

// deviceCredential returns the taskd credential the devices of a use, refusing accounts that
// cannot have new devices.
func (m *Manager) deviceCredential(ctx context.Context, a store.Account) (store.TaskdCredential, error) {
	switch {
	case a.Mode != store.ModePlaintext:
		return store.TaskdCredential{}, refuse(ErrEncrypted, "account %q is encrypted: %s", a.Name, taskdNeedsPlaintext)
	case a.Status == store.StatusTerminated:
		return store.TaskdCredential{}, refuse(ErrTerminated, "account %q is terminated; it gets no new devices", a.Name)
	}
	list, err := m.credentials(ctx, a)
	if err != nil {
		return store.TaskdCredential{}, err
	}
	if len(list) == 0 {
		return store.TaskdCredential{}, refuse(ErrNoTaskd, "account %q has no taskd credentials, so Taskwarrior 2.x "+
			"devices cannot sync it; accounts get them when created with `taskgate account add NAME --plaintext --taskd ORG/USER`", a.Name)
	}
	return list[0], nil
}

// ValidateDeviceName checks a device name, which becomes a certificate's CN and the start of
// two file names: 1 to MaxDeviceNameLength characters of valid UTF-8 without whitespace,
// control characters, '/', '\' or '#', not starting with '.', and not "ca" (ca.cert.pem is the
// CA certificate).
func ValidateDeviceName(name string) error {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return refuse(ErrInvalidDevice, "a device name must not be empty")
	case !utf8.ValidString(name):
		return refuse(ErrInvalidDevice, "device name %q is not valid UTF-8", name)
	case n > MaxDeviceNameLength:
		return refuse(ErrInvalidDevice, "device name %.20q… is %d characters long; the limit is %d", name, n, MaxDeviceNameLength)
	case strings.ContainsFunc(name, isSpaceOrControl) || strings.ContainsAny(name, `/\#`) || strings.HasPrefix(name, "."):
		return refuse(ErrInvalidDevice, "device name %q cannot be a file name in a .taskrc line: it must not contain "+
			"whitespace, control characters, '/', '\\' or '#', nor start with '.' (choose one with --device)", name)
	case strings.EqualFold(name, "ca"):
		return refuse(ErrInvalidDevice, "device name %q is taken by the CA certificate's file (choose one with --device)", name)
	}
	return nil
}

// credentials returns the taskd credentials of a; an encrypted account has none.
func (m *Manager) credentials(ctx context.Context, a store.Account) ([]store.TaskdCredential, error) {
	if a.Mode != store.ModePlaintext {
		return nil, nil
	}
	list, err := m.st.TaskdCredentials(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the taskd credentials of account %q: %w", a.Name, err)
	}
	return list, nil
}
