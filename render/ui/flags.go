package ui

import (
	"image/color"
	"math"
)

// FlagThreshold is the |r| from which a label's best unit is called a flag;
// below it the unit is shown as weak, not claimed as one.
const FlagThreshold = 0.5

// Weak reports whether a correlation is too weak to call its unit a flag.
// NaN is weak.
func Weak(r float64) bool { return !(math.Abs(r) >= FlagThreshold) }

// The colours that tell a text's labels apart, in the dark theme and in
// the light one: a label's shading, swatch, spark plot and name in notes
// share one. None is the selection's blue or a switched-off unit's red, and
// each reads as text on the panel.
var (
	flagsDark = []color.RGBA{
		{0xff, 0xa6, 0x4d, 0xff}, // orange
		{0x4d, 0xd8, 0xd0, 0xff}, // teal
		{0xc3, 0x9c, 0xff, 0xff}, // violet
		{0xc5, 0xe8, 0x6c, 0xff}, // lime
		{0xff, 0x8c, 0xc6, 0xff}, // pink
		{0xff, 0xd1, 0x66, 0xff}, // gold
		{0x8f, 0xd0, 0xff, 0xff}, // sky
	}
	flagsLight = []color.RGBA{
		{0xa8, 0x4b, 0x00, 0xff},
		{0x00, 0x6e, 0x67, 0xff},
		{0x6a, 0x3f, 0xc8, 0xff},
		{0x4a, 0x66, 0x00, 0xff},
		{0xa8, 0x22, 0x6a, 0xff},
		{0x72, 0x55, 0x00, 0xff},
		{0x00, 0x5c, 0x99, 0xff},
	}
)

// FlagColor is the colour of the text's label i in the theme in use.
func FlagColor(i int) color.RGBA {
	cs := flagsDark
	if current.Name == Light.Name {
		cs = flagsLight
	}
	return cs[max(i, 0)%len(cs)]
}

// FlagOrder lists the labels in the order the flags view shows them: the
// found ones by |r|, largest first (NaN counts as 0), then the others; ties
// keep their order. r and found are per label; it appends to dst[:0].
func FlagOrder(dst []int, r []float64, found []bool) []int {
	dst = dst[:0]
	for i := range r {
		dst = append(dst, i)
	}
	key := func(i int) float64 {
		if i >= len(found) || !found[i] {
			return -1
		}
		if a := math.Abs(r[i]); a == a {
			return a
		}
		return 0
	}
	// Insertion sort: a handful of labels, and it is stable.
	for i := 1; i < len(dst); i++ {
		for j := i; j > 0 && key(dst[j]) > key(dst[j-1]); j-- {
			dst[j], dst[j-1] = dst[j-1], dst[j]
		}
	}
	return dst
}

// FlagLayout is the geometry of the flags view's body: a caption line at
// the top, one row per flag, and lines of notes at the bottom.
type FlagLayout struct {
	Caption Rect
	Rows    []FlagRow
	Notes   []Rect
	LineH   float64 // the height of a line of small text
}

// FlagRow is one flag: its name over the strip's columns, under it the
// band where the unit's line rises and falls over the label's shading, and
// in the strip's margin at the left the spark plot of its |r| over training.
type FlagRow struct {
	Spark Rect
	Name  Rect
	Band  Rect
}

// Row heights as a share of the text size: a row is a name line, a band
// and a gap.
const (
	minBand  = 1.2
	comfy    = 1.8 // weak flags get rows only while bands stay this tall
	maxBand  = 3
	rowGap   = 0.3
	lineRows = 1.3 // a line of small text, in small text sizes
)

// LayoutFlags lays out the flags view in body, under strip s whose first
// cols columns the bands span, for strong flags and then weak ones, and
// notes lines of notes. Strong flags get rows as long as a band fits at its
// smallest; weak ones only while the bands stay comfortably tall. Flags
// left out make Rows shorter than strong+weak; rows grow when there is room.
func LayoutFlags(body Rect, s Strip, font float64, cols, strong, weak, notes int) FlagLayout {
	small := math.Round(font * 0.8)
	l := FlagLayout{LineH: math.Round(lineRows * small)}
	cols = min(max(cols, 0), s.Cols)
	gap := math.Round(rowGap * font)
	top := body.Y + math.Round(0.15*font)
	l.Caption = Rect{body.X, top, body.W, l.LineH}
	bottom := body.Y + body.H
	for i := 0; i < notes; i++ {
		bottom -= l.LineH
		if bottom < l.Caption.Y+l.Caption.H {
			l.Notes = nil
			bottom = body.Y + body.H
			break
		}
		l.Notes = append([]Rect{{body.X, bottom, body.W, l.LineH}}, l.Notes...)
	}
	y0 := l.Caption.Y + l.Caption.H + gap
	avail := bottom - gap - y0
	rowOf := func(band float64) int { return int(avail / (l.LineH + math.Round(band*font) + gap)) }
	k := min(strong, rowOf(minBand))
	k = min(strong+weak, max(k, rowOf(comfy)))
	if k <= 0 || cols == 0 {
		return l
	}
	rowH := math.Min(math.Floor(avail/float64(k)), l.LineH+math.Round(maxBand*font)+gap)
	bandW := float64(cols) * s.ColW
	sparkW := math.Max(0, s.X0-body.X-math.Round(0.6*font))
	for i := 0; i < k; i++ {
		y := y0 + float64(i)*rowH
		r := FlagRow{
			Name: Rect{s.X0, y, bandW, l.LineH},
			Band: Rect{s.X0, y + l.LineH, bandW, rowH - l.LineH - gap},
		}
		r.Spark = Rect{body.X, y + 0.25*l.LineH, sparkW, rowH - gap - 0.25*l.LineH}
		l.Rows = append(l.Rows, r)
	}
	return l
}

// SparkMap maps a label's best |r| over training to its spark plot: steps
// 0 … MaxStep left to right, |r| 0 … 1 bottom to top.
type SparkMap struct {
	Area    Rect
	MaxStep int
}

// Point is where |r| at a step goes; false for a NaN r.
func (m SparkMap) Point(step int, r float64) (x, y float64, ok bool) {
	if r != r {
		return 0, 0, false
	}
	f := float64(step) / float64(max(m.MaxStep, 1))
	x = m.Area.X + m.Area.W*math.Max(0, math.Min(1, f))
	y = m.Area.Y + m.Area.H*(1-math.Max(0, math.Min(1, math.Abs(r))))
	return x, y, true
}

// Step is the step under screen x.
func (m SparkMap) Step(x float64) int {
	if m.Area.W <= 0 {
		return 0
	}
	f := math.Max(0, math.Min(1, (x-m.Area.X)/m.Area.W))
	return int(math.Round(f * float64(max(m.MaxStep, 1))))
}

// UnitRange is the range of unit u's finite values over T steps of
// values[t·units + u], for the vertical scale of its line. A unit that
// does not vary (a switched-off one reads 0 throughout) gets a range of 2
// around its value, so its line sits in the middle; no finite value gives
// −1 … 1.
func UnitRange(values []float64, units, u, T int) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for t := 0; t < T; t++ {
		i := t*units + u
		if u < 0 || u >= units || i >= len(values) {
			break
		}
		v := values[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	switch {
	case lo > hi:
		return -1, 1
	case hi-lo < 1e-9:
		return lo - 1, hi + 1
	}
	return lo, hi
}

// BandY is the height of value v in band, lo at the bottom and hi at the
// top, with a little room above and below; values outside are clamped and NaN sits in the middle.
func BandY(band Rect, v, lo, hi float64) float64 {
	f := 0.5
	if hi > lo && v == v {
		f = math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
	}
	pad := 0.12 * band.H
	return band.Y + pad + (band.H-2*pad)*(1-f)
}

// ShadeShare is how strongly a label's value v is shaded: 0 for none, 1
// for the largest value of the passage (counters such as the position in
// a word run above 1).
func ShadeShare(v, largest float64) float64 {
	if !(v > 0) || !(largest > 0) {
		return 0
	}
	return math.Min(1, v/largest)
}
