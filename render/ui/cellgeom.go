package ui

import "math"

// Pt is a point in screen pixels.
type Pt struct{ X, Y float64 }

// CellPart is what a node of the cell diagram is.
type CellPart int

const (
	PartEnd   CellPart = iota // an input or an output: a wire's free end, with its name and value
	PartBox                   // an activation (σ, tanh, ReLU) or a weight (W·x, H·h)
	PartValve                 // a gate's valve on a pipe, open as far as the gate's value
	PartSum                   // a + where two pipes meet
)

// CellNode is one shape of the cell diagram.
type CellNode struct {
	Part CellPart
	// Key names it: a block's key for its box and valve ("f"), "1−z" for
	// the GRU's second valve, "tanh" for the LSTM's tanh(c), "Wx" and "Hh"
	// for the RNN's weights, "+" for a sum, and for an end the value's
	// name: "x", "h₋₁", "c₋₁", "h", "c".
	Key string
	// Text is what is written inside a box: "σ", "tanh", "W·x".
	Text string
	// Q is the value it shows (a valve's opening); Through is what passes
	// a valve.
	Q, Through Q
	R          Rect
	// Label is where its name and value are written; empty when there is
	// no room. LabelRight anchors the text at the label's right edge (an
	// input's name, beside the wire it starts).
	Label      Rect
	LabelRight bool
	Across     bool    // a valve on a vertical pipe: its housing lies across it
	Ready      float64 // when within a beat's flow (0 … 1) its value arrives
}

// CellWire is one wire of the cell diagram: a pipe that carries a value,
// or a thinner control line from a gate to its valve.
type CellWire struct {
	Q       Q
	Pts     []Pt
	Control bool
	S0, S1  float64 // the part of a beat's flow (0 … 1) during which the pulse travels along it
}

// CellDiagram is the cell drawn as shapes, in the layout textbooks use.
type CellDiagram struct {
	Kind    CellKind
	Area    Rect
	Unit    float64 // the size its shapes were made for (its text is 0.8 of it)
	Pipe    float64 // the width of a pipe
	Control float64 // the width of a control line
	Nodes   []CellNode
	Wires   []CellWire
}

// Diagram sizes, in units (the diagram's text size over 0.8).
const (
	boxW, boxH         = 2.6, 1.4
	valveAlong         = 1.0 // a valve's length along its pipe
	valveAcross        = 2.0
	sumR               = 0.7
	labelH             = 1.15
	endLabelW          = 3.9
	valueLabelW        = 3.3
	tapGap             = 0.5 // a box's input wires, either side of its middle
	minDiagramUnit     = 7.0 // below this (in pixels) nothing is drawn
	maxVerticalStretch = 1.5
	maxStretch         = 1.3 // the widest a diagram is spread, over its design width
)

// diagramUnit is the unit a diagram of kind k is drawn at in area, at
// most at text size font.
func diagramUnit(k CellKind, area Rect, font float64) float64 {
	dw, dh := designSize(k)
	return math.Min(font/0.8, math.Min(area.W/dw, area.H/dh))
}

// designSize is the room a diagram of kind k needs, in units.
func designSize(k CellKind) (w, h float64) {
	if k == CellRNN {
		return 24, 7.6
	}
	return 2*endLabelW + 24, 11.8
}

// DiagramMinWidth is the narrowest a diagram of kind k can be drawn at a
// text size of font: at 0.6 of it.
func DiagramMinWidth(k CellKind, font float64) float64 {
	w, _ := designSize(k)
	return 0.6 * w * font / 0.8
}

// LayoutCellDiagram lays out the diagram of a cell of kind k (relu for a
// ReLU RNN) in area, at most at text size font: smaller when the area is
// small, with the rows spread out when it is tall. Labels that would
// overlap something are left out. An area too small for any diagram gives
// one without nodes.
func LayoutCellDiagram(k CellKind, relu bool, area Rect, font float64) CellDiagram {
	dw, dh := designSize(k)
	u := diagramUnit(k, area, font)
	d := CellDiagram{Kind: k, Area: area, Unit: u}
	if !(u >= minDiagramUnit) {
		return d
	}
	if most := maxStretch * dw * u; area.W > most { // not too far apart: centred
		area = Rect{area.X + math.Round((area.W-most)/2), area.Y, most, area.H}
		d.Area = area
	}
	d.Pipe = math.Max(2, math.Round(0.26*u))
	d.Control = math.Max(1.5, math.Round(0.12*u))
	ys := math.Min(maxVerticalStretch, area.H/(dh*u))
	b := cellBuilder{d: &d, u: u,
		x0: area.X + endLabelW*u, w: area.W - 2*endLabelW*u,
		y0: area.Y + (area.H-dh*u*ys)/2, ys: u * ys}
	switch k {
	case CellLSTM:
		b.lstm()
	case CellGRU:
		b.gru()
	default:
		b.rnn(relu)
	}
	b.dropCrowdedLabels()
	return d
}

// cellBuilder places a diagram's shapes: x as a share of the middle zone
// between the end labels, y in units from the top.
type cellBuilder struct {
	d      *CellDiagram
	u      float64
	x0, w  float64
	y0, ys float64
}

func (b *cellBuilder) X(share float64) float64 { return b.x0 + share*b.w }
func (b *cellBuilder) Y(units float64) float64 { return b.y0 + units*b.ys }

// wire adds a wire through pts.
func (b *cellBuilder) wire(q Q, control bool, s0, s1 float64, pts ...Pt) {
	b.d.Wires = append(b.d.Wires, CellWire{Q: q, Pts: pts, Control: control, S0: s0, S1: s1})
}

// box adds a box centred on c, w units wide, and returns it.
func (b *cellBuilder) box(key, text string, q Q, c Pt, w float64, ready float64) CellNode {
	n := CellNode{Part: PartBox, Key: key, Text: text, Q: q, Ready: ready,
		R: Rect{c.X - w*b.u/2, c.Y - boxH*b.u/2, w * b.u, boxH * b.u}}
	b.d.Nodes = append(b.d.Nodes, n)
	return n
}

// valve adds a gate's valve centred on c; across says its pipe is vertical.
// Its label's top-left corner is label.
func (b *cellBuilder) valve(key string, q, through Q, c Pt, across bool, ready float64, label Pt) {
	b.wideValve(key, q, through, c, across, ready, label, valueLabelW)
}

// wideValve is valve with a label lw units wide.
func (b *cellBuilder) wideValve(key string, q, through Q, c Pt, across bool, ready float64, label Pt, lw float64) {
	along, wide := valveAlong*b.u, valveAcross*b.u
	r := Rect{c.X - along/2, c.Y - wide/2, along, wide}
	if across {
		r = Rect{c.X - wide/2, c.Y - along/2, wide, along}
	}
	b.d.Nodes = append(b.d.Nodes, CellNode{Part: PartValve, Key: key, Q: q, Through: through, R: r, Across: across, Ready: ready,
		Label: Rect{label.X, label.Y, lw * b.u, labelH * b.u}})
}

// sum adds a + centred on c.
func (b *cellBuilder) sum(q Q, c Pt, ready float64) {
	r := sumR * b.u
	b.d.Nodes = append(b.d.Nodes, CellNode{Part: PartSum, Key: "+", Text: "+", Q: q, Ready: ready, R: Rect{c.X - r, c.Y - r, 2 * r, 2 * r}})
}

// end adds an input (at the left edge of the middle zone, its label left
// of it) or an output (at the right edge, its label right of it) at y.
func (b *cellBuilder) end(key string, q Q, y float64, input bool, ready float64) Pt {
	u := b.u
	p := Pt{b.x0 + b.w, y}
	label := Rect{p.X + 0.3*u, y - labelH*u/2, (endLabelW - 0.3) * u, labelH * u}
	if input {
		p.X = b.x0
		label.X = b.d.Area.X
	}
	b.d.Nodes = append(b.d.Nodes, CellNode{Part: PartEnd, Key: key, Q: q, Ready: ready, LabelRight: input,
		R: Rect{p.X - 0.2*u, y - 0.2*u, 0.4 * u, 0.4 * u}, Label: label})
	return p
}

// taps adds the two wires into the bottom of a box at column cx: the
// input's share from the x bus, the previous state's from the h bus.
func (b *cellBuilder) taps(gate int, cx, boxBottom, hBus, xBus float64) {
	g := int8(gate)
	b.wire(Q{QX, g}, false, 0.12, 0.25, Pt{cx - tapGap*b.u, xBus}, Pt{cx - tapGap*b.u, boxBottom})
	b.wire(Q{QHH, g}, false, 0.12, 0.25, Pt{cx + tapGap*b.u, hBus}, Pt{cx + tapGap*b.u, boxBottom})
}

// label is the top-left corner of a label whose middle is at height y.
func (b *cellBuilder) label(x, y float64) Pt { return Pt{x, y - labelH*b.u/2} }

// lstm lays out the LSTM as textbooks draw it: the cell state's line
// across the top with the forget valve and the +, the four blocks in a row
// fed by h₋₁ and x from below, the input valve on the candidate's way up,
// and tanh(c) through the output valve to h at the right.
func (b *cellBuilder) lstm() {
	u := b.u
	yC, yTanh, yV, yO, yB, yH, yX := b.Y(1.0), b.Y(3.4), b.Y(4.7), b.Y(6.0), b.Y(8.0), b.Y(9.6), b.Y(10.9)
	xF, xI, xG, xO, xT := b.X(0.07), b.X(0.30), b.X(0.51), b.X(0.72), b.X(0.93)
	i, f, g, o := int8(0), int8(1), int8(2), int8(3)
	top, bottom := yB-boxH*u/2, yB+boxH*u/2

	cPrev := b.end("c₋₁", Q{What: QCPrev}, yC, true, 0)
	hPrev := b.end("h₋₁", Q{What: QHPrev}, yH, true, 0)
	x := b.end("x", Q{What: QChar}, yX, true, 0)
	c := b.end("c", Q{What: QC}, yC, false, 0.75)
	h := b.end("h", Q{What: QH}, yB, false, 1)

	// The buses and each block's inputs.
	b.wire(Q{What: QHPrev}, false, 0, 0.12, hPrev, Pt{xO + tapGap*u, yH})
	b.wire(Q{What: QChar}, false, 0, 0.12, x, Pt{xO - tapGap*u, yX})
	for gate, cx := range []float64{xI, xF, xG, xO} {
		b.taps(gate, cx, bottom, yH, yX)
	}
	b.box("f", "σ", Q{QAct, f}, Pt{xF, yB}, boxW, 0.25)
	b.box("i", "σ", Q{QAct, i}, Pt{xI, yB}, boxW, 0.25)
	b.box("g", "tanh", Q{QAct, g}, Pt{xG, yB}, boxW, 0.25)
	b.box("o", "σ", Q{QAct, o}, Pt{xO, yB}, boxW, 0.25)

	// The cell state's line: through the forget valve, the +, out as c.
	half := valveAlong * u / 2
	b.wire(Q{What: QCPrev}, false, 0.2, 0.45, cPrev, Pt{xF - half, yC})
	b.valve("f", Q{QAct, f}, Q{What: QFC}, Pt{xF, yC}, false, 0.45, Pt{xF + 0.45*u, b.Y(4.1)})
	b.wire(Q{QAct, f}, true, 0.25, 0.45, Pt{xF, top}, Pt{xF, yC + valveAcross*u/2})
	b.wire(Q{What: QFC}, false, 0.45, 0.6, Pt{xF + half, yC}, Pt{xG - sumR*u, yC})
	b.sum(Q{What: QC}, Pt{xG, yC}, 0.6)
	b.wire(Q{What: QC}, false, 0.6, 0.75, Pt{xG + sumR*u, yC}, c)

	// The candidate goes up through the input valve into the +.
	b.wire(Q{QAct, g}, false, 0.25, 0.4, Pt{xG, top}, Pt{xG, yV + half})
	b.valve("i", Q{QAct, i}, Q{What: QIG}, Pt{xG, yV}, true, 0.45, b.label(xI+0.35*u, yV-0.8*u))
	b.wire(Q{QAct, i}, true, 0.25, 0.45, Pt{xI, top}, Pt{xI, yV}, Pt{xG - valveAcross*u/2, yV})
	b.wire(Q{What: QIG}, false, 0.45, 0.6, Pt{xG, yV - half}, Pt{xG, yC + sumR*u})

	// tanh(c) through the output valve is h.
	b.wire(Q{What: QC}, false, 0.72, 0.78, Pt{xT, yC}, Pt{xT, yTanh - boxH*u/2})
	b.box("tanh", "tanh", Q{What: QTanhC}, Pt{xT, yTanh}, boxW, 0.78)
	b.wire(Q{What: QTanhC}, false, 0.78, 0.86, Pt{xT, yTanh + boxH*u/2}, Pt{xT, yO - half})
	b.valve("o", Q{QAct, o}, Q{What: QH}, Pt{xT, yO}, true, 0.86, b.label(xO+0.35*u, yO-0.8*u))
	b.wire(Q{QAct, o}, true, 0.25, 0.45, Pt{xO, top}, Pt{xO, yO}, Pt{xT - valveAcross*u/2, yO})
	b.wire(Q{What: QH}, false, 0.86, 1, Pt{xT, yO + half}, Pt{xT, yB}, h)
	b.labelBox("g", xG+0.35*u, (yV+top)/2)
}

// labelBox gives the box key a value label to the right of its output wire,
// its middle at height y.
func (b *cellBuilder) labelBox(key string, x, y float64) {
	for i := range b.d.Nodes {
		if n := &b.d.Nodes[i]; n.Part == PartBox && n.Key == key {
			p := b.label(x, y)
			n.Label = Rect{p.X, p.Y, valueLabelW * b.u, labelH * b.u}
		}
	}
}

// gru lays out the GRU: h₋₁ across the top through the keep valve (z) into
// the +, the candidate n coming up through the valve 1−z into the same +,
// so h is a mix of the old state and the candidate; the reset valve (r)
// on the old state's way into the candidate.
func (b *cellBuilder) gru() {
	u := b.u
	yTop, yV, yRc, yB, yH, yX := b.Y(1.0), b.Y(4.2), b.Y(5.6), b.Y(8.0), b.Y(9.6), b.Y(10.9)
	xTrunk, xZ, xR, xTap, xRV, xZV, xN := b.X(0.02), b.X(0.14), b.X(0.33), b.X(0.48), b.X(0.56), b.X(0.63), b.X(0.86)
	r, z, n := int8(0), int8(1), int8(2)
	top, bottom := yB-boxH*u/2, yB+boxH*u/2
	half := valveAlong * u / 2

	hPrev := b.end("h₋₁", Q{What: QHPrev}, yTop, true, 0)
	x := b.end("x", Q{What: QChar}, yX, true, 0)
	h := b.end("h", Q{What: QH}, yTop, false, 1)

	// h₋₁ goes down to the bus; the buses feed the gates.
	b.wire(Q{What: QHPrev}, false, 0, 0.12, Pt{xTrunk, yTop}, Pt{xTrunk, yH}, Pt{xTap, yH})
	b.wire(Q{What: QChar}, false, 0, 0.12, x, Pt{xN, yX})
	b.taps(int(z), xZ, bottom, yH, yX)
	b.taps(int(r), xR, bottom, yH, yX)
	b.wire(Q{QX, n}, false, 0.12, 0.25, Pt{xN, yX}, Pt{xN, bottom})
	b.box("z", "σ", Q{QAct, z}, Pt{xZ, yB}, boxW, 0.25)
	b.box("r", "σ", Q{QAct, r}, Pt{xR, yB}, boxW, 0.25)
	b.box("n", "tanh", Q{QAct, n}, Pt{xN, yB}, boxW, 0.5)

	// The reset valve on the old state's way into the candidate.
	b.wire(Q{QHH, n}, false, 0.12, 0.4, Pt{xTap, yH}, Pt{xTap, yB}, Pt{xRV - half, yB})
	b.valve("r", Q{QAct, r}, Q{What: QRH}, Pt{xRV, yB}, false, 0.4, Pt{xRV - 0.45*u - valueLabelW*u, yRc + 0.15*u})
	b.wire(Q{QAct, r}, true, 0.25, 0.4, Pt{xR, top}, Pt{xR, yRc}, Pt{xRV, yRc}, Pt{xRV, yB - valveAcross*u/2})
	b.wire(Q{What: QRH}, false, 0.4, 0.5, Pt{xRV + half, yB}, Pt{xN - boxW*u/2, yB})

	// The old state through the keep valve, the candidate through 1−z,
	// both into the +: h = z·h₋₁ + (1−z)·n.
	b.wire(Q{What: QHPrev}, false, 0.1, 0.45, hPrev, Pt{xZV - half, yTop})
	b.wideValve("z", Q{QAct, z}, Q{What: QZH}, Pt{xZV, yTop}, false, 0.45, Pt{xZV + 0.45*u, yTop + 1.2*u}, 4.4)
	b.wire(Q{What: QZH}, false, 0.45, 0.8, Pt{xZV + half, yTop}, Pt{xN - sumR*u, yTop})
	b.wire(Q{QAct, z}, true, 0.25, 0.45, Pt{xZ, top}, Pt{xZ, yV}, Pt{xN - valveAcross*u/2, yV})
	b.wire(Q{QAct, z}, true, 0.35, 0.45, Pt{xZV, yV}, Pt{xZV, yTop + valveAcross*u/2})
	b.wire(Q{QAct, n}, false, 0.5, 0.65, Pt{xN, top}, Pt{xN, yV + half})
	b.valve("1−z", Q{What: QOneMinusZ}, Q{What: QZN}, Pt{xN, yV}, true, 0.65, b.label(xN+valveAcross*u/2+0.25*u, yV))
	b.wire(Q{What: QZN}, false, 0.65, 0.8, Pt{xN, yV - half}, Pt{xN, yTop + sumR*u})
	b.sum(Q{What: QH}, Pt{xN, yTop}, 0.8)
	b.wire(Q{What: QH}, false, 0.8, 1, Pt{xN + sumR*u, yTop}, h)
	b.labelBox("n", xN+0.35*u, (yRc+top)/2+0.3*u)
}

// rnn lays out the plain RNN: x and h₋₁ through their weights into a sum
// (W·x + H·h + b), through tanh (or ReLU) out as h, which loops back to be
// the next step's h₋₁.
func (b *cellBuilder) rnn(relu bool) {
	u := b.u
	yLoop, yH, yM, yX := b.Y(0.6), b.Y(2.6), b.Y(4.3), b.Y(6.0)
	xLoopL, xW, xS, xA, xLoopR := b.X(0.03), b.X(0.26), b.X(0.5), b.X(0.7), b.X(0.9)
	wW := 3.2
	act := "tanh"
	if relu {
		act = "ReLU"
	}
	hPrev := b.end("h₋₁", Q{What: QHPrev}, yH, true, 0)
	x := b.end("x", Q{What: QChar}, yX, true, 0)
	h := b.end("h", Q{What: QH}, yM, false, 1)

	b.wire(Q{What: QHPrev}, false, 0, 0.25, Pt{xLoopR, yM}, Pt{xLoopR, yLoop}, Pt{xLoopL, yLoop}, Pt{xLoopL, yH})
	b.wire(Q{What: QHPrev}, false, 0.2, 0.35, hPrev, Pt{xW - wW*u/2, yH})
	b.wire(Q{What: QChar}, false, 0.15, 0.35, x, Pt{xW - wW*u/2, yX})
	b.box("Hh", "H·h + b", Q{QHH, 0}, Pt{xW, yH}, wW, 0.35)
	b.box("Wx", "W·x + b", Q{QX, 0}, Pt{xW, yX}, wW, 0.35)
	b.wire(Q{QHH, 0}, false, 0.35, 0.55, Pt{xW + wW*u/2, yH}, Pt{xS, yH}, Pt{xS, yM - sumR*u})
	b.wire(Q{QX, 0}, false, 0.35, 0.55, Pt{xW + wW*u/2, yX}, Pt{xS, yX}, Pt{xS, yM + sumR*u})
	b.sum(Q{QPre, 0}, Pt{xS, yM}, 0.55)
	b.wire(Q{QPre, 0}, false, 0.55, 0.7, Pt{xS + sumR*u, yM}, Pt{xA - boxW*u/2, yM})
	b.box("h", act, Q{QAct, 0}, Pt{xA, yM}, boxW, 0.7)
	b.wire(Q{QAct, 0}, false, 0.7, 1, Pt{xA + boxW*u/2, yM}, h)
}

// dropCrowdedLabels empties every label that leaves the area or overlaps
// a shape, another label or a wire.
func (b *cellBuilder) dropCrowdedLabels() {
	d := b.d
	for i := range d.Nodes {
		l := d.Nodes[i].Label
		if l.Empty() {
			continue
		}
		if (!l.Inside(d.Area) || d.crowds(l, i)) && l.W > valueLabelW*b.u {
			l.W = valueLabelW * b.u // a long label may fit short
			d.Nodes[i].Label = l
		}
		if !l.Inside(d.Area) || d.crowds(l, i) {
			d.Nodes[i].Label = Rect{}
		}
	}
}

// crowds reports whether r overlaps any shape, any label but node skip's,
// or any wire (widened by its width).
func (d *CellDiagram) crowds(r Rect, skip int) bool {
	for j, n := range d.Nodes {
		if n.R.Overlaps(r) || j != skip && n.Label.Overlaps(r) {
			return true
		}
	}
	for _, w := range d.Wires {
		for k := 1; k < len(w.Pts); k++ {
			if segmentRect(w.Pts[k-1], w.Pts[k], d.Pipe).Overlaps(r) {
				return true
			}
		}
	}
	return false
}

// segmentRect is the rectangle an axis-parallel segment of width w covers.
func segmentRect(a, b Pt, w float64) Rect {
	x0, x1 := math.Min(a.X, b.X), math.Max(a.X, b.X)
	y0, y1 := math.Min(a.Y, b.Y), math.Max(a.Y, b.Y)
	return Rect{x0 - w/2, y0 - w/2, x1 - x0 + w, y1 - y0 + w}
}

// PointAt is the point a share s (0 … 1) of the way along the wire.
func (w *CellWire) PointAt(s float64) (Pt, int) {
	total := w.Length()
	left := math.Max(0, math.Min(1, s)) * total
	for k := 1; k < len(w.Pts); k++ {
		a, b := w.Pts[k-1], w.Pts[k]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		if left <= l || k == len(w.Pts)-1 {
			f := 0.0
			if l > 0 {
				f = math.Min(1, left/l)
			}
			return Pt{a.X + (b.X-a.X)*f, a.Y + (b.Y-a.Y)*f}, k
		}
		left -= l
	}
	if len(w.Pts) > 0 {
		return w.Pts[0], 1
	}
	return Pt{}, 0
}

// Length is the wire's length in pixels.
func (w *CellWire) Length() float64 {
	l := 0.0
	for k := 1; k < len(w.Pts); k++ {
		l += math.Hypot(w.Pts[k].X-w.Pts[k-1].X, w.Pts[k].Y-w.Pts[k-1].Y)
	}
	return l
}

// Near reports whether (x, y) lies within slack pixels of the wire.
func (w *CellWire) Near(x, y, slack float64) bool {
	for k := 1; k < len(w.Pts); k++ {
		if segmentRect(w.Pts[k-1], w.Pts[k], 2*slack).Contains(x, y) {
			return true
		}
	}
	return false
}

// HitNode is the node whose shape or label lies under (x, y), or -1.
func (d *CellDiagram) HitNode(x, y, slack float64) int {
	for i, n := range d.Nodes {
		if n.R.Inset(-slack).Contains(x, y) || n.Label.Contains(x, y) {
			return i
		}
	}
	return -1
}

// HitWire is the wire under (x, y), or -1; pipes before control lines.
func (d *CellDiagram) HitWire(x, y, slack float64) int {
	hit := -1
	for i := range d.Wires {
		if d.Wires[i].Near(x, y, slack) {
			if !d.Wires[i].Control {
				return i
			}
			hit = i
		}
	}
	return hit
}
