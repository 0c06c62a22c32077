package sqlite

import (
	"regexp"
	"strings"
	"testing"
)

// TestCachedJoinsCompareIDsWithUnaryPlus keeps the prepared statements that join from comparing
// an id column with a bare parameter, which makes SQLite plan them again whenever the id bound
// changes to or from 0 or 1 (see stmtCache).
func TestCachedJoinsCompareIDsWithUnaryPlus(t *testing.T) {
	bare := regexp.MustCompile(`(\.id|account_id)\s*=\s*\?`)
	for _, q := range append(readQueries(), writeQueries()...) {
		if strings.Contains(q, "JOIN") && bare.MatchString(q) {
			t.Errorf("a statement that joins compares an id with a bare parameter (write = +?):\n%s", q)
		}
	}
}
