package lab

import (
	"fmt"
	"slices"
	"testing"
	"time"
	"unicode"

	"math"
	"strings"

	"rnnlab/assets"
	"rnnlab/core"
	"rnnlab/words"
)

// fakeClock advances by tick on every reading, so a training step "takes"
// exactly one tick and budgets are deterministic.
type fakeClock struct {
	t    time.Time
	tick time.Duration
}

func (c *fakeClock) now() time.Time { c.t = c.t.Add(c.tick); return c.t }

func builtins() []Corpus {
	var cs []Corpus
	for _, c := range assets.Corpora() {
		cs = append(cs, Corpus{Name: c.Name, Title: words.Raw(c.Title), Text: c.Text, Labels: c.Labels})
	}
	return cs
}

// otherText is the name of a built-in text other than the default.
func otherText() string { return builtins()[1].Name }

func small() Settings {
	s := DefaultSettings()
	s.Hidden = 16
	return s
}

func newTestSession(t *testing.T, st Settings, tick time.Duration) (*Session, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Unix(0, 0), tick: tick}
	s, err := New(builtins(), st, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	return s, clk
}

func TestTrainingLowersLoss(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	for s.Snapshot().Step < 150 {
		s.Advance(20 * time.Millisecond)
	}
	snap := s.Snapshot()
	if len(snap.History) < 10 {
		t.Fatalf("history has %d points after %d steps", len(snap.History), snap.Step)
	}
	first, last := snap.History[0].Loss, snap.History[len(snap.History)-1].Loss
	if !(last < first-0.8) {
		t.Errorf("loss went from %.3f to %.3f in %d steps; want a drop of at least 0.8", first, last, snap.Step)
	}
	if snap.Chars != int64(snap.Step*snap.Batch*snap.Seq) {
		t.Errorf("chars %d, want steps×batch×seq = %d", snap.Chars, snap.Step*snap.Batch*snap.Seq)
	}
	t.Logf("loss %.3f → %.3f in %d steps; val %.3f", first, last, snap.Step, snap.ValLoss)
}

func TestWindowGroupsPerCell(t *testing.T) {
	for _, tc := range []struct {
		cell   core.Cell
		groups []string
	}{
		{core.RNNTanh, []string{"h"}},
		{core.LSTM, []string{"h", "c", "i", "f", "g", "o"}},
		{core.GRU, []string{"h", "r", "z", "n"}},
	} {
		st := small()
		st.Cell = tc.cell
		s, _ := newTestSession(t, st, time.Millisecond)
		s.SetWindowLen(40)
		s.Advance(5 * time.Millisecond)
		w := s.Snapshot().Window
		if w == nil {
			t.Fatalf("%v: no window after the first Advance", tc.cell)
		}
		if w.T > 40 || w.T < 32 || len(w.Runes) != w.T || len(w.Top) != w.T {
			t.Errorf("%v: window has T=%d, %d runes; want 32 to 40", tc.cell, w.T, len(w.Runes))
		}
		if !unicode.IsUpper(w.Runes[0]) {
			t.Errorf("%v: the first passage starts with %q, not a sentence: %q", tc.cell, w.Runes[0], string(w.Runes))
		}
		if len(w.Layers) != 1 || len(w.Connect) != w.T || len(w.Layers[0].GradH) != w.T {
			t.Fatalf("%v: %d layers, %d connectivity values, gradients %d; want 1 layer and %d per step", tc.cell, len(w.Layers), len(w.Connect), len(w.Layers[0].GradH), w.T)
		}
		if hasC := len(w.Layers[0].GradC) == w.T; hasC != (tc.cell == core.LSTM) {
			t.Errorf("%v: ‖∂L/∂c‖ per step present: %v", tc.cell, hasC)
		}
		var got []string
		for _, g := range w.Layers[0].Groups {
			got = append(got, g.Key)
			if len(g.Values) != w.T*g.Units || g.Units != 16 {
				t.Errorf("%v %s: %d values for %d units", tc.cell, g.Key, len(g.Values), g.Units)
			}
			for _, v := range g.Values {
				if math.IsNaN(v) || v < g.Lo-1e-9 || v > g.Hi+1e-9 {
					t.Errorf("%v %s: value %v outside [%v, %v]", tc.cell, g.Key, v, g.Lo, g.Hi)
					break
				}
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.groups, ",") {
			t.Errorf("%v: groups %v, want %v", tc.cell, got, tc.groups)
		}
		for i, g := range w.Top {
			if !(g[0].Prob >= g[1].Prob && g[1].Prob >= g[2].Prob) || g[0].Prob > 1 {
				t.Errorf("%v: top-3 at %d not sorted probabilities: %v", tc.cell, i, g)
				break
			}
		}
		// The window's characters follow each other in the text.
		for i := 0; i+1 < w.T; i++ {
			if w.Next[i] != w.Runes[i+1] {
				t.Fatalf("%v: next[%d]=%q but runes[%d]=%q", tc.cell, i, w.Next[i], i+1, w.Runes[i+1])
			}
		}
	}
}

func TestPausedDoesNotTrainButStepOnceDoes(t *testing.T) {
	st := small()
	st.Paused = true
	s, _ := newTestSession(t, st, time.Millisecond)
	for i := 0; i < 5; i++ {
		s.Advance(50 * time.Millisecond)
	}
	if n := s.Snapshot().Step; n != 0 {
		t.Fatalf("paused session trained %d steps", n)
	}
	s.StepOnce()
	if n := s.Snapshot().Step; n != 1 {
		t.Fatalf("StepOnce: step %d, want 1", n)
	}
	win := s.Snapshot().Window
	s.Advance(0)
	if w := s.Snapshot().Window; w == win || w.Step != 1 {
		t.Errorf("the window was not re-traced after a single step")
	}
}

// A step costs one tick of the fake clock (two readings): the number of
// steps must follow the budget, also when a step is longer than a frame's budget.
func TestAdvanceKeepsToBudget(t *testing.T) {
	for _, tc := range []struct {
		tick, budget time.Duration
		calls        int
	}{
		{time.Millisecond, 10 * time.Millisecond, 20},    // many steps per call
		{5 * time.Millisecond, 2 * time.Millisecond, 50}, // one step every few calls
	} {
		s, _ := newTestSession(t, small(), tc.tick)
		s.Advance(0) // the first trace, sample and validation come before timing
		s.Advance(0)
		s.Advance(0)
		before := s.Snapshot().Step
		for i := 0; i < tc.calls; i++ {
			s.Advance(tc.budget)
		}
		steps := s.Snapshot().Step - before
		spent := time.Duration(steps) * tc.tick
		total := time.Duration(tc.calls) * tc.budget
		if spent < total*7/10 || spent > total*13/10+tc.tick {
			t.Errorf("tick %v budget %v ×%d: %d steps took %v; want about %v", tc.tick, tc.budget, tc.calls, steps, spent, total)
		}
	}
}

func TestSetTextRefusesBadTextAndKeepsModel(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	for s.Snapshot().Step < 5 {
		s.Advance(10 * time.Millisecond)
	}
	before := s.Snapshot()
	bin := make([]byte, 4000)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	for name, text := range map[string]string{
		"empty":     "",
		"spaces":    "   \n\t  ",
		"binary":    string(bin),
		"one char":  strings.Repeat("a", 5000),
		"too short": "hello",
	} {
		if _, err := s.SetText(name, text); err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		after := s.Snapshot()
		if after.Generation != before.Generation || after.Step != before.Step || after.CorpusName != before.CorpusName {
			t.Errorf("%s: refusing the text changed the model (gen %d→%d, step %d→%d)", name, before.Generation, after.Generation, before.Step, after.Step)
		}
		if n := after.Notice.String(); !strings.HasPrefix(n, "text refused: ") || strings.Contains(n, "\n") {
			t.Errorf("%s: notice %q should say why, on one line", name, after.Notice)
		}
	}
}

func manyRunes(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < 20000 || i < 2*n; i++ {
		b.WriteRune(rune(0x4e00 + i%n))
	}
	return b.String()
}

func TestSetTextAcceptsCyrillicAndCutsHugeText(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	ru := strings.Repeat("Съешь же ещё этих мягких французских булок, да выпей чаю. ", 20)
	if _, err := s.SetText("булки.txt", ru); err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	if snap.CorpusName != CustomCorpus || snap.Settings.Corpus != CustomCorpus {
		t.Errorf("corpus %q, want %q", snap.CorpusName, CustomCorpus)
	}
	s.Advance(10 * time.Millisecond)
	if w := s.Snapshot().Window; w == nil || !strings.ContainsRune(string(w.Runes), 'ё') && !strings.ContainsRune(string(w.Runes), 'ш') {
		t.Errorf("window does not show the Cyrillic text: %v", w)
	}
	// Reset and rebuilds keep the learner's text.
	s.Reset()
	if s.Snapshot().CorpusName != CustomCorpus {
		t.Errorf("reset lost the learner's text")
	}
	st := s.Settings()
	st.Cell = core.GRU
	s.Apply(st)
	if s.Snapshot().CorpusName != CustomCorpus {
		t.Errorf("changing the cell lost the learner's text")
	}

	huge := strings.Repeat("abcdefghij klmnopqrst uvwxyz.\n", MaxTextBytes/30+1000)
	notes, err := s.SetText("huge", huge)
	if err != nil {
		t.Fatal(err)
	}
	if notice := words.Join(notes).String(); !strings.Contains(notice, "first") || s.Snapshot().TextChars > MaxTextBytes {
		t.Errorf("huge text: notice %q, %d chars kept", notice, s.Snapshot().TextChars)
	}
}

func TestApplyRebuildsOnlyWhenNeeded(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	s.Advance(10 * time.Millisecond)
	gen := s.Snapshot().Generation
	st := s.Settings()
	st.LR, st.Temperature, st.Paused = 0.01, 0.5, true
	s.Apply(st)
	if g := s.Snapshot().Generation; g != gen {
		t.Errorf("changing the rate, temperature and pause rebuilt the model")
	}
	if s.lm.LR() != 0.01 {
		t.Errorf("learning rate %v, want 0.01", s.lm.LR())
	}
	st.Corpus = "no-such-text"
	if problems := s.Apply(st); len(problems) == 0 || s.Settings().Corpus != "patterns" ||
		!strings.Contains(problems[0].String(), s.builtinNames()) {
		t.Errorf("unknown corpus: problems %v (should list the texts there are), corpus %q", problems, s.Settings().Corpus)
	}
	st = s.Settings()
	st.Hidden = 24
	s.Apply(st)
	if g := s.Snapshot().Generation; g == gen {
		t.Errorf("changing the hidden size kept the old model")
	}
	st.Corpus = otherText()
	s.Apply(st)
	if s.Snapshot().CorpusName != otherText() {
		t.Errorf("corpus %q, want %s", s.Snapshot().CorpusName, otherText())
	}
}

func TestSnapshotsAreImmutable(t *testing.T) {
	st := small()
	st.Hidden = 4
	s, _ := newTestSession(t, st, time.Millisecond)
	s.Advance(10 * time.Millisecond)
	old := s.Snapshot()
	saved := append([]LossPoint(nil), old.History...)
	for s.Snapshot().Step < maxHistory+50 {
		s.Advance(50 * time.Millisecond)
	}
	if len(s.Snapshot().History) > maxHistory {
		t.Errorf("history grew to %d points", len(s.Snapshot().History))
	}
	for i := range saved {
		if old.History[i] != saved[i] {
			t.Fatalf("an old snapshot's history changed at %d: %v → %v", i, saved[i], old.History[i])
		}
	}
}

func TestDivergencePausesAndExplains(t *testing.T) {
	st := small()
	st.LR = MaxLR
	s, _ := newTestSession(t, st, time.Millisecond)
	for i := 0; i < 200 && s.Snapshot().Error.IsZero(); i++ {
		s.Advance(20 * time.Millisecond)
	}
	snap := s.Snapshot()
	if snap.Error.IsZero() {
		t.Fatalf("learning rate %g did not diverge in %d steps (loss %v)", MaxLR, snap.Step, snap.Loss)
	}
	if !snap.Settings.Paused || !strings.Contains(snap.Error.String(), "Lower the learning rate") {
		t.Errorf("after divergence: paused=%v, error %q", snap.Settings.Paused, snap.Error)
	}
	if len(snap.Blowups) != 1 || snap.Blowups[0].LR != MaxLR || snap.Blowups[0].Step != snap.Step {
		t.Errorf("blow-ups %+v, want one at step %d with rate %v", snap.Blowups, snap.Step, MaxLR)
	}
	restored := fmt.Sprintf("model of step %d was restored", snap.Step)
	if snap.Step == 0 {
		restored = "starting weights"
	}
	if !strings.Contains(snap.Error.String(), restored) {
		t.Errorf("the message does not say which model is shown (%q): %q", restored, snap.Error)
	}
	if math.IsNaN(snap.Loss) && snap.Step > 0 || math.IsInf(snap.Loss, 0) {
		t.Errorf("the shown loss is %v", snap.Loss)
	}
	// The views are refreshed from the restored model: its window loss is
	// about that of an untrained model, not of the wrecked one.
	for i := 0; i < 3; i++ {
		s.Advance(0)
	}
	snap = s.Snapshot()
	if w := snap.Window; w == nil || w.Loss > 6 || math.IsNaN(w.Loss) {
		t.Errorf("after restoring, the window shows loss %v", w.Loss)
	}
}

// TestDivergenceDropsLostHistory checks that the loss points of the steps
// undone by a divergence leave the charts, and old snapshots keep theirs.
func TestDivergenceDropsLostHistory(t *testing.T) {
	st := small()
	st.LR = 3
	s, _ := newTestSession(t, st, time.Millisecond)
	var before Snapshot
	for i := 0; i < 500 && s.Snapshot().Error.IsZero(); i++ {
		before = s.Snapshot()
		s.StepOnce()
		s.Advance(0) // lets validation points be taken too
	}
	after := s.Snapshot()
	if after.Error.IsZero() {
		t.Fatalf("learning rate %v did not diverge", st.LR)
	}
	saved := append([]LossPoint(nil), before.History...)
	if after.Step >= before.Step {
		t.Fatalf("no steps were undone: %d before, %d after", before.Step, after.Step)
	}
	for name, h := range map[string][]LossPoint{"loss": after.History, "validation": after.ValHistory} {
		for _, p := range h {
			if p.Step > after.Step {
				t.Errorf("%s history keeps step %d after the model went back to step %d", name, p.Step, after.Step)
			}
		}
	}
	s.StepOnce()
	if s.Snapshot().Step != after.Step+1 {
		t.Fatalf("step after restore: %d, want %d", s.Snapshot().Step, after.Step+1)
	}
	for i := range saved {
		if before.History[i] != saved[i] {
			t.Fatalf("an old snapshot's history changed at %d", i)
		}
	}
}

func TestSuggestLR(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{{10, 0.003}, {1, 0.003}, {0.5, 0.003}, {0.06, 0.002}, {0.03, 0.001}} {
		if got := suggestLR(tc.in); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("suggestLR(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestSuggestedRateTrains follows the advice of the divergence message: the
// suggested rate must be printed cleanly and must then train without
// diverging again.
func TestSuggestedRateTrains(t *testing.T) {
	for _, lr := range []float64{10, 3, 1} {
		st := DefaultSettings()
		st.LR = lr
		s, _ := newTestSession(t, st, time.Millisecond)
		for i := 0; i < 300 && s.Snapshot().Error.IsZero(); i++ {
			s.StepOnce()
		}
		msg := s.Snapshot().Error.String()
		if msg == "" {
			t.Fatalf("learning rate %v did not diverge", lr)
		}
		want := "(try " + words.Value(words.English, suggestLR(lr)) + ")"
		if !strings.Contains(msg, want) || strings.Contains(msg, "0000000") {
			t.Fatalf("rate %v: message %q lacks a clean %q", lr, msg, want)
		}
		next := s.Settings()
		next.LR = suggestLR(lr)
		next.Paused = false
		s.Apply(next)
		start := s.Snapshot().Step
		for s.Snapshot().Step < start+300 {
			s.StepOnce()
			if e := s.Snapshot().Error; !e.IsZero() {
				t.Fatalf("rate %v, suggested %v: diverged again at step %d: %s", lr, next.LR, s.Snapshot().Step, e)
			}
		}
	}
}

func TestRateMeter(t *testing.T) {
	var m rateMeter
	t0 := time.Unix(0, 0)
	// 100 chars and 5 ms of training every 10 ms: 10000 chars/s, share 0.5.
	for i := 0; i <= 300; i++ {
		m.add(t0.Add(time.Duration(i)*10*time.Millisecond), int64(100*i), time.Duration(i)*5*time.Millisecond)
	}
	rate, share := m.rates()
	if math.Abs(rate-10000) > 1 || math.Abs(share-0.5) > 1e-9 {
		t.Errorf("rates = %v chars/s, share %v; want 10000, 0.5", rate, share)
	}
	var empty rateMeter
	if r, s := empty.rates(); r != 0 || s != 0 {
		t.Errorf("empty meter: %v, %v", r, s)
	}
}

// BenchmarkAdvance is one frame's work at a 16 ms budget with the default
// model: steps, and now and then a trace, sample or validation refresh.
func BenchmarkAdvance(b *testing.B) {
	s, err := New(builtins(), DefaultSettings(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.Advance(16 * time.Millisecond)
	}
	b.ReportMetric(s.Snapshot().CharsPerSec, "chars/s")
}

func TestMoveWindow(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	s.SetWindowLen(40)
	start := s.windowStart
	s.MoveWindow(1)
	next := s.windowStart
	if next <= start {
		t.Fatalf("next window starts at %d, the first at %d", next, start)
	}
	s.MoveWindow(-1)
	if s.windowStart >= next {
		t.Errorf("previous window starts at %d, not before %d", s.windowStart, next)
	}
	s.Advance(0)
	w := s.Snapshot().Window
	if w == nil || w.T > 40 || w.T < 32 {
		t.Fatalf("window after moving: %+v", w)
	}
	// A passage starts at a sentence and ends after a whole word.
	if first := w.Runes[0]; !unicode.IsUpper(first) {
		t.Errorf("the passage starts with %q, not a sentence's capital: %q", first, string(w.Runes))
	}
	if next := w.Next[w.T-1]; next != ' ' && next != '\n' {
		t.Errorf("the passage ends inside a word (next %q): %q", next, string(w.Runes))
	}
	// Another cell reads the same passage; another text starts at its top.
	s.MoveWindow(1)
	at := s.windowStart
	st := s.Settings()
	st.Cell = core.GRU
	s.Apply(st)
	if s.windowStart != at {
		t.Errorf("a new cell moved the passage from %d to %d", at, s.windowStart)
	}
	st.Corpus = otherText()
	s.Apply(st)
	if s.windowStart == at {
		t.Errorf("a new text kept the old text's position %d", at)
	}
}

// BenchmarkStep times one training step of the app's batch for model sizes
// near the caps in Normalize; run it under wasm to check them:
// PATH=$PATH:$(go env GOROOT)/lib/wasm GOOS=js GOARCH=wasm go test ./lab -run XXX -bench Step -benchtime 3x
func BenchmarkStep(b *testing.B) {
	for _, c := range []struct {
		cell          core.Cell
		hidden, layer int
	}{{core.LSTM, 144, 1}, {core.LSTM, 88, 2}, {core.LSTM, 72, 3}, {core.GRU, 176, 1}, {core.GRU, 104, 2}, {core.GRU, 80, 3}, {core.RNNTanh, 256, 1}, {core.RNNTanh, 176, 2}, {core.RNNTanh, 144, 3}} {
		b.Run(fmt.Sprintf("%v-h%d-l%d", c.cell, c.hidden, c.layer), func(b *testing.B) {
			st := DefaultSettings()
			st.Cell, st.Hidden, st.Layers = c.cell, c.hidden, c.layer
			clk := &fakeClock{t: time.Unix(0, 0), tick: time.Millisecond}
			s, err := New(builtins(), st, clk.now)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.step()
			}
		})
	}
}

func TestSetTextKeepsFrequentCharactersOfBigAlphabets(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	// 3,000 distinct CJK characters, the first 50 much more frequent.
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		b.WriteRune(rune(0x4e00 + i))
		if i%60 == 0 {
			b.WriteString("。\n")
		}
	}
	for i := 0; i < 200; i++ {
		for j := 0; j < 50; j++ {
			b.WriteRune(rune(0x4e00 + j))
		}
	}
	notes, err := s.SetText("cjk", b.String())
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if notice := words.Join(notes).String(); !strings.Contains(notice, "kept the 999 most frequent of 3,002 different characters; the rest are shown as □") {
		t.Errorf("notice %q", notice)
	}
	snap := s.Snapshot()
	if snap.CorpusName != CustomCorpus || snap.Vocab > MaxVocab {
		t.Errorf("corpus %q, vocabulary %d", snap.CorpusName, snap.Vocab)
	}
}

func TestSetTextRefusesControlsAndStripsStrayOnes(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	var blob strings.Builder
	for i := 0; i < 3000; i++ {
		blob.WriteRune(rune(0x80 + i%32))
		if i%5 == 0 {
			blob.WriteByte('a')
		}
	}
	before := s.Snapshot()
	if _, err := s.SetText("blob", blob.String()); err == nil || !strings.Contains(err.Error(), "binary data") {
		t.Fatalf("C1 blob: err %v", err)
	}
	if after := s.Snapshot(); after.Generation != before.Generation || after.CorpusName != before.CorpusName {
		t.Fatalf("refusing the blob changed the model")
	}
	good := strings.Repeat("the cat sat on the mat.\n", 40) + "\u0085x\u009f\u0007"
	notes, err := s.SetText("good", good)
	if err != nil {
		t.Fatal(err)
	}
	if notice := words.Join(notes).String(); !strings.Contains(notice, "removed 3 control characters") {
		t.Errorf("notice %q", notice)
	}
	if !strings.Contains(s.Snapshot().CorpusTitle.String(), "characters)") {
		t.Errorf("title %q", s.Snapshot().CorpusTitle)
	}
}

func TestSetTextAcceptsShortCRLFLines(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	notes, err := s.SetText("crlf", strings.Repeat("ab\r\nba\r\n", 200))
	if err != nil || len(notes) > 0 {
		t.Fatalf("CRLF text: notes %v, err %v", notes, err)
	}
}

// TestValidationFollowsTheEarlyFall checks the validation schedule: every
// ValEvery, and sooner while the step count doubles.
func TestValidationFollowsTheEarlyFall(t *testing.T) {
	var s Session
	t0 := time.Unix(100, 0)
	for _, c := range []struct {
		lastStep, steps int
		since           time.Duration
		due             bool
	}{
		{0, 15, ValEvery / 4, false},     // too few new steps
		{0, 16, ValEvery / 4, true},      // from step 0, 16 steps are worth a point
		{40, 96, ValEvery / 8, true},     // the step count doubled
		{40, 95, ValEvery / 2, false},    // not yet doubled
		{40, 1000, ValEvery / 10, false}, // doubled, but too soon after the last
		{500, 501, ValEvery, true},       // the regular interval
	} {
		s.sched.lastVal, s.sched.valStep = t0, c.lastStep
		if got := s.sched.valDue(t0.Add(c.since), c.steps); got != c.due {
			t.Errorf("last validation at step %d, now step %d after %v: due %v, want %v", c.lastStep, c.steps, c.since, got, c.due)
		}
	}
}

// TestPreviousRunIsKeptForComparison checks that a new cell keeps the old
// model's loss curve beside it, and that a new text drops it.
func TestPreviousRunIsKeptForComparison(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	for s.Snapshot().Step < minPreviousSteps {
		s.StepOnce()
	}
	old := s.Snapshot().History
	st := s.Settings()
	st.Cell = core.GRU
	s.Apply(st)
	p := s.Snapshot().Previous
	lstm := RunLabel{core.LSTM, 16, 1, 0.003}
	if p == nil || p.Label != lstm || len(p.History) != len(old) || len(s.Snapshot().History) != 0 {
		t.Fatalf("after switching to a GRU: previous run %+v, want the LSTM's %d points", p, len(old))
	}
	s.StepOnce() // a few GRU steps are not worth keeping: the LSTM stays the comparison
	st.Cell = core.RNNTanh
	s.Apply(st)
	if p := s.Snapshot().Previous; p == nil || p.Label != lstm {
		t.Errorf("after a one-step GRU: previous run %+v, want still the LSTM", p)
	}
	st.Seed = 7 // another start on the same text is still comparable
	s.Apply(st)
	if p := s.Snapshot().Previous; p == nil {
		t.Errorf("a new seed dropped the previous run")
	}
	st.Corpus = otherText()
	s.Apply(st)
	if p := s.Snapshot().Previous; p != nil {
		t.Errorf("another text kept the previous run %v, whose losses are not comparable", p.Label)
	}
}

// TestSetTextComposesAccents checks that decomposed accents (e + U+0301)
// become one character, so the model and the font see "é".
func TestSetTextComposesAccents(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	if _, err := s.SetText("nfd", strings.Repeat("cafe\u0301 au lait, the\u0301 ou re\u0301sume\u0301.\n", 20)); err != nil {
		t.Fatal(err)
	}
	a := s.Snapshot().Alphabet
	if slices.Contains(a, '\u0301') || !slices.Contains(a, 'é') {
		t.Errorf("alphabet %q: want é composed, no lone accent", string(a))
	}
}

// TestWindowHoldsEveryLayer checks that the window of a stacked model has
// every layer's values, the bottom one first, so the views can show any.
func TestWindowHoldsEveryLayer(t *testing.T) {
	st := small()
	st.Layers = 2
	s, _ := newTestSession(t, st, time.Millisecond)
	s.Advance(0)
	w := s.Snapshot().Window
	if w == nil || len(w.Layers) != 2 {
		t.Fatalf("window %+v: want a trace of 2 layers", w)
	}
	a, b := w.Layers[0].Groups[0].Values, w.Layers[1].Groups[0].Values
	if slices.Equal(a, b) {
		t.Errorf("both layers hold the same values")
	}
}
