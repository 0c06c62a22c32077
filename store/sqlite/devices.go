package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/taskgate/taskgate/store"
)

// deviceColumns is the column list scanDevice reads, in order.
const deviceColumns = `fingerprint, COALESCE(account_id, 0), name, serial, issued_at, last_seen, revoked_at`

// DeviceAdd records a device certificate issued for d.AccountID. An unknown account is
// store.ErrNotFound, a fingerprint already recorded store.ErrConflict.
func (s *Store) DeviceAdd(ctx context.Context, d store.Device) error {
	return s.exec1(ctx, "sqlite: add device", `INSERT INTO devices (fingerprint, account_id, name, serial, issued_at)
		SELECT ?, id, ?, ?, ? FROM accounts WHERE id = ?`,
		d.Fingerprint, d.Name, d.Serial, d.IssuedAt.Unix(), d.AccountID)
}

// DeviceGet returns the device certificate with the fingerprint, or store.ErrNotFound.
func (s *Store) DeviceGet(ctx context.Context, fingerprint string) (store.Device, error) {
	d, err := scanDevice(s.read.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices WHERE fingerprint = ?`, fingerprint))
	return d, mapErr("sqlite: get device", err)
}

// DeviceList returns the account's device certificates by name and issue time; an unknown
// account is store.ErrNotFound.
func (s *Store) DeviceList(ctx context.Context, accountID int64) ([]store.Device, error) {
	const op = "sqlite: list devices"
	if _, err := s.AccountGet(ctx, accountID); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+deviceColumns+` FROM devices
		WHERE account_id = ? ORDER BY name, issued_at, fingerprint`, accountID)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	list := []store.Device{}
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, mapErr(op, err)
		}
		list = append(list, d)
	}
	return list, mapErr(op, rows.Err())
}

// DeviceRevoke revokes, at at, every valid certificate of the account's device name and returns
// how many; none is store.ErrNotFound.
func (s *Store) DeviceRevoke(ctx context.Context, accountID int64, name string, at time.Time) (int, error) {
	const op = "sqlite: revoke device"
	var n int64
	err := s.inTx(ctx, op, func(r runner) error {
		res, err := r.exec(ctx, `UPDATE devices SET revoked_at = ?
			WHERE account_id = ? AND name = ? AND revoked_at IS NULL`, at.Unix(), accountID, name)
		if err != nil {
			return mapErr(op, err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return mapErr(op, err)
		}
		return affectedOne(op, res)
	})
	return int(n), err
}

// DeviceSeen records that the certificate was presented at at.
func (s *Store) DeviceSeen(ctx context.Context, fingerprint string, at time.Time) error {
	const op = "sqlite: device seen"
	return s.inTx(ctx, op, func(r runner) error {
		_, err := r.exec(ctx, `UPDATE devices SET last_seen = ?
			WHERE fingerprint = ? AND (last_seen IS NULL OR last_seen < ?)`, at.Unix(), fingerprint, at.Unix())
		return mapErr(op, err)
	})
}

// scanDevice reads the deviceColumns of one row.
func scanDevice(r rowScanner) (store.Device, error) {
	var d store.Device
	var issued int64
	var seen, revoked sql.NullInt64
	if err := r.Scan(&d.Fingerprint, &d.AccountID, &d.Name, &d.Serial, &issued, &seen, &revoked); err != nil {
		return store.Device{}, err
	}
	d.IssuedAt = time.Unix(issued, 0).UTC()
	if seen.Valid {
		d.LastSeen = time.Unix(seen.Int64, 0).UTC()
	}
	if revoked.Valid {
		d.RevokedAt = time.Unix(revoked.Int64, 0).UTC()
	}
	return d, nil
}
