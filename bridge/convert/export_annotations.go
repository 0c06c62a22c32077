package convert

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// annotationEntry is one annotation of a task map: its entry time and text.
type annotationEntry struct {
	key   string
	entry int64
	text  string
}

// appendAnnotations appends ,"annotations":[{"entry":…,"description":…},…] ordered by entry
// time, or nothing when the task has none. Keys whose suffix is not an integer (which
// TaskChampion ignores too) and empty annotations are left out: a 2.x client could not
// import the one and has no use for the other.
func appendAnnotations(buf []byte, m TaskMap) []byte {
	list := annotationList(m)
	if len(list) == 0 {
		return buf
	}
	buf = append(buf, `,"annotations":[`...)
	for i, a := range list {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"entry":`...)
		buf = appendString(buf, isoText(strconv.FormatInt(a.entry, 10)))
		buf = append(buf, `,"description":`...)
		buf = appendString(buf, a.text)
		buf = append(buf, '}')
	}
	return append(buf, ']')
}

// annotationList returns the task's annotations ordered by entry time, then key.
func annotationList(m TaskMap) []annotationEntry {
	var list []annotationEntry
	for key, text := range m {
		suffix, ok := strings.CutPrefix(key, annotationPrefix)
		if !ok || text == "" {
			continue
		}
		if n, err := strconv.ParseInt(suffix, 10, 64); err == nil {
			list = append(list, annotationEntry{key: key, entry: n, text: text})
		}
	}
	slices.SortFunc(list, func(a, b annotationEntry) int {
		return cmp.Or(cmp.Compare(a.entry, b.entry), strings.Compare(a.key, b.key))
	})
	return list
}
