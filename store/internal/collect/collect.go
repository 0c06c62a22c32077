// Package collect gathers what a store's row-by-row read yields into a slice, for the engines'
// reads that return whole results.
package collect

// All calls each with a function that appends every value it is given, and returns the values
// (an empty, non-nil slice when there is none), or each's error.
func All[T any](each func(fn func(T) error) error) ([]T, error) {
	all := []T{}
	err := each(func(v T) error {
		all = append(all, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}
