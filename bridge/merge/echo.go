package merge

import "github.com/taskgate/taskgate/bridge/convert"

// visibleEqual reports whether a 2.x client would see a and b as the same task: the
// mirrors aside (2.x JSON derives them from the keys), tag and dependency keys compared
// by presence, and empty values treated as absent (2.x JSON leaves them out).
func visibleEqual(a, b convert.TaskMap) bool {
	return visibleSubset(a, b) && visibleSubset(b, a)
}

// visibleSubset reports whether everything a 2.x client sees of a is also in b.
func visibleSubset(a, b convert.TaskMap) bool {
	for key, value := range a {
		switch {
		case key == tagsKey || key == dependsKey:
		case isSetKey(key):
			if _, ok := b[key]; !ok {
				return false
			}
		case value != "" && b[key] != value:
			return false
		}
	}
	return true
}
