package render

import (
	"math"
	"time"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// gradView is the Gradients view, under the strip: how the loss L_t of
// the guess made after the selected step t depends on every earlier step.
// Under each character k ≤ t it draws a bar of ‖∂L_t/∂h_k‖ per layer (and
// of ‖∂L_t/∂c_k‖ for the LSTM) on a log scale, so a gradient that vanishes
// falls a grid line per tenfold; over them, the model's average decay with
// distance and the previous model's. The characters are highlighted by how
// much they still move the guess, and for the LSTM the selected unit's
// gradient along c runs beside its forget gate. B plays the backward pass,
// the gradient travelling from t back along the text.
//
// This file holds the panel, its state and its actions; gradrows.go draws
// the rows and gradtips.go explains what lies under the pointer.
type gradView struct {
	speed int      // index into backwardSpeeds
	back  backward // the backward pass being played
	lay   ui.GradLayout
	// What is on screen, which the tooltips read.
	painted gradViewKey
	shown   gradShown
	buttons [numGradButtons]ui.Rect
	rel     []float64 // scratch: the characters' influence, relative to the largest
	curve   []float64 // scratch: the decay curves as drawn, for the scale
}

// backward is a backward pass being played from step t of the model of
// generation gen, since start.
type backward struct {
	on    bool
	start time.Time
	t     int
	gen   int
}

// backwardSpeeds are the steps a second the backward pass can play at.
var backwardSpeeds = [...]float64{2, 3, 4, 6, 8, 10}

// defaultSpeed is the index of the speed a new view starts with.
const defaultSpeed = 2

// The view's buttons, at the right of its caption.
const (
	gradBackward = iota
	gradSlower
	gradFaster
	numGradButtons
)

// gradButtonAction is what each button does.
var gradButtonAction = [numGradButtons]ui.Action{ui.ActBackward, ui.ActSlower, ui.ActFaster}

// gradViewKey is what the view shows.
type gradViewKey struct {
	window      *lab.Window
	grads       *lab.Grads
	decay, prev *lab.Decay
	gen         int
	t, layer    int
	unit        int
	cell        core.Cell
	strip       ui.Strip
	lang        words.Lang
	hover       int // the button under the pointer, -1 for none
	speed       int
	front       int // the backward pass: 16 frames a beat, counting down; -1 when not playing
}

// gradShown is the data on screen.
type gradShown struct {
	window      *lab.Window
	grads       *lab.Grads // nil until the first gradients arrive
	fresh       bool       // grads is for the selected step
	decay, prev *lab.Decay
	scale       ui.LogScale
	lstm        bool
	layer, unit int
	pal         gradPalette
	// The backward pass: bars from front to grads.T are drawn, the one at
	// front growing (into, 0 to 1). Not playing: front 0, into 1.
	playing bool
	front   int
	into    float64
}

func (p *gradView) name() string         { return "gradients" }
func (p *gradView) heavy() bool          { return true }
func (p *gradView) area(g *Game) ui.Rect { return g.viewArea(ViewGradients) }

func (p *gradView) key(g *Game) gradViewKey {
	hover := -1
	if g.hover.owner == panel(p) && g.hover.kind == gradButton {
		hover = g.hover.i
	}
	front := -1
	if k, into, ok := p.front(g, time.Now()); ok {
		front = k*16 + int(into*16)
	}
	s := &g.snap
	return gradViewKey{window: s.Window, grads: s.Grads, decay: s.Decay, prev: s.DecayPrev, gen: s.Generation,
		t: g.sel.T, layer: g.sel.Layer, unit: g.sel.Unit, cell: s.Settings.Cell, strip: g.strip, lang: g.lang,
		hover: hover, speed: p.speed, front: front}
}

func (p *gradView) changed(g *Game) bool { return p.key(g) != p.painted }

// front is where the backward pass is at time now: the step the gradient
// is reaching and how far into its beat. It reports false when no pass
// plays: none was asked for, it reached step 0, or the selected step or
// the model changed since.
func (p *gradView) front(g *Game, now time.Time) (k int, into float64, ok bool) {
	b := p.back
	if !b.on || b.t != g.sel.T || b.gen != g.snap.Generation {
		return 0, 1, false
	}
	k, into, done := ui.BackwardFront(b.t, now.Sub(b.start).Seconds(), backwardSpeeds[p.speed])
	return k, into, !done
}

// animating reports that the backward pass plays: the painter then draws
// every frame.
func (p *gradView) animating(g *Game) bool {
	_, _, ok := p.front(g, time.Now())
	return ok
}

// act plays the backward pass (or stops it) and changes its speed.
func (p *gradView) act(g *Game, a ui.Action) bool {
	now := time.Now()
	switch a {
	case ui.ActBackward:
		if _, _, ok := p.front(g, now); ok {
			p.back.on = false
			return true
		}
		if g.sel.T < 0 {
			g.flash(words.M("grad.no_step"))
			return true
		}
		p.back = backward{on: true, start: now, t: g.sel.T, gen: g.snap.Generation}
	case ui.ActSlower, ui.ActFaster:
		i := p.speed - 1
		if a == ui.ActFaster {
			i = p.speed + 1
		}
		i = min(max(i, 0), len(backwardSpeeds)-1)
		// Keep the pass where it is: as many steps played at the new speed.
		if p.back.on {
			played := now.Sub(p.back.start).Seconds() * backwardSpeeds[p.speed]
			p.back.start = now.Add(-time.Duration(played / backwardSpeeds[i] * float64(time.Second)))
		}
		p.speed = i
		g.flash(words.M("grad.speed", backwardSpeeds[i]))
	default:
		return false
	}
	return true
}

// gather collects what the view shows from the snapshot, the selection and
// the backward pass.
func (p *gradView) gather(g *Game) gradShown {
	s := &g.snap
	d := gradShown{window: s.Window, grads: s.Grads, decay: s.Decay, prev: s.DecayPrev,
		lstm: s.Settings.Cell == core.LSTM, layer: g.sel.Layer, unit: g.sel.Unit, into: 1, pal: palette()}
	gr := d.grads
	if gr != nil && (gr.T < 0 || len(gr.Layers) == 0) {
		d.grads, gr = nil, nil // nothing to draw
	}
	if gr == nil {
		return d
	}
	d.fresh = gr.T == g.sel.T
	if k, into, ok := p.front(g, time.Now()); ok && d.fresh {
		d.playing, d.front, d.into = true, k, into
	}
	// One scale for every bar and line, so the rows can be compared.
	n := gr.T + 1
	p.curve = p.curve[:0]
	p.curve = appendCurve(p.curve, gr, d.decay, n)
	p.curve = appendCurve(p.curve, gr, d.prev, n)
	vals := make([][]float64, 0, 4*len(gr.Layers)+1)
	for _, l := range gr.Layers {
		vals = append(vals, upToN(l.NormH, n), upToN(l.NormC, n))
	}
	if l := d.gradLayer(); l != nil && d.lstm {
		vals = append(vals, upToN(l.UnitC, n))
	}
	d.scale = ui.FitLogScale(append(vals, p.curve)...)
	return d
}

// gradLayer is the selected layer's gradients, nil when there are none.
func (d *gradShown) gradLayer() *lab.GradLayer {
	if d.grads == nil || d.layer < 0 || d.layer >= len(d.grads.Layers) {
		return nil
	}
	return &d.grads.Layers[d.layer]
}

// anchor is where the decay curves start: the top layer's ‖∂L_t/∂h_t‖,
// since the curves are the top layer's ratios ‖∂L_t/∂h_{t−d}‖/‖∂L_t/∂h_t‖.
func anchor(gr *lab.Grads) float64 {
	top := gr.Layers[len(gr.Layers)-1].NormH
	if gr.T >= len(top) {
		return math.NaN()
	}
	return top[gr.T]
}

// appendCurve appends the decay curve's values at the columns k ≤ T it
// reaches, as drawn: anchored at the bar of step T.
func appendCurve(dst []float64, gr *lab.Grads, dc *lab.Decay, n int) []float64 {
	if dc == nil {
		return dst
	}
	a := anchor(gr)
	for d := 0; d < len(dc.Ratio) && d < n; d++ {
		dst = append(dst, a*dc.Ratio[d])
	}
	return dst
}

// upToN is the first n values of vs (all of them when there are fewer).
func upToN(vs []float64, n int) []float64 { return vs[:min(n, len(vs))] }

// valueAt is vs[k], or NaN and false when vs does not reach k.
func valueAt(vs []float64, k int) (float64, bool) {
	if k < 0 || k >= len(vs) {
		return math.NaN(), false
	}
	return vs[k], true
}

func (p *gradView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	c.img.Fill(ui.Panel)
	d := p.gather(g)
	p.shown = d
	p.lay = ui.LayoutGrad(g.bodyArea(), g.layout.Font, d.lstm)
	p.drawCaption(g, c, &d)
	if d.window == nil || g.sel.T < 0 {
		return
	}
	p.drawChars(g, c, &d)
	p.drawBars(g, c, &d, p.lay.H, false)
	p.drawDistances(g, c, &d)
	if d.lstm {
		p.drawBars(g, c, &d, p.lay.C, true)
		p.drawForget(g, c, &d)
	}
	p.drawSelected(g, c, &d)
}

// Kinds of the view's targets.
const (
	gradButton = iota + 1 // a button; i which
	gradChar              // a character's influence; i the step
	gradH                 // the h bars of step i
	gradC                 // the c bars of step i
	gradF                 // the selected unit's forget gate at step i
)

func (p *gradView) at(g *Game, x, y float64) (target, bool) {
	for i, r := range p.buttons {
		if r.Contains(x, y) {
			return target{owner: p, kind: gradButton, i: i}, true
		}
	}
	d := &p.shown
	if d.grads == nil || d.window == nil {
		return target{}, false
	}
	k, ok := g.strip.Column(x)
	if !ok || k > d.grads.T || k >= d.window.T {
		return target{}, false
	}
	l := p.lay
	kind := 0
	switch {
	case l.Chars.Contains(x, y):
		kind = gradChar
	case l.H.Contains(x, y):
		kind = gradH
	case l.C.Contains(x, y):
		kind = gradC
	case l.F.Contains(x, y) && d.lstm:
		kind = gradF
	default:
		return target{}, false
	}
	return target{owner: p, kind: kind, i: k, j: d.layer, k: d.unit, data: d.grads}, true
}

// click presses a button; the bars only explain themselves.
func (p *gradView) click(g *Game, t target) {
	if t.kind == gradButton {
		g.do(gradButtonAction[t.i])
	}
}
