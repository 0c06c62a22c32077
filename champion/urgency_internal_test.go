package champion

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/chain"
)

func TestUrgencyHeader(t *testing.T) {
	t.Parallel()
	require.Equal(t, "urgency=low", urgencyHeader(chain.UrgencyLow))
	require.Equal(t, "urgency=high", urgencyHeader(chain.UrgencyHigh))
	require.Equal(t, "", urgencyHeader(chain.UrgencyNone))
}
