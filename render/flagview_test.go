package render

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/assets"
	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/labels"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// handFlags makes flags for window w as the flag finder would report
// them: "inside quotes" followed by unit 1 of the top layer (r = 0.93),
// held over the second quarter of the passage; "plural subject" weakly
// followed by unit 2 (r = 0.24); "inside brackets" without examples.
func handFlags(w *lab.Window, group string) *lab.Flags {
	top := len(w.Layers) - 1
	passage := make([]float64, w.T)
	for t := w.T / 4; t < w.T/2; t++ {
		passage[t] = 1
	}
	unit := func(u int) int { return min(u, w.Layers[top].Groups[0].Units-1) }
	return &lab.Flags{Step: 300, Chars: 2400, Group: group, Labels: []lab.FlagLabel{
		{Name: "bracket", Title: "inside brackets", Status: labels.Never, Passage: make([]float64, w.T),
			Acc: math.NaN(), AccOff: math.NaN(), P: math.NaN(), POff: math.NaN()},
		{Name: "plural", Title: "plural subject, verb to come", Status: labels.Found,
			Best:    []lab.FlagUnit{{Layer: top, Unit: unit(2), R: 0.24}, {Layer: top, Unit: unit(3), R: -0.2}},
			History: []lab.FlagPoint{{Step: 100, R: 0.1}, {Step: 200, R: 0.2}, {Step: 300, R: 0.24}}, Passage: make([]float64, w.T),
			Governs: 40, Acc: 0.3, AccOff: math.NaN(), P: 0.2, POff: math.NaN()},
		{Name: "quote", Title: "inside quotes", Status: labels.Found,
			Best:    []lab.FlagUnit{{Layer: top, Unit: unit(1), R: 0.93}, {Layer: top, Unit: unit(0), R: -0.7}},
			History: []lab.FlagPoint{{Step: 100, R: 0.2}, {Step: 200, R: 0.7}, {Step: 300, R: 0.93}}, Passage: passage,
			Governs: 101, Acc: 0.81, AccOff: math.NaN(), P: 0.7, POff: math.NaN()},
	}}
}

// flagGame is a paused LSTM game showing the flags view, run until its
// passage is traced.
func flagGame(t *testing.T, w, h int) *Game {
	t.Helper()
	st := lab.DefaultSettings()
	st.Paused = true
	g := newTestGame(t, st)
	g.SetView(ViewFlags)
	for i := 0; i < 50 && g.snap.Window == nil; i++ {
		run(t, g, w, h, 5, nil)
	}
	g.dismiss() // the banner that names the view
	if g.snap.Window == nil {
		t.Fatal("no trace")
	}
	return g
}

// settle runs frames until the flags view shows what there is to show.
func settle(t *testing.T, g *Game) []byte {
	t.Helper()
	fv := g.views[ViewFlags].(*flagView)
	var pix []byte
	for i := 0; i < 40; i++ {
		pix = shot(t, g, g.w, g.h, 3)
		if fv.painted == fv.key(g) && !fv.painted.strip.Area.Empty() {
			return pix
		}
	}
	t.Fatalf("the flags view did not settle")
	return nil
}

// flagPixel reads a pixel of a screen w pixels wide.
func flagPixel(pix []byte, w int, x, y float64) color.RGBA {
	i := 4 * (int(y)*w + int(x))
	return color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]}
}

func flagNear(a, b color.RGBA, tol int) bool {
	return absDiff(a.R, b.R)+absDiff(a.G, b.G)+absDiff(a.B, b.B) <= tol
}

// flagOver is colour c at alpha a over an opaque background.
func flagOver(c color.RGBA, a float64, bg color.RGBA) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.RGBA{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 0xff}
}

// The view paints hand-made flags: the strongest flag first with its
// label shaded where it holds and nowhere else, its unit's line, the weak
// one after it, and the label without examples named in the notes.
func TestFlagViewPaintsHandMadeFlags(t *testing.T) {
	for _, sz := range [][2]int{{1280, 800}, {1920, 1080}, {640, 480}} {
		g := flagGame(t, sz[0], sz[1])
		fv := g.views[ViewFlags].(*flagView)
		w := g.snap.Window
		fv.fixed = handFlags(w, "c")
		pix := settle(t, g)
		if os.Getenv("RNNLAB_FLAG_SHOTS") != "" {
			savePNG(t, filepath.Join(os.Getenv("RNNLAB_FLAG_SHOTS"), "hand-"+strconv.Itoa(sz[0])+".png"), pix, sz[0], sz[1])
		}
		if len(fv.rows) < 2 || fv.rows[0] != 2 || fv.rows[1] != 1 {
			t.Fatalf("%v: rows show labels %v, want quote (2) then the weak plural (1)", sz, fv.rows)
		}
		if len(fv.notes) != 1 || fv.notes[0].label != 0 {
			t.Errorf("%v: notes name labels %v, want the one without examples (0)", sz, fv.notes)
		}
		band := fv.layout.Rows[0].Band
		s := g.strip
		count := func(t0 int, want color.RGBA) int {
			n := 0
			x := s.ColumnX(t0) + s.ColW/2
			for y := band.Y + 1; y < band.Y+band.H-1; y++ {
				if flagNear(flagPixel(pix, sz[0], x, y), want, 12) {
					n++
				}
			}
			return n
		}
		shaded := flagOver(flagColor(2), flagShade, ui.Background)
		half := int(band.H / 2)
		for _, tc := range []struct {
			t    int
			want color.RGBA
		}{{w.T/4 + 1, shaded}, {w.T/2 - 2, shaded}, {1, ui.Background}, {w.T - 2, ui.Background}} {
			if n := count(tc.t, tc.want); n < half {
				t.Errorf("%v: column %d of the quote's band has %d of %.0f pixels of %v", sz, tc.t, n, band.H, tc.want)
			}
		}
		if n := count(w.T/4+1, ui.Background) + count(1, shaded); n > 2 {
			t.Errorf("%v: shading where the label does not hold, or none where it does (%d pixels)", sz, n)
		}
		// The unit's line: pixels of the text's colour in the band.
		line := 0
		for x := band.X; x < band.X+band.W; x += 2 {
			for y := band.Y; y < band.Y+band.H; y++ {
				if flagNear(flagPixel(pix, sz[0], x, y), ui.Text, 40) {
					line++
				}
			}
		}
		if line < int(band.W/4) {
			t.Errorf("%v: the quote unit's line covers %d pixels", sz, line)
		}
	}
}

// A click on a flag switches its unit off in the session (and a second
// one back on), the trace then reads 0 for it, and the row marks it; X
// does the same for the selected unit, and "all back on" clears the list.
func TestFlagViewClickSwitchesUnitOff(t *testing.T) {
	g := flagGame(t, 1280, 800)
	fv := g.views[ViewFlags].(*flagView)
	fv.fixed = handFlags(g.snap.Window, "c")
	settle(t, g)
	quote := fv.fixed.Labels[2].Best[0]
	click := func(r ui.Rect) {
		g.hover = g.pointAt(r.X+r.W/2, r.Y+r.H/2)
		g.click(r.X+r.W/2, r.Y+r.H/2)
		settle(t, g)
	}
	want := []core.Unit{{Layer: quote.Layer, Index: quote.Unit}}
	click(fv.layout.Rows[0].Band)
	if got := g.sess.Ablated(); !slices.Equal(got, want) {
		t.Fatalf("after a click on the quote flag, switched off %v, want %v", got, want)
	}
	if g.sel.Unit != quote.Unit || g.sel.Layer != quote.Layer || !g.sel.Picked {
		t.Errorf("the click did not select the flag's unit: %+v", g.sel)
	}
	for i := 0; i < 20 && !slices.Equal(g.snap.Ablated, want); i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	var pix []byte
	for i := 0; i < 20; i++ { // until the trace of the model without the unit is drawn
		pix = shot(t, g, 1280, 800, 5)
		if fv.painted.window != nil && fv.painted.nOff == 1 && fv.painted.window.Step == g.snap.Window.Step && isZeroUnit(fv.painted.window, quote) {
			break
		}
	}
	if !isZeroUnit(fv.painted.window, quote) {
		t.Errorf("the trace on screen still reads the switched-off unit")
	}
	band := fv.layout.Rows[0].Band
	if c := flagPixel(pix, 1280, band.X+1, band.Y+band.H/2); !flagNear(c, ui.Bad, 30) {
		t.Errorf("the switched-off flag is not marked: %v at its left edge", c)
	}
	click(fv.layout.Rows[0].Name)
	if got := g.sess.Ablated(); len(got) != 0 {
		t.Errorf("a second click leaves %v switched off", got)
	}
	// X switches the selected unit off and on.
	g.sel.Layer, g.sel.Unit = 0, 5
	g.do(ui.ActSwitchOff)
	if got := g.sess.Ablated(); !slices.Equal(got, []core.Unit{{Layer: 0, Index: 5}}) {
		t.Errorf("X switched off %v, want unit 5", got)
	}
	g.do(ui.ActSwitchOff)
	if got := g.sess.Ablated(); len(got) != 0 {
		t.Errorf("a second X leaves %v", got)
	}
	// Two units off, then the button puts them all back.
	g.do(ui.ActSwitchOff)
	click(fv.layout.Rows[0].Band)
	run(t, g, 1280, 800, 5, nil)
	if len(g.sess.Ablated()) != 2 || fv.allOn.Empty() {
		t.Fatalf("two units off: %v, button %v", g.sess.Ablated(), fv.allOn)
	}
	// The flags measured again with the units off (as lab does) say what
	// that changed.
	remeasured := *fv.fixed
	remeasured.Labels = slices.Clone(remeasured.Labels)
	remeasured.Labels[2].AccOff, remeasured.Labels[2].POff = 0.12, 0.09
	fv.fixed = &remeasured
	settle(t, g)
	if tip := fv.tip(g, g.pointAt(band.X+band.W/2, band.Y+band.H/2)).text; !strings.Contains(tip, "with 2 units off: 12% guessed right") {
		t.Errorf("the flag's tip does not say what switching off changed: %q", tip)
	}
	click(fv.allOn)
	if got := g.sess.Ablated(); len(got) != 0 {
		t.Errorf("after all back on: %v", got)
	}
	// A new cell with a unit off: the new model has all its units on, and
	// the view marks none (the hand-made LSTM flags name no GRU unit).
	click(fv.layout.Rows[0].Band)
	g.do(ui.ActGRU)
	pix = settle(t, g)
	if len(g.sess.Ablated()) != 0 || fv.painted.nOff != 0 || len(fv.rows) != 0 {
		t.Errorf("after a new cell: switched off %v, on screen %d, %d rows", g.sess.Ablated(), fv.painted.nOff, len(fv.rows))
	}
	for y := g.bodyArea().Y; y < g.bodyArea().Y+g.bodyArea().H; y += 2 {
		if c := flagPixel(pix, 1280, g.bodyArea().X+g.bodyArea().W/2, y); flagNear(c, ui.Bad, 20) {
			t.Fatalf("red at %.0f after a new cell: a switched-off mark left over", y)
		}
	}
}

// isZeroUnit reports whether unit u reads 0 throughout the window's c.
func isZeroUnit(w *lab.Window, u lab.FlagUnit) bool {
	gr := flagGroup(w, &lab.Flags{Group: "c"}, u.Layer)
	if gr == nil {
		return false
	}
	for t := 0; t < w.T; t++ {
		if gr.Value(t, u.Unit) != 0 {
			return false
		}
	}
	return true
}

// With nothing new to show, the view paints once and then stays quiet,
// also with the pointer resting on a flag.
func TestFlagViewQuiet(t *testing.T) {
	g := flagGame(t, 1280, 800)
	fv := g.views[ViewFlags].(*flagView)
	for i := 0; i < 50; i++ { // until the paused model's sample and validation loss are drawn
		run(t, g, 1280, 800, 5, nil)
		if s := g.sess.Snapshot(); s.Sample != "" && !math.IsNaN(s.ValLoss) {
			break
		}
	}
	fv.fixed = handFlags(g.snap.Window, "c")
	settle(t, g)
	run(t, g, 1280, 800, 60, nil)
	band := fv.layout.Rows[0].Band
	g.ptr.touched, g.ptr.touchAt = true, time.Now()
	g.ptr.touchX, g.ptr.touchY = band.X+band.W/3, band.Y+band.H/2
	run(t, g, 1280, 800, 5, nil)
	if tg := g.paint.over.key.target; tg.owner != panel(fv) || tg.kind != flagBand {
		t.Fatalf("no tooltip on the flag: %+v", g.paint.over.key)
	}
	paints, frames := fv.paints, g.paints
	n := 0
	for start := time.Now(); time.Since(start) < 3*passiveEvery; n += 10 { // several passive ticks
		run(t, g, 1280, 800, 10, nil)
	}
	if fv.paints != paints || g.paints != frames {
		t.Errorf("a quiet view painted itself %d times and the screen %d times in %d frames", fv.paints-paints, g.paints-frames, n)
	}
	g.do(ui.ActPrevStep) // a new selected step: paints once
	run(t, g, 1280, 800, 10, nil)
	if fv.paints != paints+1 {
		t.Errorf("a new time step painted the view %d times, want once", fv.paints-paints)
	}
}

// Bad input paints without panicking and says what it can: no flags yet,
// no labels, a 1-unit model, a NaN r, units of an older model, every unit
// switched off, a passage of 8 characters, a label whose passage does not
// match the window, and a stack of three layers.
func TestFlagViewBadInput(t *testing.T) {
	g := flagGame(t, 1280, 800)
	fv := g.views[ViewFlags].(*flagView)
	window := func(T, H, layers int) *lab.Window {
		w := &lab.Window{Step: 7, T: T, Runes: []rune(strings.Repeat("ab\"c", T)[:T]), Next: make([]rune, T),
			PNext: make([]float64, T), Top: make([][3]lab.Guess, T)}
		for l := 0; l < layers; l++ {
			w.Layers = append(w.Layers, lab.Layer{Groups: []lab.Group{
				{Key: "h", Units: H, Lo: -1, Hi: 1, Values: make([]float64, T*H)},
				{Key: "c", Units: H, Lo: -2, Hi: 2, Values: make([]float64, T*H)},
			}})
			for i := range w.Layers[l].Groups[1].Values {
				w.Layers[l].Groups[1].Values[i] = math.Sin(float64(i))
			}
		}
		return w
	}
	type tc struct {
		name    string
		w       *lab.Window
		f       func(w *lab.Window) *lab.Flags
		off     []core.Unit
		rows    int
		caption string // in what the view says, somewhere
	}
	nanR := func(w *lab.Window) *lab.Flags {
		f := handFlags(w, "c")
		f.Labels[2].Best[0].R = math.NaN()
		f.Labels[2].History = append(f.Labels[2].History, lab.FlagPoint{Step: 400, R: math.NaN()})
		return f
	}
	for _, c := range []tc{
		{"no flags yet", window(40, 8, 1), func(*lab.Window) *lab.Flags { return nil }, nil, 0, ""},
		{"no labels", window(40, 8, 1), func(*lab.Window) *lab.Flags { return &lab.Flags{Group: "c"} }, nil, 0, ""},
		{"1 unit", window(40, 1, 1), func(w *lab.Window) *lab.Flags { return handFlags(w, "c") }, nil, 2, ""},
		{"NaN r", window(40, 8, 1), nanR, nil, 2, "?"},
		{"an older model's units", window(40, 8, 1), func(w *lab.Window) *lab.Flags { return handFlags(window(40, 64, 2), "c") }, nil, 0, ""},
		{"every unit off", window(40, 4, 1), func(w *lab.Window) *lab.Flags { return handFlags(w, "c") },
			[]core.Unit{{Layer: 0, Index: 0}, {Layer: 0, Index: 1}, {Layer: 0, Index: 2}, {Layer: 0, Index: 3}}, 2, ""},
		{"8 characters", window(8, 8, 1), func(w *lab.Window) *lab.Flags { return handFlags(w, "c") }, nil, 2, ""},
		{"passage of another length", window(40, 8, 1), func(w *lab.Window) *lab.Flags { return handFlags(window(30, 8, 1), "c") }, nil, 2, ""},
		{"three layers, group h", window(40, 8, 3), func(w *lab.Window) *lab.Flags { return handFlags(w, "h") }, nil, 2, ""},
	} {
		var rows int
		var panicked any
		run(t, g, 1280, 800, 1, func(g *Game, screen *ebiten.Image, frame int) {
			defer func() { panicked = recover() }()
			keep, keepOff := g.snap.Window, g.snap.Ablated
			defer func() { g.snap.Window, g.snap.Ablated, fv.fixed = keep, keepOff, nil; g.updateStrip() }()
			g.snap.Window, g.snap.Ablated = c.w, c.off
			g.updateStrip()
			fv.fixed = c.f(c.w)
			var s slot
			fv.paint(g, s.begin(g.bodyArea(), g))
			rows = len(fv.rows)
			// Every target the view names has a tooltip.
			for y := g.bodyArea().Y; y < g.bodyArea().Y+g.bodyArea().H; y += 4 {
				for x := g.bodyArea().X; x < g.bodyArea().X+g.bodyArea().W; x += 16 {
					if tg, ok := fv.at(g, x, y); ok {
						fv.tip(g, tg)
					}
				}
			}
		})
		if panicked != nil {
			t.Errorf("%s: panic %v", c.name, panicked)
			continue
		}
		if rows != c.rows {
			t.Errorf("%s: %d rows, want %d", c.name, rows, c.rows)
		}
	}
	// The names a NaN r gets, and the words for no examples.
	f := nanR(g.snap.Window)
	if got := g.word("flags.name", unitName(f.Labels[2].Best[0], 1), "inside quotes", rValue(math.NaN())); !strings.Contains(got, "r = ?") {
		t.Errorf("a NaN r is written %q", got)
	}
	if got := fv.labelTip(g, f, &f.Labels[0], 1); !strings.Contains(got, "no examples") {
		t.Errorf("a label without examples is explained as %q", got)
	}
}

// TestFlagViewScreenshots trains an LSTM on the default text with its
// labels, moves the passage to one with quotes, and saves the view at
// 1280×800 and 1920×1080 with the quote unit on and switched off. It runs
// only when RNNLAB_FLAG_SHOTS names a directory (a few minutes of training).
func TestFlagViewScreenshots(t *testing.T) {
	dir := os.Getenv("RNNLAB_FLAG_SHOTS")
	if dir == "" {
		t.Skip("set RNNLAB_FLAG_SHOTS to a directory to take the screenshots")
	}
	var cs []lab.Corpus
	for _, c := range assets.Corpora() {
		cs = append(cs, lab.Corpus{Name: c.Name, Title: words.Raw(c.Title), Text: c.Text, Labels: c.Labels})
	}
	sess, err := lab.New(cs, lab.DefaultSettings(), nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(sess, Options{TextHint: words.Raw("drop a file")})
	if err != nil {
		t.Fatal(err)
	}
	g.SetView(ViewFlags)
	var paintMs, drawMs []float64
	for g.snap.Chars < 200_000 {
		run(t, g, 1280, 800, 20, nil)
		st := g.Stats()
		paintMs, drawMs = append(paintMs, st.PartsMs["flags"]), append(drawMs, st.DrawMs)
	}
	slices.Sort(paintMs)
	slices.Sort(drawMs)
	t.Logf("training at 1280×800 with the flags view open: its paint median %.2f ms, slowest %.2f ms; drawMs (p95) median %.2f, worst %.2f",
		paintMs[len(paintMs)/2], paintMs[len(paintMs)-1], drawMs[len(drawMs)/2], drawMs[len(drawMs)-1])
	st := g.sess.Settings()
	st.Paused = true
	g.sess.Apply(st)
	quotes := func(w, h int) { // a passage with a quote in it, at this size
		run(t, g, w, h, 5, nil)
		for i := 0; i < 40; i++ {
			if w := g.snap.Window; w != nil && strings.Count(string(w.Runes), "\"") >= 2 {
				return
			}
			g.sess.MoveWindow(1)
			run(t, g, w, h, 3, nil)
		}
	}
	quotes(1280, 800)
	for i := 0; i < 200 && g.snap.Flags == nil; i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	f := g.snap.Flags
	if f == nil {
		t.Fatal("no flags after 1,000 frames")
	}
	for _, fl := range f.Labels {
		if len(fl.Best) > 0 {
			t.Logf("%s: unit %d r %.2f, acc %.2f", fl.Name, fl.Best[0].Unit, fl.Best[0].R, fl.Acc)
		}
	}
	save := func(name string, w, h int) {
		quotes(w, h)
		g.ptr.touched, g.ptr.touchX, g.ptr.touchY = true, -1, -1 // no tooltip
		savePNG(t, filepath.Join(dir, name), shot(t, g, w, h, 30), w, h)
	}
	remeasured := func() { // until the flags are measured with the units off
		for i := 0; i < 400 && (g.snap.Flags == nil || !slices.Equal(g.snap.Flags.Off, g.sess.Ablated())); i++ {
			run(t, g, 1280, 800, 5, nil)
		}
		for _, fl := range g.snap.Flags.Labels {
			t.Logf("%s: acc %.2f → %.2f, p %.2f → %.2f", fl.Name, fl.Acc, fl.AccOff, fl.P, fl.POff)
		}
	}
	for _, sz := range [][2]int{{1280, 800}, {1920, 1080}, {640, 480}} {
		save("flags-on-"+strconv.Itoa(sz[0])+".png", sz[0], sz[1])
	}
	quotes(1280, 800)
	fv := g.views[ViewFlags].(*flagView)
	if len(fv.rows) == 0 {
		t.Fatal("no flag rows")
	}
	band := fv.layout.Rows[0].Band
	g.hover = g.pointAt(band.X+band.W/2, band.Y+band.H/2)
	g.click(band.X+band.W/2, band.Y+band.H/2)
	remeasured()
	for _, sz := range [][2]int{{1280, 800}, {1920, 1080}} {
		save("flags-off-"+strconv.Itoa(sz[0])+".png", sz[0], sz[1])
	}
	// The next best units of the same label too.
	run(t, g, 1280, 800, 5, nil)
	for _, ch := range slices.Clone(fv.chips) {
		if ch.label == fv.rows[0] {
			g.hover = g.pointAt(ch.r.X+ch.r.W/2, ch.r.Y+ch.r.H/2)
			g.click(ch.r.X+ch.r.W/2, ch.r.Y+ch.r.H/2)
		}
	}
	t.Logf("switched off: %v", g.sess.Ablated())
	remeasured()
	for _, sz := range [][2]int{{1280, 800}, {1920, 1080}} {
		save("flags-offall-"+strconv.Itoa(sz[0])+".png", sz[0], sz[1])
	}
}

// savePNG writes a screen's pixels to a file.
func savePNG(t *testing.T, name string, pix []byte, w, h int) {
	t.Helper()
	out, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}); err != nil {
		t.Fatal(err)
	}
}
