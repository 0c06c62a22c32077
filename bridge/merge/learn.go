package merge

import (
	"encoding/json"
	"strings"

	"github.com/taskgate/taskgate/bridge/convert"
)

// LearnTypes returns the types of UDAs that the 2.x task lines reveal and types does not
// know yet: for every attribute that is neither Taskwarrior's own nor typed already, the
// type convert.InferUDAType reads from its value, kept only when it is Date or Numeric
// (String is every attribute's default). The first line that reveals a type wins. Lines
// that are not JSON objects are skipped; ParseUpload reports them. Nil when nothing new.
//
// A UDA declared as a string whose first uploaded value happens to look like a date or a
// number is learned as that type; declare such a UDA's type with the account instead.
func LearnTypes(lines [][]byte, types convert.Types) map[string]convert.Type {
	var learned map[string]convert.Type
	for _, line := range lines {
		var obj map[string]json.RawMessage
		if json.Unmarshal(line, &obj) != nil {
			continue
		}
		for name, raw := range obj {
			if _, known := learned[name]; known || !learnable(name, types) {
				continue
			}
			if typ := convert.InferUDAType(raw); typ != convert.String {
				if learned == nil {
					learned = map[string]convert.Type{}
				}
				learned[name] = typ
			}
		}
	}
	return learned
}

// learnable reports whether name may be a UDA whose type is unknown.
func learnable(name string, types convert.Types) bool {
	if types.Of(name) != convert.String || ownAttribute(name) {
		return false
	}
	return !strings.HasPrefix(name, tagPrefix) && !strings.HasPrefix(name, depPrefix) &&
		!strings.HasPrefix(name, "annotation_")
}

// ownAttribute reports whether name is one of Taskwarrior's own string attributes or a
// key of the 2.x JSON form that is not an attribute. (Its date and numeric attributes
// are typed already.)
func ownAttribute(name string) bool {
	switch name {
	case "annotations", "depends", "description", "id", "mask", "modification", "parent",
		"priority", "project", "recur", "rtype", "status", "tags", "template", "urgency", "uuid":
		return true
	}
	return false
}
