package convert

import "errors"

// Sentinel errors returned (wrapped) by ToTaskMap.
var (
	// ErrSyntax means the input is not a single JSON object.
	ErrSyntax = errors.New("convert: not a JSON object")
	// ErrUUID means the task has no uuid or the uuid is not a hyphenated UUID string.
	ErrUUID = errors.New("convert: missing or invalid uuid")
	// ErrAttribute means an attribute has a shape Taskwarrior cannot import either, such as
	// annotations that are not an array of objects with a description, or a tag that is not
	// a string.
	ErrAttribute = errors.New("convert: malformed attribute")
)
