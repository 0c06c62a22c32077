package champion

import (
	"bytes"
	"compress/gzip"
	"io"
	"mime"
	"net/http"
	"strings"
)

// checkContentType accepts the media type want, with or without parameters, compared exactly.
func checkContentType(r *http.Request, want string) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != want {
		return errBadContentType
	}
	return nil
}

// bodyLimits are the texts the reference sends for an oversized and an empty body.
type bodyLimits struct {
	max     int64
	tooBig  string
	isEmpty string
}

// readBody reads a request body of at most lim.max bytes (after gzip decoding). A declared
// Content-Length above the limit is refused before anything is read, and a declared body is read
// into one buffer of its size; a chunked or compressed one is cut off at the limit, its buffer
// at most about twice its size.
func readBody(r *http.Request, lim bodyLimits) ([]byte, error) {
	if r.ContentLength > lim.max && !isEncoded(r) {
		return nil, errorf(http.StatusBadRequest, lim.tooBig)
	}
	src, err := decodedBody(r)
	if err != nil {
		return nil, err
	}
	if r.ContentLength > 0 && !isEncoded(r) {
		return readExactly(src, r.ContentLength)
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(src, lim.max+1))
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "could not read the request body")
	}
	if n > lim.max {
		return nil, errorf(http.StatusBadRequest, lim.tooBig)
	}
	if n == 0 {
		return nil, errorf(http.StatusBadRequest, lim.isEmpty)
	}
	return buf.Bytes(), nil
}

// readExactly reads a body of declared length n into one buffer of exactly that size, so a
// request costs its own size in memory and no more.
func readExactly(src io.Reader, n int64) ([]byte, error) {
	body := make([]byte, n)
	if _, err := io.ReadFull(src, body); err != nil {
		return nil, errorf(http.StatusBadRequest, "could not read the request body")
	}
	return body, nil
}

func isEncoded(r *http.Request) bool {
	ce := strings.TrimSpace(r.Header.Get("Content-Encoding"))
	return ce != "" && !strings.EqualFold(ce, "identity")
}

// decodedBody undoes a gzip Content-Encoding; other encodings are refused.
func decodedBody(r *http.Request) (io.Reader, error) {
	if !isEncoded(r) {
		return r.Body, nil
	}
	if !strings.EqualFold(strings.TrimSpace(r.Header.Get("Content-Encoding")), "gzip") {
		return nil, errorf(http.StatusBadRequest, "unsupported content-encoding")
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "bad gzip body")
	}
	return zr, nil
}
