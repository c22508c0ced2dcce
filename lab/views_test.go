package lab

import (
	"math"
	"slices"
	"testing"
	"time"

	"rnnlab/core"
)

// focusAndAdvance points the session at step t, layer l, unit u with the
// given watch and lets it measure.
func focusAndAdvance(s *Session, f Focus, w Watch, calls int) Snapshot {
	s.SetFocus(f)
	s.SetWatch(w)
	for range calls {
		s.Advance(0)
	}
	return s.Snapshot()
}

// TestCellStepAddsUp checks that the cell step's numbers are the cell's
// equations over the traced values: each activation is its gate's function
// of X + H, and they combine into the unit's h and c as the trace has them.
func TestCellStepAddsUp(t *testing.T) {
	for _, cell := range []core.Cell{core.RNNTanh, core.RNNReLU, core.LSTM, core.GRU} {
		for _, layers := range []int{1, 2} {
			st := small()
			st.Cell, st.Layers, st.Paused = cell, layers, true
			s, _ := newTestSession(t, st, time.Millisecond)
			for range 5 {
				s.StepOnce()
			}
			f := Focus{T: 7, Layer: layers - 1, Unit: 3}
			snap := focusAndAdvance(s, f, Watch{}, 3)
			cs, w := snap.CellStep, snap.Window
			if cs == nil || cs.T != f.T || cs.Layer != f.Layer || cs.Unit != f.Unit {
				t.Fatalf("%v×%d: cell step %+v, want one for %+v", cell, layers, cs, f)
			}
			near := func(what string, got, want float64) {
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%v×%d: %s = %.12f, the trace has %.12f", cell, layers, what, got, want)
				}
			}
			groups := w.Layers[f.Layer].Groups
			sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
			for _, g := range cs.Gates {
				switch g.Key {
				case "h":
					want := math.Tanh(g.X + g.H)
					if cell == core.RNNReLU {
						want = math.Max(0, g.X+g.H)
					}
					near("h's activation", g.Act, want)
					near("h", g.Act, cs.H)
				case "g", "n":
					near(g.Key, g.Act, math.Tanh(g.Pre))
					near(g.Key+" in the trace", g.Act, groupByKey(groups, g.Key).Value(f.T, f.Unit))
				default:
					near(g.Key, g.Act, sig(g.Pre))
					near(g.Key+"'s pre-activation", g.Pre, g.X+g.H)
					near(g.Key+" in the trace", g.Act, groupByKey(groups, g.Key).Value(f.T, f.Unit))
				}
			}
			act := map[string]float64{}
			for _, g := range cs.Gates {
				act[g.Key] = g.Act
			}
			switch cell {
			case core.LSTM:
				near("c = f·c₋₁ + i·g", act["f"]*cs.CPrev+act["i"]*act["g"], cs.C)
				near("h = o·tanh(c)", act["o"]*math.Tanh(cs.C), cs.H)
			case core.GRU:
				near("h = (1−z)·n + z·h₋₁", (1-act["z"])*act["n"]+act["z"]*cs.HPrev, cs.H)
			}
			near("h₋₁", cs.HPrev, groups[0].Value(f.T-1, f.Unit))
		}
	}
}

// TestGradsOfTheFocusedStep checks that the gradients follow the focus and
// have one value per earlier step, the LSTM's also along c.
func TestGradsOfTheFocusedStep(t *testing.T) {
	for _, cell := range []core.Cell{core.RNNTanh, core.LSTM, core.GRU} {
		st := small()
		st.Cell, st.Paused = cell, true
		s, _ := newTestSession(t, st, time.Millisecond)
		s.StepOnce()
		snap := focusAndAdvance(s, Focus{T: 20, Unit: 2}, Watch{Grads: true}, 3)
		g := snap.Grads
		if g == nil || g.T != 20 || len(g.Layers) != 1 || len(g.Layers[0].NormH) != 21 || len(g.Connect) != 21 {
			t.Fatalf("%v: grads %+v, want 21 steps of one layer for target 20", cell, g)
		}
		if hasC := len(g.Layers[0].NormC) == 21 && len(g.Layers[0].UnitC) == 21 && len(g.Layers[0].Forget) == 21; hasC != (cell == core.LSTM) {
			t.Errorf("%v: gradients along c and forget gates present: %v", cell, hasC)
		}
		if !(g.Layers[0].NormH[20] > 0) || g.Target != snap.Window.Next[20] {
			t.Errorf("%v: ‖∂L/∂h_T‖ = %v, target %q (the next character is %q)", cell, g.Layers[0].NormH[20], g.Target, snap.Window.Next[20])
		}
		if g.Unit != 2 || g.Layer != 0 {
			t.Errorf("%v: grads for unit %d of layer %d, want unit 2 of layer 0", cell, g.Unit, g.Layer)
		}
		if g2 := focusAndAdvance(s, Focus{T: 5}, Watch{Grads: true}, 2).Grads; g2 == nil || g2.T != 5 {
			t.Errorf("%v: after moving the focus to 5 the gradients are for %+v", cell, g2)
		}
	}
}

// TestDecayCurveShowsVanishing measures the decay curve of a briefly
// trained tanh RNN and LSTM: it starts at 1 and falls with distance, and
// the first model's curve stays beside the second's.
func TestDecayCurveShowsVanishing(t *testing.T) {
	st := small()
	st.Cell = core.RNNTanh
	s, _ := newTestSession(t, st, time.Millisecond)
	for s.Snapshot().Step < 60 {
		s.Advance(20 * time.Millisecond)
	}
	s.SetWatch(Watch{Decay: true})
	var d *Decay
	for i := 0; i < 2000 && (d == nil || d.Positions < DecayPositions); i++ {
		s.Advance(0)
		d = s.Snapshot().Decay
	}
	if d == nil || len(d.Ratio) != DecayDist+1 || math.Abs(d.Ratio[0]-1) > 1e-12 {
		t.Fatalf("decay curve %+v: want %d distances from ratio 1", d, DecayDist+1)
	}
	if !(d.Ratio[10] < 0.5 && d.Ratio[50] < d.Ratio[10]) {
		t.Errorf("tanh RNN's gradient does not fade: ratio %.3g at 10, %.3g at 50", d.Ratio[10], d.Ratio[50])
	}
	t.Logf("tanh RNN-16 after %d steps: ratio at 1, 10, 30, 50: %.2g %.2g %.2g %.2g", d.Step, d.Ratio[1], d.Ratio[10], d.Ratio[30], d.Ratio[50])
	st = s.Settings()
	st.Cell = core.LSTM
	s.Apply(st)
	if p := s.Snapshot().DecayPrev; p == nil || p.Label.Cell != core.RNNTanh {
		t.Errorf("after switching to an LSTM the RNN's curve is gone: %+v", p)
	}
}

// labelPassage is a label's values along the passage.
func labelPassage(f *Flags, name string) []float64 {
	for _, l := range f.Labels {
		if l.Name == name {
			return l.Passage
		}
	}
	return nil
}

// trainChars trains s until it has read n characters.
func trainChars(s *Session, n int64) {
	for s.Snapshot().Chars < n {
		s.Advance(50 * time.Millisecond)
	}
}

// findFlags watches the flags until a pass finishes after the given step
// that measured with the units switched off.
func findFlags(t *testing.T, s *Session, after int) *Flags {
	t.Helper()
	s.SetWatch(Watch{Flags: true})
	for i := 0; i < 100000; i++ {
		s.Advance(0)
		if f := s.Snapshot().Flags; f != nil && f.Step >= after && len(f.Off) == len(s.Ablated()) {
			return f
		}
	}
	t.Fatal("the flags were never found")
	return nil
}

// TestQuoteFlagAppearsAndMatters is the flags view's promise, measured on
// the shipped default text with the app's default model and settings
// (LSTM-64, 8 lanes of 32 characters, Adam 0.003, seed 1): within 700k
// trained characters a unit of c follows "inside quotes" with |r| ≥ 0.8
// over ≥ 2,000 held-out characters, and switching that unit off makes the
// model worse at what the label governs (the closing quote and the
// capitals inside quotes).
func TestQuoteFlagAppearsAndMatters(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for 100k+ characters")
	}
	s, _ := newTestSession(t, DefaultSettings(), time.Millisecond)
	var quote FlagLabel
	for chars := int64(100_000); ; chars += 100_000 {
		trainChars(s, chars)
		f := findFlags(t, s, s.Snapshot().Step)
		if f.Chars < 2000 || f.Group != "c" {
			t.Fatalf("flags over %d characters of %s, want ≥ 2,000 of c", f.Chars, f.Group)
		}
		for _, l := range f.Labels {
			if l.Name == "quote" {
				quote = l
			}
		}
		if len(quote.Best) == 0 {
			t.Fatalf("no quote flag: %+v", quote)
		}
		t.Logf("after %dk characters: quote ≈ unit %d of layer %d, r = %.3f", s.Snapshot().Chars/1000, quote.Best[0].Unit, quote.Best[0].Layer, quote.Best[0].R)
		if math.Abs(quote.Best[0].R) >= 0.8 {
			break
		}
		if chars >= 700_000 {
			t.Fatalf("no unit follows the quotes with |r| ≥ 0.8 within 700k characters: %+v", quote.Best)
		}
	}
	// The flags view opened on a passage with quotes in it.
	if w := s.Snapshot().Flags; w == nil || !slices.Contains(labelPassage(w, "quote"), 1) {
		t.Errorf("the passage shown has no quotes: %q", string(s.Snapshot().Window.Runes))
	}
	if quote.Governs < 50 || !(quote.P > 0) || !math.IsNaN(quote.POff) {
		t.Fatalf("quote governs %d characters, P %v, POff %v (want NaN with nothing off)", quote.Governs, quote.P, quote.POff)
	}
	best := quote.Best[0]
	if err := s.SetAblated([]core.Unit{{Layer: best.Layer, Index: best.Unit}}); err != nil {
		t.Fatal(err)
	}
	f := findFlags(t, s, s.Snapshot().Step)
	for _, l := range f.Labels {
		if l.Name == "quote" {
			quote = l
		}
	}
	t.Logf("what quotes govern (%d characters): guessed right %.0f%% → %.0f%%, mean probability %.2f → %.2f, of the right kind %.2f → %.2f with unit %d off",
		quote.Governs, 100*quote.Acc, 100*quote.AccOff, quote.P, quote.POff, quote.PKind, quote.PKindOff, best.Unit)
	// Measured (seed 1): 0.185 → 0.154 at 100k characters, 0.354 → 0.238
	// at 700k; with the two best units off, 0.354 → 0.160.
	if !(quote.POff < 0.9*quote.P) {
		t.Errorf("switching the quote unit off hardly matters: mean probability %.3f → %.3f", quote.P, quote.POff)
	}
	if w := s.Snapshot().Window; w == nil {
		t.Fatal("no window")
	}
	if err := s.SetAblated([]core.Unit{{Layer: 0, Index: 9999}}); err == nil || len(s.Ablated()) != 1 {
		t.Errorf("a unit outside the model: err %v, ablated %v (want an error and no change)", err, s.Ablated())
	}
}
