package core

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The standard speed workload: a one-layer char LM over 65 symbols, one-hot
// input, T=25, one Adam update per chunk. chars/s counts characters trained
// (forward, backward and update).
func benchmarkTraining(b *testing.B, cell Cell, hidden, batch int) {
	const V, T = 65, 25
	rng := rand.New(rand.NewPCG(1, 2))
	m := benchModel(b, cell, hidden, rng)
	opt, _ := NewOptimizer("adam", 0.002)
	in, tg := make([]int32, T*batch), make([]int32, T*batch)
	for i := range in {
		in[i], tg[i] = int32(rng.IntN(V)), int32(rng.IntN(V))
	}
	st := m.NewState(batch)
	step := func() {
		ZeroGrad(m.Params())
		m.TrainLoss(in, tg, T, batch, st)
		ClipGradNorm(m.Params(), 5)
		opt.Step(m.Params())
	}
	step() // sizes every buffer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(b.N*T*batch)/b.Elapsed().Seconds(), "chars/s")
}

// benchModel is a one-layer model over 65 symbols (! to a), one-hot input.
func benchModel(b *testing.B, cell Cell, hidden int, rng *rand.Rand) *LM {
	runes := make([]rune, 65)
	for i := range runes {
		runes[i] = rune('!' + i)
	}
	vocab, _ := VocabFromRunes(runes)
	m, err := NewLM(LMConfig{Cell: cell, Hidden: hidden, Layers: 1}, vocab, rng)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkTrain(b *testing.B) {
	for _, c := range []struct {
		cell   Cell
		hidden int
	}{{LSTM, 128}, {GRU, 128}, {RNNTanh, 128}, {LSTM, 256}} {
		for _, batch := range []int{1, 32} {
			b.Run(fmt.Sprintf("%s-%d/B=%d", c.cell, c.hidden, batch), func(b *testing.B) {
				benchmarkTraining(b, c.cell, c.hidden, batch)
			})
		}
	}
}
