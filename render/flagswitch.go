package render

import (
	"math"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/labels"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// What lies under the pointer in the flags view, what it explains, and
// switching units off: a click on a flag, on a next best unit's chip, X for
// the selected unit, and the button that switches every unit back on.

// Kinds of flag view targets.
const (
	flagBand    = iota + 1 // a flag's name or band: i the label, j the column (−1 for the name)
	flagSpark              // a flag's spark plot: i the label, j the point
	flagChipped            // a next best unit's chip: i the label, j the index in its Best
	flagNoted              // a label in the notes: i the label
	flagAllOn              // the button that switches every unit back on
)

func (p *flagView) at(g *Game, x, y float64) (target, bool) {
	f := p.flags
	if f == nil {
		return target{}, false
	}
	if p.allOn.Contains(x, y) {
		return target{owner: p, kind: flagAllOn}, true
	}
	for _, ch := range p.chips {
		if ch.r.Contains(x, y) {
			return target{owner: p, kind: flagChipped, i: ch.label, j: ch.which, data: f}, true
		}
	}
	for k, row := range p.layout.Rows {
		if k >= len(p.rows) {
			break
		}
		i := p.rows[k]
		switch {
		case row.Name.Contains(x, y):
			return target{owner: p, kind: flagBand, i: i, j: -1, data: f}, true
		case row.Band.Contains(x, y):
			t, _ := g.strip.Column(x)
			return target{owner: p, kind: flagBand, i: i, j: t, data: f}, true
		case row.Spark.Contains(x, y):
			h := f.Labels[i].History
			if len(h) == 0 {
				return target{}, false
			}
			step, best := p.sparkMap(g, row.Spark).Step(x), 0
			for n, pt := range h {
				if abs(pt.Step-step) < abs(h[best].Step-step) {
					best = n
				}
			}
			return target{owner: p, kind: flagSpark, i: i, j: best, data: f}, true
		}
	}
	for _, n := range p.notes {
		if n.r.Contains(x, y) {
			return target{owner: p, kind: flagNoted, i: n.label, data: f}, true
		}
	}
	return target{}, false
}

// rowOf is the row of label i on screen, −1 for none.
func (p *flagView) rowOf(i int) int {
	for k, j := range p.rows {
		if j == i && k < len(p.layout.Rows) {
			return k
		}
	}
	return -1
}

func (p *flagView) tip(g *Game, t target) tooltip {
	if t.kind == flagAllOn {
		return tooltip{text: g.word("flags.tip_all_on"), x: p.allOn.X, y: p.allOn.Y, above: true}
	}
	f, _ := t.data.(*lab.Flags)
	if f == nil || t.i < 0 || t.i >= len(f.Labels) {
		return noTip
	}
	fl := &f.Labels[t.i]
	w := g.snap.Window
	layers := layerCount(w)
	switch t.kind {
	case flagSpark:
		k := p.rowOf(t.i)
		if k < 0 || t.j >= len(fl.History) {
			return noTip
		}
		pt := fl.History[t.j]
		area := p.layout.Rows[k].Spark
		x, y, _ := p.sparkMap(g, area).Point(pt.Step, pt.R)
		d := math.Max(3, 3*g.scale)
		return tooltip{
			text: g.word("flags.tip_spark", g.labelTitle(fl), rValue(pt.R), pt.Step) + "\n" + g.word("flags.tip_spark_more"),
			x:    area.X + area.W, y: area.Y + area.H,
			marks: []mark{{r: ui.Rect{X: x - d, Y: y - d, W: 2 * d, H: 2 * d}, edge: lw1(g), c: ui.Text}},
		}
	case flagChipped:
		for _, ch := range p.chips {
			if ch.label == t.i && ch.which == t.j && t.j < len(fl.Best) {
				b := fl.Best[t.j]
				key := "flags.tip_chip_off"
				if isOff(g.snap.Ablated, b) {
					key = "flags.tip_chip_on"
				}
				return tooltip{text: g.word(key, unitName(b, layers), g.labelTitle(fl), rValue(b.R)), x: ch.r.X, y: ch.r.Y, above: true}
			}
		}
		return noTip
	case flagNoted:
		for _, n := range p.notes {
			if n.label == t.i {
				return tooltip{text: p.labelTip(g, f, fl, layers), x: n.r.X, y: n.r.Y, above: true}
			}
		}
		return noTip
	}
	k := p.rowOf(t.i)
	if k < 0 {
		return noTip
	}
	row := p.layout.Rows[k]
	text := p.labelTip(g, f, fl, layers)
	u, gr, ok := flagUnit(w, f, fl)
	if ok {
		key := "flags.tip_click_off"
		if isOff(g.snap.Ablated, u) {
			key = "flags.tip_click_on"
		}
		text += "\n" + g.word(key, unitName(u, layers))
	}
	if t.j < 0 || !ok || t.j >= min(w.T, g.strip.Cols) {
		return tooltip{text: text, x: row.Name.X + 0.3*g.layout.Small, y: row.Name.Y, above: true}
	}
	// The values at the column under the pointer come first.
	here := g.word("flags.tip_value", unitName(u, layers), gr.Key, t.j+1, g.charName(w.Runes[t.j]), words.Signed(gr.Value(t.j, u.Unit), 3))
	if len(fl.Passage) == w.T {
		var truth any = words.M("flags.no")
		switch v := fl.Passage[t.j]; {
		case v == 1:
			truth = words.M("flags.yes")
		case v > 0:
			truth = words.Fixed(v, 0)
		}
		here += "\n" + g.word("flags.tip_label", g.labelTitle(fl), truth)
	}
	s := g.strip
	col := ui.Rect{X: s.ColumnX(t.j), Y: row.Band.Y, W: s.ColW, H: row.Band.H}
	return tooltip{text: here + "\n" + text, x: col.X + col.W, y: col.Y + col.H,
		marks: []mark{{r: col.Inset(-1), edge: lw1(g), c: ui.Text}}}
}

// labelTip explains a label: its best unit and how closely it follows,
// the next best units, whether it is weak, and how well the model predicts
// what the label decides, with and without the switched-off units.
func (p *flagView) labelTip(g *Game, f *lab.Flags, fl *lab.FlagLabel, layers int) string {
	title := g.labelTitle(fl)
	switch fl.Status {
	case labels.Never:
		return g.word("flags.tip_status", title, words.M("flags.status.never"))
	case labels.Always:
		return g.word("flags.tip_status", title, words.M("flags.status.always"))
	}
	if len(fl.Best) == 0 {
		return title
	}
	best := fl.Best[0]
	text := g.word("flags.tip_best", unitName(best, layers), title, rValue(best.R), f.Chars, f.Step)
	if len(fl.Best) > 1 {
		var next []words.Msg
		for _, u := range fl.Best[1:] {
			key := "flags.tip_next_item"
			if isOff(g.snap.Ablated, u) {
				key = "flags.tip_next_off"
			}
			next = append(next, words.M(key, unitName(u, layers), rValue(u.R)))
		}
		text += "\n" + g.word("flags.tip_next", words.List(next))
	}
	if ui.Weak(best.R) {
		text += "\n" + g.word("flags.tip_weak")
	}
	if fl.Governs > 0 && !math.IsNaN(fl.Acc) {
		text += "\n" + g.word("flags.tip_effect", fl.Governs, percent(fl.Acc), probValue(fl.P))
		if !math.IsNaN(fl.AccOff) {
			text += "\n" + g.word("flags.tip_effect_off", p.offName(g, layers), percent(fl.AccOff), probValue(fl.POff))
		}
	}
	return text
}

// click switches a flag's unit (or a next best one) off, or back on; the
// button switches every unit back on.
func (p *flagView) click(g *Game, t target) {
	if t.kind == flagAllOn {
		if err := g.sess.SetAblated(nil); err != nil {
			g.flash(words.M("flags.cannot_switch", words.Raw(err.Error())))
			return
		}
		g.flash(words.M("flags.all_back_on"))
		return
	}
	f, _ := t.data.(*lab.Flags)
	if f == nil || t.i < 0 || t.i >= len(f.Labels) {
		return
	}
	fl := &f.Labels[t.i]
	switch t.kind {
	case flagBand:
		if u, _, ok := flagUnit(g.snap.Window, f, fl); ok {
			g.sel.Layer, g.sel.Unit, g.sel.Picked = u.Layer, u.Unit, true
			p.toggle(g, u)
		}
	case flagChipped:
		if t.j > 0 && t.j < len(fl.Best) {
			p.toggle(g, fl.Best[t.j])
		}
	}
}

// act takes X: switch the selected unit off, or back on.
func (p *flagView) act(g *Game, a ui.Action) bool {
	if a != ui.ActSwitchOff {
		return false
	}
	if w := g.snap.Window; w != nil && g.sel.Layer < len(w.Layers) {
		p.toggle(g, lab.FlagUnit{Layer: g.sel.Layer, Unit: g.sel.Unit})
	}
	return true
}

// toggle switches unit u off in the model that makes the guesses, the
// traces and the sample, or back on, and says so. The session refuses a
// unit outside the model, and then nothing changes.
func (p *flagView) toggle(g *Game, u lab.FlagUnit) {
	cur := g.sess.Ablated() // not the snapshot's: two toggles in one frame see each other
	next := make([]core.Unit, 0, len(cur)+1)
	wasOff := false
	for _, o := range cur {
		if o.Layer == u.Layer && o.Index == u.Unit {
			wasOff = true
			continue
		}
		next = append(next, o)
	}
	if !wasOff {
		next = append(next, core.Unit{Layer: u.Layer, Index: u.Unit})
	}
	if err := g.sess.SetAblated(next); err != nil {
		g.flash(words.M("flags.cannot_switch", words.Raw(err.Error())))
		return
	}
	name := unitName(u, layerCount(g.snap.Window))
	if wasOff {
		g.flash(words.M("flags.switched_on", name))
	} else {
		g.flash(words.M("flags.switched_off", name), words.M("flags.switched_off_short", name))
	}
}
