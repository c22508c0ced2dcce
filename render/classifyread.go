package render

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// readingPanel is the reading view: a headline read by the classifier
// character by character. Along the top the text box; under it one column
// per character as the model reads it (folded to lower case), one row per
// topic with the probability the model gives it if the text ended there,
// so the decision is seen forming word by word; then the states of the
// direction reading left to right and, for a bidirectional model, of the
// one reading right to left; the final decision at the right.
type readingPanel struct {
	m       *classifyMode
	geom    ui.ReadGeom
	classes []int // the class rows shown, in label order
	winners []int // scratch: the class chosen at each column
	painted readingKey

	heat    *ebiten.Image // a pixel per character and unit row
	heatPix []byte
	heatOf  heatOf
}

// readingKey is what the reading view shows.
type readingKey struct {
	reading *lab.DecideReading
	text    string
	typing  bool
	col     int
	gen     int
	lang    words.Lang
	hover   int // the part of the box under the pointer
}

// heatOf is what the heat texture shows.
type heatOf struct {
	reading *lab.DecideReading
	units   int
}

// The reading view's targets.
const (
	readBox = iota
	readClear
	readColumn
	readUnit
	readDecision
)

func (p *readingPanel) name() string { return "decide-reading" }
func (p *readingPanel) heavy() bool  { return true }
func (p *readingPanel) area(g *Game) ui.Rect {
	if !p.m.shown(g) {
		return ui.Rect{}
	}
	return p.m.parts.Reading
}

func (p *readingPanel) key(g *Game) readingKey {
	m := p.m
	k := readingKey{reading: m.snap.Reading, text: m.box.text, typing: m.box.typing, col: m.col, gen: m.layoutGen, lang: g.lang, hover: -1}
	if g.hover.owner == panel(p) && (g.hover.kind == readBox || g.hover.kind == readClear) {
		k.hover = g.hover.kind
	}
	return k
}

func (p *readingPanel) changed(g *Game) bool { return p.key(g) != p.painted }

// layout fits the view to the reading shown.
func (p *readingPanel) layout(g *Game, r *lab.DecideReading) {
	m := p.m
	l := m.layout
	cols, units, dirs := 1, 0, 1
	K := len(m.names)
	p.classes = p.classes[:0]
	if r != nil && r.Reading != nil {
		rd := r.Reading
		cols = len(rd.Chars)
		if tr := rd.Trace; tr != nil {
			units = tr.H
			dirs = len(tr.Dirs) / max(1, m.snap.Settings.Layers)
		}
		K = len(rd.Probs)
	}
	for k := 0; k < K; k++ {
		p.classes = append(p.classes, k)
	}
	if K > ui.MaxClassRows && r != nil && r.Prediction != nil {
		probs := r.Prediction.Probs
		slices.SortFunc(p.classes, func(a, b int) int { return cmpDesc(probs[a], probs[b]) })
		p.classes = p.classes[:ui.MaxClassRows]
		slices.Sort(p.classes)
	}
	p.geom = ui.LayoutReading(p.area(g), l.Font, math.Max(1, g.scale), cols, len(p.classes), units, dirs)
}

// cmpDesc orders larger numbers first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func (p *readingPanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	m := p.m
	l := m.layout
	r := m.snap.Reading
	p.layout(g, r)
	geo := p.geom
	c.img.Fill(ui.Panel)
	fs := g.face(false, l.Small)

	panelTitle(g, c, geo.Title, l.Font, 0, words.M("decide.read.title"), words.M("decide.read.title_short"))
	p.drawBox(g, c)
	if r == nil {
		c.textMiddle(g.word("decide.read.waiting"), fs, geo.Info.X, geo.Info.Y, geo.Info.H, alignLeft, ui.Dim)
		return
	}
	c.textMiddle(g.fit(l.Small, geo.Info.W, p.infoLine(r, true), p.infoLine(r, false)), fs, geo.Info.X, geo.Info.Y, geo.Info.H, alignLeft, ui.Dim)
	body := ui.Rect{X: geo.Info.X, Y: geo.CharY, W: geo.Info.W, H: geo.Area.Y + geo.Area.H - geo.CharY}
	switch {
	case !r.Problem.IsZero():
		p.drawMessage(g, c, body, g.text(r.Problem), ui.Warn)
		return
	case r.Prediction == nil:
		return
	case r.Reading == nil:
		note := g.word("decide.read.too_long", lab.MaxReadRunes)
		p.drawMessage(g, c, ui.Rect{X: body.X, Y: body.Y, W: geo.Decision.X - body.X - l.Font, H: body.H}, note, ui.Dim)
		p.drawDecision(g, c, r)
		return
	}
	p.drawChars(g, c, r)
	p.drawPrefix(g, c, r)
	p.drawStates(g, c, r)
	p.drawDecision(g, c, r)
	if t := m.col; t >= 0 && t < geo.Cols {
		bottom := geo.ProbY + float64(geo.Classes)*geo.ProbH
		if n := len(geo.Dirs); n > 0 {
			last := geo.Dirs[n-1]
			bottom = last.Y + float64(last.Units)*last.RowH
		}
		c.stroke(ui.Rect{X: geo.ColumnX(t) - 1, Y: geo.CharY, W: geo.ColW + 2, H: bottom - geo.CharY + 1}, math.Max(1.5, 1.5*g.scale), ui.Accent)
	}
}

// infoLine says what is read: a held-out headline and its topic, or the
// learner's own text and what was left out of it.
func (p *readingPanel) infoLine(r *lab.DecideReading, long bool) words.Msg {
	s := p.m.snap
	var parts []words.Msg
	if r.Typed {
		parts = append(parts, words.M("decide.read.yours"))
		if r.Prediction != nil && len(r.Prediction.Unknown) > 0 {
			var chars []string
			for _, u := range r.Prediction.Unknown {
				chars = append(chars, "‘"+string(u)+"’")
			}
			parts = append(parts, words.M("decide.read.left_out", len(r.Prediction.Unknown), strings.Join(chars, " ")))
		}
	} else {
		topic := ""
		if r.True >= 0 && r.True < len(p.m.names) {
			topic = p.m.names[r.True]
		}
		parts = append(parts, words.M("decide.read.held", r.Held+1, s.HeldTexts, topic))
	}
	if long {
		parts = append(parts, words.M("decide.read.model_of", r.Step))
		if !r.Typed {
			parts = append(parts, words.M("decide.read.keys"))
		}
	}
	return words.Dots(parts...)
}

// drawBox draws the text box: the learner's text or what to do, a caret
// while typing, and a × that goes back to the held-out headlines.
func (p *readingPanel) drawBox(g *Game, c canvas) {
	m := p.m
	l := m.layout
	b := p.geom.Box
	f := g.face(false, l.Font)
	bg := ui.ButtonFill
	if p.painted.hover == readBox {
		bg = ui.ButtonHov
	}
	c.fill(b, bg)
	if m.box.typing {
		c.stroke(b, math.Max(2, 2*g.scale), ui.Accent)
	}
	inner := b.Inset(l.Font * 0.4)
	textW := inner.W
	if m.box.text != "" {
		x := p.clearRect().X
		c.textMiddle("×", f, x+p.clearRect().W/2, b.Y, b.H, alignCenter, ui.Dim)
		textW = x - inner.X - l.Font*0.3
	}
	switch {
	case m.box.text != "":
		s := strings.Join(strings.Fields(m.box.text), " ")
		if m.box.typing {
			s += "│"
		}
		if m.box.typing {
			s = keepEnd(g, s, f, textW) // the end is where the learner types
		} else {
			s = cutToWidth(g, s, f, textW)
		}
		c.textMiddle(s, f, inner.X, b.Y, b.H, alignLeft, ui.Text)
	case m.box.typing:
		c.textMiddle("│", f, inner.X, b.Y, b.H, alignLeft, ui.Text)
		c.textMiddle(g.word("decide.read.type_now"), g.face(false, l.Small), inner.X+l.Font, b.Y, b.H, alignLeft, ui.Faint)
	default:
		key := "decide.read.placeholder"
		if g.opts.OpenText != nil {
			key = "decide.read.placeholder_paste"
		}
		c.textMiddle(g.fit(l.Font, textW, words.M(key), words.M("decide.read.placeholder_short")), f, inner.X, b.Y, b.H, alignLeft, ui.Faint)
	}
}

// clearRect is the box's × button.
func (p *readingPanel) clearRect() ui.Rect {
	b := p.geom.Box
	return ui.Rect{X: b.X + b.W - b.H, Y: b.Y, W: b.H, H: b.H}
}

// drawMessage writes a wrapped message in r.
func (p *readingPanel) drawMessage(g *Game, c canvas, r ui.Rect, msg string, col color.RGBA) {
	l := p.m.layout
	f := g.face(false, l.Font)
	for i, line := range g.wrapWords(nil, msg, f, r.W) {
		y := r.Y + float64(i)*1.35*l.Font
		if y+l.Font > r.Y+r.H {
			break
		}
		c.text(line, f, r.X, y, alignLeft, col)
	}
}

// drawChars draws the characters as the model read them, one per column.
func (p *readingPanel) drawChars(g *Game, c canvas, r *lab.DecideReading) {
	geo := p.geom
	f := g.face(true, geo.CharFont)
	for t, ch := range r.Reading.Chars {
		col := ui.Text
		if ch == ' ' {
			col = ui.Faint
		}
		c.textMiddle(charSymbol(ch), f, geo.ColumnX(t)+geo.ColW/2, geo.CharY, geo.CharH, alignCenter, col)
	}
}

// drawPrefix draws, for each class row, a bar per column as tall as the
// probability the model gives the class if the text ended there; the class
// it would choose there is drawn in full colour, the others faded.
func (p *readingPanel) drawPrefix(g *Game, c canvas, r *lab.DecideReading) {
	geo := p.geom
	l := p.m.layout
	labels := p.m.names
	fs := g.face(false, l.Small)
	lw := lw1(g)
	p.winners = p.winners[:0]
	for _, probs := range r.Reading.Prefix {
		p.winners = append(p.winners, core.Argmax(probs))
	}
	for row, k := range p.classes {
		y := geo.ProbY + float64(row)*geo.ProbH
		full := ui.ClassColor(k)
		faded := ui.Faded(full, 0.4)
		if k < len(labels) {
			name := g.fonts.fit(l.Small, geo.LabelW-0.4*l.Small, labels[k])
			c.textMiddle(name, fs, geo.Area.X+l.Pad, y, geo.ProbH, alignLeft, full)
		}
		c.rect(ui.Rect{X: geo.X0, Y: y + geo.ProbH - lw, W: float64(geo.Cols) * geo.ColW, H: lw}, ui.PanelEdge)
		for t, probs := range r.Reading.Prefix {
			if k >= len(probs) {
				continue
			}
			h := probs[k] * (geo.ProbH - 2)
			col := faded
			if p.winners[t] == k {
				col = full
			}
			gap := math.Min(1, geo.ColW*0.15)
			c.rect(ui.Rect{X: geo.ColumnX(t) + gap, Y: y + geo.ProbH - lw - h, W: geo.ColW - 2*gap, H: h}, col)
		}
	}
	c.flush(false)
}

// drawStates draws each reading direction's units of the top layer as
// rows over the columns, with a caption: what the direction read at each
// column, and which of its columns the decision reads.
func (p *readingPanel) drawStates(g *Game, c canvas, r *lab.DecideReading) {
	geo := p.geom
	l := p.m.layout
	s := p.m.snap.Settings
	tr := r.Reading.Trace
	if tr == nil || len(geo.Dirs) == 0 {
		return
	}
	p.updateHeat(g, r)
	fs := g.face(false, l.Small)
	T := len(r.Reading.Chars)
	row := 0
	for d, dr := range geo.Dirs {
		key, short := "decide.read.forward", "decide.read.forward_short"
		if d == 1 {
			key, short = "decide.read.backward", "decide.read.backward_short"
		}
		pool := words.M("decide.read.pool_final_fwd")
		switch {
		case s.Pool == core.PoolMean:
			pool = words.M("decide.read.pool_mean")
		case d == 1:
			pool = words.M("decide.read.pool_final_bwd")
		}
		room := geo.Area.W - 2*l.Pad
		if !geo.Decision.Empty() && geo.Decision.X > geo.Area.X {
			room = geo.Decision.X - geo.Area.X - 2*l.Pad // the decision stands beside the rows
		}
		caption := g.fit(l.Small, room,
			words.Dots(words.M(key, lab.CellLabel(s.Cell), tr.H, s.Layers), pool), words.M(key, lab.CellLabel(s.Cell), tr.H, s.Layers), words.M(short))
		c.textMiddle(caption, fs, geo.Area.X+l.Pad, dr.CaptionY, dr.Y-dr.CaptionY, alignLeft, ui.Dim)
		if p.heat != nil && dr.Units > 0 {
			sub := p.heat.SubImage(image.Rect(0, row, T, row+dr.Units)).(*ebiten.Image)
			var op ebiten.DrawImageOptions
			op.GeoM.Scale(geo.ColW, dr.RowH)
			op.GeoM.Translate(geo.X0-c.ox, dr.Y-c.oy)
			c.img.DrawImage(sub, &op)
		}
		row += dr.Units
		if s.Pool != core.PoolMean {
			t := T - 1 // the forward direction's last state decides
			if d == 1 {
				t = 0 // the backward one's state after reading back to the start
			}
			c.stroke(ui.Rect{X: geo.ColumnX(t), Y: dr.Y, W: geo.ColW, H: float64(dr.Units) * dr.RowH}, math.Max(1.5, 1.5*g.scale), ui.Text)
		}
	}
}

// updateHeat refills the heat texture from the reading's top layer.
func (p *readingPanel) updateHeat(g *Game, r *lab.DecideReading) {
	geo := p.geom
	rows := 0
	for _, d := range geo.Dirs {
		rows += d.Units
	}
	key := heatOf{reading: r, units: rows}
	if key == p.heatOf && p.heat != nil {
		return
	}
	p.heatOf = key
	T := len(r.Reading.Chars)
	if T == 0 || rows == 0 {
		return
	}
	if p.heat == nil || p.heat.Bounds().Dx() != T || p.heat.Bounds().Dy() != rows {
		if p.heat != nil {
			p.heat.Deallocate()
		}
		p.heat = ebiten.NewImage(T, rows)
	}
	if cap(p.heatPix) < T*rows*4 {
		p.heatPix = make([]byte, T*rows*4)
	}
	pix := p.heatPix[:T*rows*4]
	tr := r.Reading.Trace
	D := len(geo.Dirs)
	top := (p.m.snap.Settings.Layers - 1) * D
	row := 0
	for d, dr := range geo.Dirs {
		if top+d >= len(tr.Dirs) {
			break
		}
		dt := tr.Dirs[top+d]
		for u := 0; u < dr.Units; u++ {
			for t := 0; t < T; t++ {
				col := g.scales.States.At(dt.Hidden[t][u])
				o := ((row+u)*T + t) * 4
				pix[o], pix[o+1], pix[o+2], pix[o+3] = col.R, col.G, col.B, 0xff
			}
		}
		row += dr.Units
	}
	p.heat.WritePixels(pix)
}

// drawDecision draws the final decision: the chosen label, a bar per label
// with its probability, and whether it is right.
func (p *readingPanel) drawDecision(g *Game, c canvas, r *lab.DecideReading) {
	geo := p.geom
	l := p.m.layout
	labels := p.m.names
	d := geo.Decision
	if d.Empty() || r.Prediction == nil {
		return
	}
	pr := r.Prediction
	c.fill(ui.Rect{X: d.X - l.Font*0.4, Y: d.Y, W: lw1(g), H: d.H}, ui.PanelEdge)
	fs := g.face(false, l.Small)
	y := d.Y
	c.textMiddle(g.word("decide.read.decision"), fs, d.X, y, 1.3*l.Small, alignLeft, ui.Dim)
	y += 1.3 * l.Small
	big := math.Round(l.Font * 1.35)
	if pr.Class < len(labels) {
		c.textMiddle(g.fonts.fit(big, d.W, labels[pr.Class]), g.face(false, big), d.X, y, 1.3*big, alignLeft, ui.ClassColor(pr.Class))
	}
	y += 1.3 * big
	if r.True >= 0 && r.True < len(labels) {
		verdict, col := g.word("decide.read.right"), ui.Good
		if r.True != pr.Class {
			verdict, col = g.word("decide.read.wrong", labels[r.True]), ui.Bad
		}
		c.textMiddle(g.fonts.fit(l.Small, d.W, verdict), fs, d.X, y, 1.3*l.Small, alignLeft, col)
		y += 1.4 * l.Small
	}
	rowH := math.Round(1.25 * l.Small)
	nameW := math.Round(d.W * 0.42)
	pctW := g.fonts.measure("100%", l.Small) + 0.3*l.Small
	barW := math.Max(0, d.W-nameW-pctW)
	for k, v := range pr.Probs {
		if y+rowH > d.Y+d.H || k >= len(labels) {
			break
		}
		col := ui.ClassColor(k)
		c.textMiddle(g.fonts.fit(l.Small, nameW-0.3*l.Small, labels[k]), fs, d.X, y, rowH, alignLeft, col)
		c.rect(ui.Rect{X: d.X + nameW, Y: y + rowH*0.2, W: barW, H: rowH * 0.6}, ui.ButtonFill)
		c.rect(ui.Rect{X: d.X + nameW, Y: y + rowH*0.2, W: barW * v, H: rowH * 0.6}, col)
		c.textMiddle(g.word("decide.pct", pct(v)), fs, d.X+d.W, y, rowH, alignRight, ui.Text)
		y += rowH
	}
	c.flush(false)
	if t := p.m.col; r.Reading != nil && t >= 0 && t < len(r.Reading.Prefix) && y+2*rowH <= d.Y+d.H {
		probs := r.Reading.Prefix[t]
		k := core.Argmax(probs)
		y += 0.4 * rowH
		c.textMiddle(g.fonts.fit(l.Small, d.W, g.word("decide.read.at_column", t+1)), fs, d.X, y, rowH, alignLeft, ui.Accent)
		c.textMiddle(g.fonts.fit(l.Small, d.W, g.word("decide.tip.class_pct", labels[k], pct(probs[k]))), fs, d.X, y+rowH, rowH, alignLeft, ui.ClassColor(k))
	}
}

func (p *readingPanel) at(g *Game, x, y float64) (target, bool) {
	geo := p.geom
	r := p.painted.reading
	switch {
	case p.clearRect().Contains(x, y) && p.m.box.text != "":
		return target{owner: p, kind: readClear}, true
	case geo.Box.Contains(x, y):
		return target{owner: p, kind: readBox}, true
	case r == nil || r.Reading == nil:
		return target{}, false
	}
	if t, ok := geo.Column(x); ok && t < len(r.Reading.Chars) && y >= geo.CharY {
		if d, u, ok := geo.Unit(y); ok {
			return target{owner: p, kind: readUnit, i: t, j: d, k: u, data: r}, true
		}
		if y < geo.ProbY+float64(geo.Classes)*geo.ProbH {
			return target{owner: p, kind: readColumn, i: t, data: r}, true
		}
	}
	return target{}, false
}

func (p *readingPanel) tip(g *Game, t target) tooltip {
	geo := p.geom
	l := p.m.layout
	switch t.kind {
	case readBox:
		key := "decide.tip.box"
		if g.opts.OpenText != nil {
			key = "decide.tip.box_paste"
		}
		return tooltip{text: g.word(key), x: geo.Box.X + l.Font, y: geo.Box.Y + geo.Box.H}
	case readClear:
		cr := p.clearRect()
		return tooltip{text: g.word("decide.tip.clear"), x: cr.X, y: cr.Y + cr.H}
	}
	r, _ := t.data.(*lab.DecideReading)
	if r == nil || r.Reading == nil || t.i >= len(r.Reading.Chars) {
		return noTip
	}
	rd := r.Reading
	context := charsVisible(rd.Chars[max(0, t.i-23) : t.i+1])
	if t.i > 23 {
		context = "…" + context
	}
	x := geo.ColumnX(t.i)
	if t.kind == readUnit {
		dr := geo.Dirs[t.j]
		tr := rd.Trace
		D := len(geo.Dirs)
		top := (p.m.snap.Settings.Layers-1)*D + t.j
		if tr == nil || top >= len(tr.Dirs) || t.k >= tr.H {
			return noTip
		}
		key := "decide.tip.unit_forward"
		if t.j == 1 {
			key = "decide.tip.unit_backward"
			context = charsVisible(rd.Chars[t.i:min(len(rd.Chars), t.i+24)])
		}
		y := dr.Y + float64(t.k)*dr.RowH
		cell := ui.Rect{X: x, Y: y, W: geo.ColW, H: dr.RowH}.Inset(-1)
		return tooltip{text: g.word(key, t.k, context, words.Signed(tr.Dirs[top].Hidden[t.i][t.k], 3)),
			x: cell.X + cell.W, y: cell.Y + cell.H, marks: []mark{{r: cell, edge: lw1(g), c: ui.Text}}}
	}
	labels := p.m.names
	probs := rd.Prefix[t.i]
	order := make([]int, len(probs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmpDesc(probs[a], probs[b]) })
	var parts []words.Msg
	for _, k := range order[:min(len(order), 4)] {
		parts = append(parts, words.M("decide.tip.class_pct", labels[k], pct(probs[k])))
	}
	col := ui.Rect{X: x - 1, Y: geo.CharY, W: geo.ColW + 2, H: geo.ProbY + float64(geo.Classes)*geo.ProbH - geo.CharY}
	return tooltip{text: g.word("decide.tip.prefix", context, t.i+1, len(rd.Chars)) + "\n" + g.text(words.Dots(parts...)),
		x: col.X + col.W, y: col.Y + col.H, marks: []mark{{r: col, edge: lw1(g), c: ui.Accent}}}
}

func (p *readingPanel) click(g *Game, t target) {
	m := p.m
	switch t.kind {
	case readBox:
		m.box.open(g, m)
	case readClear:
		m.box.clear(g, m)
	case readColumn, readUnit:
		if m.col == t.i {
			m.col = -1
		} else {
			m.col = t.i
		}
	}
}

// keepEnd is s, or "…" and its end when s is wider than width.
func keepEnd(g *Game, s string, f *fontFace, width float64) string {
	rs := []rune(s)
	w := g.fonts.width("…", f)
	for i := len(rs) - 1; i >= 0; i-- {
		w += g.fonts.advance(f, rs[i])
		if w > width {
			return "…" + string(rs[i+1:])
		}
	}
	return s
}
