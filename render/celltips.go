package render

import (
	"math"

	"rnnlab/render/ui"
	"rnnlab/words"
)

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
