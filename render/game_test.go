package render

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/assets"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// Ebiten must own the main thread, so TestMain runs the loop and the tests
// hand it jobs: a Game to step through some frames. These tests need a
// display: run them under xvfb-run (make test does).

type job struct {
	game   *Game
	frames int
	draw   func(g *Game, screen *ebiten.Image, frame int) // after each Draw
	size   [2]int
	done   chan struct{}
}

type harness struct {
	jobs  chan *job
	cur   *job
	frame int
	quit  chan struct{}

	ms                       runtime.MemStats
	updateAllocs, drawAllocs uint64 // over the current job
}

func (h *harness) Update() error {
	if h.cur == nil {
		select {
		case j := <-h.jobs:
			h.cur, h.frame = j, 0
			h.updateAllocs, h.drawAllocs = 0, 0
			ebiten.SetWindowSize(j.size[0], j.size[1])
		case <-h.quit:
			return ebiten.Termination
		default:
			return nil
		}
	}
	runtime.ReadMemStats(&h.ms)
	before := h.ms.Mallocs
	err := h.cur.game.Update()
	runtime.ReadMemStats(&h.ms)
	h.updateAllocs += h.ms.Mallocs - before
	return err
}

func (h *harness) Draw(screen *ebiten.Image) {
	if h.cur == nil {
		return
	}
	// Before the window has its size the frames do not count.
	if w, hh := screen.Bounds().Dx(), screen.Bounds().Dy(); w != h.cur.size[0] || hh != h.cur.size[1] {
		return
	}
	runtime.ReadMemStats(&h.ms)
	before := h.ms.Mallocs
	h.cur.game.Draw(screen)
	runtime.ReadMemStats(&h.ms)
	h.drawAllocs += h.ms.Mallocs - before
	h.frame++
	if h.cur.draw != nil {
		h.cur.draw(h.cur.game, screen, h.frame)
	}
	if h.frame >= h.cur.frames {
		close(h.cur.done)
		h.cur = nil
	}
}

func (h *harness) Layout(w, hh int) (int, int) {
	if h.cur != nil {
		return h.cur.size[0], h.cur.size[1]
	}
	return w, hh
}

var loop *harness

func TestMain(m *testing.M) {
	loop = &harness{jobs: make(chan *job), quit: make(chan struct{})}
	code := 0
	go func() {
		code = m.Run()
		close(loop.quit)
	}()
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := ebiten.RunGame(loop); err != nil && !errors.Is(err, ebiten.Termination) {
		println(err.Error())
		os.Exit(1)
	}
	os.Exit(code)
}

func run(t *testing.T, g *Game, w, h, frames int, draw func(g *Game, screen *ebiten.Image, frame int)) {
	t.Helper()
	j := &job{game: g, frames: frames, draw: draw, size: [2]int{w, h}, done: make(chan struct{})}
	select {
	case loop.jobs <- j:
	case <-time.After(30 * time.Second):
		t.Fatal("the Ebiten loop did not take the job")
	}
	select {
	case <-j.done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the frames did not finish")
	}
}

func newTestGame(t *testing.T, st lab.Settings) *Game {
	t.Helper()
	var cs []lab.Corpus
	for _, c := range assets.Corpora() {
		cs = append(cs, lab.Corpus{Name: c.Name, Title: words.M("corpus." + c.Name), Text: c.Text})
	}
	sess, err := lab.New(cs, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(sess, Options{TextHint: words.Raw("drop a file")})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Every panel gets drawn: each has pixels that are neither the background
// nor one flat colour, at several window sizes, and the timeline shows the
// diverging scale's colours.
func TestDrawFillsEveryPanel(t *testing.T) {
	for _, sz := range [][2]int{{1280, 800}, {640, 480}, {1920, 1080}} {
		g := newTestGame(t, lab.DefaultSettings())
		var pix []byte
		run(t, g, sz[0], sz[1], 40, func(g *Game, screen *ebiten.Image, frame int) {
			if frame == 40 {
				pix = make([]byte, 4*sz[0]*sz[1])
				screen.ReadPixels(pix)
			}
		})
		at := func(x, y float64) color.RGBA {
			i := 4 * (int(y)*sz[0] + int(x))
			return color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]}
		}
		l := g.layout
		for name, r := range map[string]ui.Rect{"controls": l.Controls, "status": l.Status, "strip": g.stripArea(), "timeline": g.bodyArea(), "loss": l.Loss, "sample": l.Sample} {
			distinct := map[color.RGBA]bool{}
			for y := r.Y; y < r.Y+r.H; y += 3 {
				for x := r.X; x < r.X+r.W; x += 3 {
					distinct[at(x, y)] = true
				}
			}
			if len(distinct) < 4 {
				t.Errorf("%dx%d: %s has only %d colours: not drawn?", sz[0], sz[1], name, len(distinct))
			}
		}
		grid := g.timeline.rows
		if len(grid.Groups) != 6 {
			t.Fatalf("%dx%d: %d groups in the rows, want 6 for an LSTM", sz[0], sz[1], len(grid.Groups))
		}
		b := grid.Groups[0]
		c := at(grid.X0+grid.ColW/2, b.Y+grid.RowH/2)
		w := g.timeline.painted.window // the window on screen: a newer trace waits for the next passive frame
		h := w.Layers[len(w.Layers)-1].Groups[0]
		want := g.scales.At(h.Value(0, b.First), h.Lo, h.Hi)
		if d := absDiff(c.R, want.R) + absDiff(c.G, want.G) + absDiff(c.B, want.B); d > 30 {
			t.Errorf("%dx%d: first cell drawn %v, its value's colour is %v", sz[0], sz[1], c, want)
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// A quiet frame (nothing new to draw) allocates almost nothing in Draw,
// and a training frame little.
func TestDrawAllocatesLittle(t *testing.T) {
	for _, paused := range []bool{true, false} {
		st := lab.DefaultSettings()
		st.Paused = paused
		g := newTestGame(t, st)
		run(t, g, 1280, 800, 30, nil) // warm up: first renders, glyph caches
		const n = 60
		run(t, g, 1280, 800, n, nil)
		draw, update := float64(loop.drawAllocs)/n, float64(loop.updateAllocs)/n
		t.Logf("paused=%v: %.1f allocations per Draw, %.1f per Update (with training)", paused, draw, update)
		limit := 20.0
		if !paused {
			limit = 200 // panels re-render as the numbers change; still no per-cell allocation
		}
		if draw > limit {
			t.Errorf("paused=%v: Draw allocates %.0f times per frame, want ≤ %.0f", paused, draw, limit)
		}
	}
}

// Keys and buttons reach the session: the help overlay opens, the cell
// changes, a refused text leaves a notice.
func TestActionsReachTheSession(t *testing.T) {
	g := newTestGame(t, lab.DefaultSettings())
	run(t, g, 1280, 800, 5, nil)
	g.do(ui.ActGRU)
	g.do(ui.ActHiddenDown)
	g.do(ui.ActLRUp)
	g.do(ui.ActPause)
	st := g.sess.Settings()
	if st.Cell.String() != "gru" || st.Hidden != 48 || st.LR != 0.01 || !st.Paused {
		t.Errorf("after GRU, fewer units, higher rate, pause: %+v", st)
	}
	run(t, g, 1280, 800, 2, nil)
	if said := said(g); !strings.Contains(said, "new GRU with 48 units") {
		t.Errorf("a new model is not announced: %q", said)
	}
	// The size stops at the largest one that trains at watchable speed.
	limit := lab.MaxHiddenFor(st.Cell, st.Layers)
	for i := 0; i < 10; i++ {
		g.do(ui.ActHiddenUp)
		run(t, g, 1280, 800, 1, nil)
	}
	if h := g.sess.Settings().Hidden; h != limit {
		t.Errorf("pressing + ten times gives %d units, want the limit %d", h, limit)
	}
	if said := said(g); !strings.Contains(said, fmt.Sprintf("%d units is the limit", limit)) {
		t.Errorf("the limit is not explained: %q", said)
	}
	// Characters the font lacks are explained, not silently boxed.
	g.SubmitText("chinese.txt", strings.Repeat("学而时习之，不亦说乎？有朋自远方来，不亦乐乎？", 20))
	run(t, g, 1280, 800, 3, nil)
	if !strings.Contains(g.Message(), "Chinese characters") {
		t.Errorf("no word about the missing Chinese glyphs: %q", g.Message())
	}
	g.SubmitText("empty.txt", "")
	run(t, g, 1280, 800, 5, nil)
	if n := g.Snapshot().Notice.String(); !strings.Contains(n, "refused") {
		t.Errorf("notice after an empty text: %q", n)
	}
	g.do(ui.ActHelp)
	run(t, g, 1280, 800, 3, nil)
	if !g.help {
		t.Errorf("help did not open")
	}
	// The help stays on screen without being drawn again.
	painted := g.paints
	run(t, g, 1280, 800, 5, nil)
	if g.paints != painted {
		t.Errorf("the open help was painted %d more times", g.paints-painted)
	}
	g.do(ui.ActHelp)
	run(t, g, 1280, 800, 2, nil)
	if g.help || g.paints == painted {
		t.Errorf("closing the help: open %v, painted %d times", g.help, g.paints-painted)
	}
	// A tiny window draws without panicking.
	run(t, g, 60, 40, 5, nil)
	if !g.layout.TooSmall {
		t.Errorf("a 60×40 window is not reported too small")
	}
}

// Punctuation keys are matched by the character they type, so they work on
// any keyboard layout, and a key that types something else (a German "ß"
// where US keyboards have "-") does nothing.
func TestKeyPressesByCharacter(t *testing.T) {
	g := newTestGame(t, lab.DefaultSettings())
	run(t, g, 1280, 800, 2, nil)
	before := g.sess.Settings()
	g.handleKeyPresses([]KeyPress{{Code: "Minus"}, {Code: "ß"}})
	if st := g.sess.Settings(); st.LR != before.LR {
		t.Errorf("the key at the US minus position changed the rate to %v", st.LR)
	}
	g.handleKeyPresses([]KeyPress{{Code: "-"}, {Code: "]"}, {Code: "KeyS"}, {Code: "KeyS", Repeat: true}, {Code: "Space", Repeat: true}})
	st := g.sess.Settings()
	if st.LR >= before.LR || st.Hidden <= before.Hidden {
		t.Errorf("after - and ]: rate %v (was %v), %d units (was %d)", st.LR, before.LR, st.Hidden, before.Hidden)
	}
	if !st.Paused || g.sess.Snapshot().Step != 2 {
		t.Errorf("S and a held S: paused %v, step %d; want paused after two steps (a held Space does nothing)", st.Paused, g.sess.Snapshot().Step)
	}
}

// The loss plot keeps the previous model's curve beside a new one and marks
// where the loss blew up.
func TestLossPlotShowsPreviousRunAndBlowups(t *testing.T) {
	g := newTestGame(t, lab.DefaultSettings())
	for i := 0; i < 100 && g.sess.Snapshot().Step < 40; i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	g.do(ui.ActGRU)
	st := g.sess.Settings()
	st.LR = lab.MaxLR
	g.sess.Apply(st)
	for i := 0; i < 100 && g.sess.Snapshot().Error.IsZero(); i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	var pix []byte
	run(t, g, 1280, 800, 3, func(g *Game, screen *ebiten.Image, frame int) {
		if frame == 3 {
			pix = make([]byte, 4*1280*800)
			screen.ReadPixels(pix)
		}
	})
	s := g.sess.Snapshot()
	if s.Previous == nil || len(s.Blowups) == 0 {
		t.Fatalf("previous run %v, blow-ups %v: the test needs both", s.Previous, s.Blowups)
	}
	a := g.loss.plotArea(g)
	count := func(want color.RGBA) int {
		n := 0
		for y := int(a.Y); y < int(a.Y+a.H); y++ {
			for x := int(a.X); x < int(a.X+a.W); x++ {
				i := 4 * (y*1280 + x)
				if absDiff(pix[i], want.R)+absDiff(pix[i+1], want.G)+absDiff(pix[i+2], want.B) < 24 {
					n++
				}
			}
		}
		return n
	}
	if n := count(ui.Dim); n < 20 {
		t.Errorf("the previous model's curve covers %d pixels of the plot", n)
	}
	if n := count(ui.Bad); n < int(a.H) {
		t.Errorf("the blow-up mark covers %d pixels of the plot, want a line at least its height (%.0f)", n, a.H)
	}
}

// said is what the game said last: its hint and its banner message.
func said(g *Game) string {
	return g.text(words.Join(g.msgs.hint)) + " " + g.Message()
}

// shot renders frames and returns the screen's pixels after the last one.
func shot(t *testing.T, g *Game, w, h, frames int) []byte {
	t.Helper()
	var pix []byte
	run(t, g, w, h, frames, func(g *Game, screen *ebiten.Image, frame int) {
		if frame == frames {
			pix = make([]byte, 4*w*h)
			screen.ReadPixels(pix)
		}
	})
	return pix
}

// After a resize the screen is what a fresh start at that size draws: no
// piece of a panel is left where it used to be.
func TestResizeLeavesNothingBehind(t *testing.T) {
	st := lab.DefaultSettings()
	st.Paused = true
	// The last two drop the loss plot and the timeline: their old pictures
	// must not come back.
	for _, sz := range [][4]int{{1280, 800, 1100, 700}, {1100, 700, 1280, 800}, {1280, 800, 1000, 800}, {900, 212, 900, 205}, {900, 110, 900, 90}} {
		g := newTestGame(t, st)
		shot(t, g, sz[0], sz[1], 10)
		got := shot(t, g, sz[2], sz[3], 10)
		want := shot(t, newTestGame(t, st), sz[2], sz[3], 10)
		l := g.layout
		panels := []ui.Rect{l.Controls, l.Status, l.Timeline, l.Loss, l.Sample}
		bad := 0
		for y := 0; y < sz[3]; y++ {
			for x := 0; x < sz[2]; x++ {
				inside := false
				for _, r := range panels {
					inside = inside || r.Contains(float64(x), float64(y))
				}
				i := 4 * (y*sz[2] + x)
				if !inside && (got[i] != want[i] || got[i+1] != want[i+1] || got[i+2] != want[i+2]) {
					bad++
				}
			}
		}
		if bad > 0 {
			t.Errorf("%dx%d → %dx%d: %d pixels between the panels differ from a fresh start", sz[0], sz[1], sz[2], sz[3], bad)
		}
	}
}

// A tooltip that stays where it is costs nothing: with training paused and
// the pointer (here a tap) resting on a cell, frames stop painting, and the
// tooltip shows the trace on screen.
func TestRestingTooltipPaintsOnce(t *testing.T) {
	st := lab.DefaultSettings()
	st.Paused = true
	g := newTestGame(t, st)
	for i := 0; i < 50; i++ { // until the paused model's trace, sample and validation loss are drawn
		run(t, g, 1280, 800, 5, nil)
		if s := g.sess.Snapshot(); s.Window != nil && s.Sample != "" && !math.IsNaN(s.ValLoss) {
			break
		}
	}
	run(t, g, 1280, 800, 60, nil) // a few passive ticks draw what the session computed
	grid := g.timeline.rows
	b := grid.Groups[0]
	g.ptr.touched, g.ptr.touchAt = true, time.Now()
	g.ptr.touchX, g.ptr.touchY = grid.X0+2.5*grid.ColW, b.Y+grid.RowH/2
	run(t, g, 1280, 800, 5, nil)
	if tg := g.paint.over.key.target; tg.owner != panel(g.timeline) || tg.data != any(g.timeline.painted.window) {
		t.Fatalf("overlay %+v: want a tooltip on the cell, reading the trace on screen", g.paint.over.key)
	}
	painted := g.paints
	run(t, g, 1280, 800, 20, nil)
	if g.paints != painted {
		t.Errorf("a resting tooltip painted %d of 20 frames", g.paints-painted)
	}
	g.ptr.touchX, g.ptr.touchY = -1, -1
	run(t, g, 1280, 800, 2, nil)
	if g.paint.over.key.target.owner != nil || g.paints == painted {
		t.Errorf("the tooltip did not go away: overlay %+v", g.paint.over.key)
	}
}
