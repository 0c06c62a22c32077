package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/store"
)

// IssuedDevice is a device certificate just issued and recorded in the device registry, with
// everything a Taskwarrior 2.x device needs. The key is not kept anywhere: whoever receives an
// IssuedDevice must hand it to the device or lose it.
type IssuedDevice struct {
	Account     string `json:"account"`
	Device      string `json:"device"`
	Fingerprint string `json:"fingerprint"`
	Serial      string `json:"serial"`
	// CAPEM, CertPEM and KeyPEM are the contents of the files taskd.ca, taskd.certificate and
	// taskd.key name.
	CAPEM   string `json:"ca_pem"`
	CertPEM string `json:"cert_pem"`
	KeyPEM  string `json:"key_pem"`
	// Taskrc2 holds taskd.server and taskd.credentials; WriteDeviceFiles adds the file paths.
	Taskrc2 map[string]string `json:"taskrc2"`
}

// DeviceIssue issues a device certificate, signed by taskgate's CA, for an account with taskd
// credentials, records it in the device registry (so that it authenticates only as this account
// and can be revoked) and returns it without writing any file. device defaults to the account's
// name. Only plaintext accounts that are not terminated get new devices.
func (m *Manager) DeviceIssue(ctx context.Context, name, device string) (d IssuedDevice, err error) {
	if device == "" {
		device = name
	}
	defer func() { err = m.audit(ctx, ActionDeviceIssue, name, "device "+device+" "+d.Fingerprint, err) }()
	a, err := m.account(ctx, name)
	if err != nil {
		return IssuedDevice{}, err
	}
	cred, err := m.deviceCredential(ctx, a)
	if err != nil {
		return IssuedDevice{}, err
	}
	if err := ValidateDeviceName(device); err != nil {
		return IssuedDevice{}, err
	}
	return m.issueDevice(ctx, a, cred, device)
}

// issueDevice is the one place where taskgate issues device certificates: it signs one for
// device with taskgate's CA and records it, bound to account a, before anyone sees it.
func (m *Manager) issueDevice(ctx context.Context, a store.Account, cred store.TaskdCredential, device string) (IssuedDevice, error) {
	if m.taskd.Server == "" {
		return IssuedDevice{}, errors.New("no taskd server address configured for taskd.server")
	}
	ca, err := m.ca(ctx)
	if err != nil {
		return IssuedDevice{}, err
	}
	now := m.now()
	certPEM, keyPEM, err := ca.IssueDevice(device, now)
	if err != nil {
		return IssuedDevice{}, fmt.Errorf("issuing the device certificate: %w", err)
	}
	fp, serial, err := pki.Identify(certPEM)
	if err != nil {
		return IssuedDevice{}, err
	}
	rec := store.Device{Fingerprint: fp, AccountID: a.ID, Name: device, Serial: serial, IssuedAt: now.UTC()}
	if err := m.st.DeviceAdd(ctx, rec); err != nil {
		return IssuedDevice{}, fmt.Errorf("recording the device certificate of %q: %w", device, err)
	}
	return IssuedDevice{
		Account: a.Name, Device: device, Fingerprint: fp, Serial: serial,
		CAPEM: string(ca.CertPEM()), CertPEM: string(certPEM), KeyPEM: string(keyPEM),
		Taskrc2: m.taskrc2(cred),
	}, nil
}

// DeviceInfo is a device certificate of an account as the registry holds it.
type DeviceInfo struct {
	Device      string     `json:"device"`
	Fingerprint string     `json:"fingerprint"`
	Serial      string     `json:"serial"`
	IssuedAt    time.Time  `json:"issued_at"`
	LastSeen    *time.Time `json:"last_seen,omitempty"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
}

// Devices lists the device certificates taskgate issued for the account, by device name and
// issue time, revoked ones included, with when each was last presented to the taskd listener.
func (m *Manager) Devices(ctx context.Context, name string) ([]DeviceInfo, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return nil, err
	}
	list, err := m.st.DeviceList(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("listing the devices of account %q: %w", name, err)
	}
	out := make([]DeviceInfo, len(list))
	for i, d := range list {
		out[i] = DeviceInfo{Device: d.Name, Fingerprint: d.Fingerprint, Serial: d.Serial, IssuedAt: d.IssuedAt,
			LastSeen: timeOrNil(d.LastSeen), RevokedAt: timeOrNil(d.RevokedAt)}
	}
	return out, nil
}

// DeviceRevoke revokes every valid certificate of the account's device name and returns how
// many. The taskd listener refuses them from then on: every taskgate process on the store within
// its registry cache time (a few seconds).
func (m *Manager) DeviceRevoke(ctx context.Context, name, device string) (n int, err error) {
	defer func() {
		err = m.audit(ctx, ActionDeviceRevoke, name, fmt.Sprintf("device %s (%d certificates)", device, n), err)
	}()
	a, err := m.account(ctx, name)
	if err != nil {
		return 0, err
	}
	n, err = m.st.DeviceRevoke(ctx, a.ID, device, m.now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return 0, refuse(store.ErrNotFound, "account %q has no valid certificate of a device named %q "+
			"(taskgate account device list %[1]s shows them)", name, device)
	}
	if err != nil {
		return 0, fmt.Errorf("revoking device %q of account %q: %w", device, name, err)
	}
	return n, nil
}

// timeOrNil returns &t, or nil for the zero time.
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
