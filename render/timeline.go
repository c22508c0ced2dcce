package render

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// timelinePanel shows the passage left to right, one column per character
// (time step): the model's guesses above each character, and under it one
// row per unit of the selected layer, coloured by value. Every view lines
// up with its columns, and its grid is the geometry of the selection.
type timelinePanel struct {
	grid    ui.Grid
	gridKey gridKey
	units   []int // scratch: units per group

	heat    *ebiten.Image // one pixel per step and unit row shown
	heatPix []byte
	heatKey heatKey

	title   string      // as painted, so the legend keeps clear of it
	painted timelineKey // what is on screen: tooltips read it
}

// gridKey identifies a timeline geometry.
type gridKey struct {
	layoutGen, cols, first int
	groups, units          int
}

// heatKey identifies the heat texture's content.
type heatKey struct {
	window *lab.Window
	layer  int
	grid   gridKey
}

// timelineKey is what the timeline shows.
type timelineKey struct {
	window       *lab.Window
	t, layer     int
	grid         gridKey
	unitsOfGroup int
}

func (p *timelinePanel) name() string         { return "timeline" }
func (p *timelinePanel) heavy() bool          { return true }
func (p *timelinePanel) area(g *Game) ui.Rect { return g.layout.Timeline }

func (p *timelinePanel) key(g *Game) timelineKey {
	return timelineKey{window: g.snap.Window, t: g.sel.T, layer: g.sel.Layer, grid: p.gridKey}
}

func (p *timelinePanel) changed(g *Game) bool { return p.key(g) != p.painted }

// gridArea is the room of the grid: the panel without its padding and
// the detail line at the bottom.
func (p *timelinePanel) gridArea(g *Game) ui.Rect {
	a := g.layout.Timeline.Inset(g.layout.Pad)
	a.H = math.Max(0, a.H-1.6*g.layout.Font)
	return a
}

// shownGroups is the selected layer's groups in window w.
func shownGroups(g *Game, w *lab.Window) []lab.Group {
	if l := g.sel.layer(w); l != nil {
		return l.Groups
	}
	return nil
}

// updateGrid lays out the grid for the current window, layout and first
// unit row.
func (p *timelinePanel) updateGrid(g *Game) {
	area := p.gridArea(g)
	w := g.snap.Window
	groups := shownGroups(g, w)
	key := gridKey{layoutGen: g.layoutGen, cols: ui.Columns(area, g.layout.Font), first: g.sel.First}
	if w != nil {
		key.cols, key.groups = w.T, len(groups)
		if len(groups) > 0 {
			key.units = groups[0].Units
		}
	}
	if key == p.gridKey {
		return
	}
	p.gridKey = key
	p.units = p.units[:0]
	for _, gr := range groups {
		p.units = append(p.units, gr.Units)
	}
	p.grid = ui.LayoutGrid(area, g.layout.Font, g.scale, key.cols, p.units, g.sel.First)
}

// bannerArea is where the banner goes: over the unit rows, leaving their
// labels readable.
func (p *timelinePanel) bannerArea(g *Game) (ui.Rect, bool) {
	l := g.layout
	if l.Timeline.Empty() {
		return ui.Rect{}, false
	}
	area := p.gridArea(g)
	left := math.Max(area.X, p.grid.X0-l.Font*0.25)
	return ui.Rect{X: left, Y: p.grid.CharY + p.grid.CharH + l.Font*0.5, W: area.X + area.W - left}, true
}

func (p *timelinePanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	l := g.layout
	c.img.Fill(ui.Panel)
	gr := p.grid
	w := g.snap.Window
	f := g.face(false, l.Font)
	fs := g.face(false, l.Small)
	mono := g.face(true, l.Font*1.05)
	monoSmall := g.face(true, l.Small)
	groups := shownGroups(g, w)

	// Header: title on the left, legend on the right.
	h := gr.Header
	p.title = p.titleText(g, w)
	c.textMiddle(p.title, f, h.X, h.Y, h.H, alignLeft, ui.Text)
	p.drawLegend(g, c, h)
	if w == nil {
		return
	}

	// Row labels. Each column's guesses are for the character after its input.
	lx := gr.Area.X
	if gh := 3 * gr.GuessH; gh >= 2.6*l.Small {
		c.textMiddle(g.word("tl.guesses"), fs, lx, gr.GuessY+gh/2-1.3*l.Small, 1.3*l.Small, alignLeft, ui.Dim)
		c.textMiddle(g.word("tl.of_next"), fs, lx, gr.GuessY+gh/2, 1.3*l.Small, alignLeft, ui.Dim)
	} else {
		c.textMiddle(g.word("tl.next"), fs, lx, gr.GuessY, gh, alignLeft, ui.Dim)
	}
	c.textMiddle(g.word("tl.input"), fs, lx, gr.CharY, gr.CharH, alignLeft, ui.Dim)
	for i, b := range gr.Groups {
		if i >= len(groups) || b.Shown == 0 {
			continue
		}
		name := g.word("group." + groups[i].Key + ".label")
		if g.fonts.measure(name, l.Small) > gr.LabelW-l.Small*0.5 {
			name = groups[i].Key
		}
		c.textMiddle(name, fs, lx, b.Y, math.Min(math.Max(b.H, gr.RowH), l.Small*1.4), alignLeft, ui.Dim)
	}

	// Backgrounds first, in one batch: the selected column and the bars
	// showing the probability the model gave the true next character.
	sel := g.sel.T
	if sel >= 0 && sel < w.T {
		x := gr.X0 + float64(sel)*gr.ColW
		c.rect(ui.Rect{X: x, Y: gr.GuessY, W: gr.ColW, H: gr.CharY + gr.CharH - gr.GuessY}, ui.ButtonSel)
	}
	for t := 0; t < w.T && t < gr.Cols; t++ {
		x := gr.X0 + float64(t)*gr.ColW
		c.rect(ui.Rect{X: x + 1, Y: gr.BarY, W: math.Max(0, gr.ColW-2), H: gr.BarH}, ui.ButtonFill)
		c.rect(ui.Rect{X: x + 1, Y: gr.BarY, W: math.Max(0, (gr.ColW-2)*w.PNext[t]), H: gr.BarH}, ui.Good)
	}
	c.flush(false)
	// Guesses and input characters.
	for t := 0; t < w.T && t < gr.Cols; t++ {
		cx := gr.X0 + float64(t)*gr.ColW + gr.ColW/2
		for k, guess := range w.Top[t] {
			col := ui.Dim
			if guess.Rune == w.Next[t] {
				col = ui.Good
			}
			col = fade(col, 0.35+0.65*math.Sqrt(guess.Prob))
			c.textMiddle(charSymbol(guess.Rune), monoSmall, cx, gr.GuessY+float64(k)*gr.GuessH, gr.GuessH, alignCenter, col)
		}
		col := ui.Text
		if w.Runes[t] == ' ' || w.Runes[t] == '\n' {
			col = ui.Faint
		}
		c.textMiddle(charSymbol(w.Runes[t]), mono, cx, gr.CharY, gr.CharH, alignCenter, col)
	}

	// Unit rows from the heat texture, one draw per group.
	p.updateHeat(g, w, groups)
	if p.heat != nil {
		for i, b := range gr.Groups {
			if b.Shown == 0 {
				continue
			}
			row := ui.HeatRow(gr.Groups, i)
			sub := p.heat.SubImage(image.Rect(0, row, w.T, row+b.Shown)).(*ebiten.Image)
			var op ebiten.DrawImageOptions
			op.GeoM.Scale(gr.ColW, gr.RowH)
			op.GeoM.Translate(gr.X0-c.ox, b.Y-c.oy)
			c.img.DrawImage(sub, &op)
		}
	}
	// The selected column, framed through all rows.
	if sel >= 0 && sel < w.T && len(gr.Groups) > 0 {
		last := gr.Groups[len(gr.Groups)-1]
		x := gr.X0 + float64(sel)*gr.ColW
		c.stroke(ui.Rect{X: x - 1, Y: gr.GuessY, W: gr.ColW + 2, H: last.Y + last.H - gr.GuessY + 1}, math.Max(1.5, g.scale*1.5), ui.Accent)
	}
	p.drawDetail(g, c, w)
}

// titleText names what the timeline shows, as much as fits beside the legend.
func (p *timelinePanel) titleText(g *Game, w *lab.Window) string {
	l := g.layout
	h := p.grid.Header
	if w == nil {
		return g.word("tl.waiting")
	}
	model := words.M("tl.model", w.Step, words.Fixed(w.Loss, 2))
	var layer, units, unitsShort words.Msg
	if len(w.Layers) > 1 {
		layer = words.M("tl.layer", g.sel.Layer+1, len(w.Layers))
	}
	if len(p.grid.Groups) > 0 {
		if b := p.grid.Groups[0]; b.Shown < b.Units {
			units = words.M("tl.units", b.First, b.First+b.Shown-1, b.Units)
			unitsShort = words.M("tl.units_short", b.First, b.First+b.Shown-1, b.Units)
		}
	}
	join := words.Dots
	return g.fit(l.Font, h.W-p.legendWidth(g, h), // the colour legend always keeps its place
		join(words.M("tl.reading"), model, layer, units),
		join(model, layer, units),
		join(words.M("tl.step_loss", w.Step, words.Fixed(w.Loss, 2)), layer, unitsShort),
		join(words.M("tl.step", w.Step), unitsShort),
		join(model, layer))
}

// legendLabels name the ends of the colour scale. Gates run from 0 to 1 over
// the same colours, so with gates the ends also say shut and open.
func legendLabels(g *Game) (lo, hi string) {
	if c := g.snap.Settings.Cell; c == core.RNNTanh || c == core.RNNReLU {
		return "−1", "+1"
	}
	return g.word("tl.legend_shut"), g.word("tl.legend_open")
}

// legendSizes are the widths of the colour scale's bar and of its end labels.
func (p *timelinePanel) legendSizes(g *Game, h ui.Rect) (barW, loW, hiW float64) {
	l := g.layout
	lo, hi := legendLabels(g)
	pad := 0.4 * l.Small
	return math.Min(12*l.Font, h.W*0.3), g.fonts.measure(lo, l.Small) + pad, g.fonts.measure(hi, l.Small) + pad
}

// legendWidth is the room the colour scale takes at the right of the header.
func (p *timelinePanel) legendWidth(g *Game, h ui.Rect) float64 {
	barW, loW, hiW := p.legendSizes(g, h)
	return barW + loW + hiW + g.layout.Small
}

// drawLegend draws the colour scale at the right of the header.
func (p *timelinePanel) drawLegend(g *Game, c canvas, h ui.Rect) {
	l := g.layout
	fs := g.face(false, l.Small)
	barW, loW, hiW := p.legendSizes(g, h)
	barH := math.Round(l.Small * 0.7)
	x1 := h.X + h.W - hiW
	x0 := x1 - barW
	if x0-loW < h.X+g.fonts.measure(p.title, l.Font) {
		return // no room beside the title
	}
	y := h.Y + (h.H-barH)/2
	n := 48
	for i := 0; i < n; i++ {
		v := float64(i)/float64(n-1)*2 - 1
		c.rect(ui.Rect{X: x0 + barW*float64(i)/float64(n), Y: y, W: barW/float64(n) + 1, H: barH}, g.lut.At(v))
	}
	c.flush(false)
	lo, hi := legendLabels(g)
	c.textMiddle(hi, fs, x1+0.2*l.Small, h.Y, h.H, alignLeft, ui.Dim)
	c.textMiddle(lo, fs, x0-0.2*l.Small, h.Y, h.H, alignRight, ui.Dim)
	c.fill(ui.Rect{X: x0 + barW/2 - 1, Y: y - 0.25*barH, W: 2, H: 1.5 * barH}, ui.Text)
}

// drawDetail writes the selected step's guesses with probabilities.
func (p *timelinePanel) drawDetail(g *Game, c canvas, w *lab.Window) {
	l := g.layout
	t := g.sel.T
	if t < 0 || t >= w.T {
		return
	}
	area := p.gridArea(g)
	y := area.Y + area.H + 0.2*l.Font
	context := func(n int) string { return charsVisible(w.Runes[max(0, t-n) : t+1]) }
	guess := func(k int) words.Msg {
		gs := w.Top[t][k]
		return words.M("tl.guess", g.charName(gs.Rune), words.Fixed(100*gs.Prob, 0))
	}
	guesses := func(n int) words.Msg {
		if n == 1 {
			return guess(0)
		}
		return words.M("tl.guesses3", guess(0), guess(1), guess(2))
	}
	truth := words.M("tl.truth", g.charName(w.Next[t]), words.Fixed(100*w.PNext[t], 0))
	text := g.fit(l.Font, area.W,
		words.M("tl.detail", t+1, context(12), guesses(3), truth),
		words.M("tl.detail_short", context(6), guesses(3), truth),
		words.M("tl.detail_shorter", context(3), guesses(1), truth))
	c.textMiddle(text, g.face(false, l.Font), area.X, y, 1.4*l.Font, alignLeft, ui.Text)
}

// updateHeat refills the heat texture when the window or the rows changed.
func (p *timelinePanel) updateHeat(g *Game, w *lab.Window, groups []lab.Group) {
	key := heatKey{w, g.sel.Layer, p.gridKey}
	if key == p.heatKey && p.heat != nil {
		return
	}
	p.heatKey = key
	tw, th := ui.HeatmapSize(w.T, p.grid.Groups)
	if tw == 0 || th == 0 {
		return
	}
	if p.heat == nil || p.heat.Bounds().Dx() != tw || p.heat.Bounds().Dy() != th {
		if p.heat != nil {
			p.heat.Deallocate()
		}
		p.heat = ebiten.NewImage(tw, th)
	}
	if cap(p.heatPix) < tw*th*4 {
		p.heatPix = make([]byte, tw*th*4)
	}
	pix := p.heatPix[:tw*th*4]
	ui.FillHeatmap(pix, w.T, groups, p.grid.Groups, g.lut)
	p.heat.WritePixels(pix)
}

// Kinds of timeline targets.
const (
	tlGuess = iota + 1 // the guesses above a character, or the character
	tlCell             // one unit at one step
)

func (p *timelinePanel) at(g *Game, x, y float64) (target, bool) {
	w := p.painted.window
	hit := p.grid.HitTest(x, y)
	if w == nil || hit.Kind == ui.HitNone || hit.T >= w.T {
		return target{}, false
	}
	if hit.Kind == ui.HitCell {
		return target{owner: p, kind: tlCell, i: hit.T, j: hit.Group, k: hit.Unit, data: w}, true
	}
	return target{owner: p, kind: tlGuess, i: hit.T, data: w}, true
}

// tip explains the cell, guess or character under the pointer, from the
// trace on screen. It sits at the cell, not at the pointer, so moving
// within a cell draws nothing new.
func (p *timelinePanel) tip(g *Game, t target) tooltip {
	w, _ := t.data.(*lab.Window)
	gr := p.grid
	if w == nil || t.i >= w.T {
		return noTip
	}
	if t.kind == tlCell {
		groups := shownGroups(g, w)
		if t.j >= len(groups) || t.j >= len(gr.Groups) || t.k >= groups[t.j].Units {
			return noTip
		}
		grp := &groups[t.j]
		r := gr.CellRect(t.j, t.i, t.k).Inset(-1)
		return tooltip{
			text: g.word("tl.tip_cell", words.M("group."+grp.Key+".name"), t.k, t.i+1, g.charName(w.Runes[t.i]),
				words.Signed(grp.Value(t.i, t.k), 4)),
			x: r.X + r.W, y: r.Y + r.H,
			marks: []mark{{r: r, edge: math.Max(1, g.scale), c: ui.Text}},
		}
	}
	top := w.Top[t.i]
	pct := func(v float64) words.Number { return words.Fixed(100*v, 1) }
	return tooltip{
		text: g.word("tl.tip_guess", t.i+1, g.charName(w.Runes[t.i]),
			g.charName(top[0].Rune), pct(top[0].Prob), g.charName(top[1].Rune), pct(top[1].Prob),
			g.charName(top[2].Rune), pct(top[2].Prob), g.charName(w.Next[t.i]), pct(w.PNext[t.i])),
		x: gr.X0 + float64(t.i+1)*gr.ColW, y: gr.GuessY,
		above: true, // keep the rows under the pointer visible
	}
}

// click selects the time step (and, on a row, the unit).
func (p *timelinePanel) click(g *Game, t target) {
	g.sel.T = t.i
	if t.kind == tlCell {
		g.sel.Group, g.sel.Unit = t.j, t.k
	}
}

// fade scales a colour's alpha (premultiplied).
func fade(c color.RGBA, a float64) color.RGBA {
	a = math.Max(0, math.Min(1, a))
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
}
