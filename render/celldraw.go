package render

import (
	"image/color"
	"math"

	"rnnlab/render/ui"
	"rnnlab/words"
)

// How the cell view draws: pipes are thick and carry a state's colour,
// control lines from a gate to its valve are thin and carry the gate's;
// both have a light casing, so a value near 0 (the dark neutral) is still
// a visible pipe. Within a beat a pipe takes its new colour behind the
// pulse and keeps the previous step's ahead of it.

// colourOf is the colour of value q of v on its scale.
func (p *cellView) colourOf(g *Game, v *ui.CellValues, q ui.Q) color.RGBA {
	if q.What == ui.QChar {
		return ui.Dim
	}
	if !v.Known(q) { // the split of the sums, before the step's numbers arrive
		return ui.ButtonFill
	}
	x := v.Value(q)
	switch ui.ScaleOf(v.Kind, q) {
	case ui.ScaleGate:
		return g.scales.Gates.At(ui.Normalize(x, 0, 1))
	case ui.ScaleCell:
		return g.scales.States.At(ui.Normalize(x, p.cRange[0], p.cRange[1]))
	}
	return g.scales.States.At(x)
}

// drawDiagram draws the cell: casings, pipes and control lines in their
// values' colours, the pulses, then the shapes and their labels.
func (p *cellView) drawDiagram(g *Game, c canvas, flow float64) {
	d := &p.lay.Diagram
	if len(d.Nodes) == 0 {
		return
	}
	lw := lw1(g)
	width := func(w *ui.CellWire) float64 {
		if w.Control {
			return d.Control
		}
		return d.Pipe
	}
	for i := range d.Wires {
		w := &d.Wires[i]
		wirePart(c, w, 0, 1, width(w)+2*lw, ui.Faint)
	}
	c.flush(false)
	for i := range d.Wires {
		w := &d.Wires[i]
		front := ui.Progress(flow, w.S0, w.S1)
		wirePart(c, w, 0, front, width(w), p.colourOf(g, &p.vals, w.Q))
		wirePart(c, w, front, 1, width(w), p.colourOf(g, &p.old, w.Q))
	}
	c.flush(false)
	// The pulses, where the values are under way.
	for i := range d.Wires {
		w := &d.Wires[i]
		front := ui.Progress(flow, w.S0, w.S1)
		if front <= 0 || front >= 1 {
			continue
		}
		pt, _ := w.PointAt(front)
		r := 0.42 * d.Unit
		if w.Control {
			r = 0.3 * d.Unit
		}
		cellDisc(c, pt.X, pt.Y, 1.7*r, fade(ui.Text, 0.25))
		cellDisc(c, pt.X, pt.Y, r, ui.Text)
	}
	c.flush(true)

	for i := range d.Nodes {
		n := &d.Nodes[i]
		v := &p.vals
		if flow < n.Ready {
			v = &p.old
		}
		switch n.Part {
		case ui.PartBox:
			p.drawBox(g, c, n, v)
		case ui.PartValve:
			p.drawValve(g, c, n, v)
		case ui.PartSum:
			cellDisc(c, n.R.X+n.R.W/2, n.R.Y+n.R.H/2, n.R.W/2+lw, ui.Dim)
			cellDisc(c, n.R.X+n.R.W/2, n.R.Y+n.R.H/2, n.R.W/2, ui.ButtonFill)
		case ui.PartEnd:
			cellDisc(c, n.R.X+n.R.W/2, n.R.Y+n.R.H/2, n.R.W/2+lw, ui.Faint)
			cellDisc(c, n.R.X+n.R.W/2, n.R.Y+n.R.H/2, n.R.W/2, p.colourOf(g, v, n.Q))
		}
	}
	c.flush(true)

	// Text: inside the boxes and sums, then the labels.
	size := 0.8 * d.Unit
	fl := g.face(false, size)
	for i := range d.Nodes {
		n := &d.Nodes[i]
		if n.Part == ui.PartBox || n.Part == ui.PartSum {
			ts := math.Min(0.9*d.Unit, n.R.H*0.7)
			if w := g.fonts.measure(n.Text, ts); w > n.R.W-0.3*d.Unit {
				ts *= (n.R.W - 0.3*d.Unit) / w
			}
			c.textMiddle(n.Text, g.face(false, ts), n.R.X+n.R.W/2, n.R.Y, n.R.H, alignCenter, ui.Text)
		}
		if n.Label.Empty() || i >= len(p.labels) {
			continue
		}
		s, col := p.labels[i], ui.Text
		if flow < n.Ready {
			s, col = p.oldLabel[i], ui.Faint
		}
		s = g.fonts.fit(size, n.Label.W, s)
		x, a := n.Label.X, alignLeft
		if n.LabelRight {
			x, a = n.Label.X+n.Label.W, alignRight
		}
		c.textMiddle(s, fl, x, n.Label.Y, n.Label.H, a, col)
	}
}

// drawBox draws an activation or a weight: a box with a band of its
// output's colour along its top.
func (p *cellView) drawBox(g *Game, c canvas, n *ui.CellNode, v *ui.CellValues) {
	lw := lw1(g)
	c.rect(n.R.Inset(-lw), ui.Faint)
	c.rect(n.R, ui.ButtonFill)
	band := math.Max(2, math.Round(n.R.H*0.16))
	c.rect(ui.Rect{X: n.R.X, Y: n.R.Y, W: n.R.W, H: band}, p.colourOf(g, v, n.Q))
}

// drawValve draws a gate's valve: two shutters that close across the pipe
// from either side, leaving an opening as wide as the gate's value, lit in
// the gate's colour.
func (p *cellView) drawValve(g *Game, c canvas, n *ui.CellNode, v *ui.CellValues) {
	lw := lw1(g)
	r := n.R
	c.rect(r.Inset(-lw), ui.Dim)
	c.rect(r, ui.Background)
	open := v.Value(n.Q)
	if math.IsNaN(open) {
		open = 0
	}
	open = math.Max(0, math.Min(1, open))
	in := r.Inset(lw)
	gateCol := p.colourOf(g, v, n.Q)
	if n.Across { // a vertical pipe: the shutters close from left and right
		gap := in.W * open
		side := (in.W - gap) / 2
		c.rect(ui.Rect{X: in.X + side, Y: in.Y, W: gap, H: in.H}, gateCol)
		c.rect(ui.Rect{X: in.X, Y: in.Y, W: side, H: in.H}, ui.Faint)
		c.rect(ui.Rect{X: in.X + side + gap, Y: in.Y, W: side, H: in.H}, ui.Faint)
		return
	}
	gap := in.H * open
	side := (in.H - gap) / 2
	c.rect(ui.Rect{X: in.X, Y: in.Y + side, W: in.W, H: gap}, gateCol)
	c.rect(ui.Rect{X: in.X, Y: in.Y, W: in.W, H: side}, ui.Faint)
	c.rect(ui.Rect{X: in.X, Y: in.Y + side + gap, W: in.W, H: side}, ui.Faint)
}

// wirePart queues the part of wire w from share s0 to s1 of its length.
func wirePart(c canvas, w *ui.CellWire, s0, s1, width float64, col color.RGBA) {
	if s1 <= s0 {
		return
	}
	total := w.Length()
	from, to := s0*total, s1*total
	at := 0.0
	for k := 1; k < len(w.Pts); k++ {
		a, b := w.Pts[k-1], w.Pts[k]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		lo, hi := math.Max(from, at), math.Min(to, at+l)
		if hi > lo && l > 0 {
			f0, f1 := (lo-at)/l, (hi-at)/l
			c.segment(a.X+(b.X-a.X)*f0, a.Y+(b.Y-a.Y)*f0, a.X+(b.X-a.X)*f1, a.Y+(b.Y-a.Y)*f1, width, col)
		}
		at += l
	}
}

// cellDisc queues a filled circle (screen coordinates).
func cellDisc(c canvas, x, y, r float64, col color.RGBA) {
	const n = 16
	x, y = x-c.ox, y-c.oy
	for i := 0; i < n; i += 2 {
		p := func(k int) [2]float32 {
			a := 2 * math.Pi * float64(k) / n
			return [2]float32{float32(x + r*math.Cos(a)), float32(y + r*math.Sin(a))}
		}
		c.quads.addQuad([4][2]float32{{float32(x), float32(y)}, p(i), p(i + 1), p(i + 2)}, col)
	}
}

// drawHeader writes which unit and step the view shows, and draws the
// replay's buttons.
func (p *cellView) drawHeader(g *Game, c canvas) {
	l := g.layout
	h := p.lay.Header
	c.textMiddle(p.texts.title, g.face(false, l.Font), h.X, h.Y, h.H, alignLeft, ui.Text)
	if p.lay.Play.Empty() {
		return
	}
	hover := p.painted.hover
	fs := g.face(false, l.Small)
	for i, r := range p.buttonRects() {
		bg := ui.ButtonFill
		switch {
		case i == 0 && p.replay.Playing:
			bg = ui.ButtonSel
		case i == hover:
			bg = ui.ButtonHov
		}
		c.rect(r, bg)
	}
	// Play: a triangle, or two bars while playing, then its word.
	r := p.lay.Play
	s := l.Small * 0.75
	ix, iy := r.X+0.6*l.Small, r.Y+(r.H-s)/2
	if p.replay.Playing {
		c.rect(ui.Rect{X: ix, Y: iy, W: s * 0.33, H: s}, ui.Text)
		c.rect(ui.Rect{X: ix + s*0.62, Y: iy, W: s * 0.33, H: s}, ui.Text)
	} else {
		c.quads.addQuad([4][2]float32{
			{float32(ix - c.ox), float32(iy - c.oy)}, {float32(ix + s - c.ox), float32(iy + s/2 - c.oy)},
			{float32(ix + s - c.ox), float32(iy + s/2 - c.oy)}, {float32(ix - c.ox), float32(iy + s - c.oy)},
		}, ui.Text)
	}
	if p.replay.Moving() { // the beat's progress along the button's foot
		c.rect(ui.Rect{X: r.X, Y: r.Y + r.H - 2*lw1(g), W: r.W * math.Min(1, p.replay.Phase), H: 2 * lw1(g)}, ui.Accent)
	}
	c.flush(true)
	c.textMiddle(p.texts.play, fs, ix+s+0.4*l.Small, r.Y, r.H, alignLeft, ui.Text)
	c.textMiddle("−", fs, p.lay.Slower.X+p.lay.Slower.W/2, p.lay.Slower.Y, p.lay.Slower.H, alignCenter, ui.Text)
	c.textMiddle("+", fs, p.lay.Faster.X+p.lay.Faster.W/2, p.lay.Faster.Y, p.lay.Faster.H, alignCenter, ui.Text)
	sp := p.lay.Speed
	c.textMiddle(p.texts.speed, fs, sp.X+sp.W/2, sp.Y, sp.H, alignCenter, ui.Dim)
}

// speedDigits is how many decimals a speed is written with: 1.5, but 2.
func speedDigits(v float64) int {
	if v != math.Trunc(v) {
		return 1
	}
	return 0
}

// drawTable writes the equations, each row with its name and the strip of
// every unit's value at this step. Within a beat a row is dim until the
// value it computes arrives in the diagram, and lit as it does.
func (p *cellView) drawTable(g *Game, c canvas, flow float64) {
	t := p.lay.Table
	if t.Rows == 0 || t.Size == 0 {
		return
	}
	w := p.data.window
	groups := w.Layers[p.data.layer].Groups
	moving := p.replay.Moving()
	for i := 0; i < t.Rows && i < len(p.eqs); i++ {
		stage := ui.EquationStage(p.vals.Kind, p.eqs[i].Key)
		if moving && flow >= stage && flow < stage+0.25 {
			c.rect(p.lay.Table.Row(i), ui.ButtonFill)
		}
	}
	// The strips: every unit's value at this step, the selected one framed.
	for i := 0; i < t.Rows && i < len(p.eqs); i++ {
		gi := p.rowGroupOf(i)
		if gi < 0 {
			continue
		}
		gr := &groups[gi]
		c.rect(t.Strip(i).Inset(-lw1(g)), ui.Faint)
		step := p.rowStep(i)
		for u := 0; u < gr.Units; u++ {
			v := 0.0 // h₋₁ before the passage
			if step >= 0 {
				v = gr.Value(step, u)
			}
			c.rect(t.StripCell(i, u, gr.Units), g.scales.At(v, gr.Lo, gr.Hi))
		}
	}
	c.flush(false)
	for i := 0; i < t.Rows && i < len(p.eqs); i++ {
		if gi := p.rowGroupOf(i); gi >= 0 && p.data.unit < groups[gi].Units {
			r := t.StripCell(i, p.data.unit, groups[gi].Units)
			r = ui.Rect{X: r.X - 1, Y: r.Y - 2, W: math.Max(r.W, 2) + 2, H: r.H + 4}
			c.stroke(r, math.Max(1.5, g.scale*1.5), ui.Text)
		}
	}
	// The names and the equations.
	f := g.face(false, t.Size)
	for i := 0; i < t.Rows && i < len(p.eqs); i++ {
		e := &p.eqs[i]
		r := t.Row(i)
		ready := flow >= ui.EquationStage(p.vals.Kind, e.Key)
		dim, text := ui.Dim, ui.Text
		if !ready {
			dim, text = ui.Faint, ui.Faint
		}
		if t.NameW > 0 && i < len(p.names) {
			c.textMiddle(p.names[i], f, t.NameX, r.Y, r.H, alignLeft, dim)
		}
		formula := e.Key // without the formula, the row's key says what it computes
		if t.Show[ui.PartFormula] {
			formula = e.Parts[ui.PartFormula]
		}
		c.textMiddle(formula, f, t.ColX[ui.PartFormula], r.Y, r.H, alignLeft, dim)
		x := t.ColX[ui.PartNumbers] // the numbers and the worked sum flow
		for _, j := range []int{ui.PartNumbers, ui.PartWorked} {
			if t.Show[j] && e.Parts[j] != "" {
				c.textMiddle(e.Parts[j], f, x, r.Y, r.H, alignLeft, text)
				x += g.fonts.width(e.Parts[j], f) + math.Round(t.Size*0.35)
			}
		}
		c.textMiddle(e.Parts[ui.PartResult], f, t.ColX[ui.PartResult], r.Y, r.H, alignLeft, text)
	}
}

// drawCaption says in one line what the learner sees, or what the replay
// does.
func (p *cellView) drawCaption(g *Game, c canvas) {
	if r := p.lay.Caption; !r.Empty() {
		c.textMiddle(p.texts.caption, g.face(false, g.layout.Small), r.X, r.Y, r.H, alignLeft, ui.Dim)
	}
}

// writeTexts writes the view's words for k: the header's title, the
// caption, the Play button's word and the speed.
func (p *cellView) writeTexts(g *Game, k cellTextKey) cellTexts {
	l := g.layout
	out := cellTexts{key: k, play: g.word("cell.play")}
	if k.playing {
		out.play = g.word("cell.pause")
	}
	v := p.replay.CharsPerSec()
	out.speed = g.word("cell.speed", words.Fixed(v, speedDigits(v)))
	if !p.ok {
		return out
	}
	t := p.data.t
	out.title = g.fit(l.Font, p.lay.Header.W,
		words.M("cell.title", p.data.unit, p.data.layer+1, t+1, g.charName(p.data.window.Runes[t])),
		words.M("cell.unit", p.data.unit, p.data.layer+1),
		words.M("cell.unit_short", p.data.unit))
	units := p.layoutKey.units
	var long, short words.Msg
	switch {
	case k.ended:
		long, short = words.M("cell.ended"), words.M("cell.ended_short")
	case k.playing:
		long, short = words.M("cell.playing"), words.M("cell.playing_short")
	case p.vals.Kind == ui.CellLSTM:
		long, short = words.M("cell.caption_lstm", units), words.M("cell.caption_short", units)
	case p.vals.Kind == ui.CellGRU:
		long, short = words.M("cell.caption_gru", units), words.M("cell.caption_short", units)
	case p.vals.ReLU:
		long, short = words.M("cell.caption_relu", units), words.M("cell.caption_short", units)
	default:
		long, short = words.M("cell.caption_rnn", units), words.M("cell.caption_short", units)
	}
	out.caption = g.fit(l.Small, p.lay.Caption.W, long, short)
	return out
}

// tip explains what lies under the pointer, with its value.
func (p *cellView) tip(g *Game, t target) tooltip {
	if !p.ok {
		return noTip
	}
	v := &p.vals
	num := func(x float64) words.Number { return words.Fixed(x, 2) }
	switch t.kind {
	case cellButton:
		r := p.buttonRects()[t.i]
		return tooltip{text: tipFor(g.lang, [3]ui.Action{ui.ActPlay, ui.ActSlower, ui.ActFaster}[t.i]), x: r.X, y: r.Y + r.H}
	case cellStrip:
		gi := p.rowGroupOf(t.i)
		groups := p.data.window.Layers[p.data.layer].Groups
		if gi < 0 || t.j >= groups[gi].Units || t.i >= len(p.eqs) {
			return noTip
		}
		gr := &groups[gi]
		r := p.lay.Table.StripCell(t.i, t.j, gr.Units)
		v := 0.0
		if step := p.rowStep(t.i); step >= 0 {
			v = gr.Value(step, t.j)
		}
		return tooltip{text: g.word("cell.tip_strip", t.j, rowTitle(g, p.eqs[t.i].Key), num(v)),
			x: r.X + r.W, y: r.Y + r.H, marks: []mark{{r: r.Inset(-1), edge: math.Max(1, g.scale), c: ui.Text}}}
	case cellRow:
		if t.i >= len(p.eqs) {
			return noTip
		}
		r := p.lay.Table.Row(t.i)
		return tooltip{text: rowTitle(g, p.eqs[t.i].Key) + "\n" + p.eqText[t.i], x: r.X, y: r.Y + r.H}
	case cellNode:
		d := &p.lay.Diagram
		if t.i >= len(d.Nodes) {
			return noTip
		}
		n := &d.Nodes[t.i]
		return tooltip{text: p.nodeTip(g, n), x: n.R.X + n.R.W, y: n.R.Y + n.R.H,
			marks: []mark{{r: n.R.Inset(-2), edge: math.Max(1, g.scale), c: ui.Text}}}
	case cellWire:
		d := &p.lay.Diagram
		if t.i >= len(d.Wires) {
			return noTip
		}
		w := &d.Wires[t.i]
		pt, _ := w.PointAt(0.5)
		text := g.word(p.qKey(w.Q), p.gateKey(w.Q))
		if v.Known(w.Q) {
			text += " = " + words.FormatNumber(g.lang, v.Value(w.Q), 2)
		} else if w.Q.What != ui.QChar {
			text += "\n" + g.word("cell.q_unknown")
		}
		return tooltip{text: text, x: g.ptr.x, y: pt.Y + d.Pipe}
	}
	return noTip
}

// nodeTip explains a node: a valve's opening and what passes, a box's or
// a sum's equation, an end's value.
func (p *cellView) nodeTip(g *Game, n *ui.CellNode) string {
	v := &p.vals
	num := func(x float64) words.Number { return words.Fixed(x, 2) }
	switch n.Part {
	case ui.PartValve:
		open := v.Value(n.Q)
		name := words.M("cell.one_minus_z")
		if n.Key != "1−z" {
			name = words.M("group." + n.Key + ".name")
		}
		return g.word("cell.tip_valve", name, n.Key, num(open), words.Fixed(100*math.Max(0, math.Min(1, open)), 0),
			words.M(p.qKey(n.Through), p.gateKey(n.Through)), num(v.Value(n.Through)))
	case ui.PartBox, ui.PartSum:
		key := n.Key
		switch {
		case n.Key == "+" && v.Kind == ui.CellLSTM:
			key = "c"
		case n.Key == "+":
			key = "h"
		}
		for i, e := range p.eqs {
			if e.Key == key && (n.Key != "+" || v.Kind != ui.CellRNN) {
				return g.word("group."+key+".name") + "\n" + p.eqText[i]
			}
		}
	}
	text := g.word(p.qKey(n.Q), p.gateKey(n.Q))
	switch {
	case n.Q.What == ui.QChar:
		text += " " + g.charName(v.Input)
	case v.Known(n.Q):
		text += " = " + words.FormatNumber(g.lang, v.Value(n.Q), 2)
	}
	return text
}

// gateKey is the key of the block q belongs to, "" for none.
func (p *cellView) gateKey(q ui.Q) string {
	keys := ui.GateKeys(p.vals.Kind)
	if q.Gate >= 0 && int(q.Gate) < len(keys) {
		return keys[q.Gate]
	}
	return ""
}

// qKey is the words key that names value q.
func (p *cellView) qKey(q ui.Q) string {
	if q.What == ui.QHH && p.vals.Kind == ui.CellRNN {
		return "cell.q.hh_rnn"
	}
	return "cell.q." + whatKey(q.What)
}

// whatKey is the words key's last part for a kind of value.
func whatKey(w ui.What) string {
	return [...]string{ui.QNone: "act", ui.QChar: "char", ui.QHPrev: "hprev", ui.QCPrev: "cprev", ui.QH: "h", ui.QC: "c",
		ui.QAct: "act", ui.QX: "x", ui.QHH: "hh", ui.QPre: "pre", ui.QFC: "fc", ui.QIG: "ig", ui.QTanhC: "tanhc",
		ui.QZH: "zh", ui.QZN: "zn", ui.QOneMinusZ: "one_minus_z", ui.QRH: "rh"}[w]
}
