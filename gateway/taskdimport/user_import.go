package taskdimport

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// importUser imports one taskd user and reports the outcome with the problems of its tx.data.
func (im *Importer) importUser(ctx context.Context, u User) (AccountReport, []Problem) {
	ar := AccountReport{Org: u.Org, User: u.Name, Key: u.Key, Suspended: u.Suspended}
	if u.Broken != "" {
		return ar.fail("%s", u.Broken), nil
	}
	key := uuid.MustParse(u.Key)
	existing, err := im.existing(ctx, key)
	if err != nil {
		return ar.fail("%v", err), nil
	}
	if existing != nil && !existing.resumable {
		return ar.skip(existing.account.Name, "the taskd key already belongs to account %q", existing.account.Name), nil
	}
	log, problems, err := ReadLog(u.TxData())
	if err != nil {
		return ar.fail("reading %s: %v", u.TxData(), err), problems
	}
	h, ps := planHistory(log, im.opts.UDATypes, im.opts.Now(), im.opts.SegmentBytes)
	problems = append(problems, ps...)
	ar.Tasks, ar.Versions = len(h.tasks), len(h.versions)
	if h.headIsKey {
		ar.SyncKey = log.Key
	}
	if existing != nil && len(h.versions) == 0 {
		return ar.skip(existing.account.Name, "the taskd key already belongs to account %q (and tx.data holds no history)",
			existing.account.Name), problems
	}
	return im.write(ctx, u, key, ar, h, existing), problems
}

// found is an account that already holds a user's taskd key.
type found struct {
	account store.Account
	// resumable is set for a plaintext, not terminated account without any version: one that an
	// interrupted import created, whose history can still be written.
	resumable bool
}

// existing returns the account holding the taskd key, nil when there is none (or no store).
func (im *Importer) existing(ctx context.Context, key uuid.UUID) (*found, error) {
	if im.st == nil {
		return nil, nil
	}
	_, acct, err := im.st.TaskdCredentialGet(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("looking up the taskd key: %w", err)
	}
	ch, err := im.st.ChainGet(ctx, acct.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the chain of account %q: %w", acct.Name, err)
	}
	resumable := acct.Mode == store.ModePlaintext && acct.Status != store.StatusTerminated && ch.LatestSeq == 0
	return &found{account: acct, resumable: resumable}, nil
}

// write creates the account (or takes the one an interrupted import left) and writes its
// history; in a dry run it only picks the name.
func (im *Importer) write(ctx context.Context, u User, key uuid.UUID, ar AccountReport, h history, existing *found) AccountReport {
	if im.opts.DryRun {
		return im.plan(ctx, u, ar, existing)
	}
	id, err := im.identity(ctx, existing)
	if err != nil {
		return ar.fail("%v", err)
	}
	sealed, err := sealHistory(id.key, h)
	if err != nil {
		return ar.fail("%v", err)
	}
	acct, err := im.account(ctx, u, key, id, existing)
	if errors.Is(err, errKeyTaken) {
		return ar.skip(acct.Name, "the taskd key already belongs to account %q", acct.Name)
	}
	if err != nil {
		return ar.fail("%v", err)
	}
	ar.Account = acct.Name
	if err := im.fill(ctx, u, acct, sealed, h.udaTypes); err != nil {
		return ar.fail("%v", err)
	}
	ar.Status, ar.Taskrc3 = StatusImported, im.taskrc3(id)
	if existing != nil {
		ar.Reason = "completed an earlier import that was interrupted after creating the account"
	}
	return ar
}

// plan reports what a dry run would do: the account name it would pick.
func (im *Importer) plan(ctx context.Context, u User, ar AccountReport, existing *found) AccountReport {
	ar.Status = StatusImported
	if existing != nil {
		ar.Account, ar.Reason = existing.account.Name, "would complete an earlier import that was interrupted after creating the account"
		return ar
	}
	ar.Account = im.freeName(ctx, u)
	return ar
}

// identity returns the identity to seal with: a new one, or the one the server holds for an
// account an interrupted import created.
func (im *Importer) identity(ctx context.Context, existing *found) (identity, error) {
	if existing != nil {
		return heldIdentity(ctx, im.st, im.master, existing.account.ID)
	}
	return newIdentity(im.master)
}

// taskrc3 returns the Taskwarrior 3 settings of the account's devices.
func (im *Importer) taskrc3(id identity) map[string]string {
	return map[string]string{
		accounts.TaskrcServerURL:        im.opts.PublicURL,
		accounts.TaskrcClientID:         id.clientID.String(),
		accounts.TaskrcEncryptionSecret: id.secret,
	}
}

// fail marks the report failed with a reason.
func (ar AccountReport) fail(format string, args ...any) AccountReport {
	ar.Status, ar.Reason, ar.Taskrc3 = StatusFailed, fmt.Sprintf(format, args...), nil
	return ar
}

// skip marks the report skipped in favour of the existing account name.
func (ar AccountReport) skip(name, format string, args ...any) AccountReport {
	ar.Status, ar.Account, ar.Reason = StatusSkipped, name, fmt.Sprintf(format, args...)
	return ar
}
