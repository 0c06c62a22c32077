package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The setters below turn option text into config fields.

func setString(dst *string) func(string) error {
	return func(v string) error { *dst = v; return nil }
}

func setBool(dst *bool) func(string) error {
	return func(v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*dst = b
		return nil
	}
}

// setNegatedBool is for switches such as --no-migrate that clear dst when given.
func setNegatedBool(dst *bool) func(string) error {
	return func(v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*dst = !b
		return nil
	}
}

func setInt(dst *int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*dst = n
		return nil
	}
}

func setInt64(dst *int64) func(string) error {
	return func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*dst = n
		return nil
	}
}

// setFloat accepts a decimal number such as 50 or 0.5.
func setFloat(dst *float64) func(string) error {
	return func(v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
		*dst = f
		return nil
	}
}

func setDuration(dst *time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration such as 30s or 5m", v)
		}
		*dst = d
		return nil
	}
}

// setStringList appends; an empty value resets the list.
func setStringList(dst *[]string) func(string) error {
	return func(v string) error {
		if v == "" {
			*dst = nil
			return nil
		}
		*dst = append(*dst, v)
		return nil
	}
}

// setUUIDList appends; an empty value resets the list.
func setUUIDList(dst *[]uuid.UUID) func(string) error {
	return func(v string) error {
		if v == "" {
			*dst = nil
			return nil
		}
		id, err := uuid.Parse(v)
		if err != nil {
			return fmt.Errorf("%q is not a UUID", v)
		}
		*dst = append(*dst, id)
		return nil
	}
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1},
}

// setSize accepts a byte count with an optional unit: 104857600, 100MiB, 10MB.
func setSize(dst *int64) func(string) error {
	return func(v string) error {
		num, mult := v, int64(1)
		for _, u := range sizeUnits {
			if strings.HasSuffix(v, u.suffix) {
				num, mult = strings.TrimSpace(strings.TrimSuffix(v, u.suffix)), u.mult
				break
			}
		}
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a size such as 104857600 or 100MiB", v)
		}
		*dst = n * mult
		return nil
	}
}
