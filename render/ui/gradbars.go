package ui

import "math"

// GradLayout is the geometry of the gradients view's body under the text
// strip, top to bottom: a caption; the passage up to the selected step with
// each character highlighted by how much it still moves the guess; bars of
// ‖∂L_t/∂h_k‖ under each character, with the decay curves over them; the
// distance back from t; for the LSTM bars of ‖∂L_t/∂c_k‖ with the selected
// unit's gradient along c, and that unit's forget gate; and a legend. Every
// row spans the body's width; the bars sit on the strip's columns. A row
// that does not fit is left out (empty).
type GradLayout struct {
	Caption Rect
	Chars   Rect
	H       Rect
	Dist    Rect
	C       Rect
	F       Rect
	Gap     float64 // between rows
}

// LayoutGrad fits the rows into body, at text size font. Without cell
// state (lstm false) the h bars take the room of the c rows. When the body
// is short the distances go first, then the caption, the c rows and the
// highlighted characters, so the h bars stay.
func LayoutGrad(body Rect, font float64, lstm bool) GradLayout {
	small := math.Round(font * 0.8)
	gap := math.Round(font * 0.2)
	fixed := map[*Rect]float64{}
	var l GradLayout
	l.Gap = gap
	fixed[&l.Caption] = math.Round(1.45 * small)
	fixed[&l.Chars] = math.Round(1.4 * small)
	fixed[&l.Dist] = math.Round(0.95 * small)
	if lstm {
		fixed[&l.F] = math.Round(1.0 * small)
	}
	minH, minC := math.Round(2.2*font), 0.0
	if lstm {
		minC = math.Round(1.5 * font)
	}
	// What goes first when the room is short.
	drop := []*Rect{&l.Dist, &l.Caption, &l.F, &l.Chars}
	// room is what is left for the bars: the body less the fixed rows and
	// the gaps between all rows.
	room := func() float64 {
		rows := len(fixed) + 1
		if minC > 0 {
			rows++
		}
		h := gap * float64(rows-1)
		for _, v := range fixed {
			h += v
		}
		return body.H - h
	}
	for room() < minH+minC && len(drop) > 0 {
		r := drop[0]
		drop = drop[1:]
		delete(fixed, r)
		if r == &l.F {
			minC = 0 // without the forget gate, the c bars go too
		}
	}
	rest := room()
	if rest < minH+minC {
		return GradLayout{Gap: gap} // not even the h bars fit
	}
	hH, hC := rest, 0.0
	if minC > 0 {
		hC = math.Max(minC, math.Round(rest*0.34))
		hH = rest - hC
		if hH < minH {
			hH, hC = minH, rest-minH
		}
	}
	y := body.Y
	place := func(r *Rect, h float64) {
		if h <= 0 {
			return
		}
		*r = Rect{body.X, y, body.W, h}
		y += h + gap
	}
	place(&l.Caption, fixed[&l.Caption])
	place(&l.Chars, fixed[&l.Chars])
	place(&l.H, hH)
	place(&l.Dist, fixed[&l.Dist])
	place(&l.C, hC)
	place(&l.F, fixed[&l.F])
	return l
}

// BarSpan is the horizontal extent of layer's bar (of layers, the bottom
// one left) under column k of the strip: the column less a margin on each
// side, at most maxW wide, centred, and split evenly among the layers with
// a pixel between them when there is room.
func BarSpan(s Strip, k, layer, layers int, maxW float64) (x, w float64) {
	layers = max(layers, 1)
	margin := math.Max(1, math.Round(0.12*s.ColW))
	inner := math.Max(1, s.ColW-2*margin)
	if maxW > 0 {
		inner = math.Min(inner, maxW)
	}
	left := s.ColumnX(k) + (s.ColW-inner)/2
	sep := 0.0
	if inner/float64(layers) >= 4 && layers > 1 {
		sep = 1
	}
	w = (inner - sep*float64(layers-1)) / float64(layers)
	return left + float64(layer)*(w+sep), w
}

// BarRect is the bar of value v for layer's bar under column k in row, on
// the log scale: from the row's floor up to v. A value below the scale is a
// stub of two pixels at the floor, an exact zero has no bar (height 0) and
// NaN or Inf fills the row, so the kind tells how to colour it.
func BarRect(s Strip, row Rect, sc LogScale, v float64, k, layer, layers int, maxW float64) (Rect, LogKind) {
	x, w := BarSpan(s, k, layer, layers, maxW)
	f, kind := sc.Frac(v)
	h := row.H * f
	switch kind {
	case LogBelow:
		h = math.Min(2, row.H)
	case LogZero:
		h = 0
	}
	return Rect{X: x, Y: row.Y + row.H - h, W: w, H: h}, kind
}

// DistTicks are the distances back from step t worth labelling under the
// columns: 0 and multiples of a round step (1, 2, 5, 10, 20, 50…) at
// least minGap pixels apart, no further back than step 0.
func DistTicks(t int, colW, minGap float64) []int {
	if t < 0 || !(colW > 0) {
		return nil
	}
	step := 1
	for i := 1; float64(step)*colW < minGap && step <= t; i++ {
		step = [3]int{1, 2, 5}[i%3] * pow10(i/3)
	}
	var ticks []int
	for d := 0; d <= t; d += step {
		ticks = append(ticks, d)
	}
	return ticks
}

// BackwardFront is how far the backward pass has come after elapsed seconds
// at perSec steps a second, starting from step t: each beat brings the
// gradient one step further back, from t down to 0. It returns the step k
// the gradient is reaching and how far into that beat it is (0 to 1); done
// after the beat of step 0.
func BackwardFront(t int, elapsed, perSec float64) (k int, into float64, done bool) {
	if t < 0 {
		return 0, 1, true
	}
	steps := math.Max(0, elapsed*perSec)
	if !(perSec > 0) || steps >= float64(t+1) {
		return 0, 1, true
	}
	n := math.Floor(steps)
	return t - int(n), steps - n, false
}

// Relative writes vals[k]/max into dst for k < n, max being the largest
// finite magnitude among them, so the strongest reads 1: what highlights
// the characters by how much they still move the guess. NaN and Inf stay
// NaN; all zeros stay zeros.
func Relative(dst, vals []float64, n int) []float64 {
	n = min(max(n, 0), len(vals))
	dst = dst[:0]
	m := 0.0
	for _, v := range vals[:n] {
		if a := math.Abs(v); !math.IsInf(a, 0) && a > m {
			m = a
		}
	}
	for _, v := range vals[:n] {
		switch a := math.Abs(v); {
		case math.IsNaN(a) || math.IsInf(a, 0):
			dst = append(dst, math.NaN())
		case m == 0:
			dst = append(dst, 0)
		default:
			dst = append(dst, a/m)
		}
	}
	return dst
}

// pow10 is 10^n for small n ≥ 0.
func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// InfluenceDecades is how many decades of influence the characters'
// highlight spans: a character that moves the guess a thousandth as much
// as the strongest one is not highlighted at all.
const InfluenceDecades = 3

// Highlight is the strength (0 to 1) of the highlight of a character whose
// influence is rel of the strongest's: on a log scale, so that influence
// fading tenfold per step reads as a gradual fade over the characters, not
// as only the last one lit. NaN stays NaN.
func Highlight(rel float64) float64 {
	if math.IsNaN(rel) {
		return rel
	}
	if !(rel > 0) {
		return 0
	}
	return math.Max(0, math.Min(1, 1+math.Log10(rel)/InfluenceDecades))
}
