package ui

import (
	"math"
	"strconv"
	"strings"

	"rnnlab/words"
)

// LogScale is a logarithmic axis: 10^Bottom at the bottom (fraction 0)
// and 10^Top at the top (fraction 1), with a grid line at every decade in
// between. Gradients that vanish fall a grid line per tenfold shrink;
// gradients that explode (a ReLU RNN) simply sit decades higher.
type LogScale struct{ Bottom, Top float64 }

// LogKind says how a value sits on a LogScale.
type LogKind int

const (
	LogIn    LogKind = iota // a positive value inside the scale
	LogBelow                // positive but under 10^Bottom: drawn at the floor
	LogAbove                // over 10^Top: drawn at the top
	LogZero                 // exactly 0: no logarithm, no bar
	LogBad                  // NaN or ±Inf: the numbers broke
)

// Most and fewest decades a fitted scale spans, and the room it leaves
// above the largest value and under the smallest (so its bar shows), in
// decades.
const (
	MinDecades = 3
	MaxDecades = 8
	headroom   = 0.15
	footroom   = 0.3
)

// FitLogScale finds the scale that shows the positive finite magnitudes
// in vals: from a little under the smallest to a little over the largest,
// at least MinDecades and at most MaxDecades (tinier values then sit on
// the floor). Zeros, NaN and Inf are left out; with no value to go by, the
// scale runs from 10⁻³ to 1.
func FitLogScale(vals ...[]float64) LogScale {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, vs := range vals {
		for _, v := range vs {
			v = math.Abs(v)
			if v > 0 && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hi < lo {
		return LogScale{Bottom: -MinDecades, Top: 0}
	}
	top := math.Log10(hi) + headroom
	span := min(max(top-(math.Log10(lo)-footroom), MinDecades), MaxDecades)
	return LogScale{Bottom: top - span, Top: top}
}

// Decades is how many decades the scale spans.
func (s LogScale) Decades() float64 { return s.Top - s.Bottom }

// Frac places |v| on the scale: 0 at the bottom, 1 at the top, clamped,
// and says how it sits there.
func (s LogScale) Frac(v float64) (float64, LogKind) {
	v = math.Abs(v)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 1, LogBad
	case v == 0:
		return 0, LogZero
	case !(s.Top > s.Bottom):
		return 0, LogBelow
	}
	f := (math.Log10(v) - s.Bottom) / (s.Top - s.Bottom)
	switch {
	case f < 0:
		return 0, LogBelow
	case f > 1:
		return 1, LogAbove
	}
	return f, LogIn
}

// Y is the height of |v| in r on the scale: r's bottom edge for the floor,
// its top edge for the top.
func (s LogScale) Y(v float64, r Rect) float64 {
	f, _ := s.Frac(v)
	return r.Y + r.H*(1-f)
}

// DecadeY is the height of the grid line of 10^e in r.
func (s LogScale) DecadeY(e int, r Rect) float64 {
	if !(s.Top > s.Bottom) {
		return r.Y + r.H
	}
	return r.Y + r.H*(s.Top-float64(e))/(s.Top-s.Bottom)
}

// Grid lists the exponents of the grid lines inside the scale, top first.
func (s LogScale) Grid() []int {
	var es []int
	for e := int(math.Floor(s.Top)); float64(e) >= s.Bottom && len(es) <= MaxDecades; e-- {
		es = append(es, e)
	}
	return es
}

// Ticks lists the grid lines to label, top first, so that labels at least
// minGap apart fit in a height h: every decade, or every second, third...
// none when not even one decade's label fits.
func (s LogScale) Ticks(h, minGap float64) []int {
	grid := s.Grid()
	if len(grid) == 0 || h < minGap {
		return nil
	}
	perDecade := h / s.Decades()
	every := 1
	for every < len(grid) && perDecade*float64(every) < minGap {
		every++
	}
	var ticks []int
	for i := 0; i < len(grid); i += every {
		ticks = append(ticks, grid[i])
	}
	return ticks
}

// superscripts are the digits written above the line.
var superscripts = [10]string{"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"}

// Superscript writes an integer in superscript digits: ⁻¹², ³.
func Superscript(n int) string {
	var b strings.Builder
	if n < 0 {
		b.WriteString("⁻")
		n = -n
	}
	for _, d := range strconv.Itoa(n) {
		b.WriteString(superscripts[d-'0'])
	}
	return b.String()
}

// DecadeLabel names the decade 10^e on an axis: 1, 10, 10², 10⁻¹.
func DecadeLabel(e int) string {
	switch e {
	case 0:
		return "1"
	case 1:
		return "10"
	}
	return "10" + Superscript(e)
}

// Sci writes a magnitude for a tooltip with two significant digits:
// plainly from 0.01 to 999 (0.42, 3.1, 250), otherwise as 3.2×10⁻⁵; 0 as
// 0, NaN and ±Inf as themselves.
func Sci(lang words.Lang, v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	e := int(math.Floor(math.Log10(a)))
	m := a / math.Pow(10, float64(e))
	if m = math.Round(m*10) / 10; m >= 10 { // 9.96 rounds up to the next decade
		m, e = m/10, e+1
	}
	sign := ""
	if v < 0 {
		sign = "−"
	}
	if e >= -2 && e <= 2 {
		return sign + words.FormatNumber(lang, m*math.Pow(10, float64(e)), max(0, 1-e))
	}
	return sign + words.FormatNumber(lang, m, 1) + "×10" + Superscript(e)
}

// Fraction writes a ratio of two magnitudes the way a learner reads it
// best: ×0.81 or ×12 from a tenth up, 1/290 or 1/1.0×10⁷ below that.
func Fraction(lang words.Lang, r float64) string {
	switch {
	case math.IsNaN(r):
		return "NaN"
	case r <= 0:
		return "0"
	case r >= 0.1:
		return "×" + Sci(lang, r)
	}
	return "1/" + Sci(lang, 1/r)
}
