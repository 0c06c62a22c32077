package champion

import "github.com/taskgate/taskgate/chain"

// urgencyHeader returns the X-Snapshot-Request value of u, or "" for none.
func urgencyHeader(u chain.Urgency) string {
	switch u {
	case chain.UrgencyLow:
		return "urgency=low"
	case chain.UrgencyHigh:
		return "urgency=high"
	}
	return ""
}
