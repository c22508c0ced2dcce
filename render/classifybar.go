package render

import (
	"math"
	"time"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// decideBar is the "read and decide" task's row of buttons, laid out by
// the task's own layout.
type decideBar struct {
	m       *classifyMode
	hover   int
	painted decideBarKey
}

// decideBarKey is what the bar shows.
type decideBarKey struct {
	labels string
	on     uint64 // a bit per button drawn as selected
	hover  int
	gen    int
}

func (p *decideBar) name() string { return "decide-controls" }
func (p *decideBar) heavy() bool  { return false }
func (p *decideBar) area(g *Game) ui.Rect {
	if !p.m.shown(g) {
		return ui.Rect{}
	}
	return p.m.layout.Controls
}

func (p *decideBar) key(g *Game) decideBarKey {
	k := decideBarKey{labels: p.m.layoutOf.labels, hover: -1, gen: p.m.layoutGen}
	for i, b := range p.m.buttons {
		if b.On && i < 64 {
			k.on |= 1 << i
		}
	}
	if g.hover.owner == panel(p) {
		k.hover = g.hover.i
	}
	return k
}

func (p *decideBar) changed(g *Game) bool { return p.key(g) != p.painted }

func (p *decideBar) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	m := p.m
	l := m.layout
	c.img.Fill(ui.Background)
	f := g.face(false, l.BtnFont)
	for i, b := range m.buttons {
		if i >= len(l.Buttons) || i >= len(m.labels) || l.Buttons[i].Empty() {
			continue
		}
		drawButton(c, l.Buttons[i], b, m.labels[i], f, i == p.painted.hover)
	}
}

func (p *decideBar) at(g *Game, x, y float64) (target, bool) {
	for i, r := range p.m.layout.Buttons {
		if i < len(p.m.buttons) && r.Contains(x, y) && p.m.buttons[i].Action != ui.ActNone {
			return target{owner: p, i: i, j: int(p.m.buttons[i].Action)}, true
		}
	}
	return target{}, false
}

func (p *decideBar) tip(g *Game, t target) tooltip {
	if t.i >= len(p.m.layout.Buttons) {
		return noTip
	}
	b := p.m.layout.Buttons[t.i]
	return tooltip{text: decideTip(g.lang, ui.Action(t.j)), x: b.X - 14*g.scale, y: b.Y + b.H - 10*g.scale}
}

func (p *decideBar) click(g *Game, t target) {
	g.do(ui.Action(t.j))
	if g.ptr.touched {
		g.ptr.touchX, g.ptr.touchY, g.ptr.in = -1, -1, false // a tapped button needs no tooltip
		g.hover = target{}
	}
}

// decideTips are what the task's buttons do, where it differs from the
// language model's.
var decideTips = map[ui.Action]string{
	ui.ActStep:     "decide.tip.step",
	ui.ActReset:    "decide.tip.reset",
	ui.ActBackward: "decide.tip.both_ways",
	ui.ActLayer:    "decide.tip.layers",
	ui.ActPlay:     "decide.tip.pool",
	ui.ActCorpus:   "decide.tip.data",
	ui.ActText:     "decide.tip.type",
	ui.ActTask:     "decide.tip.write",
}

// decideTip is a button's tooltip: what it does here and its key.
func decideTip(lang words.Lang, a ui.Action) string {
	key, ok := decideTips[a]
	if !ok {
		return tipFor(lang, a)
	}
	for _, b := range bindings {
		if b.act == a {
			return words.Format(lang, words.M("tip.with_key", words.M(key), keyLabel(b.keys[0].code)))
		}
	}
	return words.Format(lang, words.M(key))
}

// decideStatus is the task's status line: what training does (or a
// passing hint) on the left, the classifier and its data on the right.
type decideStatus struct {
	m             *classifyMode
	next, painted decideStatusKey
	rightOf       decideRightOf
	right         string
}

type decideStatusKey struct {
	left, right string
	paused      bool
	gen         int
}

type decideRightOf struct {
	settings lab.DecideSettings
	params   int
	data     string
	texts    int
	lang     words.Lang
}

func (p *decideStatus) name() string { return "decide-status" }
func (p *decideStatus) heavy() bool  { return false }
func (p *decideStatus) area(g *Game) ui.Rect {
	if !p.m.shown(g) {
		return ui.Rect{}
	}
	return p.m.layout.Status
}

func (p *decideStatus) changed(g *Game) bool {
	p.next = p.key(g)
	return p.next != p.painted
}

func (p *decideStatus) key(g *Game) decideStatusKey {
	m := p.m
	l := m.layout
	s := m.snap
	k := decideStatusKey{paused: s.Settings.Paused, gen: m.layoutGen}
	switch {
	case l.TooSmall:
		k.left = g.word("status.too_small")
		return k
	case m.err != nil:
		k.left = g.fit(l.Font, l.Status.W, words.M("decide.cannot_start", words.Raw(m.err.Error())))
		return k
	case m.dec == nil && m.loading:
		k.left = g.word("decide.loading")
		return k
	case m.dec == nil:
		return k
	}
	if hint := g.msgs.hintNow(time.Now()); hint != nil {
		k.left = g.fit(l.Font, l.Status.W, hint...)
	} else {
		state := words.M("decide.status.training", s.Step, words.Fixed(float64(s.Epochs)+s.EpochFraction, 1))
		if s.Settings.Paused {
			state = words.M("decide.status.paused", s.Step)
		}
		acc := words.M("decide.status.accuracy", pct(s.Accuracy), pct(s.ValAccuracy))
		if e := s.Eval; e == nil {
			acc = words.M("decide.status.measuring", pct(s.Accuracy), pct(s.Measuring))
		} else if e.Step < s.Step {
			acc = words.M("decide.status.accuracy_at", pct(s.Accuracy), pct(s.ValAccuracy), e.Step)
		}
		speed := words.M("status.speed", siCount(s.CharsPerSec))
		k.left = g.fit(l.Font, l.Status.W,
			words.Dots(state, acc, speed),
			words.Dots(state, acc),
			words.Dots(state, words.M("decide.status.held", pct(s.ValAccuracy))))
	}
	k.right = p.rightSide(g)
	return k
}

// pct is an accuracy (0…1) as a whole percentage, NaN as a dash.
func pct(v float64) words.Number { return words.Fixed(100*v, 0) }

// rightSide names the classifier and its data.
func (p *decideStatus) rightSide(g *Game) string {
	s := p.m.snap
	of := decideRightOf{s.Settings, s.Params, s.Data, s.TrainTexts, g.lang}
	if of == p.rightOf && p.right != "" {
		return p.right
	}
	p.rightOf = of
	p.right = g.text(words.Dots(s.Settings.Label().Msg(), words.M("status.params", siCount(float64(s.Params))),
		words.M("decide.status.data", s.DataTitle, s.TrainTexts, s.HeldTexts)))
	return p.right
}

func (p *decideStatus) paint(g *Game, c canvas) {
	p.painted = p.next
	l := p.m.layout
	c.img.Fill(ui.Background)
	f := g.face(false, l.Font)
	col := ui.Text
	if p.painted.paused || p.m.err != nil {
		col = ui.Warn
	}
	left, right := p.painted.left, p.painted.right
	c.textMiddle(left, f, l.Status.X, l.Status.Y, l.Status.H, alignLeft, col)
	if both := g.fonts.measure(left, l.Font) + g.fonts.measure(right, l.Small) + 2*l.Font; both < l.Status.W {
		c.textMiddle(right, g.face(false, l.Small), l.Status.X+l.Status.W, l.Status.Y, l.Status.H, alignRight, ui.Dim)
	}
}

func (p *decideStatus) at(g *Game, x, y float64) (target, bool) { return target{}, false }
func (p *decideStatus) tip(g *Game, t target) tooltip           { return noTip }
func (p *decideStatus) click(g *Game, t target)                 {}

// panelTitle draws a panel's title at the top left of r, the first of its
// variants that fits beside room, and returns the line's height.
func panelTitle(g *Game, c canvas, r ui.Rect, font, room float64, variants ...words.Msg) float64 {
	h := math.Round(1.3 * font)
	c.textMiddle(g.fit(font, math.Max(0, r.W-room), variants...), g.face(false, font), r.X, r.Y, h, alignLeft, ui.Text)
	return h
}
