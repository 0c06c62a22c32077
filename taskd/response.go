package taskd

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Response header names.
const (
	headerClient = "client"
	headerCode   = "code"
	headerStatus = "status"
	headerInfo   = "info"
)

// responder builds response messages; every one carries `client: taskgate <version>` like
// Taskserver 1.1.0's `client: taskd 1.1.0`.
type responder struct {
	client string
}

// newResponder returns a responder for the given taskgate version.
func newResponder(version string) responder {
	return responder{client: "taskgate " + version}
}

// base returns a response with the client and code headers and an empty payload.
func (r responder) base(code int) Message {
	return Message{Headers: map[string]string{
		headerClient: r.client,
		headerCode:   strconv.Itoa(code),
	}}
}

// status answers with a *StatusError: code and status, or code and info for a 301 (which has no
// status header). The payload is empty, so the message ends in three newlines.
func (r responder) status(se *StatusError) Message {
	m := r.base(se.Code)
	if se.Code == StatusRedirect {
		m.Headers[headerInfo] = oneLine(se.Info)
		return m
	}
	status := oneLine(se.Status)
	if status == "" {
		status = StatusText(se.Code)
	}
	m.Headers[headerStatus] = status
	return m
}

// sync answers a successful sync: the task lines, then the key as the last line.
func (r responder) sync(req SyncRequest, res SyncResponse) (Message, error) {
	if err := checkSyncResponse(req, res); err != nil {
		return Message{}, err
	}
	m := r.base(res.Code)
	m.Headers[headerStatus] = StatusText(res.Code)
	var payload strings.Builder
	for _, task := range res.Tasks {
		payload.Write(task)
		payload.WriteByte('\n')
	}
	payload.WriteString(res.Key)
	payload.WriteByte('\n')
	m.Payload = payload.String()
	return m, nil
}

// checkSyncResponse enforces the Backend contract on a SyncResponse, so that a backend bug turns
// into a 500 (the client keeps its backlog) instead of a reply that loses or duplicates data.
func checkSyncResponse(req SyncRequest, res SyncResponse) error {
	switch {
	case res.Code != StatusOK && res.Code != StatusNoChange:
		return fmt.Errorf("taskd: backend answered sync with code %d", res.Code)
	case res.Code == StatusNoChange && (len(req.Tasks) > 0 || len(res.Tasks) > 0):
		return errors.New("taskd: backend answered 201 to a sync that moved tasks")
	case res.Code == StatusOK && res.Key == "":
		return errors.New("taskd: backend answered 200 without a sync key")
	case strings.ContainsAny(res.Key, "\r\n") || strings.HasPrefix(res.Key, "{"):
		return errors.New("taskd: backend returned a malformed sync key")
	}
	for i, task := range res.Tasks {
		if len(task) == 0 || task[0] != '{' || bytes.ContainsAny(task, "\r\n") {
			return fmt.Errorf("taskd: backend returned a malformed task line at index %d", i)
		}
	}
	return nil
}

// statistics answers a statistics request: the backend's values as headers, empty payload.
func (r responder) statistics(stats map[string]string) (Message, error) {
	m := r.base(StatusOK)
	m.Headers[headerStatus] = StatusText(StatusOK)
	for name, value := range stats {
		if !validStatName(name) || strings.ContainsAny(value, "\r\n") {
			return Message{}, fmt.Errorf("taskd: backend returned an invalid statistics header %q", name)
		}
		m.Headers[name] = value
	}
	return m, nil
}

// validStatName reports whether name can be sent as an extra response header.
func validStatName(name string) bool {
	switch name {
	case "", headerClient, headerCode, headerStatus, headerInfo:
		return false
	}
	return !strings.ContainsAny(name, ":\r\n") && strings.Trim(name, headerTrim) == name
}

// oneLine makes a text safe for a header value: line breaks become blanks, outer blanks go.
func oneLine(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	return strings.Trim(s, headerTrim)
}
