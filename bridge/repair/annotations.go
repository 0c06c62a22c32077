package repair

import (
	"strconv"
	"strings"
	"time"

	"github.com/taskgate/taskgate/champion/codec"
)

// AnnotationPrefix starts the key of an annotation: annotation_<entry epoch seconds>.
const AnnotationPrefix = "annotation_"

// annotationSecond returns the entry second of an annotation key.
func annotationSecond(key string) (int64, bool) {
	suffix, ok := strings.CutPrefix(key, AnnotationPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(suffix, 10, 64)
	return n, err == nil
}

// IsAnnotationClash reports whether an update of key from old (set at oldAt) to value (at
// at) is a second device's annotation taking the key of another's, rather than an edit of one
// annotation: key is an annotation key, both texts are set and differ, and both were written
// within the key's second or earlier, as only the adding of an annotation is (a client keys a
// new annotation by the current second, or a later free one).
func IsAnnotationClash(key, old string, oldAt time.Time, value string, at time.Time) bool {
	sec, ok := annotationSecond(key)
	if !ok || old == "" || value == "" || old == value {
		return false
	}
	end := time.Unix(sec+1, 0)
	return oldAt.Before(end) && at.Before(end)
}

// Clash is two annotations that want the same key.
type Clash struct {
	// Key is the annotation key both want.
	Key string
	// Texts are the two annotations' texts.
	Texts [2]string
}

// PlaceAnnotations returns the property changes that keep both texts of a clash on task m
// (which holds one of them at the key): the text that sorts first at the key, the other at the
// next second after it that neither m nor any of also uses for an annotation (a merge passes
// the uploading client's task, whose keys are its own). A text m already holds under another
// annotation key stays where it is. m is not changed. Nil when the key is not an annotation
// key.
func PlaceAnnotations(m codec.TaskMap, c Clash, also ...codec.TaskMap) map[string]string {
	sec, ok := annotationSecond(c.Key)
	if !ok {
		return nil
	}
	first, second := c.Texts[0], c.Texts[1]
	if second < first {
		first, second = second, first
	}
	if elsewhere(m, c.Key, second) {
		return map[string]string{c.Key: first}
	}
	if elsewhere(m, c.Key, first) {
		return map[string]string{c.Key: second}
	}
	free := sec + 1
	for taken(AnnotationPrefix+strconv.FormatInt(free, 10), m, also) {
		free++
	}
	return map[string]string{c.Key: first, AnnotationPrefix + strconv.FormatInt(free, 10): second}
}

// elsewhere reports whether m holds text as an annotation under a key other than key.
func elsewhere(m codec.TaskMap, key, text string) bool {
	for k, v := range m {
		if k != key && v == text && strings.HasPrefix(k, AnnotationPrefix) {
			return true
		}
	}
	return false
}

// taken reports whether m or one of also has key.
func taken(key string, m codec.TaskMap, also []codec.TaskMap) bool {
	if _, ok := m[key]; ok {
		return true
	}
	for _, a := range also {
		if _, ok := a[key]; ok {
			return true
		}
	}
	return false
}
