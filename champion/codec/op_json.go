package codec

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// MarshalJSON encodes o in the wire form, for example
// {"Update":{"uuid":"…","property":"…","value":null,"timestamp":"…Z"}}.
// It fails for an invalid Kind, strings that are not valid UTF-8, and
// timestamps outside years 0000-9999.
func (o Op) MarshalJSON() ([]byte, error) {
	return o.appendJSON(nil)
}

// appendJSON appends the wire form of o to b.
func (o Op) appendJSON(b []byte) ([]byte, error) {
	if !o.Kind.valid() {
		return b, fmt.Errorf("%w: kind %d", ErrInvalidOp, o.Kind)
	}
	b = append(b, `{"`...)
	b = append(b, o.Kind.String()...)
	b = append(b, `":{"uuid":"`...)
	b = append(b, o.UUID.String()...)
	b = append(b, '"')
	if o.Kind == OpUpdate {
		var err error
		if b, err = o.appendUpdateFields(b); err != nil {
			return b, fmt.Errorf("%w: %s %s: %w", ErrInvalidOp, o.Kind, o.UUID, err)
		}
	}
	return append(b, "}}"...), nil
}

// appendUpdateFields appends the property, value and timestamp members.
func (o Op) appendUpdateFields(b []byte) ([]byte, error) {
	var err error
	b = append(b, `,"property":`...)
	if b, err = appendJSONString(b, o.Property); err != nil {
		return b, fmt.Errorf("property: %w", err)
	}
	b = append(b, `,"value":`...)
	if o.Value == nil {
		b = append(b, "null"...)
	} else if b, err = appendJSONString(b, *o.Value); err != nil {
		return b, fmt.Errorf("value of %q: %w", o.Property, err)
	}
	b = append(b, `,"timestamp":"`...)
	if b, err = appendTimestamp(b, o.Timestamp); err != nil {
		return b, err
	}
	return append(b, '"'), nil
}

// UnmarshalJSON decodes one operation strictly: the input must be valid
// UTF-8 and an object with exactly one key, Create, Delete or Update, whose
// object carries a valid uuid and, for Update, a string property, a string
// or null value (absent means null) and an RFC 3339 timestamp (any offset;
// stored in UTC). Unknown members of the inner object are ignored, as the
// reference client does. On error o is left unchanged.
func (o *Op) UnmarshalJSON(data []byte) error {
	err := checkJSON(data)
	if err == nil {
		err = o.decodeChecked(data)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidOp, err)
	}
	return nil
}

// decodeChecked decodes an operation from data that passed checkJSON.
func (o *Op) decodeChecked(data []byte) error {
	var buf [2]member
	outer, err := readObject(buf[:0], data)
	if err != nil {
		return err
	}
	if len(outer) != 1 {
		return fmt.Errorf("want exactly one variant key (Create, Delete or Update), got %d", len(outer))
	}
	op, err := decodeInner(outer[0])
	if err != nil {
		return fmt.Errorf("%q: %w", outer[0].key, err)
	}
	*o = op
	return nil
}

// decodeInner decodes the object under the variant key.
func decodeInner(variant member) (Op, error) {
	kind, err := variantKind(string(variant.key))
	if err != nil {
		return Op{}, err
	}
	var buf [4]member
	inner, err := readObject(buf[:0], variant.value)
	if err != nil {
		return Op{}, err
	}
	id, err := uuidMember(inner, "uuid")
	if err != nil {
		return Op{}, err
	}
	if kind == OpUpdate {
		return decodeUpdate(id, inner)
	}
	return Op{Kind: kind, UUID: id}, nil
}

// variantKind maps a variant key to its OpKind.
func variantKind(variant string) (OpKind, error) {
	switch variant {
	case "Create":
		return OpCreate, nil
	case "Delete":
		return OpDelete, nil
	case "Update":
		return OpUpdate, nil
	}
	return 0, errors.New("unknown variant (want Create, Delete or Update)")
}

// decodeUpdate reads the property, value and timestamp of an Update.
func decodeUpdate(id uuid.UUID, inner []member) (Op, error) {
	prop, err := stringMember(inner, "property")
	if err != nil {
		return Op{}, err
	}
	value, err := optStringMember(inner, "value")
	if err != nil {
		return Op{}, err
	}
	raw, err := stringMember(inner, "timestamp")
	if err != nil {
		return Op{}, err
	}
	ts, err := parseTimestamp(raw)
	if err != nil {
		return Op{}, err
	}
	return Op{Kind: OpUpdate, UUID: id, Property: prop, Value: value, Timestamp: ts}, nil
}

// uuidMember reads a required UUID string member.
func uuidMember(members []member, key string) (uuid.UUID, error) {
	raw, err := rawStringMember(members, key)
	if err != nil {
		return uuid.Nil, err
	}
	if raw == nil {
		return uuid.Nil, fmt.Errorf("missing %s", key)
	}
	id, err := uuid.ParseBytes(raw)
	if err != nil {
		return uuid.Nil, fmt.Errorf("%s %q: %w", key, raw, err)
	}
	return id, nil
}

// stringMember reads a required, non-null string member.
func stringMember(members []member, key string) (string, error) {
	v, err := optStringMember(members, key)
	if err != nil {
		return "", err
	}
	if v == nil {
		return "", fmt.Errorf("missing %s", key)
	}
	return *v, nil
}

// optStringMember reads a string member; absent or null yields nil.
func optStringMember(members []member, key string) (*string, error) {
	raw, err := rawStringMember(members, key)
	if raw == nil || err != nil {
		return nil, err
	}
	v := string(raw)
	return &v, nil
}

// rawStringMember returns the unquoted bytes of a string member; absent or
// null yields nil.
func rawStringMember(members []member, key string) ([]byte, error) {
	raw := lookup(members, key)
	if raw == nil || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '"' {
		return nil, fmt.Errorf("%s must be a string, got %.20s", key, raw)
	}
	s, err := unquote(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	if s == nil {
		s = []byte{}
	}
	return s, nil
}
