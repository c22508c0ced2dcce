package render

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// gradPalette is how the gradients view colours what it draws.
type gradPalette struct {
	h, c      color.RGBA // the bars of ‖∂L_t/∂h_k‖ and ‖∂L_t/∂c_k‖
	unit      color.RGBA // the selected unit's gradient along c
	curve     color.RGBA // this model's decay curve
	prev      color.RGBA // the previous model's, dashed
	influence color.RGBA // the highlight of the characters
}

// palette is the view's colours in the theme in use.
func palette() gradPalette {
	return gradPalette{h: ui.Accent, c: ui.Good, unit: ui.Second, curve: ui.Text, prev: ui.Dim, influence: ui.Warn}
}

// staleAlpha is how faded the last gradients are while the selected step's
// are computed.
const staleAlpha = 0.35

// dim fades a colour when the gradients shown are not the selected step's.
func (d *gradShown) dim(col color.RGBA) color.RGBA {
	if d.fresh {
		return col
	}
	return fade(col, staleAlpha)
}

// shownFrom is the first step whose bars are drawn: all of them, or during
// the backward pass those the gradient has reached.
func (d *gradShown) shownFrom() int {
	if d.playing {
		return d.front
	}
	return 0
}

// lastCol is the last step drawn: T, within the passage and the strip.
func (d *gradShown) lastCol(g *Game) int {
	return min(d.grads.T, d.window.T-1, g.strip.Cols-1)
}

// drawCaption writes what the learner sees in one line, and the buttons of
// the backward pass at its right.
func (p *gradView) drawCaption(g *Game, c canvas, d *gradShown) {
	r := p.lay.Caption
	for i := range p.buttons {
		p.buttons[i] = ui.Rect{}
	}
	if r.Empty() {
		return
	}
	l := g.layout
	fs := g.face(false, l.Small)
	// The buttons, right to left: faster, the speed, slower, play.
	bh := math.Round(r.H * 0.82)
	by := r.Y + (r.H-bh)/2
	x := r.X + r.W
	button := func(i int, label string) {
		w := g.fonts.measure(label, l.Small) + 0.9*l.Small
		x -= w
		b := ui.Rect{X: x, Y: by, W: w, H: bh}
		p.buttons[i] = b
		bg := ui.ButtonFill
		switch {
		case i == gradBackward && d.playing:
			bg = ui.ButtonSel
		case i == p.painted.hover:
			bg = ui.ButtonHov
		}
		c.fill(b, bg)
		c.textMiddle(label, fs, b.X+b.W/2, b.Y, b.H, alignCenter, ui.Text)
		x -= 0.3 * l.Small
	}
	button(gradFaster, "+")
	speed := g.word("grad.speed_label", backwardSpeeds[p.speed])
	x -= g.fonts.measure(speed, l.Small)
	c.textMiddle(speed, fs, x, r.Y, r.H, alignLeft, ui.Dim)
	x -= 0.3 * l.Small
	button(gradSlower, "−")
	play := g.word("grad.backward")
	if d.playing {
		play = g.word("grad.stop")
	}
	button(gradBackward, play)
	width := x - r.X - l.Small
	c.textMiddle(p.captionText(g, d, width), g.face(false, l.Font), r.X, r.Y, r.H, alignLeft, ui.Text)
}

// captionText is the caption that fits in width: what the bars mean, what
// the backward pass is doing, or what the view waits for.
func (p *gradView) captionText(g *Game, d *gradShown, width float64) string {
	l := g.layout
	w := d.window
	t := g.sel.T
	switch {
	case w == nil || t < 0 || t >= w.T:
		return g.fit(l.Font, width, words.M("grad.waiting"))
	case d.grads == nil || !d.fresh:
		return g.fit(l.Font, width, words.M("grad.computing", t+1), words.M("grad.computing_short"))
	}
	gr := d.grads
	context := func(n int) string { return charsVisible(w.Runes[max(0, t-n) : t+1]) }
	next := g.charName(w.Next[t])
	if d.playing {
		k := d.front
		factor := words.Msg{}
		if l := d.gradLayer(); l != nil {
			if a, ok := valueAt(l.NormH, k); ok {
				if b, ok := valueAt(l.NormH, k+1); ok && k < gr.T && b != 0 {
					factor = words.M("grad.factor", ui.Fraction(g.lang, a/b))
				}
			}
		}
		return g.fit(l.Font, width,
			words.Dots(words.M("grad.playing", k+1, g.charName(w.Runes[k]), t-k), factor),
			words.M("grad.playing", k+1, g.charName(w.Runes[k]), t-k),
			words.M("grad.playing_short", t-k))
	}
	return g.fit(l.Font, width,
		words.M("grad.caption", next, context(10)),
		words.M("grad.caption_medium", next, context(5)),
		words.M("grad.caption_short"),
		words.M("grad.caption_shorter"))
}

// rowLabel writes a row's name at the top left, in the strip's label column.
func (p *gradView) rowLabel(g *Game, c canvas, r ui.Rect, col color.RGBA, variants ...words.Msg) {
	l := g.layout
	s := g.strip
	text := g.fit(l.Small, s.LabelW-0.3*l.Small, variants...)
	c.textMiddle(text, g.face(false, l.Small), s.Area.X, r.Y, math.Min(r.H, 1.3*l.Small), alignLeft, col)
}

// drawChars writes the passage up to t, each character highlighted by how
// much it still moves the guess: ‖∂z_t/∂x_k‖ relative to the largest, over
// three decades.
func (p *gradView) drawChars(g *Game, c canvas, d *gradShown) {
	r := p.lay.Chars
	if r.Empty() {
		return
	}
	l := g.layout
	s := g.strip
	w := d.window
	p.rowLabel(g, c, r, ui.Dim, words.M("grad.row_chars"), words.M("grad.row_chars_short"))
	last := min(w.T, s.Cols) - 1
	from := 0
	if d.grads != nil {
		p.rel = ui.Relative(p.rel, d.grads.Connect, d.grads.T+1)
		from = d.shownFrom()
		for k := from; k < len(p.rel) && k <= last; k++ {
			v := ui.Highlight(p.rel[k])
			col := fade(d.pal.influence, v)
			if math.IsNaN(v) {
				col = ui.Bad
			}
			c.rect(ui.Rect{X: s.ColumnX(k), Y: r.Y, W: s.ColW, H: r.H}, d.dim(col))
		}
		c.flush(false)
	} else {
		p.rel = p.rel[:0]
	}
	mono := g.face(true, math.Min(l.Font*1.05, r.H*0.8))
	for k := 0; k <= last; k++ {
		col := ui.Text
		switch {
		case k > g.sel.T || k < from:
			col = ui.Faint // after t nothing flows back; before the front not yet
		case k < len(p.rel) && ui.Highlight(p.rel[k]) > 0.55:
			col = ui.Background // dark on a bright highlight
		}
		c.textMiddle(charSymbol(w.Runes[k]), mono, s.ColumnX(k)+s.ColW/2, r.Y, r.H, alignCenter, col)
	}
}

// drawBars draws the bars of ‖∂L_t/∂h_k‖ (or of ‖∂L_t/∂c_k‖ when cell is
// set) of every layer under each step k ≤ t, on the log scale with its
// decades marked; over the h bars the decay curves, over the c bars the
// selected unit's gradient along c.
func (p *gradView) drawBars(g *Game, c canvas, d *gradShown, r ui.Rect, cell bool) {
	if r.Empty() {
		return
	}
	l := g.layout
	s := g.strip
	sc := d.scale
	plot := ui.Rect{X: s.X0, Y: r.Y, W: math.Min(float64(s.Cols)*s.ColW, r.X+r.W-s.X0), H: r.H}
	c.rect(plot, ui.Background)
	lw := lw1(g)
	for _, e := range sc.Grid() {
		c.rect(ui.Rect{X: plot.X, Y: math.Min(sc.DecadeY(e, r), r.Y+r.H-lw), W: plot.W, H: lw}, ui.PanelEdge)
	}
	c.flush(false)
	// The decades at the left, and the row's name.
	tf := math.Round(0.85 * l.Small)
	ft := g.face(false, tf)
	for _, e := range sc.Ticks(r.H, 1.25*tf) {
		y := sc.DecadeY(e, r) - 0.7*tf
		if y < r.Y-0.3*tf || y+1.4*tf > r.Y+r.H+0.3*tf {
			continue // a label that would stick out of the row
		}
		c.textMiddle(ui.DecadeLabel(e), ft, s.X0-0.25*l.Small, y, 1.4*tf, alignRight, ui.Dim)
	}
	base := d.pal.h
	if cell {
		base = d.pal.c
		p.rowLabel(g, c, r, d.pal.c, words.M("grad.row_c"))
	} else {
		p.rowLabel(g, c, r, d.pal.h, words.M("grad.row_h"))
	}
	gr := d.grads
	if gr == nil {
		return
	}
	n := len(gr.Layers)
	from, last := d.shownFrom(), d.lastCol(g)
	maxW := 1.2 * l.Font * float64(n)
	for ly, layer := range gr.Layers {
		vals := layer.NormH
		if cell {
			vals = layer.NormC
		}
		col := base
		if n > 1 && ly != d.layer {
			col = fade(base, 0.5)
		}
		col = d.dim(col)
		for k := from; k <= last; k++ {
			v, ok := valueAt(vals, k)
			if !ok {
				continue
			}
			bar, kind := ui.BarRect(s, r, sc, v, k, ly, n, maxW)
			bc := col
			switch kind {
			case ui.LogBad:
				bc = ui.Bad
			case ui.LogZero:
				bar = ui.Rect{X: bar.X, Y: r.Y + r.H - lw, W: bar.W, H: lw}
				bc = ui.Faint
			}
			if d.playing && k == d.front {
				bar = ui.Rect{X: bar.X, Y: bar.Y + bar.H*(1-d.into), W: bar.W, H: bar.H * d.into}
				bc = ui.Text // the gradient arriving
			}
			c.rect(bar, bc)
		}
	}
	// The decades again, faintly across the bars, so their heights read
	// off in tenfolds.
	for _, e := range sc.Grid() {
		c.rect(ui.Rect{X: plot.X, Y: math.Min(sc.DecadeY(e, r), r.Y+r.H-lw), W: plot.W, H: lw}, fade(ui.Background, 0.45))
	}
	c.flush(false)
	if cell {
		p.drawUnitLine(g, c, d, r)
	} else {
		p.drawCurves(g, c, d, r)
	}
}

// drawCurves draws the decay curves over the h bars, starting at the top
// layer's bar of step t and running back: what this model's gradient keeps
// on average after d steps, and the previous model's, dashed. A legend at
// the top left names them.
func (p *gradView) drawCurves(g *Game, c canvas, d *gradShown, r ui.Rect) {
	gr := d.grads
	a := anchor(gr)
	lw := math.Max(2, 2*g.scale)
	if a > 0 && !math.IsInf(a, 0) {
		p.curveLine(g, c, d, r, d.prev, a, d.pal.prev, lw, true)
		p.curveLine(g, c, d, r, d.decay, a, d.pal.curve, lw, false)
		c.flush(true)
	}
	// The legend.
	var lines []legendLine
	if n := len(gr.Layers); n > 1 {
		lines = append(lines, legendLine{text: g.word("grad.legend_layers", n, d.layer+1), col: d.pal.h, bar: true})
	}
	room := 0.62 * float64(g.strip.Cols) * g.strip.ColW
	fs := g.layout.Small
	if dc := d.decay; dc == nil || len(dc.Ratio) == 0 {
		lines = append(lines, legendLine{text: g.word("grad.measuring"), col: ui.Dim})
	} else {
		dist := min(legendDist, len(dc.Ratio)-1)
		left := ui.Fraction(g.lang, dc.Ratio[dist])
		lines = append(lines, legendLine{col: d.pal.curve, text: g.fit(fs, room,
			words.M("grad.legend_now", runLabel(dc.Label), dist, left, dc.Positions, dc.Step),
			words.M("grad.legend_now_short", runLabel(dc.Label), dist, left))})
	}
	if dc := d.prev; dc != nil && len(dc.Ratio) > 0 {
		dist := min(legendDist, len(dc.Ratio)-1)
		lines = append(lines, legendLine{col: d.pal.prev, dashed: true, text: g.fit(fs, room,
			words.M("grad.legend_before", runLabel(dc.Label), dist, ui.Fraction(g.lang, dc.Ratio[dist])),
			words.M("grad.legend_before_short", runLabel(dc.Label)))})
	}
	p.drawLegend(g, c, r, lines)
}

// legendDist is the distance back at which the legend says how much of the
// gradient is left on average.
const legendDist = 20

// curveLine draws one decay curve from column t back, anchored at a.
func (p *gradView) curveLine(g *Game, c canvas, d *gradShown, r ui.Rect, dc *lab.Decay, a float64, col color.RGBA, lw float64, dashed bool) {
	if dc == nil {
		return
	}
	s := g.strip
	t := d.grads.T
	col = d.dim(col)
	px, py, have := 0.0, 0.0, false
	for dist := 0; dist < len(dc.Ratio) && t-dist >= 0; dist++ {
		k := t - dist
		v := a * dc.Ratio[dist]
		if k >= s.Cols || math.IsNaN(v) || math.IsInf(v, 0) {
			have = false
			continue
		}
		x, y := s.ColumnX(k)+s.ColW/2, d.scale.Y(v, r)
		if have {
			if dashed {
				c.segment(px, py, px+(x-px)*0.55, py+(y-py)*0.55, lw, col)
			} else {
				c.segment(px, py, x, y, lw, col)
			}
		}
		px, py, have = x, y, true
	}
}

// drawUnitLine draws the selected unit's |∂L_t/∂c_k| over the c bars, a
// dot at each step joined by a line, with a legend naming the unit.
func (p *gradView) drawUnitLine(g *Game, c canvas, d *gradShown, r ui.Rect) {
	gl := d.gradLayer()
	s := g.strip
	lw := math.Max(2, 2*g.scale)
	dot := math.Max(3, math.Min(0.3*s.ColW, 3*g.scale))
	col := d.dim(d.pal.unit)
	if gl != nil {
		px, py, have := 0.0, 0.0, false
		for k := d.shownFrom(); k <= d.lastCol(g); k++ {
			v, ok := valueAt(gl.UnitC, k)
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
				have = false
				continue
			}
			x, y := s.ColumnX(k)+s.ColW/2, d.scale.Y(v, r)
			if have {
				c.segment(px, py, x, y, lw, col)
			}
			c.rect(ui.Rect{X: x - dot, Y: y - dot, W: 2 * dot, H: 2 * dot}, col)
			px, py, have = x, y, true
		}
		c.flush(true)
	}
	p.drawLegend(g, c, r, []legendLine{{text: g.word("grad.legend_unit", d.unit, d.layer+1), col: d.pal.unit}})
}

// legendLine is one line of a row's legend: a sample (a line, dashed, or
// a bar) in a colour, and its words.
type legendLine struct {
	text   string
	col    color.RGBA
	dashed bool
	bar    bool
}

// drawLegend writes the legend lines in the top left corner of a row's
// plot, on a shade so the bars under it do not hide it; as many lines as
// fit.
func (p *gradView) drawLegend(g *Game, c canvas, r ui.Rect, lines []legendLine) {
	l := g.layout
	s := g.strip
	lh := math.Round(1.25 * l.Small)
	fit := min(len(lines), int((r.H-0.2*l.Small)/lh))
	if fit <= 0 {
		return
	}
	lines = lines[:fit]
	sample := 1.4 * l.Small
	w := 0.0
	for _, ln := range lines {
		w = math.Max(w, g.fonts.measure(ln.text, l.Small))
	}
	box := ui.Rect{X: s.X0 + 0.3*l.Small, Y: r.Y + 0.15*l.Small, W: sample + 0.9*l.Small + w, H: float64(fit) * lh}
	box.W = math.Min(box.W, r.X+r.W-box.X)
	c.rect(box, fade(ui.Panel, 0.85))
	lw := math.Max(2, 2*g.scale)
	for i, ln := range lines {
		y := box.Y + float64(i)*lh + lh/2
		x0 := box.X + 0.3*l.Small
		switch {
		case ln.bar:
			c.rect(ui.Rect{X: x0 + sample*0.3, Y: y - lh*0.3, W: sample * 0.4, H: lh * 0.6}, ln.col)
		case ln.dashed:
			c.rect(ui.Rect{X: x0, Y: y - lw/2, W: sample * 0.4, H: lw}, ln.col)
			c.rect(ui.Rect{X: x0 + sample*0.6, Y: y - lw/2, W: sample * 0.4, H: lw}, ln.col)
		default:
			c.rect(ui.Rect{X: x0, Y: y - lw/2, W: sample, H: lw}, ln.col)
		}
	}
	c.flush(false)
	fs := g.face(false, l.Small)
	for i, ln := range lines {
		text := g.fonts.fit(l.Small, box.X+box.W-(box.X+sample+0.6*l.Small), ln.text)
		c.textMiddle(text, fs, box.X+sample+0.6*l.Small, box.Y+float64(i)*lh, lh, alignLeft, ui.Text)
	}
}

// drawDistances labels the columns with how many characters back from t
// they are.
func (p *gradView) drawDistances(g *Game, c canvas, d *gradShown) {
	r := p.lay.Dist
	if r.Empty() {
		return
	}
	l := g.layout
	s := g.strip
	t := g.sel.T
	p.rowLabel(g, c, r, ui.Dim, words.M("grad.row_back"), words.M("grad.row_back_short"))
	tf := math.Round(0.85 * l.Small)
	ft := g.face(false, tf)
	for _, dist := range ui.DistTicks(t, s.ColW, g.fonts.measure("000", tf)) {
		k := t - dist
		if k >= s.Cols {
			continue
		}
		c.textMiddle(strconv.Itoa(dist), ft, s.ColumnX(k)+s.ColW/2, r.Y, r.H, alignCenter, ui.Dim)
	}
}

// drawForget draws the selected unit's forget gate f_k under each step, on
// the gates' scale, with its value where it fits: f_k is what the gradient
// along c is multiplied by on its way back through step k.
func (p *gradView) drawForget(g *Game, c canvas, d *gradShown) {
	r := p.lay.F
	if r.Empty() {
		return
	}
	l := g.layout
	s := g.strip
	p.rowLabel(g, c, r, ui.Dim, words.M("grad.row_f", d.unit), words.M("grad.row_f_short"))
	gl := d.gradLayer()
	if gl == nil {
		return
	}
	last := d.lastCol(g)
	for k := d.shownFrom(); k <= last; k++ {
		if f, ok := valueAt(gl.Forget, k); ok {
			c.rect(ui.Rect{X: s.ColumnX(k) + 1, Y: r.Y, W: math.Max(1, s.ColW-2), H: r.H}, d.dim(g.scales.Gates.At(2*f-1)))
		}
	}
	c.flush(false)
	tf := math.Min(math.Round(0.75*l.Small), r.H*0.9)
	if g.fonts.measure(".00", tf)+2 > s.ColW {
		return // the colours alone
	}
	ft := g.face(false, tf)
	for k := d.shownFrom(); k <= last; k++ {
		f, ok := valueAt(gl.Forget, k)
		if !ok {
			continue
		}
		col := ui.Text
		if f > 0.6 {
			col = ui.Background
		}
		c.textMiddle(shortFraction(g, f), ft, s.ColumnX(k)+s.ColW/2, r.Y, r.H, alignCenter, d.dim(col))
	}
}

// shortFraction writes a gate value in [0, 1] in two digits without the
// leading zero (.97), 1 as 1.0.
func shortFraction(g *Game, v float64) string {
	if math.IsNaN(v) {
		return "?"
	}
	s := words.FormatNumber(g.lang, v, 2)
	if v >= 0.995 {
		return words.FormatNumber(g.lang, v, 1)
	}
	return strings.TrimPrefix(s, "0")
}

// drawSelected outlines the selected step's column through the rows, under
// the strip's own outline, and during the backward pass the step the
// gradient is reaching.
func (p *gradView) drawSelected(g *Game, c canvas, d *gradShown) {
	s := g.strip
	l := p.lay
	top, bottom := math.Inf(1), math.Inf(-1)
	for _, r := range []ui.Rect{l.Chars, l.H, l.Dist, l.C, l.F} {
		if !r.Empty() {
			top, bottom = math.Min(top, r.Y), math.Max(bottom, r.Y+r.H)
		}
	}
	if top > bottom {
		return
	}
	if t := g.sel.T; t >= 0 && t < s.Cols {
		c.stroke(ui.Rect{X: s.ColumnX(t) - 1, Y: top, W: s.ColW + 2, H: bottom - top}, math.Max(1.5, g.scale*1.5), ui.Accent)
	}
	if d.playing && d.front < s.Cols {
		c.stroke(ui.Rect{X: s.ColumnX(d.front), Y: top, W: s.ColW, H: bottom - top}, math.Max(2, g.scale*2), ui.Text)
	}
}
