package merge

import (
	"slices"
	"strings"

	"github.com/taskgate/taskgate/bridge/convert"
)

// mergeMirror recomputes the legacy mirror property (tags or depends) from the result's
// keys with the given prefix and updates it when it differs. The update is dated by the
// latest edit of such a key, or by the client's last version when it only repairs a
// stale mirror.
func mergeMirror(p *plan, client clientSide, prefix, mirror string) {
	want, ok := mirrorValue(p.result, prefix)
	have, had := p.result[mirror]
	if ok == had && want == have {
		return
	}
	at, found := p.latest(prefix)
	if !found {
		at = client.lastAt
	}
	var value *string
	if ok {
		value = &want
	}
	p.set(mirror, value, at)
}

// mirrorValue returns the names of m's keys with the given prefix, joined by commas in
// byte order as Taskwarrior 3 writes the mirror, and false when there are none.
func mirrorValue(m convert.TaskMap, prefix string) (string, bool) {
	var names []string
	for key := range m {
		if name, ok := strings.CutPrefix(key, prefix); ok && name != "" {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "", false
	}
	slices.Sort(names)
	return strings.Join(names, ","), true
}
