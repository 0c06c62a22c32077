package postgres

import (
	"context"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// taskdLoginSQL reads a credential by its key with its account and organization.
const taskdLoginSQL = `
	SELECT c.org, c.user_name, ` + accountColumns + `,
	  coalesce(o.name, ''), coalesce(o.suspended, false), coalesce(o.redirect, '')
	FROM taskd_credentials c
	JOIN accounts a ON a.id = c.account_id
	LEFT JOIN taskd_orgs o ON o.name = c.org
	WHERE c.key = $1`

// TaskdLoginGet returns the credential whose key is key with its account and organization, in
// one statement; an unknown key is store.ErrNotFound.
func (s *Store) TaskdLoginGet(ctx context.Context, key uuid.UUID) (store.TaskdLogin, error) {
	l := store.TaskdLogin{Credential: store.TaskdCredential{Key: key}}
	var a accountScan
	dest := append([]any{&l.Credential.Org, &l.Credential.User}, a.dest(&l.Org.Name, &l.Org.Suspended, &l.Org.Redirect)...)
	if err := s.pool.QueryRow(ctx, taskdLoginSQL, key).Scan(dest...); err != nil {
		return store.TaskdLogin{}, mapErr("postgres: get taskd login", err)
	}
	l.Account, l.Credential.AccountID = a.account(), a.id
	return l, nil
}
