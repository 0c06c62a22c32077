package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/taskgate/taskgate/store"
)

// Audit actions the Manager records.
const (
	ActionAdd          = "account.add"
	ActionShow         = "account.show"
	ActionDelete       = "account.delete"
	ActionSuspend      = "account.suspend"
	ActionResume       = "account.resume"
	ActionConvert      = "account.convert"
	ActionDeviceIssue  = "device.issue"
	ActionDeviceRevoke = "device.revoke"
	ActionTaskdAdd     = "taskd.add"
	ActionTaskdRotate  = "taskd.rotate"
	ActionClientAdd    = "client.add"
	ActionClientRemove = "client.remove"
	ActionUDASet       = "uda.set"
	ActionUDAUnset     = "uda.unset"
	ActionQuotaSet     = "quota.set"
)

// ResultOK is the Result of an audit entry whose action succeeded.
const ResultOK = "ok"

// maxAuditText bounds the detail and result texts of an audit entry.
const maxAuditText = 500

// actorKey is the context key of the actor of an admin action.
type actorKey struct{}

// WithActor returns ctx naming who acts, for the audit log: "cli:USER" for the local CLI,
// "api@ADDRESS" for the admin API.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// actor returns the actor ctx names, "unknown" when none.
func actor(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}

// audit records an admin action and its outcome err, and returns err. When the entry cannot be
// written the action itself still stands, and the returned error says both.
func (m *Manager) audit(ctx context.Context, action, account, detail string, err error) error {
	result := ResultOK
	if err != nil {
		result = err.Error()
	}
	e := store.AuditEntry{At: m.now().UTC(), Actor: actor(ctx), Action: action, Account: account,
		Detail: clipText(detail), Result: clipText(result)}
	if aerr := m.st.AuditAdd(context.WithoutCancel(ctx), e); aerr != nil {
		return errors.Join(err, fmt.Errorf("writing the audit entry of %s %q: %w", action, account, aerr))
	}
	return err
}

// clipText shortens s to maxAuditText bytes on a character boundary.
func clipText(s string) string {
	if len(s) <= maxAuditText {
		return s
	}
	n := maxAuditText
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// AuditEntry is one row of the audit log as the CLI and the admin API show it.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Account string    `json:"account,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Result  string    `json:"result"`
	Count   int64     `json:"count"`
}

// MaxPage is the most entries one page of a listing holds; DefaultPage is the size of a page
// when none is asked for.
const (
	MaxPage     = 1000
	DefaultPage = 100
)

// PageSize clamps a requested page size to 1..MaxPage, 0 meaning DefaultPage.
func PageSize(n int) int {
	switch {
	case n <= 0:
		return DefaultPage
	case n > MaxPage:
		return MaxPage
	}
	return n
}

// Audit returns audit entries newest first: those of account when it is set, older than
// beforeID when it is set, at most limit (see PageSize).
func (m *Manager) Audit(ctx context.Context, account string, beforeID int64, limit int) ([]AuditEntry, error) {
	list, err := m.st.AuditList(ctx, store.AuditFilter{Account: account, BeforeID: beforeID, Limit: PageSize(limit)})
	if err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", err)
	}
	out := make([]AuditEntry, len(list))
	for i, e := range list {
		out[i] = AuditEntry{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, Account: e.Account,
			Detail: e.Detail, Result: e.Result, Count: e.Count}
	}
	return out, nil
}

// AuditPrune deletes the audit entries older than retention and returns how many; a retention of
// zero or less keeps everything.
func (m *Manager) AuditPrune(ctx context.Context, retention time.Duration) (int64, error) {
	if retention <= 0 {
		return 0, nil
	}
	n, err := m.st.AuditPrune(ctx, m.now().Add(-retention))
	if err != nil {
		return 0, fmt.Errorf("pruning the audit log: %w", err)
	}
	return n, nil
}
