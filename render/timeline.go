package render

import (
	"image"
	"math"
	"slices"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// timelineView shows, under the strip, one row per unit of the selected
// layer for every kind of value (h, c, each gate), coloured by value over
// the passage: states on the diverging scale, gates from shut to open.
// Pinned units are drawn as lines above the rows; the rows can be sorted.
type timelineView struct {
	rows    ui.Rows
	rowsKey rowsKey
	units   []int // scratch: units per group
	order   []int // the units in the order their rows are shown

	heat    *ebiten.Image // one pixel per step and unit row shown
	heatPix []byte
	heatKey heatKey

	painted timelineKey // what is on screen: tooltips read it
}

// rowsKey identifies a layout of the rows.
type rowsKey struct {
	strip        ui.Strip
	first        int
	groups, unit int
	pins         int
	body         ui.Rect
}

// heatKey identifies the heat texture's content.
type heatKey struct {
	window *lab.Window
	layer  int
	rows   rowsKey
	sort   unitOrder
}

// timelineKey is what the rows show.
type timelineKey struct {
	window   *lab.Window
	t, layer int
	group    int
	unit     int
	rows     rowsKey
	sort     unitOrder
	pins     [maxPins]lab.FlagUnit
	lang     words.Lang
}

// unitOrder is how the unit rows are sorted.
type unitOrder int

const (
	byIndex unitOrder = iota
	byVariance
	byFlag
	numOrders
)

// maxPins is how many units can be pinned at once.
const maxPins = 3

func (p *timelineView) name() string         { return "timeline" }
func (p *timelineView) heavy() bool          { return true }
func (p *timelineView) area(g *Game) ui.Rect { return g.viewArea(ViewTimeline) }

func (p *timelineView) key(g *Game) timelineKey {
	k := timelineKey{window: g.snap.Window, t: g.sel.T, layer: g.sel.Layer, group: g.sel.Group, unit: g.sel.Unit,
		rows: p.rowsKey, sort: g.order, lang: g.lang}
	copy(k.pins[:], g.pins)
	return k
}

func (p *timelineView) changed(g *Game) bool { return p.key(g) != p.painted }

// pinBand is the room of the pinned units' lines above the rows.
func (p *timelineView) pinBand(g *Game) float64 {
	return float64(len(g.pins)) * 2.4 * g.layout.Font
}

// updateRows lays out the rows for the current window, strip and first
// unit row, and sorts the units.
func (p *timelineView) updateRows(g *Game) {
	w := g.snap.Window
	groups := shownGroups(g, w)
	body := g.strip.Body()
	key := rowsKey{strip: g.strip, first: g.sel.First, groups: len(groups), pins: len(g.pins), body: body}
	if len(groups) > 0 {
		key.unit = groups[0].Units
	}
	if key == p.rowsKey {
		return
	}
	p.rowsKey = key
	p.units = p.units[:0]
	for _, gr := range groups {
		p.units = append(p.units, gr.Units)
	}
	band := p.pinBand(g)
	area := ui.Rect{X: body.X, Y: body.Y + band, W: body.W, H: math.Max(0, body.H-band)}
	p.rows = ui.LayoutRows(area, g.strip, g.layout.Font, g.scale, p.units, g.sel.First)
}

// shownGroups is the selected layer's groups in window w.
func shownGroups(g *Game, w *lab.Window) []lab.Group {
	if l := g.sel.layer(w); l != nil {
		return l.Groups
	}
	return nil
}

// principal is the group a unit is known by: c for an LSTM, else h.
func principal(groups []lab.Group) *lab.Group {
	for i := range groups {
		if groups[i].Key == "c" {
			return &groups[i]
		}
	}
	if len(groups) == 0 {
		return nil
	}
	return &groups[0]
}

// sortUnits orders the units by index, by how much their value varies over
// the passage, or by how well they follow a label (the flags' best |r|).
func (p *timelineView) sortUnits(g *Game, w *lab.Window) {
	groups := shownGroups(g, w)
	pg := principal(groups)
	if pg == nil {
		p.order = p.order[:0]
		return
	}
	n := pg.Units
	p.order = p.order[:0]
	for u := 0; u < n; u++ {
		p.order = append(p.order, u)
	}
	score := make([]float64, n)
	switch g.order {
	case byVariance:
		for u := 0; u < n; u++ {
			var sum, sq float64
			for t := 0; t < w.T; t++ {
				v := pg.Value(t, u)
				sum += v
				sq += v * v
			}
			m := sum / float64(max(1, w.T))
			score[u] = sq/float64(max(1, w.T)) - m*m
		}
	case byFlag:
		if f := g.snap.Flags; f != nil {
			for _, lb := range f.Labels {
				for _, b := range lb.Best {
					if b.Layer == g.sel.Layer && b.Unit < n {
						score[b.Unit] = math.Max(score[b.Unit], math.Abs(b.R))
					}
				}
			}
		}
	default:
		return
	}
	slices.SortStableFunc(p.order, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
}

// rowOf is the row of unit u (its place in the order).
func (p *timelineView) rowOf(u int) int {
	for i, v := range p.order {
		if v == u {
			return i
		}
	}
	return u
}

// unitAt is the unit shown in row k.
func (p *timelineView) unitAt(k int) int {
	if k >= 0 && k < len(p.order) {
		return p.order[k]
	}
	return k
}

func (p *timelineView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	l := g.layout
	c.img.Fill(ui.Panel)
	w := g.snap.Window
	if w == nil {
		return
	}
	gr := p.rows
	s := g.strip
	fs := g.face(false, l.Small)
	groups := shownGroups(g, w)
	p.sortUnits(g, w)

	// Row labels, and the unit numbers where the rows are tall enough.
	lx := gr.Area.X
	numbers := gr.RowH >= 0.75*l.Small
	fn := g.face(true, math.Min(l.Small, gr.RowH*0.9))
	for i, b := range gr.Groups {
		if i >= len(groups) || b.Shown == 0 {
			continue
		}
		name := g.word("group." + groups[i].Key + ".label")
		if g.fonts.measure(name, l.Small) > s.LabelW-l.Small*0.5 {
			name = groups[i].Key
		}
		c.textMiddle(name, fs, lx, b.Y, math.Min(math.Max(b.H, gr.RowH), l.Small*1.4), alignLeft, ui.Dim)
		if numbers {
			for k := b.First; k < b.First+b.Shown; k++ {
				y := b.Y + float64(k-b.First)*gr.RowH
				if k == b.First && gr.RowH < 1.4*l.Small {
					continue // the group's name is there
				}
				c.textMiddle(strconv.Itoa(p.unitAt(k)), fn, s.X0-0.3*l.Small, y, gr.RowH, alignRight, ui.Faint)
			}
		}
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
	// The selected unit, outlined in every group, and the selected column.
	lw := math.Max(1, g.scale)
	if len(gr.Groups) > 0 && g.sel.Picked {
		k := p.rowOf(g.sel.Unit)
		for _, b := range gr.Groups {
			if k >= b.First && k < b.First+b.Shown {
				y := b.Y + float64(k-b.First)*gr.RowH
				c.stroke(ui.Rect{X: gr.X0, Y: y, W: float64(w.T) * gr.ColW, H: gr.RowH}, lw, ui.Text)
			}
		}
		last := gr.Groups[len(gr.Groups)-1]
		if sel := g.sel.T; sel >= 0 && sel < w.T {
			top := gr.Area.Y - p.pinBand(g)
			c.stroke(ui.Rect{X: s.ColumnX(sel) - 1, Y: top, W: s.ColW + 2, H: last.Y + last.H - top + 1}, math.Max(1.5, g.scale*1.5), ui.Accent)
		}
	}
	p.drawPins(g, c, w)
}

// drawPins draws each pinned unit's value (of c for an LSTM, else h) as a
// line over the passage, above the rows.
func (p *timelineView) drawPins(g *Game, c canvas, w *lab.Window) {
	l := g.layout
	s := g.strip
	band := 2.4 * l.Font
	y0 := g.strip.Body().Y
	fs := g.face(false, l.Small)
	for i, pin := range g.pins {
		if pin.Layer >= len(w.Layers) {
			continue
		}
		pg := principal(w.Layers[pin.Layer].Groups)
		if pg == nil || pin.Unit >= pg.Units {
			continue
		}
		top := y0 + float64(i)*band
		r := ui.Rect{X: s.X0, Y: top + 0.15*band, W: float64(w.T) * s.ColW, H: 0.7 * band}
		c.rect(r, ui.ButtonFill)
		mid := r.Y + r.H/2
		c.rect(ui.Rect{X: r.X, Y: mid, W: r.W, H: lw1(g)}, ui.PanelEdge)
		c.flush(false)
		yOf := func(v float64) float64 { return mid - r.H/2*math.Max(-1, math.Min(1, ui.Normalize(v, pg.Lo, pg.Hi))) }
		for t := 1; t < w.T; t++ {
			x0 := s.ColumnX(t-1) + s.ColW/2
			x1 := s.ColumnX(t) + s.ColW/2
			c.segment(x0, yOf(pg.Value(t-1, pin.Unit)), x1, yOf(pg.Value(t, pin.Unit)), math.Max(2, 2*g.scale), ui.Accent)
		}
		c.flush(true)
		c.textMiddle(g.word("tl.pin", pg.Key, pin.Unit, pin.Layer+1), fs, s.Area.X, r.Y, r.H, alignLeft, ui.Accent)
	}
}

// lw1 is a hairline: one device pixel or more.
func lw1(g *Game) float64 { return math.Max(1, g.scale) }

// updateHeat refills the heat texture when the window, the rows or their
// order changed.
func (p *timelineView) updateHeat(g *Game, w *lab.Window, groups []lab.Group) {
	key := heatKey{w, g.sel.Layer, p.rowsKey, g.order}
	if key == p.heatKey && p.heat != nil {
		return
	}
	p.heatKey = key
	tw, th := ui.HeatmapSize(w.T, p.rows.Groups)
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
	ui.FillHeatmap(pix, w.T, groups, p.rows.Groups, g.scales, p.order)
	p.heat.WritePixels(pix)
}

func (p *timelineView) at(g *Game, x, y float64) (target, bool) {
	w := p.painted.window
	hit := p.rows.HitTest(x, y)
	if w == nil || hit.Kind != ui.HitCell || hit.T >= w.T {
		return target{}, false
	}
	return target{owner: p, i: hit.T, j: hit.Group, k: p.unitAt(hit.Unit), data: w}, true
}

// tip explains the cell under the pointer, from the trace on screen. It
// sits at the cell, not at the pointer, so moving within a cell draws
// nothing new.
func (p *timelineView) tip(g *Game, t target) tooltip {
	w, _ := t.data.(*lab.Window)
	gr := p.rows
	groups := shownGroups(g, w)
	if w == nil || t.i >= w.T || t.j >= len(groups) || t.j >= len(gr.Groups) || t.k >= groups[t.j].Units {
		return noTip
	}
	grp := &groups[t.j]
	r := gr.CellRect(t.j, t.i, p.rowOf(t.k)).Inset(-1)
	return tooltip{
		text: g.word("tl.tip_cell", words.M("group."+grp.Key+".name"), t.k, t.i+1, g.charName(w.Runes[t.i]),
			words.Signed(grp.Value(t.i, t.k), 4)),
		x: r.X + r.W, y: r.Y + r.H,
		marks: []mark{{r: r, edge: math.Max(1, g.scale), c: ui.Text}},
	}
}

// click selects the time step, the group and the unit.
func (p *timelineView) click(g *Game, t target) {
	g.sel.T, g.sel.Group, g.sel.Unit, g.sel.Picked = t.i, t.j, t.k, true
}
