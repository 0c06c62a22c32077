package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/taskgate/taskgate/store"
)

// deviceColumns is the column list scanDevice reads, in order.
const deviceColumns = `fingerprint, COALESCE(account_id, 0), name, serial, issued_at, last_seen, revoked_at`

// DeviceAdd records a device certificate issued for d.AccountID. An unknown account is
// store.ErrNotFound, a fingerprint already recorded store.ErrConflict.
func (s *Store) DeviceAdd(ctx context.Context, d store.Device) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO devices (fingerprint, account_id, name, serial, issued_at)
		SELECT $1, id, $3, $4, $5 FROM accounts WHERE id = $2`,
		d.Fingerprint, d.AccountID, d.Name, d.Serial, d.IssuedAt)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("postgres: add device", err)
}

// DeviceGet returns the device certificate with the fingerprint, or store.ErrNotFound.
func (s *Store) DeviceGet(ctx context.Context, fingerprint string) (store.Device, error) {
	d, err := scanDevice(s.pool.QueryRow(ctx, `SELECT `+deviceColumns+` FROM devices WHERE fingerprint = $1`, fingerprint))
	return d, mapErr("postgres: get device", err)
}

// DeviceList returns the account's device certificates by name and issue time; an unknown
// account is store.ErrNotFound.
func (s *Store) DeviceList(ctx context.Context, accountID int64) ([]store.Device, error) {
	const op = "postgres: list devices"
	if _, err := s.AccountGet(ctx, accountID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+deviceColumns+` FROM devices
		WHERE account_id = $1 ORDER BY name COLLATE "C", issued_at, fingerprint`, accountID)
	if err != nil {
		return nil, mapErr(op, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Device, error) { return scanDevice(r) })
	if list == nil {
		list = []store.Device{}
	}
	return list, mapErr(op, err)
}

// DeviceRevoke revokes, at at, every valid certificate of the account's device name and returns
// how many; none is store.ErrNotFound.
func (s *Store) DeviceRevoke(ctx context.Context, accountID int64, name string, at time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE devices SET revoked_at = $3
		WHERE account_id = $1 AND name = $2 AND revoked_at IS NULL`, accountID, name, at)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return 0, mapErr("postgres: revoke device", err)
	}
	return int(tag.RowsAffected()), nil
}

// DeviceSeen records that the certificate was presented at at.
func (s *Store) DeviceSeen(ctx context.Context, fingerprint string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE devices SET last_seen = $2
		WHERE fingerprint = $1 AND (last_seen IS NULL OR last_seen < $2)`, fingerprint, at)
	return mapErr("postgres: device seen", err)
}

// scanDevice reads the deviceColumns of one row.
func scanDevice(r pgx.Row) (store.Device, error) {
	var d store.Device
	var issued pgtype.Timestamptz
	var seen, revoked pgtype.Timestamptz
	if err := r.Scan(&d.Fingerprint, &d.AccountID, &d.Name, &d.Serial, &issued, &seen, &revoked); err != nil {
		return store.Device{}, err
	}
	d.IssuedAt = issued.Time.UTC()
	if seen.Valid {
		d.LastSeen = seen.Time.UTC()
	}
	if revoked.Valid {
		d.RevokedAt = revoked.Time.UTC()
	}
	return d, nil
}
