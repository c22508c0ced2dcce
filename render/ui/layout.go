package ui

import "math"

// Rect is an axis-aligned rectangle in screen pixels.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether the point lies inside r (right and bottom edges excluded).
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Empty reports whether r has no area.
func (r Rect) Empty() bool { return !(r.W > 0 && r.H > 0) }

// Overlaps reports whether two non-empty rectangles share area.
func (r Rect) Overlaps(o Rect) bool {
	if r.Empty() || o.Empty() {
		return false
	}
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H
}

// Inside reports whether r lies within o (an empty r is inside anything).
func (r Rect) Inside(o Rect) bool {
	if r.Empty() {
		return true
	}
	const eps = 1e-9
	return r.X >= o.X-eps && r.Y >= o.Y-eps && r.X+r.W <= o.X+o.W+eps && r.Y+r.H <= o.Y+o.H+eps
}

// Inset shrinks r by d on every side, never below zero size.
func (r Rect) Inset(d float64) Rect {
	w, h := math.Max(0, r.W-2*d), math.Max(0, r.H-2*d)
	return Rect{r.X + (r.W-w)/2, r.Y + (r.H-h)/2, w, h}
}

// Layout places the app's parts on a screen of W×H pixels.
type Layout struct {
	W, H     float64
	Font     float64 // body text size in pixels
	BtnFont  float64 // button labels: the body size, or a little less to keep the buttons on one row
	Small    float64 // secondary text
	Pad      float64
	Controls Rect   // the button bar
	Buttons  []Rect // one per label, in order; empty when it does not fit
	Status   Rect   // one line of figures
	Timeline Rect
	Loss     Rect
	Sample   Rect
	TooSmall bool // only the status line fits
}

// Measure returns the width of s at a text size.
type Measure func(s string, size float64) float64

// Options change how a screen is laid out.
type Options struct {
	// Touch: text at least 13 CSS pixels and buttons at least 34 tall, big
	// enough for fingers.
	Touch bool
	// Lecture: no buttons and no status line, the view fills the screen,
	// and text is big enough to read from the back of a lecture hall.
	Lecture bool
	// TextScale multiplies the text size (1 when 0).
	TextScale float64
}

// Text sizes, as a share of the screen's height, and their limits.
const (
	MinTextScale, MaxTextScale = 0.6, 2.0
	// LectureShare is the lecture mode's text height as a share of the
	// screen's: 39 px on a 1080-line projector, 31 px for secondary text,
	// which a class reads from 10 m on a screen 2 m high (the usual rule
	// for slides asks for at least 1/40 of the height, 27 px).
	LectureShare = 1.0 / 28
)

// Compute lays out a screen of w×h pixels with scale device pixels per CSS
// pixel. Text grows with the window (for projectors) within limits; on small
// windows the bottom panels go first, then the timeline.
func Compute(w, h int, scale float64, labels []string, measure Measure) Layout {
	return ComputeWith(w, h, scale, labels, measure, Options{})
}

// ComputeTouch is Compute for a screen that has been touched: text is at
// least 13 CSS pixels and buttons at least 34 tall, big enough for fingers.
func ComputeTouch(w, h int, scale float64, labels []string, measure Measure) Layout {
	return ComputeWith(w, h, scale, labels, measure, Options{Touch: true})
}

// ComputeWith is Compute with options.
func ComputeWith(w, h int, scale float64, labels []string, measure Measure, opt Options) Layout {
	if !(scale > 0) {
		scale = 1
	}
	touch := opt.Touch
	ts := opt.TextScale
	if !(ts > 0) {
		ts = 1
	}
	ts = math.Max(MinTextScale, math.Min(MaxTextScale, ts))
	W, H := math.Max(0, float64(w)), math.Max(0, float64(h))
	minFont := 11 * scale
	if touch {
		minFont = 13 * scale
	}
	font := math.Max(minFont, math.Min(30*scale, math.Min(W/62, H/36)))
	if opt.Lecture {
		font = math.Max(minFont, math.Min(W/34, H*LectureShare))
	}
	if ts != 1 {
		font = math.Max(minFont, math.Round(font*ts*4)/4)
	}
	l := Layout{W: W, H: H, Font: font, Small: math.Round(font * 0.8), Pad: math.Round(font * 0.5)}
	pad := l.Pad
	inner := Rect{pad, pad, W - 2*pad, H - 2*pad}
	if inner.W < 8*font || inner.H < 3*font {
		l.TooSmall = true
		l.Status = Rect{0, 0, W, math.Min(H, 1.5*font)}
		l.Buttons = make([]Rect, len(labels))
		return l
	}
	if opt.Lecture {
		// Only the view: the keys do what the buttons did.
		l.Buttons = make([]Rect, len(labels))
		l.Timeline = inner
		return l
	}
	// Buttons flow left to right and wrap. When one row almost fits, the
	// labels shrink a little rather than leave one or two buttons alone on a
	// second row.
	bh := math.Round(1.8 * font)
	if touch {
		bh = math.Max(bh, math.Round(34*scale))
	}
	gap := math.Round(font * 0.3)
	l.BtnFont = font
	if row := rowWidth(labels, font, gap, measure); row > inner.W {
		if f := font * inner.W / row; f >= 0.8*font && f >= 10*scale {
			l.BtnFont = math.Floor(f*0.98*4) / 4
			// Text does not shrink exactly with its size (glyphs snap to
			// pixels): shrink on until the row fits.
			for l.BtnFont > 0.8*font && rowWidth(labels, l.BtnFont, gap, measure) > inner.W {
				l.BtnFont -= 0.25
			}
		}
	}
	bf := l.BtnFont
	l.Buttons = make([]Rect, len(labels))
	x, y := inner.X, inner.Y
	rows := 1
	for i, s := range labels {
		bw := math.Ceil(measure(s, bf) + 0.9*bf)
		bw = math.Min(bw, inner.W)
		if x > inner.X && x+bw > inner.X+inner.W {
			x, y = inner.X, y+bh+gap
			rows++
		}
		l.Buttons[i] = Rect{x, y, bw, bh}
		x += bw + gap
	}
	ctrlH := float64(rows)*bh + float64(rows-1)*gap
	if ctrlH > inner.H/3 {
		// Too many rows for this window: keep the keyboard, drop the buttons.
		for i := range l.Buttons {
			l.Buttons[i] = Rect{}
		}
		ctrlH = 0
	}
	l.Controls = Rect{inner.X, inner.Y, inner.W, ctrlH}
	y = inner.Y + ctrlH
	if ctrlH > 0 {
		y += gap
	}
	statusH := math.Round(1.5 * font)
	l.Status = Rect{inner.X, y, inner.W, statusH}
	y += statusH + gap
	rest := inner.Y + inner.H - y
	if rest < 4*font {
		return l // the status line and the buttons are all that fit
	}
	// A tall, narrow screen (a phone held upright) stacks the loss plot over
	// the sample, each full width; otherwise they share a row.
	portrait := inner.H > 1.3*inner.W
	share := 0.36
	if portrait {
		share = 0.46
	}
	bottom := math.Round(rest * share)
	if rest-bottom < 8*font || bottom < 5*font {
		l.Timeline = Rect{inner.X, y, inner.W, rest}
		return l
	}
	l.Timeline = Rect{inner.X, y, inner.W, rest - bottom - gap}
	by := y + l.Timeline.H + gap
	if portrait {
		lossH := math.Round((bottom - gap) / 2)
		l.Loss = Rect{inner.X, by, inner.W, lossH}
		l.Sample = Rect{inner.X, by + lossH + gap, inner.W, bottom - lossH - gap}
		return l
	}
	lossW := math.Round(inner.W * 0.42)
	l.Loss = Rect{inner.X, by, lossW, bottom}
	l.Sample = Rect{inner.X + lossW + gap, by, inner.W - lossW - gap, bottom}
	return l
}

// rowWidth is the width of all buttons on one row.
func rowWidth(labels []string, font, gap float64, measure Measure) float64 {
	w := 0.0
	for i, s := range labels {
		if i > 0 {
			w += gap
		}
		w += math.Ceil(measure(s, font) + 0.9*font)
	}
	return w
}

// Parts lists the layout's rectangles, for checks.
func (l Layout) Parts() []Rect {
	return append([]Rect{l.Controls, l.Status, l.Timeline, l.Loss, l.Sample}, l.Buttons...)
}

// PlotMap maps loss points to a plot rectangle. Losses above Top are drawn
// at the top edge, so one explosion does not flatten the curve.
type PlotMap struct {
	Area     Rect
	MaxStep  float64
	Top      float64 // loss at the top edge
	Bottom   float64 // loss at the bottom edge
	Baseline float64 // the loss of a uniform guess, ln(vocabulary)
}

// NewPlotMap fits steps 0..maxStep and losses up to about a uniform guess.
func NewPlotMap(area Rect, maxStep int, vocab int, firstLoss float64) PlotMap {
	base := math.Log(math.Max(2, float64(vocab)))
	top := base * 1.1
	if firstLoss > top && firstLoss < 3*base {
		top = firstLoss * 1.05
	}
	return PlotMap{Area: area, MaxStep: math.Max(1, float64(maxStep)), Top: top, Baseline: base}
}

// Point returns the screen position of a loss at a step.
func (p PlotMap) Point(step int, loss float64) (x, y float64) {
	x = p.Area.X + p.Area.W*float64(step)/p.MaxStep
	f := (loss - p.Bottom) / (p.Top - p.Bottom)
	if math.IsNaN(f) {
		f = 1
	}
	f = math.Max(0, math.Min(1, f))
	y = p.Area.Y + p.Area.H*(1-f)
	return x, y
}

// Step returns the step under screen x.
func (p PlotMap) Step(x float64) int {
	f := (x - p.Area.X) / p.Area.W
	return int(math.Round(math.Max(0, math.Min(1, f)) * p.MaxStep))
}

// WrapRunes breaks text into lines of at most width columns, at spaces when
// possible, and at newlines always. It appends to dst and returns it.
func WrapRunes(dst []string, text string, width int) []string {
	if width < 1 {
		return dst
	}
	rs := []rune(text)
	for len(rs) > 0 {
		end := min(len(rs), width)
		if nl := indexRune(rs[:end], '\n'); nl >= 0 {
			dst = append(dst, string(rs[:nl]))
			rs = rs[nl+1:]
			continue
		}
		if end < len(rs) {
			if sp := lastIndexRune(rs[:end], ' '); sp > width/2 {
				end = sp + 1
			}
		}
		dst = append(dst, string(rs[:end]))
		rs = rs[end:]
	}
	return dst
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
