package merge

import (
	"strconv"
	"time"

	"github.com/taskgate/taskgate/bridge/convert"
)

// Range of epoch seconds whose year has four digits (0001 to 9999), the range an
// operation timestamp can be written in.
const (
	minEpoch = -62135596800
	maxEpoch = 253402300799
)

// epochTime reads a task map date (epoch seconds as decimal text) as a UTC time.
func epochTime(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < minEpoch || n > maxEpoch {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// editTime returns when a 2.x client made a version, as taskd's last_modification does:
// its modified time, else its end, start or entry time, else the zero time.
func editTime(m convert.TaskMap) time.Time {
	for _, key := range []string{modifiedKey, "end", "start", "entry"} {
		if at, ok := epochTime(m[key]); ok {
			return at
		}
	}
	return time.Time{}
}
