package render

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
)

// gradData is hand-made data for the gradients view: what lab computes
// for the selected step, and the decay curves.
type gradData struct {
	grads       *lab.Grads
	decay, prev *lab.Decay
}

// put puts the data in the game's snapshot.
func (d gradData) put(g *Game) {
	g.snap.Grads, g.snap.Decay, g.snap.DecayPrev = d.grads, d.decay, d.prev
}

// runGrads steps frames with d in the snapshot: Update replaces the
// snapshot, so after each frame the data is put back and the frame drawn
// again. after, when set, sees the redrawn screen.
func runGrads(t *testing.T, g *Game, w, h, frames int, d gradData, after func(g *Game, screen *ebiten.Image, frame int)) {
	t.Helper()
	run(t, g, w, h, frames, func(g *Game, screen *ebiten.Image, frame int) {
		d.put(g)
		g.paint.interacted = true // draw now, not at the next passive tick
		g.Draw(screen)
		if after != nil {
			after(g, screen, frame)
		}
	})
}

// fakeGrads makes gradients of the guess after step T for a model with
// the given layers whose gradient shrinks by the factor shrink per step
// back (with some noise), as a tanh RNN (shrink ≈ 0.6) or an LSTM (≈ 0.93)
// would. The LSTM gets c gradients, and a selected unit whose forget gate
// is near 1 for a while and near 0.5 at other times.
func fakeGrads(rng *rand.Rand, T, layers int, lstm bool, shrink float64) *lab.Grads {
	gr := &lab.Grads{Step: 500, T: T, Target: 'e', Loss: 1.2, Connect: make([]float64, T+1)}
	for ly := 0; ly < layers; ly++ {
		l := lab.GradLayer{NormH: make([]float64, T+1), UnitH: make([]float64, T+1)}
		if lstm {
			l.NormC, l.UnitC, l.Forget = make([]float64, T+1), make([]float64, T+1), make([]float64, T+1)
		}
		top := 0.8 * math.Pow(0.5, float64(layers-1-ly))
		unit := 0.05
		for k := T; k >= 0; k-- {
			noise := math.Exp(0.4 * rng.NormFloat64())
			l.NormH[k] = top * math.Pow(shrink, float64(T-k)) * noise
			l.UnitH[k] = 0.1 * l.NormH[k] * rng.NormFloat64()
			if lstm {
				l.NormC[k] = 1.5 * l.NormH[k]
				f := 0.97 + 0.02*rng.Float64()
				if (k/8)%2 == 1 {
					f = 0.5 + 0.05*rng.NormFloat64()
				}
				l.Forget[k] = f
				l.UnitC[k] = -unit
				unit *= f
			}
		}
		gr.Layers = append(gr.Layers, l)
	}
	for k := range gr.Connect {
		gr.Connect[k] = 2 * math.Pow(shrink, float64(T-k)) * math.Exp(0.5*rng.NormFloat64())
	}
	return gr
}

// fakeDecay makes a decay curve that shrinks by shrink per step.
func fakeDecay(cell core.Cell, shrink float64, n int) *lab.Decay {
	dc := &lab.Decay{Label: lab.RunLabel{Cell: cell, Hidden: 64, Layers: 1, LR: 0.003}, Step: 500, Positions: 480}
	for d := 0; d < n; d++ {
		dc.Ratio = append(dc.Ratio, math.Pow(shrink, float64(d)))
	}
	return dc
}

// pausedGradGame is a paused game showing the gradients view, with its
// first passage traced.
func pausedGradGame(t *testing.T, st lab.Settings) *Game {
	t.Helper()
	st.Paused = true
	g := newTestGame(t, st)
	g.SetView(ViewGradients)
	g.dismiss() // the banner naming the view would cover the rows
	for i := 0; i < 50 && g.snap.Window == nil; i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	if g.snap.Window == nil {
		t.Fatal("no passage was traced")
	}
	return g
}

// gradPixel reads one pixel of a screen read with ReadPixels.
func gradPixel(pix []byte, w int, x, y float64) color.RGBA {
	i := 4 * (int(y)*w + int(x))
	return color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]}
}

// gradColorNear reports whether two colours look alike on screen.
func gradColorNear(a, b color.RGBA) bool {
	return absDiff(a.R, b.R)+absDiff(a.G, b.G)+absDiff(a.B, b.B) < 24
}

// The view paints the bars under their characters at the heights of the
// log scale, highlights the characters by their influence, and fades the
// last gradients while the selected step's are computed.
func TestGradViewPaints(t *testing.T) {
	g := pausedGradGame(t, lab.DefaultSettings())
	T := g.sel.T
	rng := rand.New(rand.NewPCG(1, 2))
	d := gradData{grads: fakeGrads(rng, T, 1, true, 0.8)}
	const W, H = 1280, 800
	var pix []byte
	read := func(g *Game, screen *ebiten.Image, frame int) {
		pix = make([]byte, 4*W*H)
		screen.ReadPixels(pix)
	}
	runGrads(t, g, W, H, 3, d, read)
	saveGradShot(t, "fresh", pix, W, H)
	p := g.views[ViewGradients].(*gradView)
	sh := p.shown
	if sh.grads != d.grads || !sh.fresh {
		t.Fatalf("the view shows %p (fresh %v), want the fresh gradients %p", sh.grads, sh.fresh, d.grads)
	}
	s := g.strip
	row := p.lay.H
	if row.Empty() || p.lay.C.Empty() || p.lay.F.Empty() || p.lay.Chars.Empty() {
		t.Fatalf("rows missing at 1280×800: %+v", p.lay)
	}
	// Bars in the right half (the legend sits at the left): coloured from
	// the floor up to their value's height, and not above.
	checked := 0
	for k := T / 2; k <= T && k < s.Cols; k++ {
		v := d.grads.Layers[0].NormH[k]
		bar, kind := ui.BarRect(s, row, sh.scale, v, k, 0, 1, 1.2*g.layout.Font)
		if kind != ui.LogIn || bar.H < 8 {
			continue
		}
		x := bar.X + bar.W/2
		// Two pixels two apart: a faint decade line crosses one at most.
		isBar := func(y float64) bool {
			return gradColorNear(gradPixel(pix, W, x, y), palette().h) || gradColorNear(gradPixel(pix, W, x, y+2), palette().h)
		}
		if !isBar(bar.Y + bar.H - 4) {
			t.Errorf("column %d: the foot of the bar is not the bar's colour %v", k, palette().h)
		}
		if !isBar(bar.Y + 2) {
			t.Errorf("column %d: the top of the bar is not the bar's colour %v", k, palette().h)
		}
		if c := gradPixel(pix, W, x, bar.Y-4); gradColorNear(c, palette().h) && bar.Y-4 > row.Y {
			t.Errorf("column %d: pixel above the bar (value %v) is the bar's colour", k, v)
		}
		checked++
	}
	if checked < 5 {
		t.Errorf("only %d bars checked", checked)
	}
	// The character with the most influence is highlighted, one with
	// almost none is not.
	best, least := 0, 0
	for k, v := range d.grads.Connect {
		if v > d.grads.Connect[best] {
			best = k
		}
		if v < d.grads.Connect[least] {
			least = k
		}
	}
	cy := p.lay.Chars.Y + 2
	if c := gradPixel(pix, W, s.ColumnX(best)+2, cy); !gradColorNear(c, palette().influence) {
		t.Errorf("the most influential character (step %d) is on %v, want the highlight %v", best, c, palette().influence)
	}
	if c := gradPixel(pix, W, s.ColumnX(least)+2, cy); gradColorNear(c, palette().influence) {
		t.Errorf("the least influential character (step %d) is highlighted", least)
	}
	// The forget gate row has the gates' colours.
	f := d.grads.Layers[0].Forget[T]
	if c := gradPixel(pix, W, s.ColumnX(T)+3, p.lay.F.Y+2); !gradColorNear(c, g.scales.Gates.At(2*f-1)) {
		t.Errorf("forget gate %v drawn %v, want %v", f, c, g.scales.Gates.At(2*f-1))
	}
	// Another step selected: the old gradients stay, faded.
	g.sel.T = T - 1
	runGrads(t, g, W, H, 3, d, read)
	if p.shown.fresh {
		t.Fatalf("gradients of step %d shown as fresh for step %d", d.grads.T, g.sel.T)
	}
	bar, _ := ui.BarRect(s, row, p.shown.scale, d.grads.Layers[0].NormH[T], T, 0, 1, 1.2*g.layout.Font)
	c := gradPixel(pix, W, bar.X+bar.W/2, bar.Y+bar.H-3)
	if gradColorNear(c, palette().h) || gradColorNear(c, ui.Background) {
		t.Errorf("a stale bar is %v: want it faded, neither full %v nor gone", c, palette().h)
	}
	saveGradShot(t, "stale", pix, W, H)
}

// B plays the backward pass from the selected step down to step 0, one
// step per beat, then stops; the painter draws every frame meanwhile and
// nothing once it stopped.
func TestGradViewBackwardPlaysAndStops(t *testing.T) {
	g := pausedGradGame(t, lab.DefaultSettings())
	g.sel.T = 4
	rng := rand.New(rand.NewPCG(3, 4))
	d := gradData{grads: fakeGrads(rng, 4, 1, true, 0.7), decay: fakeDecay(core.LSTM, 0.9, 33)}
	runGrads(t, g, 1280, 800, 5, d, nil)
	p := g.views[ViewGradients].(*gradView)
	p.speed = 0 // two steps a second: every step is seen, however slow the frames
	g.handleKeyPresses([]KeyPress{{Code: "KeyB"}})
	if !p.animating(g) {
		t.Fatal("B did not start the backward pass")
	}
	var fronts []int
	start := time.Now()
	for p.animating(g) && time.Since(start) < 20*time.Second {
		paints := g.paints
		runGrads(t, g, 1280, 800, 1, d, nil)
		if sh := p.shown; sh.playing {
			if len(fronts) == 0 || fronts[len(fronts)-1] != sh.front {
				fronts = append(fronts, sh.front)
			}
		}
		if p.animating(g) && g.paints < paints+1 {
			t.Errorf("a frame of the backward pass painted nothing")
		}
	}
	if p.animating(g) {
		t.Fatalf("still playing after 20 s; steps reached %v", fronts)
	}
	want := []int{4, 3, 2, 1, 0}
	if len(fronts) != len(want) {
		t.Fatalf("the pass reached steps %v, want %v", fronts, want)
	}
	for i := range want {
		if fronts[i] != want[i] {
			t.Fatalf("the pass reached steps %v, want %v", fronts, want)
		}
	}
	// Stopped: the last frame shows every bar, and then nothing is painted.
	runGrads(t, g, 1280, 800, 3, d, nil)
	if p.shown.playing {
		t.Errorf("the view still draws the pass after it stopped")
	}
	run(t, g, 1280, 800, 5, nil) // settle without the hand-made data
	gradStaysQuiet(t, g, "after the backward pass")
}

// gradStaysQuiet checks that 30 frames paint nothing.
func gradStaysQuiet(t *testing.T, g *Game, when string) {
	t.Helper()
	painted := g.paints
	run(t, g, 1280, 800, 30, nil)
	if g.paints != painted {
		t.Errorf("%s the view painted %d of 30 frames", when, g.paints-painted)
	}
}

// A quiet view (paused, nothing new) paints once and stays quiet.
func TestGradViewQuietPaintsOnce(t *testing.T) {
	g := pausedGradGame(t, lab.DefaultSettings())
	run(t, g, 1280, 800, 60, nil) // what the paused session computes
	p := g.views[ViewGradients].(*gradView)
	if p.painted.window == nil {
		t.Fatalf("the view never painted the passage")
	}
	gradStaysQuiet(t, g, "quiet,")
	// One key: one paint, then quiet again.
	painted := g.paints
	g.do(ui.ActPrevStep)
	run(t, g, 1280, 800, 3, nil)
	if g.paints == painted {
		t.Errorf("moving the step painted nothing")
	}
	run(t, g, 1280, 800, 10, nil) // the new step's gradients
	gradStaysQuiet(t, g, "after one step")
}

// Bad input draws without a crash: step 0, exploding and vanishing values
// with exact zeros, NaN and Inf, missing forget gates, more or fewer
// layers than the passage, gradients past the passage's end; and switching
// the cell or the layer while the backward pass plays.
func TestGradViewBadInput(t *testing.T) {
	st := lab.DefaultSettings()
	st.Layers, st.Hidden = 2, 16
	g := pausedGradGame(t, st)
	T := g.sel.T
	rng := rand.New(rand.NewPCG(5, 6))
	relu := fakeGrads(rng, T, 2, false, 1.8) // a ReLU RNN that explodes
	relu.Layers[0].NormH[1], relu.Layers[1].NormH[2] = 0, math.NaN()
	relu.Layers[0].NormH[3], relu.Connect[0] = math.Inf(1), math.NaN()
	broken := fakeGrads(rng, T, 3, true, 0.9) // more layers than the model
	broken.Layers[2].Forget = nil
	broken.Layers[1].UnitC = broken.Layers[1].UnitC[:2]
	broken.Connect = nil
	zeros := fakeGrads(rng, T, 1, true, 0)
	past := fakeGrads(rng, T+40, 1, true, 0.9)
	flat := fakeDecay(core.RNNReLU, 1.5, 40)
	flat.Ratio[3] = math.NaN()
	cases := []struct {
		name string
		t    int
		d    gradData
	}{
		{"relu", T, gradData{grads: relu, decay: flat, prev: fakeDecay(core.RNNTanh, 0.3, 40)}},
		{"broken", T, gradData{grads: broken, decay: &lab.Decay{}}},
		{"zeros", T, gradData{grads: zeros}},
		{"step 0", 0, gradData{grads: fakeGrads(rng, 0, 2, true, 0.5), decay: fakeDecay(core.LSTM, 0.9, 33)}},
		{"past the passage", T, gradData{grads: past}},
		{"no layers", T, gradData{grads: &lab.Grads{T: T}}},
		{"no step", -1, gradData{grads: &lab.Grads{T: -1, Layers: []lab.GradLayer{{}}}}},
	}
	for _, c := range cases {
		for _, sz := range [][2]int{{1280, 800}, {640, 480}, {1920, 1080}} {
			g.sel.T = c.t
			runGrads(t, g, sz[0], sz[1], 2, c.d, nil)
			p := g.views[ViewGradients].(*gradView)
			// Tooltips anywhere over the body.
			b := g.bodyArea()
			for y := b.Y; y < b.Y+b.H; y += 7 {
				for x := b.X; x < b.X+b.W; x += 11 {
					if tg, ok := p.at(g, x, y); ok {
						p.tip(g, tg)
					}
				}
			}
		}
	}
	// Switching the layer while the pass plays keeps it playing; switching
	// the cell stops it.
	g.sel.T = T
	d := gradData{grads: fakeGrads(rng, T, 2, true, 0.8)}
	runGrads(t, g, 1280, 800, 2, d, nil)
	p := g.views[ViewGradients].(*gradView)
	g.do(ui.ActBackward)
	runGrads(t, g, 1280, 800, 3, d, nil)
	g.do(ui.ActLayer)
	runGrads(t, g, 1280, 800, 3, d, nil)
	if !p.animating(g) {
		t.Errorf("switching the layer stopped the backward pass")
	}
	g.do(ui.ActRNN)
	run(t, g, 1280, 800, 3, nil)
	if p.animating(g) {
		t.Errorf("the backward pass plays on for a new model")
	}
	runGrads(t, g, 1280, 800, 3, d, nil) // old gradients for a new model
}

// saveGradShot writes the screen to $GRADVIEW_SHOTS/name.png when that is
// set, to look at by hand.
func saveGradShot(t *testing.T, name string, pix []byte, w, h int) {
	dir := os.Getenv("GRADVIEW_SHOTS")
	if dir == "" {
		return
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	copy(img.Pix, pix)
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// TestGradViewScreenshots trains a tanh RNN, then an LSTM beside it, and
// writes screenshots of the view to $GRADVIEW_SHOTS (skipped without it):
// for looking at by hand, at 1280×800 and 1920×1080, with the backward
// pass mid-way. It logs the slowest paint of the view.
func TestGradViewScreenshots(t *testing.T) {
	if os.Getenv("GRADVIEW_SHOTS") == "" {
		t.Skip("set GRADVIEW_SHOTS to a directory to write the screenshots")
	}
	st := lab.DefaultSettings()
	st.Cell = core.RNNTanh
	g := newTestGame(t, st)
	g.SetView(ViewGradients)
	slowest := 0.0
	measure := func(g *Game, screen *ebiten.Image, frame int) {
		slowest = math.Max(slowest, g.Stats().PartsMs["gradients"])
	}
	train := func(d time.Duration, until func() bool) {
		for start := time.Now(); time.Since(start) < d && !until(); {
			run(t, g, 1280, 800, 10, measure)
		}
	}
	away := func() { // the pointer off the screen: no tooltip
		g.dismiss()
		g.ptr.touched, g.ptr.touchX, g.ptr.touchY, g.ptr.touchAt = true, -1, -1, time.Now()
	}
	snap := func(name string, w, h int) {
		away()
		saveGradShot(t, name, shot(t, g, w, h, 20), w, h)
	}
	decayed := func(n int) func() bool {
		return func() bool { d := g.snap.Decay; return d != nil && d.Positions >= n && g.snap.Step > 3000 }
	}
	train(90*time.Second, decayed(lab.DecayPositions))
	snap("rnn-1280", 1280, 800)
	g.do(ui.ActLSTM)
	train(150*time.Second, func() bool { return decayed(lab.DecayPositions)() && g.snap.DecayPrev != nil })
	if g.snap.DecayPrev == nil {
		t.Errorf("no previous decay curve beside the LSTM's")
	}
	snap("lstm-1280", 1280, 800)
	snap("lstm-1920", 1920, 1080)
	snap("lstm-640", 640, 480)
	// Tooltips of a forget gate and of the c bars.
	p := g.views[ViewGradients].(*gradView)
	point := func(name string, r ui.Rect, back int) {
		g.ptr.touched, g.ptr.touchAt = true, time.Now()
		g.ptr.touchX, g.ptr.touchY = g.strip.ColumnX(g.sel.T-back)+2, r.Y+r.H/2
		saveGradShot(t, name, shot(t, g, 1280, 800, 5), 1280, 800)
	}
	run(t, g, 1280, 800, 5, nil) // laid out at 1280×800 again
	point("tip-f-1280", p.lay.F, 12)
	point("tip-c-1280", p.lay.C, 30)
	for _, dc := range []*lab.Decay{g.snap.Decay, g.snap.DecayPrev} {
		if dc != nil && len(dc.Ratio) > 40 {
			t.Logf("%v after %d updates: ratio %.2g at 10 back, %.2g at 20, %.2g at 40", dc.Label, dc.Step, dc.Ratio[10], dc.Ratio[20], dc.Ratio[40])
		}
	}
	// The backward pass mid-way, paused.
	g.do(ui.ActPause)
	run(t, g, 1280, 800, 30, nil)
	p.speed = 3
	g.do(ui.ActBackward)
	for p.animating(g) && p.shown.front > g.sel.T/2 || !p.shown.playing && p.animating(g) {
		away()
		run(t, g, 1280, 800, 1, measure)
	}
	saveGradShot(t, "backward-1280", shot(t, g, 1280, 800, 1), 1280, 800)
	// A ReLU RNN, whose gradient may explode.
	g.do(ui.ActReLU)
	g.do(ui.ActPause)
	train(60*time.Second, decayed(lab.DecayPositions/2))
	snap("relu-1280", 1280, 800)
	point("tip-h-1280", p.lay.H, 20)
	t.Logf("slowest paint of the view: %.2f ms", slowest)
}
