package convert

import (
	"strconv"
	"strings"

	"github.com/taskgate/taskgate/champion/codec"
)

// TaskMap is a task as TaskChampion stores it: property name to value. The task's uuid is
// not a property; it is passed alongside. It is the codec's type, so a map read from a
// version or from the task state converts without a copy.
type TaskMap = codec.TaskMap

// Key prefixes of the properties that hold one tag, one dependency or one annotation.
const (
	tagPrefix        = "tag_"
	depPrefix        = "dep_"
	annotationPrefix = "annotation_"
)

// Legacy mirror properties Taskwarrior 3 keeps next to the tag_ and dep_ keys.
const (
	tagsKey    = "tags"
	dependsKey = "depends"
)

// isListKey reports whether key is one of the properties that 2.x JSON carries as an array
// (tags, depends, annotations) rather than as an attribute of its own.
func isListKey(key string) bool {
	switch key {
	case tagsKey, dependsKey, "annotations":
		return true
	}
	return strings.HasPrefix(key, tagPrefix) ||
		strings.HasPrefix(key, depPrefix) ||
		strings.HasPrefix(key, annotationPrefix)
}

// annotationKey returns the property name of an annotation entered at epoch second n.
func annotationKey(n int64) string {
	return annotationPrefix + strconv.FormatInt(n, 10)
}
