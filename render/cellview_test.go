package render

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// testClock is a clock that moves on by step each time it is read: once a
// frame, by the cell view's replay.
type testClock struct {
	now  time.Time
	step time.Duration
}

func (c *testClock) read() time.Time {
	c.now = c.now.Add(c.step)
	return c.now
}

// cellGame is a paused game of the cell on the cell view, run until its
// passage is traced and the focused step's numbers are in, with the cell
// view reading clk.
func cellGame(t *testing.T, st lab.Settings, w, h int, clk *testClock) (*Game, *cellView) {
	t.Helper()
	st.Paused = true
	g := newTestGame(t, st)
	g.SetView(ViewCell)
	cv := g.views[ViewCell].(*cellView)
	cv.clock = clk.read
	for i := 0; i < 60; i++ {
		run(t, g, w, h, 5, nil)
		if s := g.snap; s.Window != nil && s.CellStep != nil && s.Sample != "" && !math.IsNaN(s.ValLoss) {
			break
		}
	}
	if g.snap.Window == nil {
		t.Fatalf("%v: no trace after 300 frames", st.Cell)
	}
	g.dismiss()              // the banner that named the view covers its top
	run(t, g, w, h, 40, nil) // what the session computed is drawn
	return g, cv
}

// near reports whether two colours differ by at most tol per channel in sum.
func near(a, b color.RGBA, tol int) bool {
	return absDiff(a.R, b.R)+absDiff(a.G, b.G)+absDiff(a.B, b.B) <= tol
}

// The view paints every cell: the valves' openings in their gate's colour
// and the pipes in their value's, the equations with the step's numbers
// once they are in, at the app's sizes.
func TestCellViewPaints(t *testing.T) {
	for _, cell := range []core.Cell{core.LSTM, core.GRU, core.RNNTanh, core.RNNReLU} {
		for _, sz := range [][2]int{{1280, 800}, {1920, 1080}, {640, 480}} {
			st := lab.DefaultSettings()
			st.Cell = cell
			clk := &testClock{now: time.Unix(0, 0), step: time.Second / 16}
			g, cv := cellGame(t, st, sz[0], sz[1], clk)
			pix := shot(t, g, sz[0], sz[1], 3)
			at := func(x, y float64) color.RGBA {
				i := 4 * (int(y)*sz[0] + int(x))
				return color.RGBA{pix[i], pix[i+1], pix[i+2], 0xff}
			}
			name := fmt.Sprintf("%v at %d×%d", cell, sz[0], sz[1])
			if !cv.ok || len(cv.eqs) == 0 {
				t.Errorf("%s: nothing to show (ok %v, %d equations)", name, cv.ok, len(cv.eqs))
				continue
			}
			if !cv.vals.Split {
				t.Errorf("%s: the step's numbers (CellStep %+v) are not used for t %d unit %d", name, g.snap.CellStep, cv.data.t, cv.data.unit)
			}
			wantKind := map[core.Cell]ui.CellKind{core.LSTM: ui.CellLSTM, core.GRU: ui.CellGRU, core.RNNTanh: ui.CellRNN, core.RNNReLU: ui.CellRNN}[cell]
			if cv.vals.Kind != wantKind || cv.vals.ReLU != (cell == core.RNNReLU) {
				t.Errorf("%s: drawn as kind %d relu %v", name, cv.vals.Kind, cv.vals.ReLU)
			}
			last := cv.eqText[len(cv.eqText)-1]
			if fn := map[bool]string{false: "tanh", true: "ReLU"}[cell == core.RNNReLU]; cell != core.LSTM && cell != core.GRU && !strings.Contains(last, fn+"(") {
				t.Errorf("%s: the equation %q has no %s", name, last, fn)
			}
			// The parts of each equation keep apart.
			tb := cv.lay.Table
			f := g.face(false, tb.Size)
			for i, e := range cv.eqs {
				formula := e.Key
				if tb.Show[ui.PartFormula] {
					formula = e.Parts[ui.PartFormula]
				}
				if tb.ColX[ui.PartFormula]+g.fonts.width(formula, f) > tb.ColX[ui.PartNumbers] {
					t.Errorf("%s: row %d's formula %q runs into its numbers", name, i, formula)
				}
				end := tb.ColX[ui.PartNumbers]
				for _, j := range []int{ui.PartNumbers, ui.PartWorked} {
					if tb.Show[j] && e.Parts[j] != "" {
						end += g.fonts.width(e.Parts[j], f) + math.Round(tb.Size*0.35)
					}
				}
				if end > tb.ColX[ui.PartResult] || tb.ColX[ui.PartResult]+g.fonts.width(e.Parts[ui.PartResult], f) > tb.Right+1 {
					t.Errorf("%s: row %d %q runs into its result or out of the table (size %v, layout %+v)", name, i, e.String(), tb.Size, tb)
				}
			}
			d := &cv.lay.Diagram
			if len(d.Nodes) == 0 {
				t.Errorf("%s: no diagram in %v", name, d.Area)
				continue
			}
			for _, n := range d.Nodes {
				if n.Part != ui.PartValve || cv.vals.Value(n.Q) < 0.3 {
					continue // a shut valve shows its shutters
				}
				want := cv.colourOf(g, &cv.vals, n.Q)
				if got := at(n.R.X+n.R.W/2, n.R.Y+n.R.H/2); !near(got, want, 12) {
					t.Errorf("%s: valve %q open %.2f shows %v in its middle, want the gate's colour %v", name, n.Key, cv.vals.Value(n.Q), got, want)
				}
			}
			for _, w := range d.Wires {
				if w.Control || w.Q.What != ui.QH && w.Q.What != ui.QC {
					continue
				}
				p, _ := w.PointAt(0.5)
				want := cv.colourOf(g, &cv.vals, w.Q)
				if got := at(p.X, p.Y); !near(got, want, 12) {
					t.Errorf("%s: the pipe of %v = %.2f is %v, want %v", name, w.Q, cv.vals.Value(w.Q), got, want)
				}
			}
			if ms := g.paint.slots[cellSlot(g)].slowest; ms > 0 {
				t.Logf("%s: the cell view painted in %.2f ms at most", name, ms)
			}
		}
	}
}

// cellSlot is the painter's slot of the cell view.
func cellSlot(g *Game) int {
	for i, s := range g.paint.slots {
		if s.p == g.views[ViewCell] {
			return i
		}
	}
	return -1
}

// Play moves the selected step one character per beat at the replay's
// speed, stops at the passage's end (saying so), and plays from the first
// character when asked at the end. While it plays every frame paints.
func TestCellPlay(t *testing.T) {
	clk := &testClock{now: time.Unix(0, 0), step: time.Second / 16}
	g, cv := cellGame(t, lab.DefaultSettings(), 1280, 800, clk)
	w := g.snap.Window
	if w.T < 20 {
		t.Fatalf("a passage of %d characters is too short for this test", w.T)
	}
	g.sel.T = 2
	g.do(ui.ActPlay)
	painted := g.paints
	slot := g.paint.slots[cellSlot(g)]
	run(t, g, 1280, 800, 8, nil) // the first beat, whose texts are new
	slot.slowest = 0
	run(t, g, 1280, 800, 32, nil) // 2.5 s at 2 characters a second in all
	t.Logf("while playing the cell view painted in %.2f ms at most", slot.slowest)
	if g.sel.T != 7 || !cv.playing() {
		t.Errorf("2.5 s of play at 2 chars/s from step 2: step %d, playing %v; want step 7, playing", g.sel.T, cv.playing())
	}
	if n := g.paints - painted; n < 38 {
		t.Errorf("while playing %d of 40 frames painted", n)
	}
	for i := 0; i < 3; i++ {
		g.do(ui.ActFaster)
	}
	if v := cv.replay.CharsPerSec(); v != 7 {
		t.Fatalf("three times faster from 2 chars/s: %v", v)
	}
	from := g.sel.T
	run(t, g, 1280, 800, 32, nil) // 2 s
	if g.sel.T != from+14 {
		t.Errorf("2 s at 7 chars/s moved from step %d to %d, want %d", from, g.sel.T, from+14)
	}
	run(t, g, 1280, 800, 16*w.T/7+20, nil)
	if g.sel.T != w.T-1 || cv.playing() || !cv.ended {
		t.Errorf("at the passage's end: step %d of %d, playing %v, ended %v", g.sel.T, w.T, cv.playing(), cv.ended)
	}
	run(t, g, 1280, 800, 2, nil)
	if !strings.Contains(g.text(words.M("cell.ended")), "End of the passage") || cv.painted.ended != true {
		t.Errorf("the end of the passage is not said on screen")
	}
	g.do(ui.ActPlay)
	if g.sel.T != 0 || !cv.playing() {
		t.Errorf("Play at the end: step %d, playing %v; want step 0, playing", g.sel.T, cv.playing())
	}
	g.do(ui.ActPlay)
	run(t, g, 1280, 800, 20, nil)
	if cv.playing() || cv.replay.Moving() {
		t.Errorf("paused: playing %v, moving %v", cv.playing(), cv.replay.Moving())
	}
}

// A view at rest paints once and then stays quiet; a step taken by hand
// plays one beat (every frame paints) and then it is quiet again.
func TestCellViewQuietAtRest(t *testing.T) {
	clk := &testClock{now: time.Unix(0, 0), step: time.Second / 16}
	g, _ := cellGame(t, lab.DefaultSettings(), 1280, 800, clk)
	g.ptr.touched, g.ptr.touchX, g.ptr.touchY = true, -1, -1 // nothing under the pointer
	run(t, g, 1280, 800, 20, nil)
	painted := g.paints
	run(t, g, 1280, 800, 20, nil)
	if n := g.paints - painted; n != 0 {
		t.Errorf("a view at rest painted %d of 20 frames", n)
	}
	g.sel.T = max(0, g.sel.T-3)
	g.do(ui.ActNextStep)
	painted = g.paints
	run(t, g, 1280, 800, 8, nil)
	if n := g.paints - painted; n < 7 {
		t.Errorf("the beat of a step by hand painted %d of 8 frames", n)
	}
	run(t, g, 1280, 800, 10, nil)
	painted = g.paints
	run(t, g, 1280, 800, 20, nil)
	if n := g.paints - painted; n != 0 {
		t.Errorf("after the beat the view painted %d of 20 frames", n)
	}
}

// Switching the cell, the layer or the text while playing, or Play
// without a trace, crashes nothing: the replay goes on over the new
// passage from its first character.
func TestCellPlaySwitching(t *testing.T) {
	clk := &testClock{now: time.Unix(0, 0), step: time.Second / 16}
	st := lab.DefaultSettings()
	st.Layers = 2
	g, cv := cellGame(t, st, 1280, 800, clk)
	g.do(ui.ActPlay)
	run(t, g, 1280, 800, 20, nil)
	g.do(ui.ActLayer)
	run(t, g, 1280, 800, 10, nil)
	if cv.data.layer != g.sel.Layer || !cv.ok {
		t.Errorf("after switching the layer while playing: shows layer %d (selected %d), ok %v", cv.data.layer, g.sel.Layer, cv.ok)
	}
	g.do(ui.ActGRU)
	run(t, g, 1280, 800, 1, nil)
	g.do(ui.ActPlay) // Play while the new model has no trace: no crash
	g.do(ui.ActPlay)
	for i := 0; i < 60 && g.snap.Window == nil; i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	run(t, g, 1280, 800, 10, nil)
	if cv.vals.Kind != ui.CellGRU || !cv.playing() || g.sel.T > 8 {
		t.Errorf("after switching to a GRU while playing: kind %d, playing %v, step %d (want near the start)", cv.vals.Kind, cv.playing(), g.sel.T)
	}
	g.SubmitText("mine.txt", strings.Repeat("A learner's own text, with \"quotes\" and (brackets). ", 80))
	for i := 0; i < 60 && g.snap.CorpusName == "patterns"; i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	for i := 0; i < 60 && g.snap.Window == nil; i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	run(t, g, 1280, 800, 10, nil)
	if !cv.ok || g.sel.T > 8 {
		t.Errorf("after a new text while playing: ok %v, step %d (want near the start)", cv.ok, g.sel.T)
	}
}

// handWindow is a passage of T characters with one layer of a cell of kind
// k and the given units, every value v.
func handWindow(k ui.CellKind, T, units int, v float64) *lab.Window {
	w := &lab.Window{T: T, Runes: []rune(strings.Repeat("ab ", T)[:T])}
	keys := append([]string{"h"}, ui.GateKeys(k)...)
	switch k {
	case ui.CellRNN:
		keys = keys[:1]
	case ui.CellLSTM:
		keys = append([]string{"h", "c"}, ui.GateKeys(k)...)
	}
	var l lab.Layer
	for _, key := range keys {
		gr := lab.Group{Key: key, Units: units, Lo: -1, Hi: 1, Values: make([]float64, T*units)}
		if ui.IsGate(key) {
			gr.Lo = 0
		}
		for i := range gr.Values {
			gr.Values[i] = v
		}
		l.Groups = append(l.Groups, gr)
	}
	w.Layers = []lab.Layer{l}
	return w
}

// Windows the app may hand the view on a bad day: one unit, 8 characters,
// a model that blew up (NaN everywhere), every cell. They paint, their
// tooltips and strips answer, and a replay over 8 characters stops at the
// last.
func TestCellViewBadInput(t *testing.T) {
	clk := &testClock{now: time.Unix(0, 0), step: time.Second / 16}
	g, cv := cellGame(t, lab.DefaultSettings(), 1280, 800, clk)
	for _, k := range []ui.CellKind{ui.CellRNN, ui.CellLSTM, ui.CellGRU} {
		for _, tc := range []struct {
			units int
			v     float64
		}{{1, 0.5}, {1, math.NaN()}, {300, -3}, {4, math.Inf(1)}} {
			w := handWindow(k, 8, tc.units, tc.v)
			run(t, g, 1280, 800, 1, func(g *Game, _ *ebiten.Image, _ int) {
				saved, savedSel := g.snap, g.sel
				defer func() { g.snap, g.sel = saved, savedSel }()
				g.snap = lab.Snapshot{Window: w, Settings: saved.Settings}
				g.sel = Selection{T: 7, Unit: tc.units - 1}
				var s slot
				cv.paint(g, s.begin(g.bodyArea(), g))
				if !cv.ok {
					t.Errorf("kind %d, %d units of %v: nothing shown", k, tc.units, tc.v)
				}
				b := g.bodyArea()
				for y := b.Y; y < b.Y+b.H; y += 7 {
					for x := b.X; x < b.X+b.W; x += 7 {
						if tg, ok := cv.at(g, x, y); ok {
							cv.tip(g, tg)
						}
					}
				}
				s.img.Deallocate()
			})
		}
	}
	// A replay over a passage of 8 characters stops at the last.
	w := handWindow(ui.CellLSTM, 8, 4, 0.2)
	run(t, g, 1280, 800, 1, func(g *Game, _ *ebiten.Image, _ int) {
		saved, savedSel, savedCV := g.snap, g.sel, *cv
		defer func() { g.snap, g.sel, *cv = saved, savedSel, savedCV }()
		g.snap = lab.Snapshot{Window: w, Settings: saved.Settings, Generation: saved.Generation, CorpusName: saved.CorpusName}
		g.sel = Selection{T: 5}
		cv.replay = ui.Replay{}
		cv.act(g, ui.ActPlay)
		for i := 0; i < 100; i++ {
			cv.tick(g)
		}
		if g.sel.T != 7 || cv.replay.Playing || !cv.ended {
			t.Errorf("a replay over 8 characters from step 5: step %d, playing %v, ended %v", g.sel.T, cv.replay.Playing, cv.ended)
		}
	})
}

// BenchmarkCellViewFrame measures frames of the LSTM's cell view at
// 1280×800 while a replay plays (paused training, the view painted every
// frame): the app's own time per frame (Update without training, and
// Draw), and the slowest paint of the view.
func BenchmarkCellViewFrame(b *testing.B) {
	t := &testing.T{}
	clk := &testClock{now: time.Unix(0, 0), step: time.Second / 30}
	g, _ := cellGame(t, lab.DefaultSettings(), 1280, 800, clk)
	g.do(ui.ActPlay)
	run(t, g, 1280, 800, 30, nil)
	slot := g.paint.slots[cellSlot(g)]
	slot.slowest = 0
	var all []time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(b.N-done, 200)
		from := g.timing.n
		run(t, g, 1280, 800, n, nil)
		for i := from; i < g.timing.n; i++ {
			all = append(all, g.timing.dur[i%len(g.timing.dur)])
		}
		done += n
	}
	slices.Sort(all)
	var total time.Duration
	for _, d := range all {
		total += d
	}
	if len(all) > 0 {
		b.ReportMetric(float64(total.Microseconds())/1000/float64(len(all)), "ms/frame")
		b.ReportMetric(float64(all[len(all)*95/100].Microseconds())/1000, "p95-ms/frame")
	}
	b.ReportMetric(slot.slowest, "slowest-paint-ms")
}
