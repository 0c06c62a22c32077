package interop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMergeUDAValuesAsWritten: two 2.6 and two 3.5 devices declare the UDA ref a string and the
// UDA review a date; the account declares review a date with `taskgate account uda`. Values of
// ref shaped like dates and numbers (20270101T000000Z, 12345, 0042, 2027-06-30) reach every
// device exactly as written, from either client generation; date values of review reach every
// device as the same date. Every device then exports the same tasks.
func TestMergeUDAValuesAsWritten(t *testing.T) {
	t.Parallel()
	eachStore(t, testMergeUDAValues)
}

func testMergeUDAValues(t *testing.T, storeArgs []string) {
	q := newQuartet(t, storeArgs, "uda.ref.type=string", "uda.review.type=date")
	q.srv.admin(t, "account", "uda", q.acct.name, "set", "review=date")
	require.Contains(t, q.srv.admin(t, "account", "uda", q.acct.name, "list"), "review")

	a, b, c := q.twos[0], q.twos[1], q.thrs[0]
	a.task(t, "add", "iso shaped", "ref:20270101T000000Z")
	a.task(t, "add", "number shaped", "ref:12345")
	c.task(t, "add", "zeros", "ref:0042")
	c.task(t, "add", "dashes", "ref:2027-06-30")
	b.task(t, "add", "reviewed on 2.6", "review:2027-05-06")
	c.task(t, "add", "reviewed on 3.5", "review:2027-03-04")
	q.syncRounds(t, 2)
	tasks := q.requireSame(t)

	for desc, want := range map[string]string{"iso shaped": "20270101T000000Z", "number shaped": "12345",
		"zeros": "0042", "dashes": "2027-06-30"} {
		require.Equal(t, want, tasks.byDescription(t, desc)["ref"], "ref of %q", desc)
	}
	require.Equal(t, "20270506T000000Z", tasks.byDescription(t, "reviewed on 2.6")["review"])
	require.Equal(t, "20270304T000000Z", tasks.byDescription(t, "reviewed on 3.5")["review"])

	// A later value of the same shape still arrives as written.
	a.task(t, a.uuidOf(t, "zeros"), "modify", "ref:19700101T000042Z")
	q.syncRounds(t, 2, 0, 2, 1, 3)
	tasks = q.requireSame(t)
	require.Equal(t, "19700101T000042Z", tasks.byDescription(t, "zeros")["ref"])
	require.Equal(t, "12345", tasks.byDescription(t, "number shaped")["ref"])
}
