package merge

import (
	"maps"
	"time"

	"github.com/taskgate/taskgate/bridge/convert"
)

// serverSide is what the store says about one task.
type serverSide struct {
	State
	// fallback dates properties CurrentTimes has no entry for: Current's modified time.
	fallback time.Time
}

// newServerSide wraps st.
func newServerSide(st State) serverSide {
	at, _ := epochTime(st.Current[modifiedKey])
	return serverSide{State: st, fallback: at}
}

// claims reports whether the server side has its own say on prop since Base: it changed
// the property since Base or, without a Base, it has or removed the property at all. A
// task that does not exist now claims nothing.
func (s serverSide) claims(prop string) bool {
	switch {
	case s.Current == nil:
		return false
	case s.Base == nil:
		_, has := s.Current[prop]
		_, timed := s.CurrentTimes[prop]
		return has || timed
	default:
		return !equalAt(prop, s.Base, s.Current)
	}
}

// timeOf returns the time of the server's last change to prop.
func (s serverSide) timeOf(prop string) time.Time {
	if at, ok := s.CurrentTimes[prop]; ok {
		return at
	}
	return s.fallback
}

// start returns the map the merge starts from: a copy of Current, or an empty map when
// the task does not exist.
func (s serverSide) start() convert.TaskMap {
	m := make(convert.TaskMap, len(s.Current)+4)
	maps.Copy(m, s.Current)
	return m
}
