package render

import (
	"image/color"
	"math"
	"strconv"
	"time"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// lossPanel plots the training and validation loss over the steps, with
// the previous model's curve beside it and marks where the loss blew up.
type lossPanel struct {
	painted lossKey
	at0     time.Time // when it painted last
	gen     int       // counts paints, so a cursor reading the old plot redraws
	// What is on screen, which the cursor reads.
	plot         ui.PlotMap
	history, val []lab.LossPoint
}

// lossKey is what the plot shows.
type lossKey struct {
	n, nv, step, modelGen, blowups int
}

func (p *lossPanel) name() string         { return "loss" }
func (p *lossPanel) heavy() bool          { return true }
func (p *lossPanel) area(g *Game) ui.Rect { return g.forWriting(g.layout.Loss) }

func (p *lossPanel) key(g *Game) lossKey {
	s := g.snap
	return lossKey{n: len(s.History), nv: len(s.ValHistory), step: s.Step, modelGen: s.Generation, blowups: len(s.Blowups)}
}

// changed also waits most of a passive tick between paints of the same
// model: the curve grows every step, and redrawing it that often costs more
// than it shows.
func (p *lossPanel) changed(g *Game) bool {
	k := p.key(g)
	return k != p.painted && (k.modelGen != p.painted.modelGen || time.Since(p.at0) >= passiveEvery*4/5)
}

// plotArea is where the axes go inside the panel.
func (p *lossPanel) plotArea(g *Game) ui.Rect {
	l := g.layout
	r := l.Loss.Inset(l.Pad)
	top := 1.6 * l.Font
	left := 2.2 * l.Small
	bottom := 1.4 * l.Small
	return ui.Rect{X: r.X + left, Y: r.Y + top, W: math.Max(0, r.W-left-l.Small), H: math.Max(0, r.H-top-bottom)}
}

func (p *lossPanel) plotMap(g *Game) ui.PlotMap {
	s := g.snap
	first := math.NaN()
	if len(s.History) > 0 {
		first = s.History[0].Loss
	}
	return ui.NewPlotMap(p.plotArea(g), max(s.Step, 100), s.Vocab, first)
}

func (p *lossPanel) paint(g *Game, c canvas) {
	p.painted, p.at0 = p.key(g), time.Now()
	p.gen++
	s := g.snap
	l := g.layout
	c.img.Fill(ui.Panel)
	f := g.face(false, l.Font)
	fs := g.face(false, l.Small)
	in := l.Loss.Inset(l.Pad)
	train, valid := g.word("loss.train"), g.word("loss.validation")
	legendW := g.fonts.measure(train, l.Small) + g.fonts.measure(valid, l.Small) + 2*l.Small
	var before string // the previous model, named in the legend when it fits
	if s.Previous != nil {
		label := runLabel(s.Previous.Label)
		before = g.fit(l.Small, in.W-legendW-g.fonts.measure(g.word("loss.title_short"), l.Font)-l.Small,
			words.M("loss.before", label), label, words.M("loss.before_short"))
		legendW += g.fonts.measure(before, l.Small) + l.Small
	}
	title := g.fit(l.Font, in.W-legendW, words.M("loss.title"), words.M("loss.title_medium"), words.M("loss.title_short"))
	c.textMiddle(title, f, in.X, in.Y, 1.3*l.Font, alignLeft, ui.Text)
	lx := in.X + in.W
	c.textMiddle(valid, fs, lx, in.Y, 1.3*l.Font, alignRight, ui.Second)
	lx -= g.fonts.measure(valid, l.Small) + l.Small
	c.textMiddle(train, fs, lx, in.Y, 1.3*l.Font, alignRight, ui.Accent)
	if before != "" {
		lx -= g.fonts.measure(train, l.Small) + l.Small
		c.textMiddle(before, fs, lx, in.Y, 1.3*l.Font, alignRight, ui.Dim)
	}

	pm := p.plotMap(g)
	p.plot, p.history, p.val = pm, s.History, s.ValHistory
	a := pm.Area
	if a.Empty() {
		return
	}
	// Grid lines and the dashed baseline: rectangles, one batch.
	lw := math.Max(1, g.scale)
	for v := 0.0; v <= pm.Top; v++ {
		_, y := pm.Point(0, v)
		c.rect(ui.Rect{X: a.X, Y: y - lw/2, W: a.W, H: lw}, ui.PanelEdge)
	}
	_, yb := pm.Point(0, pm.Baseline)
	for x := a.X; x < a.X+a.W; x += 12 * g.scale {
		c.rect(ui.Rect{X: x, Y: yb - lw/2, W: math.Min(6*g.scale, a.X+a.W-x), H: lw}, ui.Faint)
	}
	c.flush(false)
	for v := 0; float64(v) <= pm.Top; v++ {
		_, y := pm.Point(0, float64(v))
		c.textMiddle(strconv.Itoa(v), fs, a.X-0.4*l.Small, y-l.Small*0.7, 1.4*l.Small, alignRight, ui.Dim)
	}
	c.text(g.word("loss.uniform"), fs, a.X+a.W, yb+2, alignRight, ui.Faint)
	c.text("0", fs, a.X, a.Y+a.H+0.1*l.Small, alignLeft, ui.Dim)
	c.text(g.word("loss.step", int(pm.MaxStep)), fs, a.X+a.W, a.Y+a.H+0.1*l.Small, alignRight, ui.Dim)
	// Where the loss blew up: a red line at the step the model went back to.
	for _, b := range s.Blowups {
		x, _ := pm.Point(b.Step, 0)
		c.rect(ui.Rect{X: x - lw, Y: a.Y, W: 2 * lw, H: a.H}, ui.Bad)
		al, tx := alignLeft, x+0.3*l.Small
		if x > a.X+a.W/2 {
			al, tx = alignRight, x-0.3*l.Small
		}
		c.text(g.word("loss.blew_up", b.LR), fs, tx, a.Y+0.2*l.Small, al, ui.Bad)
	}
	c.flush(false)
	// The previous model's curve, as far as this one has come, then this
	// model's curves and its validation points as small diamonds.
	w := math.Max(2, 2*g.scale)
	if prev := s.Previous; prev != nil {
		curve(c, pm, upTo(prev.History, int(pm.MaxStep), lossStep), ui.Dim, math.Max(1.5, 1.5*g.scale))
	}
	curve(c, pm, s.History, ui.Accent, w)
	curve(c, pm, s.ValHistory, ui.Second, w)
	r := float32(math.Max(4, 4*g.scale))
	for _, pt := range s.ValHistory {
		x, y := pm.Point(pt.Step, pt.Loss)
		fx, fy := float32(x-c.ox), float32(y-c.oy)
		c.quads.addQuad([4][2]float32{{fx, fy - r}, {fx + r, fy}, {fx, fy + r}, {fx - r, fy}}, ui.Second)
	}
	c.flush(true)
}

// runLabel names a model for the legend: "LSTM-64, lr 0.003", "2×GRU-48, lr 0.01".
func runLabel(r lab.RunLabel) words.Msg {
	if r.Layers > 1 {
		return words.M("loss.run_layers", r.Layers, lab.CellLabel(r.Cell), r.Hidden, r.LR)
	}
	return words.M("loss.run", lab.CellLabel(r.Cell), r.Hidden, r.LR)
}

// upTo is the part of a history (points in order of step) up to a step.
func upTo[P any](pts []P, step int, stepOf func(P) int) []P {
	n := 0
	for n < len(pts) && stepOf(pts[n]) <= step {
		n++
	}
	return pts[:n]
}

func lossStep(p lab.LossPoint) int { return p.Step }

// curve queues a polyline of loss points as segments.
func curve(c canvas, pm ui.PlotMap, pts []lab.LossPoint, col color.RGBA, width float64) {
	for i := 1; i < len(pts); i++ {
		x0, y0 := pm.Point(pts[i-1].Step, pts[i-1].Loss)
		x1, y1 := pm.Point(pts[i].Step, pts[i].Loss)
		c.segment(x0, y0, x1, y1, width, col)
	}
}

// at names the loss point nearest the pointer on the plot as drawn.
func (p *lossPanel) at(g *Game, x, y float64) (target, bool) {
	if !p.plot.Area.Contains(x, y) || len(p.history) == 0 {
		return target{}, false
	}
	pt, _ := nearest(p.history, p.plot.Step(x))
	return target{owner: p, i: pt.Step, j: p.gen}, true
}

// tip marks the loss point with a line and explains it.
func (p *lossPanel) tip(g *Game, t target) tooltip {
	tr, ok := nearest(p.history, t.i)
	if !ok {
		return noTip
	}
	cx, _ := p.plot.Point(tr.Step, tr.Loss)
	a := p.plot.Area
	line := ui.Rect{X: cx - math.Max(1, g.scale)/2, Y: a.Y, W: math.Max(1, g.scale), H: a.H}
	text := g.word("loss.tip", tr.Step, words.Fixed(tr.Loss, 3), words.Fixed(math.Exp(tr.Loss), 1))
	if val, ok := nearest(p.val, t.i); ok {
		text += "\n" + g.word("loss.tip_val", val.Step, words.Fixed(val.Loss, 3), words.Fixed(math.Exp(val.Loss), 1))
	}
	return tooltip{text: text, x: cx, y: a.Y, marks: []mark{{r: line, c: ui.Dim}}}
}

func (p *lossPanel) click(g *Game, t target) {}

// nearest finds the point closest to step.
func nearest(pts []lab.LossPoint, step int) (lab.LossPoint, bool) {
	if len(pts) == 0 {
		return lab.LossPoint{}, false
	}
	best := pts[0]
	for _, p := range pts[1:] {
		if abs(p.Step-step) < abs(best.Step-step) {
			best = p
		}
	}
	return best, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
