package memtest

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLeast(t *testing.T) {
	for _, c := range []struct {
		name    string
		figures []float64
		want    float64
		tries   int
	}{
		{"first within the bound", []float64{3, 5, 1}, 3, 1},
		{"a later one within it", []float64{4.1, 3.5, 1}, 3.5, 2},
		{"over it every time: the least", []float64{4.3, 4.1, 4.2}, 4.1, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			tries := 0
			got := Least(3, 4, func() float64 { tries++; return c.figures[tries-1] })
			require.Equal(t, c.want, got)
			require.Equal(t, c.tries, tries)
		})
	}
}
