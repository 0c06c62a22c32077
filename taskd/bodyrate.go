package taskd

import (
	"fmt"
	"io"
	"net"
	"time"
)

// rateReader reads a request body under a deadline that grows with what has arrived: before
// each read, the deadline is start + grace + received/rate. A client that keeps sending at the
// rate or faster is never cut off, whatever the body's size; one that trickles or stops is, at
// most grace plus one second per rate bytes after it fell behind.
type rateReader struct {
	r        io.Reader
	nc       net.Conn // where the deadline is set
	start    time.Time
	grace    time.Duration
	rate     int // bytes per second, positive
	received int64
}

// Read implements io.Reader.
func (r *rateReader) Read(p []byte) (int, error) {
	allowed := r.grace + time.Duration(r.received)*time.Second/time.Duration(r.rate)
	if err := r.nc.SetDeadline(r.start.Add(allowed)); err != nil {
		return 0, fmt.Errorf("taskd: set body deadline: %w", err)
	}
	n, err := r.r.Read(p)
	r.received += int64(n)
	return n, err
}
