package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// trainedLM is a model after a few training steps on patterned text, with
// a long held-out sequence of its characters.
func trainedLM(t testing.TB, cell Cell, layers int) (*LM, []int32) {
	t.Helper()
	cfg := smallConfig(cell)
	cfg.Model.Layers = layers
	tr, err := NewTrainer(patterned(4000), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	ids, _ := tr.Model.Vocab.Encode(patterned(300))
	return tr.Model, ids
}

// The forward trace holds, bit for bit, what TraceWindow records, also when
// the text is longer than one chunk and computed in uneven pieces.
func TestForwardTraceMatchesTraceWindow(t *testing.T) {
	for _, cell := range allCells {
		t.Run(cell.String(), func(t *testing.T) {
			m, ids := trainedLM(t, cell, 2)
			st := m.NewState(1)
			copy(st.H, randVec(rand.New(rand.NewPCG(1, 1)), len(st.H), 0.3))
			copy(st.C, randVec(rand.New(rand.NewPCG(1, 2)), len(st.C), 0.3))
			stBefore := st.Clone()
			wt, err := m.TraceWindow(ids, st)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := m.ForwardTrace(ids, st, nil)
			if err != nil {
				t.Fatal(err)
			}
			pieces, _ := m.StartForwardTrace(ids, st, nil)
			for !pieces.Advance(7) {
			}
			if !slices.Equal(st.H, stBefore.H) || !slices.Equal(st.C, stBefore.C) {
				t.Error("ForwardTrace changed the initial state it was given")
			}
			for _, ft := range []*ForwardTrace{whole, pieces} {
				compareWithWindow(t, ft, wt)
			}
			if want := m.Loss(ids[:len(ids)-1], ids[1:], len(ids)-1, 1, st.Clone()); whole.Loss() != want {
				t.Errorf("Loss() = %v, LM.Loss %v", whole.Loss(), want)
			}
		})
	}
}

func compareWithWindow(t *testing.T, ft *ForwardTrace, wt *WindowTrace) {
	t.Helper()
	H, V := ft.H, ft.V
	if ft.T != wt.T || ft.N != ft.T || len(ft.Layers) != len(wt.Dirs) {
		t.Fatalf("sizes: T=%d N=%d layers=%d, window T=%d dirs=%d", ft.T, ft.N, len(ft.Layers), wt.T, len(wt.Dirs))
	}
	for tt := 0; tt < ft.T; tt++ {
		if !slices.Equal(ft.Probs[tt*V:(tt+1)*V], wt.Probs[tt]) {
			t.Fatalf("position %d: probabilities differ", tt)
		}
		if want := -math.Log(wt.Probs[tt][wt.Tokens[tt+1]]); ft.NLL[tt] != want {
			t.Fatalf("position %d: NLL %v, want %v", tt, ft.NLL[tt], want)
		}
		for l, lt := range ft.Layers {
			d := wt.Dirs[l]
			if !slices.Equal(lt.Hidden[tt*H:(tt+1)*H], d.Hidden[tt]) {
				t.Fatalf("layer %d position %d: h differs", l, tt)
			}
			if ft.Cell == LSTM && !slices.Equal(lt.CellState[tt*H:(tt+1)*H], d.CellState[tt]) {
				t.Fatalf("layer %d position %d: c differs", l, tt)
			}
			for g := range d.Gates {
				if !slices.Equal(lt.Gates[g][tt*H:(tt+1)*H], d.Gates[g][tt]) {
					t.Fatalf("layer %d position %d: gate %s differs", l, tt, ft.GateNames[g])
				}
			}
		}
	}
}

// Tracing again into the same ForwardTrace allocates nothing.
func TestForwardTraceReuse(t *testing.T) {
	for _, cell := range allCells {
		m, ids := trainedLM(t, cell, 2)
		first, _ := m.ForwardTrace(ids, nil, nil)
		want := slices.Clone(first.Layers[1].Hidden)
		ft, _ := m.ForwardTrace(ids[:50], nil, nil) // smaller first: reuse must grow
		allocs := testing.AllocsPerRun(3, func() {
			ft, _ = m.ForwardTrace(ids, nil, ft)
		})
		if allocs > 0 {
			t.Errorf("%s: tracing into a used trace allocates %v times", cell, allocs)
		}
		if !slices.Equal(ft.Layers[1].Hidden, want) {
			t.Errorf("%s: a reused trace differs from a fresh one", cell)
		}
		tg, _ := ft.TargetGrad(ft.T-1, 0, nil)
		allocs = testing.AllocsPerRun(3, func() { tg, _ = ft.TargetGrad(ft.T-1, 0, tg) })
		if allocs > 0 {
			t.Errorf("%s: TargetGrad into a used result allocates %v times", cell, allocs)
		}
	}
}

func TestForwardTraceBadInput(t *testing.T) {
	m, ids := trainedLM(t, LSTM, 1)
	V := int32(m.Vocab.Size())
	two := m.NewState(2)
	gru, _ := NewLM(LMConfig{Cell: GRU, Hidden: m.Config.Hidden, Layers: 1}, m.Vocab, rand.New(rand.NewPCG(1, 1)))
	for _, c := range []struct {
		name string
		ids  []int32
		st   *State
		want string
	}{
		{"one character", ids[:1], nil, "at least 2"},
		{"unknown id", []int32{0, V}, nil, "outside the vocabulary"},
		{"negative id", []int32{-1, 0}, nil, "outside the vocabulary"},
		{"two lanes", ids, two, "one lane"},
		{"state without c", ids, gru.NewState(1), "one lane"},
		{"too long", make([]int32, MaxTraceFloats/(m.Config.Hidden*6)+2), nil, "limit"},
	} {
		if _, err := m.ForwardTrace(c.ids, c.st, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

func BenchmarkForwardTrace(b *testing.B) {
	for _, c := range []struct {
		cell   Cell
		hidden int
	}{{LSTM, 64}, {GRU, 64}, {RNNTanh, 64}} {
		b.Run(fmt.Sprintf("%s-%d", c.cell, c.hidden), func(b *testing.B) {
			m, ids := benchLM(b, c.cell, c.hidden, 2001)
			ft, _ := m.ForwardTrace(ids, nil, nil)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ft, _ = m.ForwardTrace(ids, nil, ft)
			}
			b.ReportMetric(float64(b.N*(len(ids)-1))/b.Elapsed().Seconds(), "chars/s")
		})
	}
}

// benchLM is benchModel with a random text of n characters.
func benchLM(b *testing.B, cell Cell, hidden, n int) (*LM, []int32) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := benchModel(b, cell, hidden, rng)
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(rng.IntN(65))
	}
	return m, ids
}
