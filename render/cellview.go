package render

import (
	"math"
	"time"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// cellView is the Cell view, under the strip: the selected unit's cell at
// the selected step drawn as the textbooks draw it (pipes that carry
// values, valves that open as far as their gate), beside its equations
// with the numbers filled in and, for each value, a strip of every unit's.
// Play replays the passage one character per beat, the values flowing
// from the inputs through the gates into c and h within each beat.
type cellView struct {
	replay ui.Replay
	beatT  int       // the step the current beat shows
	ended  bool      // the replay stopped at the passage's end
	last   time.Time // the clock at the last tick
	gen    int       // the model the replay runs over
	corpus string
	// clock, when set, is the time (a test's own clock); else time.Now.
	clock func() time.Time

	// What is drawn, cached while the data and the selection stay.
	data     cellDataKey
	vals     ui.CellValues // the unit at the selected step
	old      ui.CellValues // the same unit a step before: what a beat replaces
	ok       bool          // vals holds a step
	eqs      []ui.Equation
	eqText   []string   // the whole equations, for tooltips
	rowGroup []int      // each row's group in the layer, -1 for none
	rowPrev  []bool     // the row shows its group a step before (h₋₁)
	labels   []string   // each node's label, at vals
	oldLabel []string   // and at old
	cRange   [2]float64 // the cell state's colour range

	layoutKey cellLayoutKey
	lay       ui.CellViewLayout
	names     []string // the rows' names

	texts cellTexts

	painted cellViewKey
}

// cellDataKey is what the values drawn are read from.
type cellDataKey struct {
	window            *lab.Window
	step              *lab.CellStep
	t, layer, unit    int
	relu              bool
	lang              words.Lang
	hasWindow, hasOld bool
}

// cellLayoutKey is what the layout depends on.
type cellLayoutKey struct {
	body  ui.Rect
	font  float64
	kind  ui.CellKind
	relu  bool
	units int
	lang  words.Lang
}

// cellTexts are the view's words as last written, and what they say.
type cellTexts struct {
	key                         cellTextKey
	title, caption, play, speed string
}

// cellTextKey is what the view's words depend on.
type cellTextKey struct {
	data           cellDataKey
	layout         cellLayoutKey
	playing, ended bool
	speed          int
}

// cellViewKey is everything the view shows.
type cellViewKey struct {
	data    cellDataKey
	layout  cellLayoutKey
	sel     Selection
	playing bool
	speed   int
	ended   bool
	phase   float64 // how far the beat is, while one is under way
	hover   int     // the button under the pointer, -1 for none
}

func (p *cellView) name() string         { return "cell" }
func (p *cellView) heavy() bool          { return !p.replay.Moving() }
func (p *cellView) area(g *Game) ui.Rect { return g.viewArea(ViewCell) }

// playing reports whether the view replays the passage.
func (p *cellView) playing() bool { return p.replay.Playing }

// now is the view's clock.
func (p *cellView) now() time.Time {
	if p.clock != nil {
		return p.clock()
	}
	return time.Now()
}

func (p *cellView) key(g *Game) cellViewKey {
	hover := -1
	if g.hover.owner == panel(p) && g.hover.kind == cellButton {
		hover = g.hover.i
	}
	return cellViewKey{data: p.dataKey(g), layout: p.layoutKeyOf(g), sel: g.sel, playing: p.replay.Playing,
		speed: p.replay.Speed, ended: p.ended, phase: p.replay.Phase, hover: hover}
}

func (p *cellView) changed(g *Game) bool { return p.key(g) != p.painted }

// act plays or pauses the replay, and sets its speed.
func (p *cellView) act(g *Game, a ui.Action) bool {
	switch a {
	case ui.ActPlay:
		p.togglePlay(g)
	case ui.ActSlower:
		p.replay.Slower()
	case ui.ActFaster:
		p.replay.Faster()
	default:
		return false
	}
	return true
}

// togglePlay pauses a replay (the beat under way finishes), or starts one
// at the selected step; at the passage's end it starts from the first
// character.
func (p *cellView) togglePlay(g *Game) {
	if p.replay.Playing {
		p.replay.Pause()
		return
	}
	w := g.snap.Window
	if w != nil && (g.sel.T < 0 || g.sel.T >= w.T-1) {
		g.sel.T = 0
	}
	p.replay.Play()
	p.ended, p.beatT, p.last = false, g.sel.T, p.now()
}

// animating moves the replay on (the painter asks every frame while the
// view is shown) and reports whether the picture changes with time.
func (p *cellView) animating(g *Game) bool { return p.replay.Moving() }

// tick advances the replay by the time since the last frame: a beat that
// ends moves the selection to the next character, and at the passage's
// end the replay stops. A step the learner moved to, by key or click,
// starts a beat of its own. A new model or text starts a replay over from
// the first character.
func (p *cellView) tick(g *Game) {
	now := p.now()
	var dt time.Duration
	if !p.last.IsZero() {
		dt = now.Sub(p.last)
	}
	p.last = now
	w := g.snap.Window
	if g.snap.Generation != p.gen || g.snap.CorpusName != p.corpus {
		p.gen, p.corpus = g.snap.Generation, g.snap.CorpusName
		if p.replay.Playing && w != nil {
			g.sel.T = 0
		}
	}
	if w == nil {
		return // a new model has no trace yet: the replay waits for it
	}
	if g.sel.T != p.beatT {
		p.beatT = g.sel.T
		p.replay.Beat()
		p.ended = false
	}
	n := p.replay.Advance(dt)
	if !p.replay.Playing {
		return
	}
	for ; n > 0; n-- {
		if g.sel.T+1 >= w.T {
			p.replay.Stop()
			p.ended = true
			return
		}
		g.sel.T++
		p.beatT = g.sel.T
	}
}

// dataKey names the values the view shows now.
func (p *cellView) dataKey(g *Game) cellDataKey {
	w := g.snap.Window
	return cellDataKey{window: w, step: g.snap.CellStep, t: g.sel.T, layer: g.sel.Layer, unit: g.sel.Unit,
		relu: g.snap.Settings.Cell == core.RNNReLU, lang: g.lang, hasWindow: w != nil}
}

// layoutKeyOf names the layout the view needs now.
func (p *cellView) layoutKeyOf(g *Game) cellLayoutKey {
	k := cellLayoutKey{body: g.bodyArea(), font: g.layout.Font, lang: g.lang, relu: g.snap.Settings.Cell == core.RNNReLU}
	if l := g.sel.layer(g.snap.Window); l != nil {
		k.kind = ui.CellKindOf(l.Groups)
		if len(l.Groups) > 0 {
			k.units = l.Groups[0].Units
		}
	}
	return k
}

// update reads the values and lays out the view when what they depend on
// changed.
func (p *cellView) update(g *Game) {
	lk := p.layoutKeyOf(g)
	relaid := lk != p.layoutKey
	if relaid {
		p.layoutKey = lk
		p.layOut(g, lk)
	}
	if dk := p.dataKey(g); dk != p.data || relaid {
		p.data = dk
		p.readValues(g)
	}
	tk := cellTextKey{data: p.data, layout: p.layoutKey, playing: p.replay.Playing, ended: p.ended, speed: p.replay.Speed}
	if tk != p.texts.key {
		p.texts = p.writeTexts(g, tk)
	}
}

// readValues reads the selected unit at the selected step and the step
// before, and writes the equations and labels.
func (p *cellView) readValues(g *Game) {
	k := p.data
	w := k.window
	p.vals, p.ok = ui.CellValuesAt(w, g.snap.CellStep, k.relu, k.layer, k.unit, k.t)
	p.old, _ = ui.CellValuesAt(w, nil, k.relu, k.layer, k.unit, k.t-1)
	p.old.Kind, p.old.ReLU = p.vals.Kind, p.vals.ReLU
	p.eqs, p.eqText, p.rowGroup, p.rowPrev = p.eqs[:0], p.eqText[:0], p.rowGroup[:0], p.rowPrev[:0]
	if !p.ok {
		return
	}
	p.cRange = [2]float64{-1, 1}
	groups := w.Layers[k.layer].Groups
	for i := range groups {
		if groups[i].Key == "c" {
			p.cRange = [2]float64{groups[i].Lo, groups[i].Hi}
		}
	}
	p.eqs = ui.CellEquations(p.vals, g.lang)
	for _, e := range p.eqs {
		p.eqText = append(p.eqText, e.String())
		key, prev := e.Key, e.Key == ui.HPrevKey
		if prev {
			key = "h"
		}
		gi := -1
		for i := range groups {
			if groups[i].Key == key {
				gi = i
			}
		}
		p.rowGroup = append(p.rowGroup, gi)
		p.rowPrev = append(p.rowPrev, prev)
	}
	p.labels = p.nodeLabels(g, p.labels[:0], &p.vals)
	p.oldLabel = p.nodeLabels(g, p.oldLabel[:0], &p.old)
}

// layOut places the diagram, the header and the table for layout key k.
// The table is measured with stand-in numbers, so it keeps its columns
// while the numbers change.
func (p *cellView) layOut(g *Game, k cellLayoutKey) {
	eqs := ui.CellEquations(ui.WidestValues(k.kind, k.relu), g.lang)
	p.names = p.names[:0]
	for _, e := range eqs {
		p.names = append(p.names, rowName(g, e.Key))
	}
	spec := ui.CellViewSpec{Kind: k.kind, ReLU: k.relu, Units: k.units, Equations: eqs, Names: p.names,
		Title: g.word("cell.unit_short", 888), Play: g.word("cell.pause"), Speed: g.word("cell.speed", words.Fixed(1.5, 1))}
	if w := g.fonts.measure(g.word("cell.play"), g.layout.Small); w > g.fonts.measure(spec.Play, g.layout.Small) {
		spec.Play = g.word("cell.play")
	}
	p.lay = ui.LayoutCellView(k.body, k.font, spec, g.fonts.measure)
}

// nodeLabels writes each node's label for values v, fitted to its room: a
// gate's letter and value, an end's name and value.
func (p *cellView) nodeLabels(g *Game, dst []string, v *ui.CellValues) []string {
	num := func(x float64) string { return words.FormatNumber(g.lang, x, 2) }
	d := &p.lay.Diagram
	for _, n := range d.Nodes {
		s := ""
		switch {
		case n.Label.Empty():
		case n.Q.What == ui.QChar:
			s = g.word("cell.x", g.charName(v.Input))
		case n.Part == ui.PartValve && n.Key == "z":
			s = g.word("cell.z_valve", num(v.Value(n.Q))) // keep z: 1 keeps the old state
		default:
			s = n.Key + " " + num(v.Value(n.Q))
		}
		if s != "" {
			s = g.fonts.fit(0.8*d.Unit, n.Label.W, s)
		}
		dst = append(dst, s)
	}
	return dst
}

func (p *cellView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	p.update(g)
	c.img.Fill(ui.Panel)
	l := g.layout
	body := g.bodyArea()
	if !p.ok {
		msg := g.word("cell.waiting")
		if g.snap.Window != nil {
			msg = g.word("cell.no_unit")
		}
		c.textMiddle(msg, g.face(false, l.Font), body.X+body.W/2, body.Y, body.H, alignCenter, ui.Dim)
		return
	}
	flow := p.replay.Flow()
	p.diagramShapes(g, c, flow)
	p.tableShapes(g, c, flow)
	p.headerShapes(g, c)
	c.flush(false)
	p.diagramDiscs(g, c, flow)
	p.headerTriangle(c, g)
	c.flush(true)
	p.diagramText(g, c, flow)
	p.headerText(g, c)
	p.tableText(g, c, flow)
	p.drawCaption(g, c)
}

// Kinds of cell view targets.
const (
	cellButton = iota + 1 // i: 0 Play, 1 slower, 2 faster
	cellNode              // i: the node
	cellWire              // i: the wire
	cellStrip             // i: the row, j: the unit
	cellRow               // i: the row
)

// buttonRects are the header's buttons, in the order of their targets.
func (p *cellView) buttonRects() [3]ui.Rect {
	return [3]ui.Rect{p.lay.Play, p.lay.Slower, p.lay.Faster}
}

func (p *cellView) at(g *Game, x, y float64) (target, bool) {
	if !p.ok {
		return target{}, false
	}
	for i, r := range p.buttonRects() {
		if r.Contains(x, y) {
			return target{owner: p, kind: cellButton, i: i}, true
		}
	}
	data := any(p.data)
	t := p.lay.Table
	if row, u, ok := t.HitStrip(x, y, p.layoutKey.units); ok {
		return target{owner: p, kind: cellStrip, i: row, j: u, k: p.data.t, data: data}, true
	}
	if row := t.HitRow(x, y); row >= 0 {
		return target{owner: p, kind: cellRow, i: row, k: p.data.t, data: data}, true
	}
	d := &p.lay.Diagram
	slack := math.Max(3, d.Pipe)
	if n := d.HitNode(x, y, slack/2); n >= 0 {
		return target{owner: p, kind: cellNode, i: n, k: p.data.t, data: data}, true
	}
	if w := d.HitWire(x, y, slack); w >= 0 {
		return target{owner: p, kind: cellWire, i: w, k: p.data.t, data: data}, true
	}
	return target{}, false
}

func (p *cellView) click(g *Game, t target) {
	switch t.kind {
	case cellButton:
		p.act(g, [3]ui.Action{ui.ActPlay, ui.ActSlower, ui.ActFaster}[t.i])
	case cellStrip:
		if gi := p.rowGroupOf(t.i); gi >= 0 {
			g.sel.Group = gi
		}
		g.sel.Unit, g.sel.Picked = t.j, true
	}
}

// rowName is the name of the table's row that computes key.
func rowName(g *Game, key string) string {
	if key == ui.HPrevKey {
		return g.word("cell.row_hprev")
	}
	return g.word("group." + key + ".label")
}

// rowTitle names the value a row computes, for its tooltip.
func rowTitle(g *Game, key string) string {
	if key == ui.HPrevKey {
		return g.word("cell.q.hprev")
	}
	return g.word("group." + key + ".name")
}

// rowStep is the step whose values row i's strip shows.
func (p *cellView) rowStep(i int) int {
	if i < len(p.rowPrev) && p.rowPrev[i] {
		return p.data.t - 1
	}
	return p.data.t
}

// rowGroupOf is the layer's group shown in table row i, -1 for none.
func (p *cellView) rowGroupOf(i int) int {
	if i < 0 || i >= len(p.rowGroup) {
		return -1
	}
	return p.rowGroup[i]
}
