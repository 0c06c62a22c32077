package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/taskgate/taskgate/taskd"
)

// maxTaskdResponse bounds a response frame. The download-only sync of newWorker returns a whole
// account's history; ReadFrame allocates only what actually arrives.
const maxTaskdResponse = 1 << 30

// taskdAccount is one account as its worker sees it: the last sync key and the task it uploads.
type taskdAccount struct {
	cred credential
	key  string // "" until the account has synced a task
	task *loadTask
}

// taskdWorker syncs its own share of the accounts, in round-robin.
type taskdWorker struct {
	d        *taskdDriver
	accounts []*taskdAccount
	next     int
}

// taskdResponse is what the load needs of a response: code, status and the sync key (the last
// payload line, unless that line is a task), plus the number of task lines.
type taskdResponse struct {
	code   int
	status string
	key    string
	tasks  int
}

// step is one sync on its own connection. upload sends the key and one task line and must get
// 200 with a new key; noop sends only the key and must get 201 with the same key.
func (w *taskdWorker) step(ctx context.Context, rec *recorder) error {
	a := w.accounts[w.next]
	w.next = (w.next + 1) % len(w.accounts)
	payload := ""
	if a.key != "" {
		payload = a.key + "\n"
	}
	if w.d.kind == syncUpload {
		payload += a.task.next(time.Now()) + "\n"
	}
	resp, err := w.roundTrip(ctx, rec, a, payload)
	if err != nil {
		return err
	}
	return w.check(rec, a, resp)
}

// check compares resp with what the mode expects and moves a to the new key.
func (w *taskdWorker) check(rec *recorder, a *taskdAccount, resp taskdResponse) error {
	if resp.code/100 != 2 {
		return fmt.Errorf("%s %s: code %d (%s)", unitSync, a.cred, resp.code, resp.status)
	}
	var ok bool
	if w.d.kind == syncUpload {
		ok = resp.code == 200 && resp.key != "" && resp.key != a.key && resp.tasks == 0
	} else {
		ok = resp.code == 201 && resp.key == a.key && resp.tasks == 0
	}
	if !ok {
		rec.mismatch(opExchange)
		return fmt.Errorf("%s %s (%s): code %d, %d tasks, key %q after %q: %w",
			unitSync, a.cred, w.d.kind, resp.code, resp.tasks, resp.key, a.key, errMismatch)
	}
	a.key = resp.key
	return nil
}

// roundTrip opens a TLS connection, sends one sync request for a with payload, reads the response
// and closes the connection, recording the handshake and the exchange in rec.
func (w *taskdWorker) roundTrip(ctx context.Context, rec *recorder, a *taskdAccount, payload string) (taskdResponse, error) {
	t := time.Now()
	conn, err := w.d.dialer.DialContext(ctx, "tcp", w.d.addr)
	if err != nil {
		rec.transportError(opHandshake)
		return taskdResponse{}, fmt.Errorf("%s: %w", opHandshake, err)
	}
	defer func() { _ = conn.Close() }()
	rec.timing(opHandshake, time.Since(t))
	t = time.Now()
	resp, err := w.exchange(ctx, conn, a.cred, payload)
	var parseErr *taskd.ParseError
	switch {
	case errors.As(err, &parseErr) || errors.Is(err, errMismatch):
		rec.mismatch(opExchange)
	case err != nil:
		rec.transportError(opExchange)
	default:
		rec.response(opExchange, resp.code, time.Since(t))
	}
	return resp, err
}

// exchange writes the request and reads the response, within the request timeout and until ctx
// ends.
func (w *taskdWorker) exchange(ctx context.Context, conn net.Conn, c credential, payload string) (taskdResponse, error) {
	if err := conn.SetDeadline(time.Now().Add(w.d.timeout)); err != nil {
		return taskdResponse{}, fmt.Errorf("%s: %w", opExchange, err)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := taskd.WriteFrame(conn, syncRequest(c, payload)); err != nil {
		return taskdResponse{}, fmt.Errorf("%s: %w", opExchange, err)
	}
	body, err := taskd.ReadFrame(conn, maxTaskdResponse)
	if err != nil {
		return taskdResponse{}, fmt.Errorf("%s: reading the response: %w", opExchange, err)
	}
	return parseSyncResponse(body)
}

// syncRequest encodes a sync request as Taskwarrior 2.6 sends it.
func syncRequest(c credential, payload string) []byte {
	return taskd.Message{Headers: map[string]string{
		"client": "taskgate-load", "key": c.key, "org": c.org, "protocol": "v1", "type": "sync", "user": c.user,
	}, Payload: payload}.Encode()
}

// parseSyncResponse reads the code, status, task lines and sync key of a response body.
func parseSyncResponse(body []byte) (taskdResponse, error) {
	msg, err := taskd.ParseMessage(body)
	if err != nil {
		return taskdResponse{}, fmt.Errorf("%s: %w", opExchange, err)
	}
	code, err := strconv.Atoi(msg.Headers["code"])
	if err != nil {
		return taskdResponse{}, fmt.Errorf("%s: code %q: %w", opExchange, msg.Headers["code"], errMismatch)
	}
	resp := taskdResponse{code: code, status: msg.Headers["status"]}
	lines := strings.Split(strings.TrimRight(msg.Payload, "\n"), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "{") {
			resp.tasks++
		}
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "{") {
		resp.key = last
	}
	return resp, nil
}
