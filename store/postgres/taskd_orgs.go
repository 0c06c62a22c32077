package postgres

import (
	"context"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// TaskdOrgGet returns the organization called name, or store.ErrNotFound.
func (s *Store) TaskdOrgGet(ctx context.Context, name string) (store.TaskdOrg, error) {
	o := store.TaskdOrg{Name: name}
	err := s.pool.QueryRow(ctx, `SELECT suspended, redirect FROM taskd_orgs WHERE name = $1`, name).
		Scan(&o.Suspended, &o.Redirect)
	if err != nil {
		return store.TaskdOrg{}, mapErr("postgres: get taskd org", err)
	}
	return o, nil
}

// TaskdOrgPut inserts or replaces an organization.
func (s *Store) TaskdOrgPut(ctx context.Context, o store.TaskdOrg) error {
	if err := input.TaskdOrg(o); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `
		INSERT INTO taskd_orgs (name, suspended, redirect) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET suspended = EXCLUDED.suspended, redirect = EXCLUDED.redirect`,
		o.Name, o.Suspended, o.Redirect)
	return mapErr("postgres: put taskd org", err)
}
