package postgres

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// TestMapErrUnavailable: every way pgx reports a lost connection maps to store.ErrUnavailable
// (503 and taskd 420 for the client), and other failures do not.
func TestMapErrUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name        string
		err         error
		unavailable bool
	}{
		{"ConnectionEndedInAMessage", fmt.Errorf("error preprocessing batch (prepare): %w", io.ErrUnexpectedEOF), true},
		{"ConnectionEndedBetweenMessages", fmt.Errorf("receive message failed: %w", io.EOF), true},
		{"NetworkError", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, true},
		{"OtherFailure", errors.New("syntax error at or near"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.unavailable, errors.Is(mapErr("op", tc.err), store.ErrUnavailable))
		})
	}
}
