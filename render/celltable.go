package render

import (
	"math"

	"rnnlab/render/ui"
	"rnnlab/words"
)

// The cell view's header (which unit and step, the replay's buttons), its
// table of equations with a strip of every unit per row, and its caption.

// headerShapes queues the replay's buttons and the beat's progress.
func (p *cellView) headerShapes(g *Game, c canvas) {
	if p.lay.Play.Empty() {
		return
	}
	for i, r := range p.buttonRects() {
		bg := ui.ButtonFill
		switch {
		case i == 0 && p.replay.Playing:
			bg = ui.ButtonSel
		case i == p.painted.hover:
			bg = ui.ButtonHov
		}
		c.rect(r, bg)
	}
	r := p.lay.Play
	if p.replay.Moving() { // the beat's progress along the button's foot
		c.rect(ui.Rect{X: r.X, Y: r.Y + r.H - 2*lw1(g), W: r.W * math.Min(1, p.replay.Phase), H: 2 * lw1(g)}, ui.Accent)
	}
	if s, ix, iy := p.playIcon(g); p.replay.Playing { // two bars while playing
		c.rect(ui.Rect{X: ix, Y: iy, W: s * 0.33, H: s}, ui.Text)
		c.rect(ui.Rect{X: ix + s*0.62, Y: iy, W: s * 0.33, H: s}, ui.Text)
	}
}

// playIcon is the size and top-left corner of the Play button's icon.
func (p *cellView) playIcon(g *Game) (s, x, y float64) {
	l := g.layout
	r := p.lay.Play
	s = l.Small * 0.75
	return s, r.X + 0.6*l.Small, r.Y + (r.H-s)/2
}

// headerTriangle queues Play's triangle (in the batch of smoothed shapes).
func (p *cellView) headerTriangle(c canvas, g *Game) {
	if p.lay.Play.Empty() || p.replay.Playing {
		return
	}
	s, ix, iy := p.playIcon(g)
	c.quads.addQuad([4][2]float32{
		{float32(ix - c.ox), float32(iy - c.oy)}, {float32(ix + s - c.ox), float32(iy + s/2 - c.oy)},
		{float32(ix + s - c.ox), float32(iy + s/2 - c.oy)}, {float32(ix - c.ox), float32(iy + s - c.oy)},
	}, ui.Text)
}

// headerText writes which unit and step the view shows, and the buttons'
// words.
func (p *cellView) headerText(g *Game, c canvas) {
	l := g.layout
	h := p.lay.Header
	c.textMiddle(p.texts.title, g.face(false, l.Font), h.X, h.Y, h.H, alignLeft, ui.Text)
	if p.lay.Play.Empty() {
		return
	}
	fs := g.face(false, l.Small)
	s, ix, _ := p.playIcon(g)
	r := p.lay.Play
	c.textMiddle(p.texts.play, fs, ix+s+0.4*l.Small, r.Y, r.H, alignLeft, ui.Text)
	for _, b := range []ui.Rect{p.lay.Slower, p.lay.Faster} {
		sign := "−"
		if b == p.lay.Faster {
			sign = "+"
		}
		c.textMiddle(sign, fs, b.X+b.W/2, b.Y, b.H, alignCenter, ui.Text)
	}
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

// rowReady reports whether the value table row i computes has arrived in
// the diagram at flow.
func (p *cellView) rowReady(i int, flow float64) bool {
	return flow >= ui.EquationStage(p.vals.Kind, p.eqs[i].Key)
}

// tableShapes queues the row just computed (lit within a beat) and the
// strips: every unit's value at this step, the selected one framed.
func (p *cellView) tableShapes(g *Game, c canvas, flow float64) {
	t := p.lay.Table
	if t.Rows == 0 || t.Size == 0 {
		return
	}
	groups := p.data.window.Layers[p.data.layer].Groups
	rows := min(t.Rows, len(p.eqs))
	for i := 0; i < rows; i++ {
		stage := ui.EquationStage(p.vals.Kind, p.eqs[i].Key)
		if p.replay.Moving() && flow >= stage && flow < stage+0.25 {
			c.rect(t.Row(i), ui.ButtonFill)
		}
	}
	for i := 0; i < rows; i++ {
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
	for i := 0; i < rows; i++ {
		if gi := p.rowGroupOf(i); gi >= 0 && p.data.unit < groups[gi].Units {
			r := t.StripCell(i, p.data.unit, groups[gi].Units)
			cellFrame(c, ui.Rect{X: r.X - 1, Y: r.Y - 2, W: math.Max(r.W, 2) + 2, H: r.H + 4}, math.Max(1.5, g.scale*1.5), ui.Text)
		}
	}
}

// tableText writes the rows' names and equations; a row whose value has
// not arrived in this beat is faint.
func (p *cellView) tableText(g *Game, c canvas, flow float64) {
	t := p.lay.Table
	if t.Rows == 0 || t.Size == 0 {
		return
	}
	f := g.face(false, t.Size)
	space := math.Round(t.Size * 0.35)
	lit, dimmed, faint := ui.Text, ui.Dim, ui.Faint
	for i := 0; i < t.Rows && i < len(p.eqs); i++ {
		e := &p.eqs[i]
		r := t.Row(i)
		dim, text := dimmed, lit
		if !p.rowReady(i, flow) {
			dim, text = faint, faint
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
		for _, j := range [...]int{ui.PartNumbers, ui.PartWorked} {
			if t.Show[j] && e.Parts[j] != "" {
				c.textMiddle(e.Parts[j], f, x, r.Y, r.H, alignLeft, text)
				x += g.fonts.width(e.Parts[j], f) + space
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
