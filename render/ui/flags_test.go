package ui

import (
	"image/color"
	"math"
	"slices"
	"testing"
)

func TestFlagOrder(t *testing.T) {
	nan := math.NaN()
	for i, tc := range []struct {
		r     []float64
		found []bool
		want  []int
	}{
		{nil, nil, []int{}},
		{[]float64{0.2, -0.9, 0.5}, []bool{true, true, true}, []int{1, 2, 0}},
		{[]float64{0.9, 0.3}, []bool{false, true}, []int{1, 0}},                        // not found goes last, however strong
		{[]float64{nan, 0.1, 0}, []bool{true, true, true}, []int{1, 0, 2}},             // NaN counts as 0; ties keep their order
		{[]float64{0.4, 0.4, -0.4}, []bool{true, true, true}, []int{0, 1, 2}},          // stable
		{[]float64{0.3, 0.8}, []bool{true}, []int{0, 1}},                               // a missing status is not found
		{[]float64{0, 0, 0.7, 0}, []bool{false, true, true, false}, []int{2, 1, 0, 3}}, // the others keep their order
	} {
		got := FlagOrder(nil, tc.r, tc.found)
		if !slices.Equal(got, tc.want) {
			t.Errorf("test %d: got %v want %v", i, got, tc.want)
		}
	}
}

func TestWeak(t *testing.T) {
	for i, tc := range []struct {
		r    float64
		want bool
	}{{0.93, false}, {-0.93, false}, {0.5, false}, {0.49, true}, {-0.2, true}, {0, true}, {math.NaN(), true}} {
		if got := Weak(tc.r); got != tc.want {
			t.Errorf("test %d: Weak(%v) = %v want %v", i, tc.r, got, tc.want)
		}
	}
}

// The rows fit the body between the caption and the notes without
// overlapping, their bands line up with the strip's columns, the spark
// plots sit in the strip's margin, and rows that do not fit are left out.
func TestLayoutFlags(t *testing.T) {
	for i, tc := range []struct {
		w, h, font       float64
		cols, strong, wk int
		notes            int
		minRows, maxRows int
	}{
		{1280, 800, 20.6, 58, 5, 0, 1, 3, 5},
		{1920, 1080, 30, 60, 5, 0, 1, 3, 5},
		{640, 480, 11, 53, 7, 0, 1, 3, 7},
		{1280, 800, 20.6, 58, 1, 0, 1, 1, 1},
		{1280, 800, 20.6, 8, 3, 0, 0, 3, 3}, // a window of 8 characters
		{1280, 800, 20.6, 58, 0, 0, 2, 0, 0},
		{1920, 1080, 30, 60, 2, 3, 1, 2, 2},  // weak flags would squeeze the strong ones
		{1280, 800, 20.6, 58, 2, 3, 1, 3, 3}, // room for one weak flag
		{1280, 800, 20.6, 58, 0, 3, 1, 1, 3}, // only weak ones
	} {
		n := tc.strong + tc.wk
		area := Rect{X: tc.font / 2, Y: tc.h * 0.1, W: tc.w - tc.font, H: tc.h * 0.55}
		s := LayoutStrip(area, tc.font, tc.cols, false)
		body := s.Body()
		l := LayoutFlags(body, s, tc.font, tc.cols, tc.strong, tc.wk, tc.notes)
		if len(l.Rows) < tc.minRows || len(l.Rows) > tc.maxRows {
			t.Errorf("test %d: %d rows for %d+%d flags in %v, want %d to %d", i, len(l.Rows), tc.strong, tc.wk, body, tc.minRows, tc.maxRows)
		}
		if len(l.Rows) > tc.strong && len(l.Rows) > 0 && l.Rows[0].Band.H < math.Round(comfy*tc.font) {
			t.Errorf("test %d: weak flags squeeze the bands to %.0f px", i, l.Rows[0].Band.H)
		}
		if len(l.Notes) != tc.notes {
			t.Errorf("test %d: %d notes lines, want %d", i, len(l.Notes), tc.notes)
		}
		parts := []Rect{l.Caption}
		parts = append(parts, l.Notes...)
		for k, r := range l.Rows {
			parts = append(parts, r.Name, r.Band, r.Spark)
			if r.Band.X != s.ColumnX(0) || math.Abs(r.Band.X+r.Band.W-s.ColumnX(tc.cols)) > 1e-9 {
				t.Errorf("test %d row %d: band %v does not span columns 0…%d of the strip", i, k, r.Band, tc.cols)
			}
			if r.Band.H < math.Round(minBand*tc.font) {
				t.Errorf("test %d row %d: band %.1f px tall", i, k, r.Band.H)
			}
			if r.Spark.X+r.Spark.W > s.X0 || r.Spark.W <= 0 {
				t.Errorf("test %d row %d: spark %v leaves the strip's margin (columns from %.1f)", i, k, r.Spark, s.X0)
			}
			if k > 0 && r.Name.Y < l.Rows[k-1].Band.Y+l.Rows[k-1].Band.H {
				t.Errorf("test %d row %d: starts inside the row above", i, k)
			}
		}
		for a, p := range parts {
			if !p.Inside(body) {
				t.Errorf("test %d: part %d %v outside the body %v", i, a, p, body)
			}
			for b := a + 1; b < len(parts); b++ {
				if p.Overlaps(parts[b]) {
					t.Errorf("test %d: parts %d %v and %d %v overlap", i, a, p, b, parts[b])
				}
			}
		}
		// Fewer flags never get smaller rows.
		if n > 1 && len(l.Rows) > 0 {
			one := LayoutFlags(body, s, tc.font, tc.cols, 1, 0, tc.notes)
			if one.Rows[0].Band.H < l.Rows[0].Band.H {
				t.Errorf("test %d: one flag gets a band of %.0f px, %d flags %.0f", i, one.Rows[0].Band.H, n, l.Rows[0].Band.H)
			}
		}
	}
	// A body too short for anything but the caption.
	s := LayoutStrip(Rect{0, 0, 600, 200}, 11, 40, false)
	l := LayoutFlags(Rect{0, 150, 600, 20}, s, 11, 40, 5, 0, 2)
	if len(l.Rows) != 0 || len(l.Notes) != 0 {
		t.Errorf("a 20 px body: %d rows and %d notes", len(l.Rows), len(l.Notes))
	}
}

func TestSparkMap(t *testing.T) {
	m := SparkMap{Area: Rect{10, 20, 100, 50}, MaxStep: 1000}
	for i, tc := range []struct {
		step   int
		r      float64
		x, y   float64
		ok     bool
		stepAt int
	}{
		{0, 0, 10, 70, true, 0},
		{1000, 1, 110, 20, true, 1000},
		{500, -0.5, 60, 45, true, 500}, // |r|
		{2000, 2, 110, 20, true, 1000}, // clamped
		{100, math.NaN(), 0, 0, false, 0},
	} {
		x, y, ok := m.Point(tc.step, tc.r)
		if ok != tc.ok || math.Abs(x-tc.x) > 1e-9 || math.Abs(y-tc.y) > 1e-9 {
			t.Errorf("test %d: Point(%d, %v) = %v, %v, %v want %v, %v, %v", i, tc.step, tc.r, x, y, ok, tc.x, tc.y, tc.ok)
		}
		if ok {
			if got := m.Step(x); got != tc.stepAt {
				t.Errorf("test %d: Step(%v) = %d want %d", i, x, got, tc.stepAt)
			}
		}
	}
	if x, _, _ := (SparkMap{Area: Rect{0, 0, 50, 10}}).Point(3, 0.5); x != 50 {
		t.Errorf("no steps yet: a point at x %v, want the right edge", x)
	}
}

func TestUnitRangeAndBandY(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	// Two units over three steps: unit 1 is 0.5, NaN, −1.5.
	vals := []float64{9, 0.5, 9, nan, 9, -1.5}
	for i, tc := range []struct {
		values         []float64
		units, u, T    int
		wantLo, wantHi float64
	}{
		{vals, 2, 1, 3, -1.5, 0.5},
		{vals, 2, 0, 3, 9 - 1, 9 + 1},           // constant: a range of 2 around it
		{[]float64{0, 0, 0}, 1, 0, 3, -1, 1},    // switched off
		{[]float64{nan, inf}, 1, 0, 2, -1, 1},   // nothing finite
		{vals, 2, 1, 10, -1.5, 0.5},             // T beyond the values
		{vals, 2, 5, 3, -1, 1},                  // a unit outside
		{[]float64{0.2}, 1, 0, 1, 0.2 - 1, 1.2}, // one step
	} {
		lo, hi := UnitRange(tc.values, tc.units, tc.u, tc.T)
		if math.Abs(lo-tc.wantLo) > 1e-12 || math.Abs(hi-tc.wantHi) > 1e-12 {
			t.Errorf("test %d: range %v…%v want %v…%v", i, lo, hi, tc.wantLo, tc.wantHi)
		}
	}
	band := Rect{0, 100, 10, 50}
	top, bottom, mid := BandY(band, 1, -1, 1), BandY(band, -1, -1, 1), BandY(band, 0, -1, 1)
	if !(top > band.Y && top < mid && mid < bottom && bottom < band.Y+band.H) || math.Abs(mid-125) > 1e-9 {
		t.Errorf("band 100…150: top %v, middle %v, bottom %v", top, mid, bottom)
	}
	if BandY(band, 7, -1, 1) != top || BandY(band, nan, -1, 1) != mid {
		t.Errorf("values beyond the range are not clamped, or NaN not in the middle")
	}
}

func TestShadeShare(t *testing.T) {
	for i, tc := range []struct{ v, largest, want float64 }{
		{0, 1, 0}, {1, 1, 1}, {3, 6, 0.5}, {7, 6, 1}, {1, 0, 0}, {-1, 1, 0}, {math.NaN(), 1, 0},
	} {
		if got := ShadeShare(tc.v, tc.largest); got != tc.want {
			t.Errorf("test %d: ShadeShare(%v, %v) = %v want %v", i, tc.v, tc.largest, got, tc.want)
		}
	}
}

// Every label colour reads as text on the panel and stands apart from
// the red of a switched-off unit, in both themes.
func TestFlagColors(t *testing.T) {
	defer UseTheme(CurrentTheme())
	for _, th := range []Theme{Dark, Light} {
		UseTheme(th)
		seen := map[color.RGBA]bool{}
		for i := 0; i < 7; i++ {
			c := FlagColor(i)
			if r := ContrastRatio(c, Panel); r < 4.5 {
				t.Errorf("%s: label colour %d %v has contrast %.1f on the panel, want 4.5", th.Name, i, c, r)
			}
			d := math.Abs(float64(c.R)-float64(Bad.R)) + math.Abs(float64(c.G)-float64(Bad.G)) + math.Abs(float64(c.B)-float64(Bad.B))
			if d < 60 || seen[c] {
				t.Errorf("%s: label colour %d %v is the red of a switched-off unit or repeats", th.Name, i, c)
			}
			seen[c] = true
		}
		if FlagColor(7) != FlagColor(0) || FlagColor(-1) != FlagColor(0) {
			t.Errorf("%s: colours do not repeat for many labels", th.Name)
		}
	}
}
