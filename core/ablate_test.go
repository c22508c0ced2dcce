package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A switched-off unit reads exactly 0 at every position in every trace,
// its gates still move, and the other units notice.
func TestAblatedUnitReadsZero(t *testing.T) {
	for _, cell := range allCells {
		t.Run(cell.String(), func(t *testing.T) {
			m, ids := trainedLM(t, cell, 2)
			off := []Unit{{0, 3}, {1, 0}, {1, 3}}
			v, err := m.WithAblation(off)
			if err != nil {
				t.Fatal(err)
			}
			st := m.NewState(1) // off units start at 0 whatever the state says
			for i := range st.H {
				st.H[i] = 0.5
			}
			for i := range st.C {
				st.C[i] = 0.5
			}
			ft, err := v.ForwardTrace(ids, st, nil)
			if err != nil {
				t.Fatal(err)
			}
			wt, err := v.TraceWindow(ids[:60], st)
			if err != nil {
				t.Fatal(err)
			}
			full, _ := m.ForwardTrace(ids, st, nil)
			H := ft.H
			for _, u := range off {
				lt, d := ft.Layers[u.Layer], wt.Dirs[u.Layer]
				if lt.H0[u.Index] != 0 || cell == LSTM && lt.C0[u.Index] != 0 {
					t.Errorf("unit %v: initial state %v, want 0", u, lt.H0[u.Index])
				}
				moved := false
				for tt := 0; tt < ft.T; tt++ {
					j := tt*H + u.Index
					if lt.Hidden[j] != 0 || cell == LSTM && lt.CellState[j] != 0 {
						t.Fatalf("unit %v at position %d: h = %v, want 0", u, tt, lt.Hidden[j])
					}
					if len(lt.Gates) > 0 && lt.Gates[0][j] != lt.Gates[0][u.Index] {
						moved = true
					}
					if tt < wt.T && (d.Hidden[tt][u.Index] != 0 || cell == LSTM && d.CellState[tt][u.Index] != 0) {
						t.Fatalf("unit %v at position %d of the window trace: h = %v, want 0", u, tt, d.Hidden[tt][u.Index])
					}
				}
				if len(lt.Gates) > 0 && !moved {
					t.Errorf("unit %v: its gates stand still", u)
				}
			}
			quiet := st.Clone() // the same state with the off units at 0 gives the same trace
			for _, u := range off {
				quiet.H[u.Layer*H+u.Index] = 0
				if cell == LSTM {
					quiet.C[u.Layer*H+u.Index] = 0
				}
			}
			if fq, _ := v.ForwardTrace(ids, quiet, nil); !slices.Equal(fq.Probs, ft.Probs) {
				t.Error("the initial state of a switched-off unit still counts")
			}
			if slices.Equal(ft.Layers[1].Hidden, full.Layers[1].Hidden) || slices.Equal(ft.Probs, full.Probs) {
				t.Error("switching units off changed nothing else")
			}
			if got := v.Ablated(); !slices.Equal(got, off) {
				t.Errorf("Ablated() = %v, want %v", got, off)
			}
			if m.Ablated() != nil {
				t.Errorf("the model itself has units off: %v", m.Ablated())
			}
		})
	}
}

// An empty ablation computes exactly what the model computes: traces,
// evaluation and samples.
func TestEmptyAblationIsIdentity(t *testing.T) {
	for _, cell := range allCells {
		m, ids := trainedLM(t, cell, 2)
		v, err := m.WithAblation(nil)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := m.ForwardTrace(ids, nil, nil)
		b, _ := v.ForwardTrace(ids, nil, nil)
		if !slices.Equal(a.Probs, b.Probs) || !slices.Equal(a.Layers[0].Hidden, b.Layers[0].Hidden) {
			t.Errorf("%s: the trace differs", cell)
		}
		wa, _ := m.TraceWindow(ids[:40], nil)
		wb, _ := v.TraceWindow(ids[:40], nil)
		if !slices.Equal(wa.Connect, wb.Connect) || !slices.Equal(wa.Dirs[0].GradHidden, wb.Dirs[0].GradHidden) {
			t.Errorf("%s: the window trace's gradients differ", cell)
		}
		ea, _ := m.Evaluate(ids, 3, 16)
		eb, _ := v.Evaluate(ids, 3, 16)
		if ea != eb {
			t.Errorf("%s: Evaluate %v, with an empty ablation %v", cell, ea, eb)
		}
		opt := SampleOptions{N: 80, Temperature: 1, Prime: "the "}
		sa, _ := m.Sample(rand.New(rand.NewPCG(5, 5)), opt)
		sb, _ := v.Sample(rand.New(rand.NewPCG(5, 5)), opt)
		if sa != sb {
			t.Errorf("%s: samples differ: %q and %q", cell, sa, sb)
		}
	}
}

// Views with units off, used between training steps, change nothing in
// training: the parameters after ten steps are the same to the last bit.
func TestAblationNeverTrains(t *testing.T) {
	for _, cell := range allCells {
		run := func(useViews bool) [][]float64 {
			tr, err := NewTrainer(patterned(4000), smallConfig(cell))
			if err != nil {
				t.Fatal(err)
			}
			v, _ := tr.Model.WithAblation([]Unit{{0, 1}, {0, 2}})
			for range 10 {
				if useViews {
					v.Sample(rand.New(rand.NewPCG(1, 1)), SampleOptions{N: 20, Temperature: 1})
					v.Evaluate(tr.Val, 2, 16)
					v.TraceWindow(tr.Val[:30], nil)
					ft, _ := v.ForwardTrace(tr.Val[:30], nil, nil)
					ft.TargetGrad(20, 0, nil)
				}
				if _, err := tr.Step(); err != nil {
					t.Fatal(err)
				}
			}
			var ps [][]float64
			for _, p := range tr.Model.Params() {
				ps = append(ps, slices.Clone(p.Value), slices.Clone(p.Grad))
			}
			return ps
		}
		a, b := run(false), run(true)
		for i := range a {
			if !slices.Equal(a[i], b[i]) {
				t.Fatalf("%s: parameter %d differs after training beside an ablated view", cell, i)
			}
		}
	}
}

// The view shares the model's parameters: it follows training.
func TestAblationFollowsTraining(t *testing.T) {
	tr, _ := NewTrainer(patterned(4000), smallConfig(GRU))
	v, _ := tr.Model.WithAblation([]Unit{{0, 5}})
	before, _ := v.Evaluate(tr.Val, 2, 16)
	for range 5 {
		tr.Step()
	}
	after, _ := v.Evaluate(tr.Val, 2, 16)
	fresh, _ := tr.Model.WithAblation([]Unit{{0, 5}})
	want, _ := fresh.Evaluate(tr.Val, 2, 16)
	if after == before || after != want {
		t.Errorf("view loss %v before and %v after training; a fresh view gives %v", before, after, want)
	}
	snap := tr.Model.Snapshot()
	s0, _ := snap.Evaluate(tr.Val, 2, 16)
	tr.Step()
	if s1, _ := snap.Evaluate(tr.Val, 2, 16); s1 != s0 {
		t.Errorf("a snapshot followed training: %v, then %v", s0, s1)
	}
}

// With every unit off the state is 0 everywhere, so the model predicts
// softmax(b_dec) at every position; sampling and evaluation still work.
func TestAblateEveryUnit(t *testing.T) {
	for _, cell := range allCells {
		m, ids := trainedLM(t, cell, 2)
		var all []Unit
		for l := 0; l < 2; l++ {
			for j := 0; j < m.Config.Hidden; j++ {
				all = append(all, Unit{l, j})
			}
		}
		v, err := m.WithAblation(all)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(m.decB.Value)
		softmaxInPlace(want)
		ft, _ := v.ForwardTrace(ids, nil, nil)
		V := ft.V
		for tt := 0; tt < ft.T; tt++ {
			if !slices.Equal(ft.Probs[tt*V:(tt+1)*V], want) {
				t.Fatalf("%s: position %d: probabilities are not softmax(b_dec)", cell, tt)
			}
		}
		if s, err := v.Sample(rand.New(rand.NewPCG(1, 1)), SampleOptions{N: 30, Temperature: 1}); err != nil || len([]rune(s)) != 30 {
			t.Errorf("%s: sample %q, %v", cell, s, err)
		}
		loss, err := v.Evaluate(ids, 2, 16)
		if err != nil || math.IsNaN(loss) || loss <= 0 {
			t.Errorf("%s: Evaluate = %v, %v", cell, loss, err)
		}
		tg, _ := ft.TargetGrad(ft.T-1, 0, nil)
		for l := range tg.NormH {
			if slices.Max(tg.NormH[l]) != 0 {
				t.Errorf("%s: gradient reaches a switched-off layer %d", cell, l)
			}
		}
	}
}

func TestAblationBadUnits(t *testing.T) {
	m, _ := trainedLM(t, LSTM, 2)
	H := m.Config.Hidden
	for _, c := range []struct {
		u    Unit
		want string
	}{
		{Unit{2, 0}, "the model has 2 layers (0 to 1)"},
		{Unit{-1, 0}, "the model has 2 layers"},
		{Unit{0, H}, fmt.Sprintf("each layer has %d units (0 to %d)", H, H-1)},
		{Unit{1, -1}, "unit -1 of layer 1"},
	} {
		v, err := m.WithAblation([]Unit{{0, 0}, c.u})
		if err == nil || v != nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: view %v, error %v; want one saying %q", c.u, v, err, c.want)
		}
	}
	v, err := m.WithAblation([]Unit{{1, 4}, {0, 2}, {1, 4}, {1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Ablated(), []Unit{{0, 2}, {1, 1}, {1, 4}}; !slices.Equal(got, want) {
		t.Errorf("Ablated() = %v, want %v (sorted, no duplicates)", got, want)
	}
}

// Gradients through an ablated model (TrainLoss on a view, as TraceWindow
// uses) are those of the ablated network, initial state included.
func TestAblatedGradientsFiniteDifference(t *testing.T) {
	vocab, _ := NewVocab("abcdefg")
	for _, cell := range allCells {
		t.Run(cell.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, uint64(cell)))
			m, _ := NewLM(LMConfig{Cell: cell, Hidden: 4, Layers: 2}, vocab, rng)
			v, err := m.WithAblation([]Unit{{0, 1}, {1, 2}})
			if err != nil {
				t.Fatal(err)
			}
			checkLMGradients(t, v, rng)
			for _, p := range m.Params() {
				if slices.ContainsFunc(p.Grad, func(g float64) bool { return g != 0 }) {
					t.Fatalf("the view's backward pass wrote into the model's gradient %s", p.Name)
				}
			}
		})
	}
}
