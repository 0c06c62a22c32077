package main

import (
	"net"
	"net/http"
	"time"
)

// newHTTPClient returns the one client a run shares among its workers. It keeps an idle
// connection per worker (and some spare), never uses a proxy from the environment and never
// follows redirects, so every request goes to the --url host and nowhere else.
func newHTTPClient(workers int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		MaxIdleConns:        2 * workers,
		MaxIdleConnsPerHost: 2 * workers,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // bodies are opaque sealed bytes, as for Taskwarrior's client
		TLSHandshakeTimeout: 5 * time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
