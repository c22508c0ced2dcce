package render

import (
	"math"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// tip explains what lies under the pointer in the gradients view, from the
// gradients on screen: the exact values of a step's bars, a character's
// influence, a forget gate, or what a button does.
func (p *gradView) tip(g *Game, t target) tooltip {
	if t.kind == gradButton {
		b := p.buttons[t.i]
		return tooltip{text: tipFor(g.lang, gradButtonAction[t.i]), x: b.X, y: b.Y + b.H}
	}
	gr, _ := t.data.(*lab.Grads)
	d := &p.shown
	w := d.window
	if gr == nil || gr != d.grads || w == nil || t.i > gr.T || t.i >= w.T || gr.T >= w.T {
		return noTip
	}
	s := g.strip
	k := t.i
	var row ui.Rect
	var text string
	where := g.word("grad.tip_where", k+1, g.charName(w.Runes[k]), gr.T-k)
	switch t.kind {
	case gradChar:
		row = p.lay.Chars
		v, _ := valueAt(gr.Connect, k)
		rel, _ := valueAt(p.rel, k)
		text = g.word("grad.tip_char", where, ui.Sci(g.lang, v), ui.Fraction(g.lang, rel), g.charName(w.Next[gr.T]))
	case gradH, gradC:
		row = p.lay.H
		key := "grad.tip_h"
		if t.kind == gradC {
			row, key = p.lay.C, "grad.tip_c"
		}
		text = where + "\n" + g.word(key, gr.T+1) + p.layerValues(g, gr, k, t.kind == gradC)
		if t.kind == gradH {
			text += p.curveValues(g, gr, k)
		} else if gl := d.gradLayer(); gl != nil {
			if v, ok := valueAt(gl.UnitC, k); ok {
				text += "\n" + g.word("grad.tip_unit", d.unit, ui.Sci(g.lang, math.Abs(v)))
			}
		}
	case gradF:
		row = p.lay.F
		gl := d.gradLayer()
		if gl == nil {
			return noTip
		}
		f, ok := valueAt(gl.Forget, k)
		if !ok {
			return noTip
		}
		text = g.word("grad.tip_f", d.unit, k+1, g.charName(w.Runes[k]), words.Fixed(f, 3))
	default:
		return noTip
	}
	r := ui.Rect{X: s.ColumnX(k), Y: row.Y, W: s.ColW, H: row.H}
	return tooltip{text: text, x: r.X + r.W, y: r.Y + r.H,
		marks: []mark{{r: r.Inset(-1), edge: math.Max(1, g.scale), c: ui.Text}}}
}

// layerValues lists a step's ‖∂L_t/∂h_k‖ (or ‖∂L_t/∂c_k‖) per layer, one
// line each, and how much smaller than at t each is.
func (p *gradView) layerValues(g *Game, gr *lab.Grads, k int, cell bool) string {
	text := ""
	for ly, l := range gr.Layers {
		vals := l.NormH
		if cell {
			vals = l.NormC
		}
		v, ok := valueAt(vals, k)
		if !ok {
			continue
		}
		var m words.Msg
		if at, ok := valueAt(vals, gr.T); ok && at > 0 && k < gr.T && v > 0 {
			m = words.M("grad.tip_layer_ratio", ly+1, ui.Sci(g.lang, v), ui.Fraction(g.lang, v/at))
		} else {
			m = words.M("grad.tip_layer", ly+1, ui.Sci(g.lang, v))
		}
		if v == 0 {
			m = words.M("grad.tip_layer_zero", ly+1)
		}
		text += "\n" + g.text(m)
	}
	return text
}

// curveValues says what the decay curves expect at step k's distance.
func (p *gradView) curveValues(g *Game, gr *lab.Grads, k int) string {
	d := &p.shown
	dist := gr.T - k
	text := ""
	for _, dc := range []*lab.Decay{d.decay, d.prev} {
		if dc == nil || dist >= len(dc.Ratio) {
			continue
		}
		text += "\n" + g.word("grad.tip_curve", runLabel(dc.Label), dist, ui.Fraction(g.lang, dc.Ratio[dist]))
	}
	return text
}
