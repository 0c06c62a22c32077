package champion

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/store"
)

// addVersion handles POST /v1/client/add-version/{parent}, checking in the reference's order:
// path, content type, client id, body, then the chain rules.
func (s *Server) addVersion(c echo.Context) error {
	parent, err := versionParam(c, "parent")
	if err != nil {
		return err
	}
	if err := checkContentType(c.Request(), ContentTypeHistorySegment); err != nil {
		return err
	}
	id, err := s.clientID(c)
	if err != nil {
		return err
	}
	body, err := readBody(c.Request(), bodyLimits{max: s.cfg.MaxBody, tooBig: "overflow", isEmpty: "Empty body"})
	if err != nil {
		return err
	}
	v, urgency, err := s.addVersionFor(c, id, parent, body)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(HeaderVersionID, v.ID.String())
	if u := urgency.Header(); u != "" {
		h.Set(HeaderSnapshotRequest, u)
	}
	return c.NoContent(http.StatusOK)
}

// addVersionFor stores body as the child of parent for client id. It first tries the store's hot
// path, which appends to an active encrypted account in one short transaction; an unknown client
// (created here when auto-creation is on), a plaintext account or a parent that is not the head
// takes the general path under the chain lock, which decides the answer.
func (s *Server) addVersionFor(c echo.Context, id, parent uuid.UUID, body []byte) (store.Version, Urgency, error) {
	ctx := c.Request().Context()
	r, err := s.store.ClientAppendEncrypted(ctx, id, parent, uuid.New(), body)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
		cl, err := s.client(ctx, c, id, true, errNoSuchClient)
		if err != nil {
			return store.Version{}, UrgencyNone, err
		}
		return s.appendVersion(ctx, cl.Account, parent, body)
	case err != nil:
		return store.Version{}, UrgencyNone, err
	}
	if err := noteAccount(c, r.Account); err != nil {
		return store.Version{}, UrgencyNone, err
	}
	if !r.Appended {
		return s.appendVersion(ctx, r.Account, parent, body)
	}
	return r.Version, SnapshotUrgency(r.Before, s.cfg, s.cfg.now()), nil
}

// appendVersion adds a version after parent under the account's chain lock. Any parent is
// accepted while the chain is empty (the nil rule); otherwise parent must be the head. The
// account's mode and status are read again under the lock, since a conversion or suspension may
// have committed since acct was looked up.
func (s *Server) appendVersion(ctx context.Context, acct store.Account, parent uuid.UUID, body []byte) (store.Version, Urgency, error) {
	var v store.Version
	var urgency Urgency
	err := s.store.ChainUpdate(ctx, acct.ID, func(ctx context.Context, tx store.ChainTx) error {
		ch := tx.Chain()
		if ch.Latest != store.NilVersion && parent != ch.Latest {
			return &conflictError{latest: ch.Latest}
		}
		acct, err := lockedAccount(ctx, tx)
		if err != nil {
			return err
		}
		urgency = SnapshotUrgency(ch, s.cfg, s.cfg.now())
		if err := s.applyPlaintext(ctx, tx, acct, parent, body); err != nil {
			return err
		}
		if v, err = tx.VersionAppend(ctx, uuid.New(), parent, body); err != nil {
			return err
		}
		urgency, err = s.snapshotPlaintext(ctx, tx, acct, v, urgency)
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return v, urgency, s.conflictNow(ctx, acct.ID)
	}
	return v, urgency, err
}

// lockedAccount reads the account under the chain lock and refuses one that is not active.
func lockedAccount(ctx context.Context, tx store.ChainTx) (store.Account, error) {
	acct, err := tx.Account(ctx)
	if err != nil {
		return acct, err
	}
	if acct.Status != store.StatusActive {
		return acct, errorf(http.StatusForbidden, "account "+string(acct.Status))
	}
	return acct, nil
}

// conflictNow answers a write that lost a race the lock should have prevented with a 409 that
// names the current head, never a 500.
func (s *Server) conflictNow(ctx context.Context, accountID int64) error {
	var latest uuid.UUID
	err := s.store.ChainUpdate(ctx, accountID, func(_ context.Context, tx store.ChainTx) error {
		latest = tx.Chain().Latest
		return nil
	})
	if err != nil {
		return err
	}
	return &conflictError{latest: latest}
}
