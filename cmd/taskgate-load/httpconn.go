package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// dialTimeout bounds connecting (and the TLS handshake) to the target.
const dialTimeout = 5 * time.Second

// longAgo is a deadline in the past: setting it makes the connection's pending I/O fail at once.
var longAgo = time.Unix(1, 0)

// headerField is one request header line.
type headerField struct{ name, value string }

// httpConn is one worker's keep-alive HTTP/1.1 connection to the target. The worker writes each
// request itself and reads the answer with net/http's parser, on its own goroutine. net/http's
// Transport hands every request and answer between three goroutines (the caller and the
// connection's reader and writer); on a small machine shared with the server under test those
// wake-ups cost the load tool about as much CPU as the server spends on a request, which the
// server would then lack. A request is never retried, proxies are not used and redirects are not
// followed: an answer is recorded as it came.
type httpConn struct {
	addr    string      // host:port to dial
	host    string      // the Host header
	tls     *tls.Config // nil for http
	timeout time.Duration
	conn    net.Conn // nil until the first request, and after a failure or a close by the server
	in      *bufio.Reader
	out     []byte // the request being written, reused
}

// newHTTPConn returns an unconnected httpConn to the http or https URL target; every request is
// limited to timeout.
func newHTTPConn(target *url.URL, timeout time.Duration) *httpConn {
	c := &httpConn{host: target.Host, timeout: timeout}
	port := target.Port()
	if target.Scheme == "https" {
		c.tls = &tls.Config{ServerName: target.Hostname(), MinVersion: tls.VersionTLS12}
		if port == "" {
			port = "443"
		}
	} else if port == "" {
		port = "80"
	}
	c.addr = net.JoinHostPort(target.Hostname(), port)
	return c
}

// roundTrip sends one request (body nil for none) and reads the whole answer's body into into.
// It returns the answer's status and header, or an error when no complete answer came.
func (c *httpConn) roundTrip(ctx context.Context, method, path string, fields []headerField, body []byte, into *bytes.Buffer) (int, http.Header, error) {
	if err := c.connect(ctx); err != nil {
		return 0, nil, err
	}
	conn := c.conn
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(longAgo) })
	status, h, keep, err := c.exchange(method, path, fields, body, into)
	if !stop() { // cancelled: the deadline is in the past now
		keep = false
		if err != nil {
			err = errors.Join(err, ctx.Err())
		}
	}
	if err != nil || !keep {
		c.close()
	}
	return status, h, err
}

// connect dials the target unless a connection is open.
func (c *httpConn) connect(ctx context.Context) error {
	if c.conn != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	d := net.Dialer{KeepAlive: 30 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	if c.tls != nil {
		tc := tls.Client(conn, c.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return fmt.Errorf("TLS handshake: %w", err)
		}
		conn = tc
	}
	c.conn, c.in = conn, bufio.NewReaderSize(conn, 16<<10)
	return nil
}

// exchange writes the request and reads the answer on the open connection; keep reports whether
// the connection may carry another request.
func (c *httpConn) exchange(method, path string, fields []headerField, body []byte, into *bytes.Buffer) (status int, h http.Header, keep bool, err error) {
	if err := c.conn.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, nil, false, err
	}
	c.out = appendRequest(c.out[:0], method, path, c.host, fields, body)
	if _, err := c.conn.Write(c.out); err != nil {
		return 0, nil, false, fmt.Errorf("write request: %w", err)
	}
	resp, err := http.ReadResponse(c.in, nil)
	if err != nil {
		return 0, nil, false, fmt.Errorf("read answer: %w", err)
	}
	into.Reset()
	_, err = into.ReadFrom(resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("read answer body: %w", err)
	}
	return resp.StatusCode, resp.Header, !resp.Close, nil
}

// close drops the connection; the next request dials a new one.
func (c *httpConn) close() {
	if c.conn != nil {
		_ = c.conn.Close()
		c.conn, c.in = nil, nil
	}
}

// appendRequest appends an HTTP/1.1 request to b: a Content-Length is sent when body is not nil.
func appendRequest(b []byte, method, path, host string, fields []headerField, body []byte) []byte {
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, path...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, host...)
	b = append(b, "\r\nUser-Agent: taskgate-load\r\n"...)
	for _, f := range fields {
		b = append(b, f.name...)
		b = append(b, ": "...)
		b = append(b, f.value...)
		b = append(b, "\r\n"...)
	}
	if body != nil {
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, int64(len(body)), 10)
		b = append(b, "\r\n"...)
	}
	b = append(b, "\r\n"...)
	return append(b, body...)
}
