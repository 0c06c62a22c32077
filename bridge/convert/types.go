package convert

import (
	"fmt"
	"maps"
)

// Type is a Taskwarrior attribute type. It decides how a value is written in 2.x JSON.
type Type uint8

const (
	// String values are JSON strings, escaped the way Taskwarrior escapes them.
	String Type = iota
	// Date values are epoch seconds in a task map and YYYYMMDDTHHMMSSZ (UTC) in 2.x JSON.
	Date
	// Numeric values are bare JSON numbers in 2.x JSON and their decimal text in a task map.
	Numeric
	// Duration values (and any other type Taskwarrior quotes without escaping) are JSON
	// strings holding the raw text, such as an ISO 8601 duration "PT2H".
	Duration
)

// String returns the type's name as Taskwarrior's uda.<name>.type setting spells it.
func (t Type) String() string {
	switch t {
	case Date:
		return "date"
	case Numeric:
		return "numeric"
	case Duration:
		return "duration"
	default:
		return "string"
	}
}

// ParseType reads a type name as written in uda.<name>.type ("string", "date", "numeric",
// "duration").
func ParseType(name string) (Type, error) {
	for _, t := range []Type{String, Date, Numeric, Duration} {
		if t.String() == name {
			return t, nil
		}
	}
	return String, fmt.Errorf("convert: unknown attribute type %q", name)
}

// builtin holds the types of Taskwarrior's own attributes (its columns). It is read-only.
var builtin = map[string]Type{
	"due": Date, "end": Date, "entry": Date, "modified": Date,
	"scheduled": Date, "start": Date, "until": Date, "wait": Date,
	"imask": Numeric, "last": Numeric,
	"depends": String, "description": String, "mask": String, "parent": String,
	"priority": String, "project": String, "recur": String, "rtype": String,
	"status": String, "tags": String, "template": String, "uuid": String,
}

// Types maps attribute names to types: Taskwarrior's built-in attributes plus the UDAs a
// caller declares. Unknown names are String: their values pass through as written. The zero
// value knows only the built-ins. A Types value is immutable; WithUDA returns a modified copy.
//
// A value is converted only when its attribute is known to be a date and the value is a
// well-formed one, both ways and losslessly: the ISO basic form a 2.x client writes
// (YYYYMMDDTHHMMSSZ) to the canonical epoch seconds a 3.x client writes, and back. Any other
// value of a date UDA is kept as written. Taskwarrior's own date attributes are also read from
// the other date forms a `task import` file may hold (see ToTaskMap).
type Types struct {
	uda map[string]Type
}

// NewTypes returns the built-in types plus the given UDA types. The map is copied.
func NewTypes(udas map[string]Type) Types {
	return Types{uda: maps.Clone(udas)}
}

// WithUDA returns a copy of t that also knows the UDA name with type typ.
func (t Types) WithUDA(name string, typ Type) Types {
	u := make(map[string]Type, len(t.uda)+1)
	maps.Copy(u, t.uda)
	u[name] = typ
	return Types{uda: u}
}

// Of returns the type of the attribute name. Built-in attributes keep their own type even
// when a UDA of the same name is declared; unknown names are String.
func (t Types) Of(name string) Type {
	typ, _ := t.lookup(name)
	return typ
}

// lookup returns the type of the attribute name and whether it is one of Taskwarrior's own.
func (t Types) lookup(name string) (Type, bool) {
	if typ, ok := builtin[name]; ok {
		return typ, true
	}
	if typ, ok := t.uda[name]; ok {
		return typ, false
	}
	return String, false
}

// IsBuiltin reports whether name is one of Taskwarrior's own attributes, whose type no UDA
// declaration changes.
func IsBuiltin(name string) bool {
	_, ok := builtin[name]
	return ok
}
