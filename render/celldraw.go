package render

import (
	"image/color"
	"math"

	"rnnlab/render/ui"
)

// How the cell view draws its diagram: pipes are thick and carry a state's
// colour, control lines from a gate to its valve are thin and carry the
// gate's; both have a casing, so a value near 0 (the neutral) is still a
// visible pipe. Within a beat a pipe takes its new colour behind the pulse
// and keeps the previous step's ahead of it. Shapes are queued in two
// batches, the straight ones and the round ones (smoothed), then the text.

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

// nodeValues are the values node n shows at flow: the step's once its
// value has arrived, the step before's until then.
func (p *cellView) nodeValues(n *ui.CellNode, flow float64) *ui.CellValues {
	if flow < n.Ready {
		return &p.old
	}
	return &p.vals
}

// diagramShapes queues the casings, the pipes and control lines in their
// values' colours, the boxes and the valves.
func (p *cellView) diagramShapes(g *Game, c canvas, flow float64) {
	d := &p.lay.Diagram
	lw := lw1(g)
	for i := range d.Wires {
		w := &d.Wires[i]
		wirePart(c, w, 0, 1, p.wireWidth(w)+2*lw, ui.Faint)
	}
	for i := range d.Wires {
		w := &d.Wires[i]
		front := ui.Progress(flow, w.S0, w.S1)
		wirePart(c, w, 0, front, p.wireWidth(w), p.colourOf(g, &p.vals, w.Q))
		wirePart(c, w, front, 1, p.wireWidth(w), p.colourOf(g, &p.old, w.Q))
	}
	for i := range d.Nodes {
		n := &d.Nodes[i]
		switch n.Part {
		case ui.PartBox:
			p.drawBox(g, c, n, p.nodeValues(n, flow))
		case ui.PartValve:
			p.drawValve(g, c, n, p.nodeValues(n, flow))
		}
	}
}

// wireWidth is how thick wire w is drawn.
func (p *cellView) wireWidth(w *ui.CellWire) float64 {
	if w.Control {
		return p.lay.Diagram.Control
	}
	return p.lay.Diagram.Pipe
}

// diagramDiscs queues the round shapes: the sums, the ends and the pulses
// where the values are under way.
func (p *cellView) diagramDiscs(g *Game, c canvas, flow float64) {
	d := &p.lay.Diagram
	lw := lw1(g)
	for i := range d.Nodes {
		n := &d.Nodes[i]
		x, y, r := n.R.X+n.R.W/2, n.R.Y+n.R.H/2, n.R.W/2
		switch n.Part {
		case ui.PartSum:
			cellDisc(c, x, y, r+lw, ui.Dim)
			cellDisc(c, x, y, r, ui.ButtonFill)
		case ui.PartEnd:
			cellDisc(c, x, y, r+lw, ui.Faint)
			cellDisc(c, x, y, r, p.colourOf(g, p.nodeValues(n, flow), n.Q))
		}
	}
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
}

// diagramText writes inside the boxes and sums, and the labels: a value
// not yet arrived in this beat shows the step before's, faint.
func (p *cellView) diagramText(g *Game, c canvas, flow float64) {
	d := &p.lay.Diagram
	fl := g.face(false, 0.8*d.Unit)
	lit, dim, faint := ui.Text, ui.Dim, ui.Faint
	for i := range d.Nodes {
		n := &d.Nodes[i]
		if n.Part == ui.PartBox || n.Part == ui.PartSum {
			ts := math.Min(0.9*d.Unit, n.R.H*0.7)
			if w := g.fonts.measure(n.Text, ts); w > n.R.W-0.3*d.Unit {
				ts *= (n.R.W - 0.3*d.Unit) / w
			}
			c.textMiddle(n.Text, g.face(false, ts), n.R.X+n.R.W/2, n.R.Y, n.R.H, alignCenter, lit)
			if ui.IsGate(n.Key) { // which gate the σ is: its letter in the corner
				c.textMiddle(n.Key, fl, n.R.X+n.R.W-0.25*d.Unit, n.R.Y, n.R.H, alignRight, dim)
			}
		}
		if n.Label.Empty() || i >= len(p.labels) || i >= len(p.oldLabel) {
			continue
		}
		s, col := p.labels[i], lit
		if flow < n.Ready {
			s, col = p.oldLabel[i], faint
		}
		x, a := n.Label.X, alignLeft
		if n.LabelRight {
			x, a = n.Label.X+n.Label.W, alignRight
		}
		c.textMiddle(s, fl, x, n.Label.Y, n.Label.H, a, col)
	}
}

// drawBox queues an activation or a weight: a box with a band of its
// output's colour along its top.
func (p *cellView) drawBox(g *Game, c canvas, n *ui.CellNode, v *ui.CellValues) {
	lw := lw1(g)
	c.rect(n.R.Inset(-lw), ui.Faint)
	c.rect(n.R, ui.ButtonFill)
	band := math.Max(2, math.Round(n.R.H*0.16))
	c.rect(ui.Rect{X: n.R.X, Y: n.R.Y, W: n.R.W, H: band}, p.colourOf(g, v, n.Q))
}

// drawValve queues a gate's valve: two shutters that close across the pipe
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
	pt := func(k int) [2]float32 {
		a := 2 * math.Pi * float64(k) / n
		return [2]float32{float32(x + r*math.Cos(a)), float32(y + r*math.Sin(a))}
	}
	for i := 0; i < n; i += 2 {
		c.quads.addQuad([4][2]float32{{float32(x), float32(y)}, pt(i), pt(i + 1), pt(i + 2)}, col)
	}
}

// cellFrame queues the edges of r, w wide.
func cellFrame(c canvas, r ui.Rect, w float64, col color.RGBA) {
	c.rect(ui.Rect{X: r.X, Y: r.Y, W: r.W, H: w}, col)
	c.rect(ui.Rect{X: r.X, Y: r.Y + r.H - w, W: r.W, H: w}, col)
	c.rect(ui.Rect{X: r.X, Y: r.Y, W: w, H: r.H}, col)
	c.rect(ui.Rect{X: r.X + r.W - w, Y: r.Y, W: w, H: r.H}, col)
}
