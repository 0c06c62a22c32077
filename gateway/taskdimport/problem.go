package taskdimport

import "fmt"

// Problem is something in the taskd root that the import skipped or could not use: a damaged
// line, an unreadable directory, a setting that is not followed.
type Problem struct {
	// File is the path of the file or directory concerned.
	File string `json:"file"`
	// Line is the 1-based line of File, or 0 when the problem is not about one line.
	Line int `json:"line,omitempty"`
	// Message says what was wrong and what the import did about it.
	Message string `json:"message"`
}

// String formats the problem as file:line: message.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// problemf returns a Problem with a formatted message.
func problemf(file string, line int, format string, args ...any) Problem {
	return Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...)}
}
