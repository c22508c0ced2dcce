package render

import (
	"math"
	"strconv"
	"unicode/utf8"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// confusionPanel is the confusion matrix of the last held-out pass: a row
// per true topic, a column per decided one, each cell shaded by its share
// of the row (right decisions green, wrong ones red) and counted. A click
// on a wrong cell lists its headlines in the mistakes panel.
type confusionPanel struct {
	m       *classifyMode
	geom    ui.ConfusionGeom
	painted confKey
}

// confKey is what the matrix shows.
type confKey struct {
	eval         *lab.DecideEval
	measuring    int // percent of the pass under way, while there is no pass yet
	filter       [2]int
	hover        [2]int
	gen          int
	lang         words.Lang
	labels       int
	firstMeasure bool
}

func (p *confusionPanel) name() string { return "decide-confusion" }
func (p *confusionPanel) heavy() bool  { return false }
func (p *confusionPanel) area(g *Game) ui.Rect {
	if !p.m.shown(g) {
		return ui.Rect{}
	}
	return p.m.parts.Confusion
}

func (p *confusionPanel) key(g *Game) confKey {
	m := p.m
	k := confKey{eval: m.snap.Eval, filter: [2]int{m.filterTrue, m.filterPred}, hover: [2]int{-1, -1},
		gen: m.layoutGen, lang: g.lang, labels: len(m.names)}
	if k.eval == nil {
		k.measuring = int(m.snap.Measuring * 20)
	}
	if g.hover.owner == panel(p) {
		k.hover = [2]int{g.hover.i, g.hover.j}
	}
	return k
}

func (p *confusionPanel) changed(g *Game) bool { return p.key(g) != p.painted }

func (p *confusionPanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	m := p.m
	l := m.layout
	s := m.snap
	c.img.Fill(ui.Panel)
	in := p.area(g).Inset(l.Pad)
	fs := g.face(false, l.Small)
	e := s.Eval
	titleH := panelTitle(g, c, in, l.Font, 0, words.M("decide.conf.title"), words.M("decide.conf.title_short"))
	y := in.Y + titleH
	if e == nil {
		c.textMiddle(g.fit(l.Small, in.W, words.M("decide.conf.measuring", pct(s.Measuring))), fs, in.X, y, 1.4*l.Small, alignLeft, ui.Dim)
		p.geom = ui.ConfusionGeom{}
		return
	}
	sub := words.M("decide.conf.sub", e.Step, e.N, pct(e.Accuracy))
	c.textMiddle(g.fit(l.Small, in.W, sub, words.M("decide.conf.sub_short", e.Step, pct(e.Accuracy))), fs, in.X, y, 1.4*l.Small, alignLeft, ui.Dim)
	y += 1.5 * l.Small
	K := len(m.names)
	labelW := g.fonts.measure(g.word("decide.conf.true"), l.Small) // the axis's name stands above the labels
	for _, name := range m.names {
		labelW = math.Max(labelW, g.fonts.measure(name, l.Small))
	}
	labelW = math.Min(labelW+0.6*l.Small, in.W*0.35)
	lineH := 1.3 * l.Small
	axisH := 1.3 * l.Small
	grid := ui.Rect{X: in.X, Y: y + axisH, W: in.W, H: in.Y + in.H - y - axisH}
	p.geom = ui.LayoutConfusion(grid, K, labelW, lineH)
	if wide := p.geom.Cell > 0 && labelsWider(g, m.names, l.Small, p.geom.Cell-2); wide {
		// Column names that do not fit their column take two lines,
		// alternate names on each, so each may be two columns wide.
		p.geom = ui.LayoutConfusion(grid, K, labelW, 2*lineH)
	}
	cg := p.geom
	if cg.Cell <= 0 {
		return
	}
	staggered := cg.Y0-grid.Y > 1.5*lineH
	// The axes: decided across the top, true down the side.
	c.textMiddle(g.fonts.fit(l.Small, in.W-labelW, g.word("decide.conf.decided")), fs, cg.X0, y, axisH, alignLeft, ui.Dim)
	c.textMiddle(g.fonts.fit(l.Small, labelW, g.word("decide.conf.true")), fs, in.X, y, axisH, alignLeft, ui.Dim)
	rows := make([]int, K)
	for i := range K {
		for j := range K {
			rows[i] += e.Confusion[i][j]
		}
	}
	for i := range K {
		for j := range K {
			share := 0.0
			if rows[i] > 0 {
				share = float64(e.Confusion[i][j]) / float64(rows[i])
			}
			c.rect(p.geom.CellRect(i, j).Inset(math.Max(0.5, 0.5*g.scale)), ui.ConfusionColor(share, i == j))
		}
	}
	c.flush(false)
	numbers := cg.Cell >= 1.3*l.Small
	fn := g.face(false, math.Min(l.Small, cg.Cell*0.4))
	for i := range K {
		r := cg.CellRect(i, 0)
		c.textMiddle(g.fonts.fit(l.Small, labelW-0.4*l.Small, m.names[i]), fs, in.X, r.Y, r.H, alignLeft, ui.ClassColor(i))
		col := cg.CellRect(0, i)
		hy, room := cg.Y0-lineH, col.W-2
		if staggered {
			room = 2*col.W - 0.5*l.Small
			if i%2 == 0 {
				hy -= lineH
			}
		}
		c.textMiddle(g.fonts.fit(l.Small, room, m.names[i]), fs, col.X+col.W/2, hy, lineH, alignCenter, ui.ClassColor(i))
		if !numbers {
			continue
		}
		for j := range K {
			cell := cg.CellRect(i, j)
			n := e.Confusion[i][j]
			tc := ui.Text
			if n == 0 {
				tc = ui.Faint
			}
			c.textMiddle(strconv.Itoa(n), fn, cell.X+cell.W/2, cell.Y, cell.H, alignCenter, tc)
		}
	}
	lw := math.Max(2, 2*g.scale)
	if f := p.painted.filter; f[0] >= 0 && f[0] < K && f[1] < K {
		c.stroke(cg.CellRect(f[0], f[1]), lw, ui.Accent)
	}
	if h := p.painted.hover; h[0] >= 0 && h[0] < K && h[1] < K {
		c.stroke(cg.CellRect(h[0], h[1]), lw1(g), ui.Text)
	}
}

func (p *confusionPanel) at(g *Game, x, y float64) (target, bool) {
	i, j, ok := p.geom.At(x, y)
	if !ok || p.painted.eval == nil {
		return target{}, false
	}
	return target{owner: p, i: i, j: j, data: p.painted.eval}, true
}

func (p *confusionPanel) tip(g *Game, t target) tooltip {
	e, _ := t.data.(*lab.DecideEval)
	labels := p.m.names
	if e == nil || t.i >= len(e.Confusion) || t.j >= len(labels) {
		return noTip
	}
	row := 0
	for _, v := range e.Confusion[t.i] {
		row += v
	}
	n := e.Confusion[t.i][t.j]
	share := 0.0
	if row > 0 {
		share = float64(n) / float64(row)
	}
	text := g.word("decide.tip.conf_right", labels[t.i], n, row, pct(share))
	if t.i != t.j {
		text = g.word("decide.tip.conf_wrong", labels[t.i], labels[t.j], n, row, pct(share))
	}
	r := p.geom.CellRect(t.i, t.j)
	return tooltip{text: text, x: r.X + r.W, y: r.Y + r.H}
}

// click lists a wrong cell's headlines, or all mistakes again.
func (p *confusionPanel) click(g *Game, t target) {
	m := p.m
	if t.i == t.j || (m.filterTrue == t.i && m.filterPred == t.j) {
		m.filterTrue, m.filterPred = -1, -1
	} else {
		m.filterTrue, m.filterPred = t.i, t.j
	}
	m.firstMistake = 0
}

// mistakesPanel lists the headlines the last held-out pass decided wrong
// (all, or one cell of the matrix): the true topic, the decided one, the
// text. A click reads the headline in the reading view.
type mistakesPanel struct {
	m       *classifyMode
	rows    int                 // rows that fit
	shown   []lab.DecideMistake // the rows on screen
	rowY    float64             // the first row's top
	rowH    float64
	painted mistakesKey
}

// mistakesKey is what the list shows.
type mistakesKey struct {
	eval   *lab.DecideEval
	filter [2]int
	first  int
	hover  int
	gen    int
	lang   words.Lang
}

func (p *mistakesPanel) name() string { return "decide-mistakes" }
func (p *mistakesPanel) heavy() bool  { return false }
func (p *mistakesPanel) area(g *Game) ui.Rect {
	if !p.m.shown(g) {
		return ui.Rect{}
	}
	return p.m.parts.Mistakes
}

func (p *mistakesPanel) key(g *Game) mistakesKey {
	m := p.m
	k := mistakesKey{eval: m.snap.Eval, filter: [2]int{m.filterTrue, m.filterPred}, first: m.firstMistake, hover: -1, gen: m.layoutGen, lang: g.lang}
	if g.hover.owner == panel(p) {
		k.hover = g.hover.i
	}
	return k
}

func (p *mistakesPanel) changed(g *Game) bool { return p.key(g) != p.painted }

// list is the mistakes of the matrix cell chosen, or all.
func (p *mistakesPanel) list(e *lab.DecideEval) []lab.DecideMistake {
	m := p.m
	if e == nil {
		return nil
	}
	if m.filterTrue < 0 {
		return e.Mistakes
	}
	var out []lab.DecideMistake
	for _, x := range e.Mistakes {
		if x.True == m.filterTrue && x.Predicted == m.filterPred {
			out = append(out, x)
		}
	}
	return out
}

func (p *mistakesPanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	m := p.m
	l := m.layout
	s := m.snap
	c.img.Fill(ui.Panel)
	in := p.area(g).Inset(l.Pad)
	fs := g.face(false, l.Small)
	e := s.Eval
	list := p.list(e)
	var title []words.Msg
	switch {
	case e == nil:
		title = []words.Msg{words.M("decide.miss.title_none")}
	case m.filterTrue >= 0 && m.filterTrue < len(m.names) && m.filterPred < len(m.names):
		title = []words.Msg{words.M("decide.miss.title_cell", m.names[m.filterTrue], m.names[m.filterPred], len(list)),
			words.M("decide.miss.title_short", len(list))}
	default:
		title = []words.Msg{words.M("decide.miss.title", len(list), e.N), words.M("decide.miss.title_short", len(list))}
	}
	titleH := panelTitle(g, c, in, l.Font, 0, title...)
	y := in.Y + titleH
	hint := words.M("decide.miss.hint")
	if m.filterTrue >= 0 {
		hint = words.M("decide.miss.hint_cell")
	}
	c.textMiddle(g.fit(l.Small, in.W, hint), fs, in.X, y, 1.4*l.Small, alignLeft, ui.Dim)
	y += 1.5 * l.Small
	p.rowH = math.Round(1.3 * l.Small)
	p.rowY = y
	p.rows = max(0, int((in.Y+in.H-y)/p.rowH))
	m.firstMistake = max(0, min(m.firstMistake, len(list)-p.rows))
	p.painted.first = m.firstMistake
	end := min(len(list), m.firstMistake+p.rows)
	p.shown = list[m.firstMistake:end]
	if len(list) == 0 && e != nil {
		c.textMiddle(g.word("decide.miss.none"), fs, in.X, y, p.rowH, alignLeft, ui.Good)
		return
	}
	pairW := 0.0
	for _, x := range p.shown {
		pairW = math.Max(pairW, g.fonts.measure(mistakePair(m.names, x), l.Small))
	}
	pairW = math.Min(pairW+0.6*l.Small, in.W*0.42)
	arrowW := g.fonts.measure(" → ", l.Small)
	for i, x := range p.shown {
		ry := y + float64(i)*p.rowH
		if m.firstMistake+i == p.painted.hover {
			c.fill(ui.Rect{X: in.X - 0.3*l.Small, Y: ry, W: in.W + 0.6*l.Small, H: p.rowH}, ui.ButtonHov)
		}
		tx := in.X
		if x.True < len(m.names) {
			name := m.names[x.True]
			c.textMiddle(name, fs, tx, ry, p.rowH, alignLeft, ui.ClassColor(x.True))
			tx += g.fonts.measure(name, l.Small)
		}
		c.textMiddle(" → ", fs, tx, ry, p.rowH, alignLeft, ui.Dim)
		tx += arrowW
		pred, pc := "?", ui.Dim
		if x.Predicted >= 0 && x.Predicted < len(m.names) {
			pred, pc = m.names[x.Predicted], ui.ClassColor(x.Predicted)
		}
		c.textMiddle(pred, fs, tx, ry, p.rowH, alignLeft, pc)
		c.textMiddle(cutToWidth(g, x.Text, fs, in.W-pairW), fs, in.X+pairW, ry, p.rowH, alignLeft, ui.Text)
	}
	if len(list) > p.rows && p.rows > 0 {
		// A scroll bar: where the rows shown sit in the list.
		bar := ui.Rect{X: in.X + in.W + 0.15*l.Pad, Y: y, W: math.Max(2, 2*g.scale), H: float64(p.rows) * p.rowH}
		c.fill(bar, ui.PanelEdge)
		f0, f1 := float64(m.firstMistake)/float64(len(list)), float64(end)/float64(len(list))
		c.fill(ui.Rect{X: bar.X, Y: bar.Y + bar.H*f0, W: bar.W, H: math.Max(2, bar.H*(f1-f0))}, ui.Dim)
	}
}

// mistakePair is "true → decided" for measuring.
func mistakePair(labels []string, x lab.DecideMistake) string {
	t, p := "?", "?"
	if x.True < len(labels) {
		t = labels[x.True]
	}
	if x.Predicted >= 0 && x.Predicted < len(labels) {
		p = labels[x.Predicted]
	}
	return t + " → " + p
}

func (p *mistakesPanel) at(g *Game, x, y float64) (target, bool) {
	if y < p.rowY || p.rowH <= 0 {
		return target{}, false
	}
	i := int((y - p.rowY) / p.rowH)
	if i >= len(p.shown) {
		return target{}, false
	}
	return target{owner: p, i: p.m.firstMistake + i, j: p.shown[i].Held, data: p.painted.eval}, true
}

func (p *mistakesPanel) tip(g *Game, t target) tooltip {
	i := t.i - p.m.firstMistake
	if i < 0 || i >= len(p.shown) {
		return noTip
	}
	x := p.shown[i]
	labels := p.m.names
	pred := "?"
	if x.Predicted >= 0 && x.Predicted < len(labels) {
		pred = labels[x.Predicted]
	}
	truth := ""
	if x.True < len(labels) {
		truth = labels[x.True]
	}
	a := p.area(g)
	y := p.rowY + float64(i)*p.rowH
	return tooltip{text: x.Text + "\n" + g.word("decide.tip.mistake", pred, pct(x.Prob), truth), x: a.X + a.W*0.3, y: y + p.rowH, above: true}
}

// click reads the headline in the reading view.
func (p *mistakesPanel) click(g *Game, t target) {
	m := p.m
	m.dec.ShowHeld(t.j)
	m.box.text, m.box.typing = "", false
	m.col = -1
}

// cutToWidth is s, or its start with "…" when s is wider than width: one
// pass over its characters.
func cutToWidth(g *Game, s string, f *fontFace, width float64) string {
	ell := g.fonts.width("…", f)
	w, cut := 0.0, -1
	for i, r := range s {
		w += g.fonts.advance(f, r)
		if w > width {
			if cut < 0 {
				return "…"
			}
			return s[:cut] + "…"
		}
		if w+ell <= width {
			cut = i + utf8.RuneLen(r)
		}
	}
	return s
}

// labelsWider reports whether a label is wider than width at a size.
func labelsWider(g *Game, labels []string, size, width float64) bool {
	for _, l := range labels {
		if g.fonts.measure(l, size) > width {
			return true
		}
	}
	return false
}
