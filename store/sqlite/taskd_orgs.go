package sqlite

import (
	"context"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// taskdOrgGetSQL reads one organization.
const taskdOrgGetSQL = `SELECT suspended, redirect FROM taskd_orgs WHERE name = ?`

// TaskdOrgGet returns the organization called name, or store.ErrNotFound, in one cached
// statement.
func (s *Store) TaskdOrgGet(ctx context.Context, name string) (store.TaskdOrg, error) {
	o := store.TaskdOrg{Name: name}
	err := s.reader().queryRow(ctx, taskdOrgGetSQL, name).Scan(&o.Suspended, &o.Redirect)
	if err != nil {
		return store.TaskdOrg{}, mapErr("sqlite: get taskd org", err)
	}
	return o, nil
}

// TaskdOrgPut inserts or replaces an organization.
func (s *Store) TaskdOrgPut(ctx context.Context, o store.TaskdOrg) error {
	if err := input.TaskdOrg(o); err != nil {
		return err
	}
	return s.inTx(ctx, "sqlite: put taskd org", func(r runner) error {
		_, err := r.exec(ctx, `
			INSERT INTO taskd_orgs (name, suspended, redirect) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET suspended = excluded.suspended, redirect = excluded.redirect`,
			o.Name, o.Suspended, o.Redirect)
		return mapErr("sqlite: put taskd org", err)
	})
}
