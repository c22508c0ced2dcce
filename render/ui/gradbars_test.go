package ui

import (
	"math"
	"slices"
	"testing"
)

// The rows of the gradients view lie inside the body, one under the other,
// and the short bodies keep the h bars, dropping the rest in order.
func TestLayoutGrad(t *testing.T) {
	for i, c := range []struct {
		h      float64
		lstm   bool
		absent []string // rows that must be left out
	}{
		{260, true, nil}, // 1280×800
		{330, true, nil}, // 1920×1080 at a larger font
		{260, false, []string{"C", "F"}},
		{150, true, []string{"Dist", "Caption"}},
		{165, true, []string{"Dist"}},
		{100, true, []string{"Dist", "Caption", "F", "C"}},
		{60, true, []string{"Dist", "Caption", "F", "C", "Chars"}},
		{20, true, []string{"Dist", "Caption", "F", "C", "Chars", "H"}},
	} {
		font := 20.0
		if c.h == 330 {
			font = 30
		}
		body := Rect{X: 10, Y: 300, W: 1200, H: c.h}
		l := LayoutGrad(body, font, c.lstm)
		rows := []struct {
			name string
			r    Rect
		}{{"Caption", l.Caption}, {"Chars", l.Chars}, {"H", l.H}, {"Dist", l.Dist}, {"C", l.C}, {"F", l.F}}
		y := body.Y
		for _, row := range rows {
			if slices.Contains(c.absent, row.name) {
				if !row.r.Empty() {
					t.Errorf("test %d: %s is %v, want it left out", i, row.name, row.r)
				}
				continue
			}
			if row.r.Empty() {
				t.Errorf("test %d: %s is left out", i, row.name)
				continue
			}
			if !row.r.Inside(body) || row.r.Y < y-1e-9 || row.r.X != body.X || row.r.W != body.W {
				t.Errorf("test %d: %s at %v: not inside %v below %v", i, row.name, row.r, body, y)
			}
			y = row.r.Y + row.r.H
		}
		if !l.H.Empty() && l.H.H < 2.2*font-1 {
			t.Errorf("test %d: h bars only %v tall", i, l.H.H)
		}
		if c.lstm && !l.C.Empty() && l.C.H > l.H.H {
			t.Errorf("test %d: c bars (%v) taller than h bars (%v)", i, l.C.H, l.H.H)
		}
	}
}

// Bars sit under their column, side by side per layer, inside it; their
// height is the value's place on the log scale.
func TestBarRect(t *testing.T) {
	s := LayoutStrip(Rect{X: 0, Y: 0, W: 1240, H: 700}, 20, 58, false)
	row := Rect{X: 0, Y: 400, W: 1240, H: 80}
	sc := LogScale{Bottom: -4, Top: 0}
	for i, c := range []struct {
		v             float64
		k, layer, lay int
		h             float64
		kind          LogKind
	}{
		{1, 0, 0, 1, 80, LogIn},
		{0.01, 5, 0, 1, 40, LogIn},
		{0.1, 57, 2, 3, 60, LogIn},
		{1e-9, 3, 1, 2, 2, LogBelow},
		{0, 3, 0, 2, 0, LogZero},
		{math.NaN(), 7, 0, 1, 80, LogBad},
		{1e6, 7, 0, 1, 80, LogAbove},
	} {
		r, kind := BarRect(s, row, sc, c.v, c.k, c.layer, c.lay, 0)
		col := Rect{X: s.ColumnX(c.k), Y: row.Y, W: s.ColW, H: row.H}
		if kind != c.kind || math.Abs(r.H-c.h) > 1e-9 {
			t.Errorf("test %d: bar of %v is %v tall (%v), want %v (%v)", i, c.v, r.H, kind, c.h, c.kind)
		}
		if r.X < col.X || r.X+r.W > col.X+col.W || r.W <= 0 {
			t.Errorf("test %d: bar %v is not inside column %d at %v", i, r, c.k, col)
		}
		if math.Abs(r.Y+r.H-(row.Y+row.H)) > 1e-9 {
			t.Errorf("test %d: bar %v does not stand on the floor %v", i, r, row.Y+row.H)
		}
	}
	// Layers side by side, bottom layer left, the same width, not
	// overlapping; centred in the column.
	for _, n := range []int{1, 2, 3} {
		var prevEnd float64
		var left, right float64
		for layer := 0; layer < n; layer++ {
			x, w := BarSpan(s, 10, layer, n, 0)
			if layer > 0 && x < prevEnd {
				t.Errorf("%d layers: layer %d starts at %v, before layer %d ends at %v", n, layer, x, layer-1, prevEnd)
			}
			if layer == 0 {
				left = x
			}
			prevEnd, right = x+w, x+w
		}
		mid := s.ColumnX(10) + s.ColW/2
		if math.Abs((left+right)/2-mid) > 1e-9 {
			t.Errorf("%d layers: bars centred at %v, column at %v", n, (left+right)/2, mid)
		}
	}
	// Wide columns (8 characters) keep bars at most maxW wide.
	wide := LayoutStrip(Rect{X: 0, Y: 0, W: 1240, H: 700}, 20, 8, false)
	if _, w := BarSpan(wide, 2, 0, 1, 30); w != 30 {
		t.Errorf("a wide column's bar is %v wide, want 30", w)
	}
}

func TestDistTicks(t *testing.T) {
	for i, c := range []struct {
		t         int
		colW, gap float64
		want      []int
	}{
		{12, 20, 10, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{12, 20, 30, []int{0, 2, 4, 6, 8, 10, 12}},
		{57, 20, 70, []int{0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55}},
		{200, 5, 70, []int{0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200}},
		{0, 20, 70, []int{0}},
		{3, 5, 1000, []int{0}},
		{-1, 20, 10, nil},
	} {
		if got := DistTicks(c.t, c.colW, c.gap); !slices.Equal(got, c.want) {
			t.Errorf("test %d: DistTicks(%d, %v, %v) = %v, want %v", i, c.t, c.colW, c.gap, got, c.want)
		}
	}
}

func TestBackwardFront(t *testing.T) {
	for i, c := range []struct {
		t              int
		elapsed, speed float64
		k              int
		into           float64
		done           bool
	}{
		{10, 0, 4, 10, 0, false}, // starts at t
		{10, 0.125, 4, 10, 0.5, false},
		{10, 0.25, 4, 9, 0, false},  // one beat: one step back
		{10, 2.6, 4, 0, 0.4, false}, // step 0's beat
		{10, 2.75, 4, 0, 1, true},   // and then it stops
		{10, 100, 4, 0, 1, true},
		{0, 0.1, 2, 0, 0.2, false}, // t = 0: one beat
		{0, 0.5, 2, 0, 1, true},
		{5, -1, 2, 5, 0, false}, // a clock that went back
		{5, 1, 0, 0, 1, true},   // no speed: nothing to play
		{-1, 0, 2, 0, 1, true},  // no step selected
	} {
		k, into, done := BackwardFront(c.t, c.elapsed, c.speed)
		if k != c.k || math.Abs(into-c.into) > 1e-9 || done != c.done {
			t.Errorf("test %d: BackwardFront(%d, %v, %v) = %d, %v, %v; want %d, %v, %v",
				i, c.t, c.elapsed, c.speed, k, into, done, c.k, c.into, c.done)
		}
	}
}

func TestRelative(t *testing.T) {
	nan := math.NaN()
	for i, c := range []struct {
		vals []float64
		n    int
		want []float64
	}{
		{[]float64{1, 4, 2}, 3, []float64{0.25, 1, 0.5}},
		{[]float64{1, 4, 2}, 2, []float64{0.25, 1}}, // only up to n
		{[]float64{0, 0}, 2, []float64{0, 0}},
		{[]float64{-2, 1, nan, math.Inf(1)}, 4, []float64{1, 0.5, nan, nan}},
		{[]float64{1}, 5, []float64{1}},
		{nil, 3, nil},
	} {
		got := Relative(nil, c.vals, c.n)
		same := len(got) == len(c.want)
		for j := 0; same && j < len(got); j++ {
			same = got[j] == c.want[j] || math.IsNaN(got[j]) && math.IsNaN(c.want[j])
		}
		if !same {
			t.Errorf("test %d: Relative(%v, %d) = %v, want %v", i, c.vals, c.n, got, c.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	for i, c := range []struct{ rel, want float64 }{
		{1, 1},
		{0.1, 2.0 / 3},
		{0.01, 1.0 / 3},
		{0.001, 0},
		{1e-9, 0},
		{0, 0},
		{-1, 0},
		{2, 1},
	} {
		if got := Highlight(c.rel); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("test %d: Highlight(%v) = %v, want %v", i, c.rel, got, c.want)
		}
	}
	if !math.IsNaN(Highlight(math.NaN())) {
		t.Errorf("Highlight(NaN) is not NaN")
	}
}
