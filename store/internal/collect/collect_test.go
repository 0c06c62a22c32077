package collect

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAll(t *testing.T) {
	got, err := All(func(fn func(int) error) error {
		for i := range 3 {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, []int{0, 1, 2}, got)

	none, err := All(func(func(int) error) error { return nil })
	require.NoError(t, err)
	require.NotNil(t, none, "an empty result is an empty slice")

	failed := errors.New("read failed")
	_, err = All(func(func(int) error) error { return failed })
	require.ErrorIs(t, err, failed)
}
