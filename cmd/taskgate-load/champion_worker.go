package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// championWorker performs request pairs over its own share of the client ids, in round-robin.
type championWorker struct {
	d        *championDriver
	http     *httpConn
	replicas []*replica
	next     int
	bodies   bodySource
	buf      bytes.Buffer // response bodies, reused
}

// statusError is an HTTP answer the load did not expect.
type statusError struct {
	op     string
	status int
}

func (e *statusError) Error() string { return fmt.Sprintf("%s: unexpected status %d", e.op, e.status) }

// errMismatch marks an answer whose status was right but whose content was not.
var errMismatch = errors.New("answer does not match what was sent")

// step is one request pair: add-version on the replica's head (rebasing on 409), then
// get-child-version of the parent just used, which must return the version just added.
func (w *championWorker) step(ctx context.Context, rec *recorder) error {
	r := w.replicas[w.next]
	w.next = (w.next + 1) % len(w.replicas)
	if err := w.bodies.start(r); err != nil {
		return err
	}
	parent, version, body, err := w.addVersion(ctx, rec, r)
	if err != nil {
		return err
	}
	return w.getChild(ctx, rec, r.id, parent, version, body)
}

// addVersion adds the pair's content on top of r's head, in a body made for that parent (again
// after a 409), and returns the parent used, the new version and the body sent.
func (w *championWorker) addVersion(ctx context.Context, rec *recorder, r *replica) (parent, version uuid.UUID, body []byte, err error) {
	for range maxConflictRetries + 1 {
		parent = r.head
		if body, err = w.bodies.body(r, parent); err != nil {
			return parent, version, nil, err
		}
		fields := []headerField{{"X-Client-Id", r.id.String()}, {"Content-Type", historySegmentType}}
		status, h, err := w.do(ctx, rec, opAddVersion, http.MethodPost, w.d.addPath+parent.String(), fields, body)
		if err != nil {
			return parent, version, nil, err
		}
		switch status {
		case http.StatusOK:
			parent, version, err = w.accepted(rec, r, parent, h)
			return parent, version, body, err
		case http.StatusConflict:
			if err := w.rebase(rec, r, h); err != nil {
				return parent, version, nil, err
			}
		default:
			return parent, version, nil, &statusError{opAddVersion, status}
		}
	}
	return parent, version, nil, fmt.Errorf("%s: still conflicting after %d retries", opAddVersion, maxConflictRetries)
}

// accepted moves r's head to the version in a 200 answer.
func (w *championWorker) accepted(rec *recorder, r *replica, parent uuid.UUID, h http.Header) (uuid.UUID, uuid.UUID, error) {
	v, err := uuid.Parse(h.Get("X-Version-Id"))
	if err != nil {
		rec.mismatch(opAddVersion)
		return parent, uuid.Nil, fmt.Errorf("%s: X-Version-Id: %w", opAddVersion, err)
	}
	r.head = v
	return parent, v, nil
}

// rebase moves r's head to the latest version named in a 409 answer.
func (w *championWorker) rebase(rec *recorder, r *replica, h http.Header) error {
	latest, err := uuid.Parse(h.Get("X-Parent-Version-Id"))
	if err != nil {
		rec.mismatch(opAddVersion)
		return fmt.Errorf("%s: 409 without a valid X-Parent-Version-Id: %w", opAddVersion, err)
	}
	rec.conflict()
	r.head = latest
	return nil
}

// getChild fetches the child of parent and checks it is version with exactly body.
func (w *championWorker) getChild(ctx context.Context, rec *recorder, client, parent, version uuid.UUID, body []byte) error {
	fields := []headerField{{"X-Client-Id", client.String()}}
	status, h, err := w.do(ctx, rec, opGetChild, http.MethodGet, w.d.getPath+parent.String(), fields, nil)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return &statusError{opGetChild, status}
	}
	got, err := uuid.Parse(h.Get("X-Version-Id"))
	if err != nil || got != version || h.Get("Content-Type") != historySegmentType || !bytes.Equal(w.buf.Bytes(), body) {
		rec.mismatch(opGetChild)
		return fmt.Errorf("%s of %s: %w", opGetChild, parent, errMismatch)
	}
	return nil
}

// do sends a request on the worker's connection, reads the whole answer into w.buf and records
// it under op. Latency runs from sending to the last byte of the body.
func (w *championWorker) do(ctx context.Context, rec *recorder, op, method, path string, fields []headerField, body []byte) (int, http.Header, error) {
	t := time.Now()
	status, h, err := w.http.roundTrip(ctx, method, path, fields, body, &w.buf)
	if err != nil {
		rec.transportError(op)
		return 0, nil, fmt.Errorf("%s: %w", op, err)
	}
	rec.response(op, status, time.Since(t))
	return status, h, nil
}
