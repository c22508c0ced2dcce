package render

import (
	"image/color"
	"math"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/labels"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// flagView is the Flags view, under the strip. For each label of the text
// (inside quotes, a plural subject whose verb is still to come, …) it draws
// the unit whose value over held-out text follows the label best as a named
// flag: the unit's value as a line along the passage over the label's
// truth, shaded, with its |r| over training in a small plot at the left.
// Clicking a flag (flagswitch.go) switches its unit off in the model that
// makes the guesses and the sample, and the row says how well the model
// then predicts what the label decides.
type flagView struct {
	// fixed, when set, replaces the session's flags: tests paint hand-made ones.
	fixed *lab.Flags

	painted flagViewKey
	paints  int // how often it painted, for tests

	// What is on screen, which tooltips and clicks read.
	flags  *lab.Flags
	layout ui.FlagLayout
	rows   []int // the label of each row
	spark  int   // the last step of the spark plots
	chips  []flagChip
	notes  []flagNote
	allOn  ui.Rect // the button that switches every unit back on

	// Scratch.
	order []int // the labels in the order shown
	rs    []float64
	found []bool
}

// flagViewKey is what the view shows.
type flagViewKey struct {
	flags   *lab.Flags
	window  *lab.Window
	ablated *core.Unit // the switched-off list, by identity
	nOff    int
	t       int
	unit    lab.FlagUnit // the selected unit, when picked
	picked  bool
	hover   target // a chip or the button under the pointer
	strip   ui.Strip
	lang    words.Lang
	reading float64 // how far the first pass has come, before there are flags
}

// flagChip is a next best unit of a flag, on its name line: a click
// switches it off too.
type flagChip struct {
	r            ui.Rect
	label, which int // which: the index in the label's Best
}

// flagNote is a label named in the notes under the rows.
type flagNote struct {
	r     ui.Rect
	label int
}

// flagColor is the colour of label i: its shading, swatch, spark plot and
// name in the notes.
func flagColor(label int) color.RGBA { return ui.FlagColor(label) }

// The opacity of a label's shading where it holds, under a flag and under
// a weak one.
const flagShade, weakShade = 0.42, 0.25

// tint is colour c at opacity a, as the batched shapes take it (straight
// alpha, unlike fade's premultiplied colours for text).
func tint(c color.RGBA, a float64) color.RGBA {
	c.A = uint8(math.Round(255 * math.Max(0, math.Min(1, a))))
	return c
}

func (p *flagView) name() string         { return "flags" }
func (p *flagView) heavy() bool          { return true }
func (p *flagView) area(g *Game) ui.Rect { return g.viewArea(ViewFlags) }

// data is the flags to show: the session's, or hand-made ones in tests.
func (p *flagView) data(g *Game) *lab.Flags {
	if p.fixed != nil {
		return p.fixed
	}
	return g.snap.Flags
}

func (p *flagView) key(g *Game) flagViewKey {
	k := flagViewKey{flags: p.data(g), window: g.snap.Window, nOff: len(g.snap.Ablated), t: g.sel.T,
		picked: g.sel.Picked, strip: g.strip, lang: g.lang}
	if k.nOff > 0 {
		k.ablated = &g.snap.Ablated[0]
	}
	if k.picked {
		k.unit = lab.FlagUnit{Layer: g.sel.Layer, Unit: g.sel.Unit}
	}
	if h := g.hover; h.owner == panel(p) && (h.kind == flagChipped || h.kind == flagAllOn) {
		k.hover = h
	}
	if k.flags == nil {
		k.reading = g.snap.FlagsProgress
	}
	return k
}

func (p *flagView) changed(g *Game) bool { return p.key(g) != p.painted }

// labelTitle is a label's name in the learner's language.
func (g *Game) labelTitle(fl *lab.FlagLabel) string {
	if g.lang == "uk" && fl.TitleUK != "" {
		return fl.TitleUK
	}
	if fl.Title != "" {
		return fl.Title
	}
	return fl.Name
}

// unitName names a unit: "unit 17", or "unit 17 of layer 2" in a stack.
func unitName(u lab.FlagUnit, layers int) words.Msg {
	if layers > 1 {
		return words.M("flags.unit_layer", u.Unit, u.Layer+1)
	}
	return words.M("flags.unit", u.Unit)
}

// rValue writes a correlation, "?" for NaN.
func rValue(r float64) any {
	if r != r {
		return "?"
	}
	return words.Fixed(r, 2)
}

// percent writes a share as a whole percentage, "?" for NaN.
func percent(v float64) any {
	if v != v {
		return "?"
	}
	return words.Fixed(100*v, 0)
}

// probValue writes a mean probability, "?" for NaN.
func probValue(v float64) any {
	if v != v {
		return "?"
	}
	return words.Fixed(v, 2)
}

// isOff reports whether unit u is in the switched-off list.
func isOff(off []core.Unit, u lab.FlagUnit) bool {
	for _, o := range off {
		if o.Layer == u.Layer && o.Index == u.Unit {
			return true
		}
	}
	return false
}

// layerCount is the number of layers of the window, 1 without one.
func layerCount(w *lab.Window) int {
	if w == nil || len(w.Layers) == 0 {
		return 1
	}
	return len(w.Layers)
}

// flagGroup is the group of layer l of w that the flags were found in (c
// for an LSTM, else h); nil when the window has no such layer or group.
func flagGroup(w *lab.Window, f *lab.Flags, l int) *lab.Group {
	if w == nil || l < 0 || l >= len(w.Layers) {
		return nil
	}
	for i := range w.Layers[l].Groups {
		if gr := &w.Layers[l].Groups[i]; gr.Key == f.Group {
			return gr
		}
	}
	return nil
}

// flagUnit is the unit a label's row draws and its group in w; false when
// the label has no unit or its unit is not in the window (the flags of an
// older model).
func flagUnit(w *lab.Window, f *lab.Flags, fl *lab.FlagLabel) (lab.FlagUnit, *lab.Group, bool) {
	if fl.Status != labels.Found || len(fl.Best) == 0 {
		return lab.FlagUnit{}, nil, false
	}
	u := fl.Best[0]
	gr := flagGroup(w, f, u.Layer)
	if gr == nil || u.Unit < 0 || u.Unit >= gr.Units {
		return lab.FlagUnit{}, nil, false
	}
	return u, gr, true
}

func (p *flagView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	p.paints++
	l := g.layout
	c.img.Fill(ui.Panel)
	body := g.bodyArea()
	w, f := g.snap.Window, p.painted.flags
	p.flags, p.rows, p.chips, p.notes, p.allOn = f, p.rows[:0], p.chips[:0], p.notes[:0], ui.Rect{}
	p.layout = ui.FlagLayout{}
	if w == nil || f == nil || len(f.Labels) == 0 {
		p.drawWaiting(g, c, w, f, body)
		return
	}

	// The labels in order; those with a unit in the window get rows, as
	// many as fit.
	p.rs, p.found = p.rs[:0], p.found[:0]
	for i := range f.Labels {
		fl := &f.Labels[i]
		_, _, ok := flagUnit(w, f, fl)
		r := math.NaN()
		if ok {
			r = fl.Best[0].R
		}
		p.rs, p.found = append(p.rs, r), append(p.found, ok)
	}
	p.order = ui.FlagOrder(p.order, p.rs, p.found)
	strong, weak := 0, 0
	for _, i := range p.order {
		switch {
		case !p.found[i]:
		case ui.Weak(p.rs[i]):
			weak++
		default:
			strong++
		}
	}
	p.layout = ui.LayoutFlags(body, g.strip, l.Font, min(w.T, g.strip.Cols), strong, weak, 1)
	p.rows = append(p.rows, p.order[:len(p.layout.Rows)]...)

	group := words.M("flags.group." + f.Group)
	if f.Group != "c" && f.Group != "h" {
		group = words.Raw(f.Group)
	}
	top := p.layout.Caption
	c.textMiddle(g.fit(l.Small, top.W,
		words.M("flags.caption", group, f.Chars),
		words.M("flags.caption_medium", group, f.Chars),
		words.M("flags.caption_short", group),
		words.M("flags.caption_shorter")), g.face(false, l.Small), top.X, top.Y, top.H, alignLeft, ui.Text)

	p.spark = f.Step
	for _, i := range p.rows {
		for _, pt := range f.Labels[i].History {
			p.spark = max(p.spark, pt.Step)
		}
	}
	for k, i := range p.rows {
		p.drawRow(g, c, w, f, i, p.layout.Rows[k])
	}
	p.drawSelection(g, c, w)
	if len(p.layout.Notes) > 0 {
		if len(g.snap.Ablated) > 0 {
			p.drawSwitchedOff(g, c, w, p.layout.Notes[0])
		} else {
			p.drawOthers(g, c, w, f, p.layout.Notes[0])
		}
	}
}

// drawWaiting says why there are no flags yet: no trace, no labels, or
// the first pass over held-out text under way, with a bar of its progress.
func (p *flagView) drawWaiting(g *Game, c canvas, w *lab.Window, f *lab.Flags, body ui.Rect) {
	l := g.layout
	reading := p.painted.reading
	msg := words.M("flags.reading", lab.FlagChars, percent(reading))
	switch {
	case w == nil:
		msg = words.M("tl.waiting")
	case f != nil:
		msg = words.M("flags.no_labels")
	}
	text := g.fit(l.Font, body.W-2*l.Font, msg, words.M("flags.reading_short", percent(reading)))
	mid := body.Y + body.H/2
	c.textMiddle(text, g.face(false, l.Font), body.X+body.W/2, mid-1.6*l.Font, 1.4*l.Font, alignCenter, ui.Dim)
	if w == nil || f != nil {
		return
	}
	bar := ui.Rect{X: body.X + body.W/2 - 8*l.Font, Y: mid, W: 16 * l.Font, H: math.Round(0.5 * l.Font)}
	c.rect(bar, ui.ButtonFill)
	c.rect(ui.Rect{X: bar.X, Y: bar.Y, W: bar.W * math.Max(0, math.Min(1, reading)), H: bar.H}, ui.Accent)
	c.flush(false)
}

// drawRow draws one flag: the label shaded along the passage, the unit's
// value as a line over it, its name and what switching it off does, and
// its |r| over training at the left.
func (p *flagView) drawRow(g *Game, c canvas, w *lab.Window, f *lab.Flags, label int, row ui.FlagRow) {
	s := g.strip
	fl := &f.Labels[label]
	u, gr, _ := flagUnit(w, f, fl)
	off := isOff(g.snap.Ablated, u)
	weak := ui.Weak(u.R)
	col := flagColor(label)
	band := row.Band
	cols := min(w.T, s.Cols)

	// The band, the label's truth shaded, the zero line.
	c.rect(band, ui.Background)
	if len(fl.Passage) == w.T {
		largest := 0.0
		for _, v := range fl.Passage {
			largest = math.Max(largest, v)
		}
		shade := flagShade
		if weak {
			shade = weakShade
		}
		for t := 0; t < cols; t++ {
			if a := ui.ShadeShare(fl.Passage[t], largest); a > 0 {
				c.rect(ui.Rect{X: s.ColumnX(t), Y: band.Y, W: s.ColW, H: band.H}, tint(col, shade*a))
			}
		}
	}
	lo, hi := ui.UnitRange(gr.Values, gr.Units, u.Unit, cols)
	if lo < 0 && hi > 0 {
		c.rect(ui.Rect{X: band.X, Y: ui.BandY(band, 0, lo, hi), W: band.W, H: lw1(g)}, ui.PanelEdge)
	}
	if off {
		c.rect(ui.Rect{X: band.X, Y: band.Y, W: math.Max(3, 3*g.scale), H: band.H}, ui.Bad)
	}
	c.flush(false)

	// The unit's value, column centre to column centre. A switched-off
	// unit reads 0 throughout: dashed, in red.
	lineCol, width := ui.Text, math.Max(2, 2.2*g.scale)
	switch {
	case off:
		lineCol = ui.Bad
	case weak:
		lineCol, width = ui.Dim, math.Max(1.5, 1.5*g.scale)
	}
	for t := 1; t < cols; t++ {
		if off && t%2 == 0 {
			continue
		}
		v0, v1 := gr.Value(t-1, u.Unit), gr.Value(t, u.Unit)
		if math.IsNaN(v0) || math.IsNaN(v1) {
			continue
		}
		x0 := s.ColumnX(t-1) + s.ColW/2
		x1 := s.ColumnX(t) + s.ColW/2
		c.segment(x0, ui.BandY(band, v0, lo, hi), x1, ui.BandY(band, v1, lo, hi), width, lineCol)
	}
	c.flush(true)

	p.drawSpark(g, c, fl, row.Spark, col, weak)
	p.drawName(g, c, w, label, u, off, weak, row.Name)
}

// drawName writes the flag's name at the left of its name line, the next
// best units that follow the label too as chips, and at the right how well
// the model predicts what the label decides (with the switched-off units
// off, when there are any).
func (p *flagView) drawName(g *Game, c canvas, w *lab.Window, label int, u lab.FlagUnit, off, weak bool, r ui.Rect) {
	l := g.layout
	fs := g.face(false, l.Small)
	fl := &p.flags.Labels[label]
	layers := layerCount(w)
	sw := math.Round(0.55 * l.Small)
	c.fill(ui.Rect{X: r.X, Y: r.Y + (r.H-sw)/2, W: sw, H: sw}, flagColor(label))
	x := r.X + sw + 0.4*l.Small
	if off {
		x = p.badge(g, c, x, r, g.word("flags.off_badge"), ui.Bad, ui.Background) + 0.4*l.Small
	}
	unit, title := unitName(u, layers), g.labelTitle(fl)
	name, nameCol := g.word("flags.name", unit, title, rValue(u.R)), ui.Text
	if weak {
		name, nameCol = g.word("flags.weak_name", unit, title, rValue(u.R)), ui.Dim
	}
	nameW := g.fonts.measure(name, l.Small)
	right := r.X + r.W
	// The next best units that are flags of this label too, as chips
	// after the name, with the room they take.
	also, alsoW := g.word("flags.also"), 0.0
	var chips [3]string
	n := 0
	for _, b := range fl.Best[min(1, len(fl.Best)):] {
		if weak || n == len(chips) || ui.Weak(b.R) || b.Layer >= layers {
			break
		}
		chips[n] = g.text(unitName(b, layers))
		alsoW += g.fonts.measure(chips[n], l.Small) + 1.1*l.Small
		n++
	}
	if n > 0 {
		alsoW += g.fonts.measure(also, l.Small) + 0.4*l.Small
	}
	if effect := p.effect(g, fl, right-x-nameW-alsoW-2*l.Small, layers); effect != "" {
		ec := ui.Dim
		if len(g.snap.Ablated) > 0 {
			ec = ui.Text
		}
		c.textMiddle(effect, fs, right, r.Y, r.H, alignRight, ec)
		right -= g.fonts.measure(effect, l.Small) + 1.5*l.Small
	}
	name = g.fonts.fit(l.Small, right-x, name)
	c.textMiddle(name, fs, x, r.Y, r.H, alignLeft, nameCol)
	x += g.fonts.measure(name, l.Small) + l.Small
	for k, text := range chips[:n] {
		cw := g.fonts.measure(text, l.Small) + 0.8*l.Small
		aw := 0.0
		if k == 0 {
			aw = g.fonts.measure(also, l.Small) + 0.4*l.Small
		}
		if x+aw+cw > right {
			break
		}
		if k == 0 {
			c.textMiddle(also, fs, x, r.Y, r.H, alignLeft, ui.Dim)
			x += aw
		}
		b := fl.Best[k+1]
		bg, fg := ui.ButtonFill, ui.Text
		if h := p.painted.hover; h.kind == flagChipped && h.i == label && h.j == k+1 {
			bg = ui.ButtonHov
		}
		if isOff(g.snap.Ablated, b) {
			bg, fg = ui.Bad, ui.Background
		}
		end := p.badge(g, c, x, r, text, bg, fg)
		p.chips = append(p.chips, flagChip{r: ui.Rect{X: x, Y: r.Y, W: end - x, H: r.H}, label: label, which: k + 1})
		x = end + 0.3*l.Small
	}
}

// badge draws text on a filled box at x on line r and returns its right end.
func (p *flagView) badge(g *Game, c canvas, x float64, r ui.Rect, text string, bg, fg color.RGBA) float64 {
	l := g.layout
	bw := g.fonts.measure(text, l.Small) + 0.8*l.Small
	c.fill(ui.Rect{X: x, Y: r.Y + 0.06*r.H, W: bw, H: 0.88 * r.H}, bg)
	c.textMiddle(text, g.face(false, l.Small), x+bw/2, r.Y, r.H, alignCenter, fg)
	return x + bw
}

// effect says how well the model predicts what label fl decides, with the
// switched-off units off beside it when they were measured; the longest
// wording that fits in room, "" for a label that decides nothing.
func (p *flagView) effect(g *Game, fl *lab.FlagLabel, room float64, layers int) string {
	l := g.layout
	if fl.Governs == 0 || math.IsNaN(fl.Acc) {
		return ""
	}
	if math.IsNaN(fl.AccOff) {
		return g.fit(l.Small, room,
			words.M("flags.effect", fl.Governs, percent(fl.Acc), probValue(fl.P)),
			words.M("flags.effect_medium", fl.Governs, percent(fl.Acc)),
			words.M("flags.effect_short", percent(fl.Acc)))
	}
	offName := p.offName(g, layers)
	return g.fit(l.Small, room,
		words.M("flags.effect_off", percent(fl.Acc), percent(fl.AccOff), probValue(fl.P), probValue(fl.POff), offName),
		words.M("flags.effect_off_medium", percent(fl.Acc), percent(fl.AccOff), offName),
		words.M("flags.effect_off_short", percent(fl.Acc), percent(fl.AccOff)))
}

// offName names the switched-off units: "unit 17", or "3 units".
func (p *flagView) offName(g *Game, layers int) words.Msg {
	off := g.snap.Ablated
	if len(off) == 1 {
		return unitName(lab.FlagUnit{Layer: off[0].Layer, Unit: off[0].Index}, layers)
	}
	return words.M("flags.n_units", len(off))
}

// sparkMap is where a row's spark plot draws.
func (p *flagView) sparkMap(g *Game, r ui.Rect) ui.SparkMap {
	return ui.SparkMap{Area: r.Inset(math.Max(2, 2*g.scale)), MaxStep: p.spark}
}

// drawSpark plots a label's best |r| over training, with the line from
// where a unit is called a flag dashed.
func (p *flagView) drawSpark(g *Game, c canvas, fl *lab.FlagLabel, r ui.Rect, col color.RGBA, weak bool) {
	if r.Empty() {
		return
	}
	c.rect(r, ui.Background)
	m := p.sparkMap(g, r)
	_, y, _ := m.Point(0, ui.FlagThreshold)
	dash := math.Max(3, 3*g.scale)
	for x := m.Area.X; x < m.Area.X+m.Area.W; x += 2 * dash {
		c.rect(ui.Rect{X: x, Y: y, W: math.Min(dash, m.Area.X+m.Area.W-x), H: lw1(g)}, ui.Faint)
	}
	c.flush(false)
	if weak {
		col = ui.Dim
	}
	var px, py float64
	have := false
	for _, pt := range fl.History {
		x, y, ok := m.Point(pt.Step, pt.R)
		if !ok {
			have = false
			continue
		}
		if have {
			c.segment(px, py, x, y, math.Max(1.5, 1.5*g.scale), col)
		}
		px, py, have = x, y, true
	}
	if have {
		d := math.Max(2.5, 2.5*g.scale)
		c.rect(ui.Rect{X: px - d, Y: py - d, W: 2 * d, H: 2 * d}, col)
	}
	c.flush(true)
}

// drawSelection outlines the selected time step across the rows, and the
// band of the selected unit.
func (p *flagView) drawSelection(g *Game, c canvas, w *lab.Window) {
	rows := p.layout.Rows
	if len(rows) == 0 {
		return
	}
	s := g.strip
	lw := math.Max(1.5, 1.5*g.scale)
	if t := g.sel.T; t >= 0 && t < min(w.T, s.Cols) {
		top, last := rows[0].Band.Y, rows[len(rows)-1].Band
		c.stroke(ui.Rect{X: s.ColumnX(t) - 1, Y: top - 1, W: s.ColW + 2, H: last.Y + last.H - top + 2}, lw, ui.Accent)
	}
	if !g.sel.Picked {
		return
	}
	for k, i := range p.rows {
		if u := p.flags.Labels[i].Best[0]; u.Layer == g.sel.Layer && u.Unit == g.sel.Unit {
			c.stroke(rows[k].Band.Inset(-1), lw1(g), ui.Accent)
		}
	}
}

// drawSwitchedOff says which units are off and what that changes, with a
// button that switches them all back on.
func (p *flagView) drawSwitchedOff(g *Game, c canvas, w *lab.Window, r ui.Rect) {
	l := g.layout
	off := g.snap.Ablated
	bg := ui.ButtonFill
	if p.painted.hover.kind == flagAllOn {
		bg = ui.ButtonHov
	}
	label := g.word("flags.all_on")
	bw := g.fonts.measure(label, l.Small) + 0.8*l.Small
	end := p.badge(g, c, r.X+r.W-bw, r, label, bg, ui.Text)
	p.allOn = ui.Rect{X: end - bw, Y: r.Y, W: bw, H: r.H}
	var names []words.Msg
	for i, u := range off {
		if i == 6 {
			names = append(names, words.M("flags.and_more", len(off)-i))
			break
		}
		names = append(names, unitName(lab.FlagUnit{Layer: u.Layer, Unit: u.Index}, layerCount(w)))
	}
	list := words.List(names)
	text := g.fit(l.Small, r.W-bw-l.Small,
		words.M("flags.off_list", list, len(off)),
		words.M("flags.off_list_medium", list, len(off)),
		words.M("flags.off_list_short", list))
	c.textMiddle(text, g.face(false, l.Small), r.X, r.Y, r.H, alignLeft, ui.Bad)
}

// drawOthers names the labels without a row: no examples, holding
// everywhere, too weak to be a flag, or no room; each can be hovered.
// With none, it says what the grey rows mean or how to read more.
func (p *flagView) drawOthers(g *Game, c canvas, w *lab.Window, f *lab.Flags, r ui.Rect) {
	l := g.layout
	fs := g.face(false, l.Small)
	x, end := r.X, r.X+r.W
	shown := len(p.rows)
	anyWeak := false
	for _, i := range p.rows {
		anyWeak = anyWeak || ui.Weak(f.Labels[i].Best[0].R)
	}
	kinds := [...]string{"flags.others_never", "flags.others_always", "flags.others_weak", "flags.others_more"}
	kindOf := func(i int) int {
		fl := &f.Labels[i]
		switch {
		case fl.Status == labels.Never:
			return 0
		case fl.Status == labels.Always:
			return 1
		case p.found[i] && ui.Weak(fl.Best[0].R):
			return 2
		}
		return 3 // strong, but no room
	}
	wrote := false
	for kind, key := range kinds {
		first := true
		for _, i := range p.order[shown:] {
			if kindOf(i) != kind || x >= end || !p.found[i] && f.Labels[i].Status == labels.Found {
				continue // the units of an older model are not named
			}
			fl := &f.Labels[i]
			head := ", "
			if first {
				head = g.word(key) + " "
				if wrote {
					head = "   " + head
				}
				first = false
			}
			c.textMiddle(head, fs, x, r.Y, r.H, alignLeft, ui.Dim)
			x += g.fonts.measure(head, l.Small)
			item := g.labelTitle(fl)
			if kind >= 2 && len(fl.Best) > 0 {
				item = g.word("flags.item", item, unitName(fl.Best[0], layerCount(w)), rValue(fl.Best[0].R))
			}
			item = g.fonts.fit(l.Small, end-x, item)
			iw := g.fonts.measure(item, l.Small)
			c.textMiddle(item, fs, x, r.Y, r.H, alignLeft, flagColor(i))
			p.notes = append(p.notes, flagNote{r: ui.Rect{X: x, Y: r.Y, W: iw, H: r.H}, label: i})
			x += iw
			wrote = true
		}
	}
	if wrote {
		return
	}
	note := words.M("flags.hover_note")
	if anyWeak {
		note = words.M("flags.weak_note")
	}
	c.textMiddle(g.fit(l.Small, r.W, note), fs, r.X, r.Y, r.H, alignLeft, ui.Dim)
}
