package sqlite

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// taskdLoginSQL reads a credential by its key with its account and organization.
const taskdLoginSQL = `
	SELECT c.org, c.user_name, ` + accountColumns + `,
	  coalesce(o.name, ''), coalesce(o.suspended, 0), coalesce(o.redirect, '')
	FROM taskd_credentials c
	JOIN accounts a ON a.id = c.account_id
	LEFT JOIN taskd_orgs o ON o.name = c.org
	WHERE c.key = ?`

// TaskdLoginGet returns the credential whose key is key with its account and organization, in
// one cached statement; an unknown key is store.ErrNotFound. Every taskd sync makes this point
// read: ctx is checked before it and not watched during it, which would cost two goroutines.
func (s *Store) TaskdLoginGet(ctx context.Context, key uuid.UUID) (store.TaskdLogin, error) {
	l := store.TaskdLogin{Credential: store.TaskdCredential{Key: key}}
	a := &l.Account
	var created int64
	err := ctx.Err()
	if err == nil {
		err = s.reader().detached().queryRow(ctx, taskdLoginSQL, key.String()).Scan(&l.Credential.Org, &l.Credential.User,
			&a.ID, &a.Name, &a.Mode, &a.Status, &created, &l.Org.Name, &l.Org.Suspended, &l.Org.Redirect)
	}
	if err != nil {
		return store.TaskdLogin{}, mapErr("sqlite: get taskd login", err)
	}
	l.Credential.AccountID, a.CreatedAt = a.ID, time.Unix(created, 0).UTC()
	return l, nil
}
