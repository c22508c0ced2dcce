package render

import (
	"image/color"
	"math"
	"time"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// accuracyPanel plots the classifier's accuracy over its updates, on the
// training batches and on held-out headlines, with the classifier before it
// (its label in the legend) faint beside it, and says under the plot when
// each first decided 80% of the held-out headlines right, in updates and in
// seconds of training: that is how a change (reading both ways, a bigger
// model) shows what it is worth.
type accuracyPanel struct {
	m       *classifyMode
	painted accKey
	at0     time.Time
	gen     int
	// What is on screen, which the tooltip reads.
	plot      ui.AccMap
	hist, val []lab.AccPoint
}

// accKey is what the plot shows.
type accKey struct {
	n, nv, step, modelGen, layoutGen int
	lang                             words.Lang
}

// targetAcc is the held-out accuracy the race under the plot is run to.
const targetAcc = 0.8

func (p *accuracyPanel) name() string { return "decide-accuracy" }
func (p *accuracyPanel) heavy() bool  { return true }
func (p *accuracyPanel) area(g *Game) ui.Rect {
	if !p.m.shown(g) {
		return ui.Rect{}
	}
	return p.m.parts.Accuracy
}

func (p *accuracyPanel) key(g *Game) accKey {
	s := p.m.snap
	return accKey{n: len(s.History), nv: len(s.ValHistory), step: s.Step, modelGen: s.Generation, layoutGen: p.m.layoutGen, lang: g.lang}
}

// changed waits most of a passive tick between paints of one model, as
// the loss plot does.
func (p *accuracyPanel) changed(g *Game) bool {
	k := p.key(g)
	return k != p.painted && (k.modelGen != p.painted.modelGen || k.layoutGen != p.painted.layoutGen ||
		k.lang != p.painted.lang || time.Since(p.at0) >= passiveEvery*4/5)
}

func (p *accuracyPanel) paint(g *Game, c canvas) {
	p.painted, p.at0 = p.key(g), time.Now()
	p.gen++
	m := p.m
	s := m.snap
	l := m.layout
	c.img.Fill(ui.Panel)
	in := p.area(g).Inset(l.Pad)
	fs := g.face(false, l.Small)

	// The legend at the right of the title: now, held-out, before.
	train, held := g.word("decide.acc.train"), g.word("decide.acc.held")
	legendW := g.fonts.measure(train, l.Small) + g.fonts.measure(held, l.Small) + 2*l.Small
	var before string
	if s.Previous != nil {
		lbl := s.Previous.Label.Msg()
		before = g.fit(l.Small, in.W*0.45, words.M("decide.acc.before", lbl), words.M("decide.acc.before_short"))
		legendW += g.fonts.measure(before, l.Small) + l.Small
	}
	titleH := panelTitle(g, c, in, l.Font, legendW, words.M("decide.acc.title"), words.M("decide.acc.title_short"))
	lx := in.X + in.W
	c.textMiddle(held, fs, lx, in.Y, titleH, alignRight, ui.Second)
	lx -= g.fonts.measure(held, l.Small) + l.Small
	c.textMiddle(train, fs, lx, in.Y, titleH, alignRight, ui.Accent)
	if before != "" {
		lx -= g.fonts.measure(train, l.Small) + l.Small
		c.textMiddle(before, fs, lx, in.Y, titleH, alignRight, ui.Dim)
	}

	// The race to 80%, under the plot.
	raceH := 0.0
	race := p.race(g, in.W)
	if race != "" {
		raceH = 1.4 * l.Small
		c.textMiddle(race, fs, in.X, in.Y+in.H-raceH, raceH, alignLeft, ui.Text)
	}
	left := g.fonts.measure("100%", l.Small) + 0.5*l.Small
	area := ui.Rect{X: in.X + left, Y: in.Y + titleH + 0.3*l.Small, W: math.Max(0, in.W-left-0.5*l.Small)}
	area.H = math.Max(0, in.Y+in.H-raceH-1.3*l.Small-area.Y)
	pm := ui.NewAccMap(area, s.Step)
	p.plot, p.hist, p.val = pm, s.History, s.ValHistory
	if area.Empty() {
		return
	}
	lw := lw1(g)
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		_, y := pm.Point(0, v)
		c.rect(ui.Rect{X: area.X, Y: y - lw/2, W: area.W, H: lw}, ui.PanelEdge)
	}
	dashed := func(v float64, col color.RGBA) float64 {
		_, y := pm.Point(0, v)
		for x := area.X; x < area.X+area.W; x += 12 * g.scale {
			c.rect(ui.Rect{X: x, Y: y - lw/2, W: math.Min(6*g.scale, area.X+area.W-x), H: lw}, col)
		}
		return y
	}
	yTarget := dashed(targetAcc, ui.Faint)
	yChance := math.NaN()
	if K := len(m.names); K > 0 {
		yChance = dashed(1/float64(K), ui.Faint)
	}
	c.flush(false)
	for _, v := range []float64{0, 0.5, 1} {
		_, y := pm.Point(0, v)
		c.textMiddle(g.word("decide.pct", pct(v)), fs, area.X-0.3*l.Small, y-0.7*l.Small, 1.4*l.Small, alignRight, ui.Dim)
	}
	c.text(g.word("decide.pct", pct(targetAcc)), fs, area.X+area.W, yTarget-1.2*l.Small, alignRight, ui.Faint)
	if !math.IsNaN(yChance) {
		c.text(g.word("decide.acc.chance"), fs, area.X+area.W, yChance+2, alignRight, ui.Faint)
	}
	c.text("0", fs, area.X, area.Y+area.H+0.1*l.Small, alignLeft, ui.Dim)
	c.text(g.word("loss.step", int(pm.MaxStep)), fs, area.X+area.W, area.Y+area.H+0.1*l.Small, alignRight, ui.Dim)

	w := math.Max(2, 2*g.scale)
	if prev := s.Previous; prev != nil {
		accCurve(c, pm, upTo(prev.History, int(pm.MaxStep), accStep), ui.Faint, math.Max(1, g.scale))
		accCurve(c, pm, upTo(prev.ValHistory, int(pm.MaxStep), accStep), ui.Dim, math.Max(1.5, 1.5*g.scale))
	}
	accCurve(c, pm, s.History, ui.Accent, w)
	accCurve(c, pm, s.ValHistory, ui.Second, w)
	r := float32(math.Max(3.5, 3.5*g.scale))
	for _, pt := range s.ValHistory {
		x, y := pm.Point(pt.Step, pt.Acc)
		fx, fy := float32(x-c.ox), float32(y-c.oy)
		c.quads.addQuad([4][2]float32{{fx, fy - r}, {fx + r, fy}, {fx, fy + r}, {fx - r, fy}}, ui.Second)
	}
	c.flush(true)
}

// race says when this classifier and the one before it first reached 80%
// held-out accuracy, in updates and seconds of training.
func (p *accuracyPanel) race(g *Game, width float64) string {
	s := p.m.snap
	now := notYet(s.ValHistory, "decide.acc.not_yet", "decide.acc.not_yet_none")
	if pt, ok := lab.Reached(s.ValHistory, targetAcc); ok {
		now = words.M("decide.acc.reached", pt.Step, words.Fixed(pt.Seconds, 0))
	}
	if s.Previous == nil {
		return g.fit(p.m.layout.Small, width, words.M("decide.acc.race", pct(targetAcc), now))
	}
	before := notYet(s.Previous.ValHistory, "decide.acc.not_reached", "decide.acc.not_reached_none")
	if pt, ok := lab.Reached(s.Previous.ValHistory, targetAcc); ok {
		before = words.M("decide.acc.reached", pt.Step, words.Fixed(pt.Seconds, 0))
	}
	return g.fit(p.m.layout.Small, width,
		words.M("decide.acc.race_both", pct(targetAcc), now, s.Previous.Label.Msg(), before),
		words.M("decide.acc.race_both_short", pct(targetAcc), now, before))
}

// notYet says a curve has not reached the target: with its best
// accuracy (key), or without one before it has a point (none).
func notYet(pts []lab.AccPoint, key, none string) words.Msg {
	if len(pts) == 0 {
		return words.M(none)
	}
	best := 0.0
	for _, p := range pts {
		best = math.Max(best, p.Acc)
	}
	return words.M(key, pct(best))
}

func accStep(p lab.AccPoint) int { return p.Step }

// accCurve queues a polyline of accuracy points.
func accCurve(c canvas, pm ui.AccMap, pts []lab.AccPoint, col color.RGBA, width float64) {
	for i := 1; i < len(pts); i++ {
		x0, y0 := pm.Point(pts[i-1].Step, pts[i-1].Acc)
		x1, y1 := pm.Point(pts[i].Step, pts[i].Acc)
		c.segment(x0, y0, x1, y1, width, col)
	}
}

// nearestAcc finds the point closest to an update.
func nearestAcc(pts []lab.AccPoint, step int) (lab.AccPoint, bool) {
	if len(pts) == 0 {
		return lab.AccPoint{}, false
	}
	best := pts[0]
	for _, p := range pts[1:] {
		if abs(p.Step-step) < abs(best.Step-step) {
			best = p
		}
	}
	return best, true
}

func (p *accuracyPanel) at(g *Game, x, y float64) (target, bool) {
	if !p.plot.Area.Contains(x, y) || len(p.hist)+len(p.val) == 0 {
		return target{}, false
	}
	return target{owner: p, i: p.plot.Step(x), j: p.gen}, true
}

// tip marks the update under the pointer and gives the accuracies there:
// this classifier's and the one's before it.
func (p *accuracyPanel) tip(g *Game, t target) tooltip {
	s := p.m.snap
	var lines []string
	at := t.i
	if tr, ok := nearestAcc(p.hist, t.i); ok {
		at = tr.Step
		lines = append(lines, g.word("decide.tip.acc_train", tr.Step, pct(tr.Acc), words.Fixed(tr.Seconds, 1)))
	}
	if v, ok := nearestAcc(p.val, at); ok {
		lines = append(lines, g.word("decide.tip.acc_held", v.Step, pct(v.Acc)))
	}
	if prev := s.Previous; prev != nil {
		if v, ok := nearestAcc(prev.ValHistory, at); ok {
			lines = append(lines, g.word("decide.tip.acc_before", prev.Label.Msg(), v.Step, pct(v.Acc), words.Fixed(v.Seconds, 1)))
		}
	}
	if len(lines) == 0 {
		return noTip
	}
	x, _ := p.plot.Point(at, 0)
	a := p.plot.Area
	line := ui.Rect{X: x - lw1(g)/2, Y: a.Y, W: lw1(g), H: a.H}
	text := lines[0]
	for _, l := range lines[1:] {
		text += "\n" + l
	}
	return tooltip{text: text, x: x, y: a.Y, marks: []mark{{r: line, c: ui.Dim}}}
}

func (p *accuracyPanel) click(g *Game, t target) {}
