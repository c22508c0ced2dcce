package render

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"rnnlab/assets"
	"rnnlab/classify"
	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// decideData is the first nTrain and nHeld headlines of each built-in
// topic set.
func decideData(t *testing.T, nTrain, nHeld int) []lab.DecideData {
	t.Helper()
	var out []lab.DecideData
	sets, err := assets.TopicSets()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		d, err := lab.TopicData(s.Lang, words.Raw(s.Title), s.Train, s.Held)
		if err != nil {
			t.Fatal(err)
		}
		d.Train = &classify.Dataset{Labels: d.Train.Labels, Examples: d.Train.Examples[:min(nTrain, len(d.Train.Examples))]}
		d.Held = &classify.Dataset{Labels: d.Held.Labels, Examples: d.Held.Examples[:min(nHeld, len(d.Held.Examples))]}
		out = append(out, d)
	}
	return out
}

// decideGame shows the "read and decide" task with a small classifier on
// a part of the data, paused, with its first held-out pass and reading
// done and steps updates made.
func decideGame(t *testing.T, st lab.DecideSettings, steps int) (*Game, *classifyMode) {
	t.Helper()
	ls := lab.DefaultSettings()
	ls.Paused = true
	g := newTestGame(t, ls)
	run(t, g, 1280, 800, 2, nil) // laid out, so messages fit the status line
	g.SetTask(TaskDecide)
	m := g.cls.(*classifyMode)
	st.Paused = true
	dec, err := lab.NewDecider(decideData(t, 2000, 200), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		dec.StepOnce()
	}
	for i := 0; i < 200 && (dec.Snapshot().Eval == nil || dec.Snapshot().Reading == nil || dec.Snapshot().Eval.Step != steps); i++ {
		dec.Advance(50 * time.Millisecond)
	}
	m.dec = dec
	return g, m
}

// smallDecide is a classifier that trains quickly: a bidirectional GRU of
// 16 units.
func smallDecide() lab.DecideSettings {
	s := lab.DefaultDecideSettings()
	s.Hidden, s.LR, s.Bidirectional = 16, 0.01, true
	return s
}

// colours counts the distinct colours in r, sampling every third pixel.
func colours(pix []byte, w int, r ui.Rect) int {
	distinct := map[color.RGBA]bool{}
	for y := r.Y; y < r.Y+r.H; y += 3 {
		for x := r.X; x < r.X+r.W; x += 3 {
			i := 4 * (int(y)*w + int(x))
			distinct[color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]}] = true
		}
	}
	return len(distinct)
}

// decidePixel is the colour at (x, y).
func decidePixel(pix []byte, w int, x, y float64) color.RGBA {
	i := 4 * (int(y)*w + int(x))
	return color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]}
}

// Every panel of the task is drawn at every size, the reading view shows
// the units' values in the scale's colours and the decision's bars, the
// matrix shades right decisions green; painting stays cheap.
func TestDecidePanelsPaint(t *testing.T) {
	g, m := decideGame(t, smallDecide(), 60)
	for _, sz := range [][2]int{{1280, 800}, {1920, 1080}, {640, 480}} {
		w, h := sz[0], sz[1]
		g.ptr.touched, g.ptr.touchX, g.ptr.touchY = true, -1, -1 // no tooltip
		pix := shot(t, g, w, h, 20)
		parts := map[string]ui.Rect{"controls": m.layout.Controls, "status": m.layout.Status, "reading": m.parts.Reading,
			"accuracy": m.parts.Accuracy, "confusion": m.parts.Confusion, "mistakes": m.parts.Mistakes}
		for name, r := range parts {
			if w == 640 && name != "reading" && name != "status" && r.Empty() {
				continue // a small window keeps the reading view
			}
			if r.Empty() || colours(pix, w, r) < 4 {
				t.Errorf("%dx%d: %s (%v) is not drawn", w, h, name, r)
			}
		}
		if w == 640 {
			continue
		}
		// The first unit row: its colour is the scale's for its value.
		geo := m.reading.geom
		r := m.snap.Reading
		if r == nil || r.Reading == nil || len(geo.Dirs) != 2 || geo.Cols != len(r.Reading.Chars) {
			t.Fatalf("%dx%d: the reading view shows %d directions, %d columns", w, h, len(geo.Dirs), geo.Cols)
		}
		d := geo.Dirs[0]
		got := decidePixel(pix, w, geo.X0+geo.ColW/2, d.Y+d.RowH/2)
		want := g.scales.States.At(r.Reading.Trace.Dirs[0].Hidden[0][0])
		if absDiff(got.R, want.R)+absDiff(got.G, want.G)+absDiff(got.B, want.B) > 30 {
			t.Errorf("%dx%d: unit 0 at the first character drawn %v, its value's colour is %v", w, h, got, want)
		}
		// A right decision's cell leans green, a wrong one's red.
		cg := m.conf.geom
		e := m.snap.Eval
		c := cg.CellRect(0, 0)
		if e == nil || cg.Cell <= 0 {
			t.Fatalf("%dx%d: no matrix", w, h)
		}
		if e.Confusion[0][0] > 0 {
			if got := decidePixel(pix, w, c.X+3, c.Y+3); !(int(got.G) > int(got.R)) {
				t.Errorf("%dx%d: a right decision's cell is %v, not green", w, h, got)
			}
		}
	}
	// Painting costs: the slowest paint of each panel over the frames.
	st := g.Stats()
	for _, name := range []string{"decide-reading", "decide-accuracy", "decide-confusion", "decide-mistakes", "decide-controls", "decide-status"} {
		t.Logf("%s: %.2f ms", name, st.PartsMs[name])
	}
}

// The classifier's keys: cells, both ways, layers, pooling, size, rate,
// data, pause; the writing task's keys leave the classifier alone; the
// app's own go to the Game.
func TestDecideKeys(t *testing.T) {
	g, m := decideGame(t, smallDecide(), 0)
	run(t, g, 1280, 800, 2, nil)
	for _, tc := range []struct {
		act   ui.Action
		check func(s lab.DecideSettings) bool
	}{
		{ui.ActLSTM, func(s lab.DecideSettings) bool { return s.Cell == core.LSTM }},
		{ui.ActRNN, func(s lab.DecideSettings) bool { return s.Cell == core.RNNTanh }},
		{ui.ActGRU, func(s lab.DecideSettings) bool { return s.Cell == core.GRU }},
		{ui.ActBackward, func(s lab.DecideSettings) bool { return !s.Bidirectional }},
		{ui.ActLayer, func(s lab.DecideSettings) bool { return s.Layers == 2 }},
		{ui.ActPlay, func(s lab.DecideSettings) bool { return s.Pool == core.PoolFinal }},
		{ui.ActHiddenUp, func(s lab.DecideSettings) bool { return s.Hidden == 24 }},
		{ui.ActHiddenDown, func(s lab.DecideSettings) bool { return s.Hidden == 16 }},
		{ui.ActLRDown, func(s lab.DecideSettings) bool { return s.LR == 0.003 }},
		{ui.ActCorpus, func(s lab.DecideSettings) bool { return s.Data == lab.DataUkrainian }},
		{ui.ActPause, func(s lab.DecideSettings) bool { return !s.Paused }},
		{ui.ActStep, func(s lab.DecideSettings) bool { return s.Paused }},
		{ui.ActTempUp, func(s lab.DecideSettings) bool { return true }},
	} {
		before := m.dec.Settings()
		lm := g.sess.Settings()
		g.do(tc.act)
		after := m.dec.Settings()
		if !tc.check(after) {
			t.Errorf("action %d: %+v → %+v", tc.act, before, after)
		}
		if g.sess.Settings() != lm {
			t.Errorf("action %d changed the language model: %+v", tc.act, g.sess.Settings())
		}
	}
	if s := m.dec.Snapshot(); s.Step != 1 || s.Labels[0] != "business" || s.Data != lab.DataUkrainian {
		t.Errorf("after Step on Ukrainian data: update %d, data %q", s.Step, s.Data)
	}
	if !strings.Contains(said(g), "writing task") {
		t.Errorf("a key of the writing task is not explained: %q", said(g))
	}
	// Layers wrap round; the size stops at its limit.
	for range 2 {
		g.do(ui.ActLayer)
	}
	if l := m.dec.Settings().Layers; l != 1 {
		t.Errorf("layers after three presses from 2: %d, want 1", l)
	}
	for range 12 {
		g.do(ui.ActHiddenUp)
	}
	st := m.dec.Settings()
	if limit := lab.MaxDecideHidden(st.Cell, st.Bidirectional, st.Layers); st.Hidden != limit || !strings.Contains(said(g), "is the limit") {
		t.Errorf("twelve presses of + give %d units (limit %d); said %q", st.Hidden, limit, said(g))
	}
	// The held-out headline read: PgDn, PgUp.
	held := func() int {
		for range 10 {
			m.dec.Advance(50 * time.Millisecond)
		}
		return m.dec.Snapshot().Reading.Held
	}
	h0 := held()
	g.do(ui.ActNextWindow)
	if h := held(); h != h0+1 {
		t.Errorf("PgDn reads headline %d after %d", h, h0)
	}
	// The app's own keys go to the Game.
	g.do(ui.ActHelp)
	if !g.help {
		t.Error("H does not open the help")
	}
	g.do(ui.ActClose)
	g.do(ui.ActTask)
	if g.Task() != TaskWrite {
		t.Error("N does not go back to writing")
	}
}

// While the text box has the keyboard (the desktop) every key goes to it;
// Esc gives it back.
func TestDecideBoxTakesTheKeys(t *testing.T) {
	g, m := decideGame(t, smallDecide(), 0)
	run(t, g, 1280, 800, 2, nil)
	g.do(ui.ActText)
	if !m.box.typing {
		t.Fatal("T does not open the box")
	}
	before := m.dec.Settings()
	for _, a := range []ui.Action{ui.ActPause, ui.ActLSTM, ui.ActHelp, ui.ActTask, ui.ActReset} {
		g.do(a)
	}
	if m.dec.Settings() != before || g.help || g.Task() != TaskDecide {
		t.Errorf("keys typed into the box acted: settings %+v, help %v, task %v", m.dec.Settings(), g.help, g.Task())
	}
	g.do(ui.ActClose)
	if m.box.typing {
		t.Error("Esc does not leave the box")
	}
	// A click on the box opens it; in the browser it asks the page.
	asked := 0
	g.opts.OpenText = func() { asked++ }
	geo := m.reading.geom
	g.hover = g.pointAt(geo.Box.X+10, geo.Box.Y+geo.Box.H/2)
	g.click(geo.Box.X+10, geo.Box.Y+geo.Box.H/2)
	if asked != 1 || m.box.typing {
		t.Errorf("a click on the box in the browser: asked the page %d times, typing %v", asked, m.box.typing)
	}
}

// Pasted headlines are read; labelled files train a new classifier; a bad
// file or text is explained and changes nothing.
func TestDecideTakesTextsAndFiles(t *testing.T) {
	g, m := decideGame(t, smallDecide(), 5)
	g.opts.MaxDropBytes = 1 << 20
	run(t, g, 1280, 800, 2, nil)
	read := func() *lab.DecideReading {
		for range 10 {
			m.dec.Advance(50 * time.Millisecond)
		}
		return m.dec.Snapshot().Reading
	}
	m.takeFile(g, pastedName, []byte("Chemists discover a rare molecule"))
	if r := read(); !r.Typed || r.Text != "Chemists discover a rare molecule" || r.Reading == nil {
		t.Fatalf("a pasted headline is not read: %+v", r)
	}
	for _, tc := range []struct{ text, want string }{
		{"", "the box is empty"},
		{"日本語のニュース", "never saw any of these characters"},
	} {
		m.takeFile(g, pastedName, []byte(tc.text))
		if r := read(); !strings.Contains(r.Problem.String(), tc.want) {
			t.Errorf("%q: %q; want %q", tc.text, r.Problem, tc.want)
		}
	}
	var many strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&many, "label%d\tsome text %d\n", i, i)
	}
	before := m.dec.Snapshot()
	for _, tc := range []struct {
		name, data, want string
	}{
		{"one.tsv", strings.Repeat("sport\tThe club wins\n", 20), "at least two different labels"},
		{"tabs.tsv", "sport\tThe club wins\nworld The talks fail\n", "no tab"},
		{"empty.tsv", "sport\t\nworld\t \n", "empty text"},
		{"classes.tsv", many.String(), "1000 different labels"},
		{"swapped.tsv", strings.Repeat("a very long label indeed\tWin\nanother long label here\tLoss\n", 5), "longer than the text"},
		{"photo.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\t", "binary"},
		{"huge.tsv", strings.Repeat("sport\tThe club wins\n", 60000), "too large"},
		{"model.safetensors", "xx", "saved model"},
	} {
		g.msgs.setMessage(words.Msg{})
		m.takeFile(g, tc.name, []byte(tc.data))
		if got := g.Message(); !strings.Contains(got, tc.want) || !strings.Contains(got, tc.name) {
			t.Errorf("%s: said %q; want %q", tc.name, got, tc.want)
		}
		if s := m.dec.Snapshot(); s.Generation != before.Generation || s.Data != before.Data {
			t.Errorf("%s: a refused file changed the classifier", tc.name)
		}
	}
	var good strings.Builder
	for i := range 30 {
		fmt.Fprintf(&good, "cats\tthe cat number %d sat on the mat\ndogs\ta dog number %d ran in the park\n", i, i)
	}
	m.takeFile(g, "pets.tsv", []byte(good.String()))
	if s := m.dec.Snapshot(); s.Data != lab.CustomData || !slices.Equal(s.Labels, []string{"cats", "dogs"}) || !strings.Contains(said(g), "pets.tsv") {
		t.Errorf("a good file: data %q, labels %v, said %q", s.Data, s.Labels, said(g))
	}
	run(t, g, 1280, 800, 5, nil) // the two-label matrix and the new text are drawn
}

// Tooltips name what lies under the pointer: a character's prefix
// decision, a unit's value, a cell of the matrix.
func TestDecideTooltips(t *testing.T) {
	g, m := decideGame(t, smallDecide(), 30)
	run(t, g, 1280, 800, 10, nil)
	geo := m.reading.geom
	tip := func(x, y float64) string {
		tg := g.pointAt(x, y)
		if tg.owner == nil {
			return ""
		}
		return tg.owner.tip(g, tg).text
	}
	if s := tip(geo.X0+geo.ColW*2.5, geo.ProbY+geo.ProbH/2); !strings.Contains(s, "if the text ended at") || !strings.Contains(s, "%") {
		t.Errorf("a column's tip: %q", s)
	}
	d := geo.Dirs[1]
	if s := tip(geo.X0+geo.ColW*0.5, d.Y+d.RowH*0.5); !strings.Contains(s, "reading right to left, unit 0") {
		t.Errorf("a backward unit's tip: %q", s)
	}
	c := m.conf.geom.CellRect(1, 0)
	if s := tip(c.X+c.W/2, c.Y+c.H/2); !strings.Contains(s, "decided as") {
		t.Errorf("a matrix cell's tip: %q", s)
	}
	// A click on a wrong cell lists its headlines only.
	g.hover = g.pointAt(c.X+c.W/2, c.Y+c.H/2)
	g.click(c.X+c.W/2, c.Y+c.H/2)
	run(t, g, 1280, 800, 3, nil)
	for _, x := range m.mistakes.shown {
		if x.True != 1 || x.Predicted != 0 {
			t.Errorf("listed %+v under cell (1, 0)", x)
		}
	}
}

// TestDecideScreenshots trains the default classifier on the full English
// and then Ukrainian headlines and saves the task at 1280×800 and
// 1920×1080: training, a typed headline, the matrix with its list. It runs
// only when RNNLAB_DECIDE_SHOTS names a directory (minutes of training).
func TestDecideScreenshots(t *testing.T) {
	dir := os.Getenv("RNNLAB_DECIDE_SHOTS")
	if dir == "" {
		t.Skip("set RNNLAB_DECIDE_SHOTS to a directory to take the screenshots")
	}
	ls := lab.DefaultSettings()
	ls.Paused = true
	g := newTestGame(t, ls)
	g.SetTask(TaskDecide)
	m := g.cls.(*classifyMode)
	save := func(name string, w, h int) {
		g.ptr.touched, g.ptr.touchX, g.ptr.touchY = true, -1, -1 // no tooltip
		savePNG(t, filepath.Join(dir, name), shot(t, g, w, h, 20), w, h)
	}
	trainTo := func(acc float64) {
		start := time.Now()
		for m.dec == nil || !(m.snap.ValAccuracy >= acc) {
			run(t, g, 1280, 800, 20, nil)
			if time.Since(start) > 10*time.Minute {
				t.Fatalf("held-out accuracy %.2f after 10 minutes", m.snap.ValAccuracy)
			}
		}
		t.Logf("%s: %.0f%% held-out at update %d after %.0f s (%.0f s of training)", m.snap.Data, 100*m.snap.ValAccuracy, m.snap.Step, time.Since(start).Seconds(), m.snap.Seconds)
	}
	run(t, g, 1280, 800, 60, nil)
	save("decide-early-1280.png", 1280, 800)
	trainTo(0.85)
	for _, lang := range []string{"en", "uk"} {
		if lang == "uk" {
			g.do(ui.ActCorpus)
			g.SetLang(words.Ukrainian)
			trainTo(0.85)
		}
		save("decide-training-"+lang+"-1280.png", 1280, 800)
		save("decide-training-"+lang+"-1920.png", 1920, 1080)
		headline := "Local club wins the cup after a late goal"
		if lang == "uk" {
			headline = "Місцевий клуб виграв кубок завдяки пізньому голу"
		}
		m.takeFile(g, pastedName, []byte(headline))
		run(t, g, 1280, 800, 10, nil)
		m.col = 12
		save("decide-typed-"+lang+"-1280.png", 1280, 800)
		save("decide-typed-"+lang+"-1920.png", 1920, 1080)
		m.col = -1
		m.box.clear(g, m)
		if e := m.snap.Eval; e != nil {
			worst, wi, wj := -1, 0, 1
			for i, row := range e.Confusion {
				for j, v := range row {
					if i != j && v > worst {
						worst, wi, wj = v, i, j
					}
				}
			}
			m.filterTrue, m.filterPred = wi, wj
			if len(e.Mistakes) > 0 {
				m.dec.ShowHeld(e.Mistakes[0].Held)
			}
		}
		run(t, g, 1280, 800, 10, nil)
		save("decide-confusion-"+lang+"-1280.png", 1280, 800)
		save("decide-confusion-"+lang+"-1920.png", 1920, 1080)
		m.filterTrue, m.filterPred = -1, -1
	}
	// The same data read one way only: the curve before is the
	// bidirectional one.
	g.do(ui.ActBackward)
	trainTo(0.85)
	save("decide-oneway-uk-1280.png", 1280, 800)
	st := g.Stats()
	t.Logf("paint ms: reading %.2f, accuracy %.2f, confusion %.2f, mistakes %.2f; drawMs %.2f",
		st.PartsMs["decide-reading"], st.PartsMs["decide-accuracy"], st.PartsMs["decide-confusion"], st.PartsMs["decide-mistakes"], st.DrawMs)
}

// The help lists what each key does in the task: a key it lists acts
// there, and a key it leaves out says that it belongs to the other task.
func TestDecideHelpListsTheTasksKeys(t *testing.T) {
	g, m := decideGame(t, smallDecide(), 0)
	run(t, g, 1280, 800, 2, nil)
	for _, b := range bindings {
		h, listed := decideHelp[b.act]
		if listed && !strings.HasPrefix(h, "decide.") {
			continue // the app's own keys (language, help, …) act as in the other task
		}
		g.msgs.setMessage(words.Msg{})
		g.msgs.hint = nil
		m.act(g, b.act)
		said := strings.Contains(g.Message(), g.word("decide.key_elsewhere"))
		for _, h := range g.msgs.hintNow(time.Now()) {
			said = said || h.Key == "decide.key_elsewhere"
		}
		if listed && said {
			t.Errorf("%s: the help lists it as %q, but the task says it belongs elsewhere", b.keys[0].code, h)
		}
		if !listed && !said {
			t.Errorf("%s: the help leaves it out, but the task does not say it belongs elsewhere", b.keys[0].code)
		}
		m.box.stop(g, m) // T opened the box
	}
	var keys []string
	for _, l := range helpKeys(TaskDecide) {
		keys = append(keys, l.keys)
		if l.keys == "B" && l.what.Key != "decide.key.both_ways" {
			t.Errorf("B is explained as %q", l.what.Key)
		}
	}
	if slices.Contains(keys, "X") || !slices.Contains(keys, "N") {
		t.Errorf("the help's keys in the task: %v; want N and no X", keys)
	}
}
