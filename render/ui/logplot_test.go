package ui

import (
	"math"
	"slices"
	"testing"

	"rnnlab/words"
)

func TestFitLogScale(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for i, c := range []struct {
		vals        []float64
		bottom, top float64
	}{
		{nil, -3, 0},                                         // nothing to go by
		{[]float64{0, 0, nan, inf}, -3, 0},                   // nor here
		{[]float64{1, 0.1}, -2.85, 0.15},                     // at least three decades
		{[]float64{1, 1e-4}, -4.3, 0.15},                     // room under the smallest
		{[]float64{-10, 2e-6}, math.Log10(2e-6) - 0.3, 1.15}, // magnitudes
		{[]float64{1e4, 0.01, 0}, -2.3, 4.15},                // an exploding ReLU RNN, and a zero
		{[]float64{1e12, 1e-30}, 4.15, 12.15},                // at most eight decades
		{[]float64{math.MaxFloat64}, math.Log10(math.MaxFloat64) - 2.85, math.Log10(math.MaxFloat64) + 0.15}, // the largest float
	} {
		got := FitLogScale(c.vals)
		if math.Abs(got.Bottom-c.bottom) > 1e-9 || math.Abs(got.Top-c.top) > 1e-9 {
			t.Errorf("test %d: FitLogScale(%v) = %v, want {%v %v}", i, c.vals, got, c.bottom, c.top)
		}
	}
	// Several slices count together.
	if got := FitLogScale([]float64{1}, []float64{1e-5}); math.Abs(got.Bottom+5.3) > 1e-9 {
		t.Errorf("two slices: %v", got)
	}
}

func TestLogScaleFrac(t *testing.T) {
	s := LogScale{Bottom: -4, Top: 0}
	for i, c := range []struct {
		v    float64
		f    float64
		kind LogKind
	}{
		{1, 1, LogIn},
		{0.1, 0.75, LogIn},
		{-0.01, 0.5, LogIn}, // a magnitude
		{1e-4, 0, LogIn},
		{1e-5, 0, LogBelow},
		{10, 1, LogAbove},
		{0, 0, LogZero},
		{math.NaN(), 1, LogBad},
		{math.Inf(-1), 1, LogBad},
	} {
		f, kind := s.Frac(c.v)
		if math.Abs(f-c.f) > 1e-12 || kind != c.kind {
			t.Errorf("test %d: Frac(%v) = %v, %v; want %v, %v", i, c.v, f, kind, c.f, c.kind)
		}
	}
	// Each decade is the same height, and the grid lines agree with Y.
	r := Rect{X: 0, Y: 100, W: 10, H: 80}
	for e := -4; e <= 0; e++ {
		want := 100 + 80*float64(-e)/4
		if y := s.DecadeY(e, r); math.Abs(y-want) > 1e-9 {
			t.Errorf("DecadeY(%d) = %v, want %v", e, y, want)
		}
		if y := s.Y(math.Pow(10, float64(e)), r); math.Abs(y-want) > 1e-9 {
			t.Errorf("Y(10^%d) = %v, want %v", e, y, want)
		}
	}
	if f, kind := (LogScale{2, 2}).Frac(5); f != 0 || kind != LogBelow {
		t.Errorf("an empty scale places 5 at %v, %v", f, kind)
	}
}

func TestLogScaleGridAndTicks(t *testing.T) {
	for i, c := range []struct {
		s          LogScale
		h, gap     float64
		grid, want []int
	}{
		{LogScale{-4, 0}, 100, 20, []int{0, -1, -2, -3, -4}, []int{0, -1, -2, -3, -4}}, // 25 px a decade
		{LogScale{-4, 0}, 60, 20, []int{0, -1, -2, -3, -4}, []int{0, -2, -4}},          // 15: every second
		{LogScale{-8, 0}, 60, 20, []int{0, -1, -2, -3, -4, -5, -6, -7, -8}, []int{0, -3, -6}},
		{LogScale{-4.3, 0.15}, 100, 20, []int{0, -1, -2, -3, -4}, []int{0, -1, -2, -3, -4}},
		{LogScale{-2.5, 0.5}, 100, 20, []int{0, -1, -2}, []int{0, -1, -2}}, // only lines inside
		{LogScale{-2, 5}, 14, 20, []int{5, 4, 3, 2, 1, 0, -1, -2}, nil},    // no room for labels
		{LogScale{0, 0}, 100, 20, []int{0}, []int{0}},
	} {
		if got := c.s.Grid(); !slices.Equal(got, c.grid) {
			t.Errorf("test %d: Grid = %v, want %v", i, got, c.grid)
		}
		if got := c.s.Ticks(c.h, c.gap); !slices.Equal(got, c.want) {
			t.Errorf("test %d: Ticks = %v, want %v", i, got, c.want)
		}
	}
}

func TestDecadeLabelAndSci(t *testing.T) {
	for e, want := range map[int]string{0: "1", 1: "10", 2: "10²", -1: "10⁻¹", -12: "10⁻¹²", 30: "10³⁰"} {
		if got := DecadeLabel(e); got != want {
			t.Errorf("DecadeLabel(%d) = %q, want %q", e, got, want)
		}
	}
	for i, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{0.42, "0.42"},
		{0.0421, "0.042"},
		{3.14159, "3.1"},
		{250.4, "250"},
		{999.6, "1.0×10³"}, // rounds up to the next decade
		{0.009996, "0.010"},
		{3.2e-5, "3.2×10⁻⁵"},
		{-4.56e7, "−4.6×10⁷"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "∞"},
	} {
		if got := Sci(words.English, c.v); got != c.want {
			t.Errorf("test %d: Sci(%v) = %q, want %q", i, c.v, got, c.want)
		}
	}
}

func TestFraction(t *testing.T) {
	for i, c := range []struct {
		r    float64
		want string
	}{
		{0.81, "×0.81"},
		{1, "×1.0"},
		{12.3, "×12"},
		{0.1, "×0.10"},
		{0.0102, "1/98"},
		{3.5e-3, "1/290"},
		{1e-7, "1/1.0×10⁷"},
		{0, "0"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "×∞"},
	} {
		if got := Fraction(words.English, c.r); got != c.want {
			t.Errorf("test %d: Fraction(%v) = %q, want %q", i, c.r, got, c.want)
		}
	}
}
