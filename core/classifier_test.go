package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Token input, one-hot and embedded, for every cell, pooling and direction
// count: central finite differences against every analytic gradient.
func TestClassifierTokenGradientsFiniteDifference(t *testing.T) {
	for _, cell := range allCells {
		for _, embed := range []int{0, 3} {
			for _, bidir := range []bool{false, true} {
				for _, pool := range []Pool{PoolFinal, PoolMean} {
					name := fmt.Sprintf("%s/embed=%d/bidir=%v/%s", cell, embed, bidir, pool)
					t.Run(name, func(t *testing.T) {
						rng := rand.New(rand.NewPCG(12, uint64(cell)))
						c, err := NewClassifier(ClassifierConfig{Stack: StackConfig{Cell: cell, Hidden: 3, Layers: 2, Bidirectional: bidir},
							Classes: 3, Pool: pool, Vocab: 5, Embed: embed}, rng)
						if err != nil {
							t.Fatal(err)
						}
						T, B := 4, 3
						tokens := []int32{0, 1, 4, 2, 2, 3, 4, 0, 1, 1, 3, 2}
						labels := []int{2, 0, 1}
						loss := func() float64 { l, _ := c.LossTokens(tokens, T, B, labels); return l }
						ZeroGrad(c.Params())
						c.TrainLossTokens(tokens, T, B, labels)
						for _, p := range c.Params() {
							fdCheck(t, p.Name, p.Value, append([]float64(nil), p.Grad...), loss)
						}
					})
				}
			}
		}
	}
}

// PrefixProbs row t is the decision for tokens[:t+1] read on its own, and
// the last row is the decision for the whole text.
func TestPrefixProbsMatchesPrefixes(t *testing.T) {
	for _, cell := range allCells {
		for _, bidir := range []bool{false, true} {
			for _, pool := range []Pool{PoolFinal, PoolMean} {
				t.Run(fmt.Sprintf("%s/bidir=%v/%s", cell, bidir, pool), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(3, 4))
					c, err := NewClassifier(ClassifierConfig{Stack: StackConfig{Cell: cell, Hidden: 5, Layers: 2, Bidirectional: bidir},
						Classes: 4, Pool: pool, Vocab: 6, Embed: 2}, rng)
					if err != nil {
						t.Fatal(err)
					}
					tokens := []int32{3, 1, 5, 0, 0, 2, 4}
					rows := c.PrefixProbs(tokens)
					if len(rows) != len(tokens) {
						t.Fatalf("%d rows for %d tokens", len(rows), len(tokens))
					}
					for n := 1; n <= len(tokens); n++ {
						want := c.ProbsTokens(tokens[:n], n, 1)
						for k, p := range rows[n-1] {
							if math.Abs(p-want[k]) > 1e-12 {
								t.Fatalf("prefix of %d: p[%d] = %v, reading the prefix alone gives %v", n, k, p, want[k])
							}
						}
					}
				})
			}
		}
	}
}

// A batch of B texts gives each text the probabilities it gets alone.
func TestProbsTokensBatchRowsAreIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	c, _ := NewClassifier(ClassifierConfig{Stack: StackConfig{Cell: LSTM, Hidden: 4, Layers: 1, Bidirectional: true},
		Classes: 3, Vocab: 7}, rng)
	T, B := 3, 2
	tokens := []int32{1, 6, 2, 5, 0, 0} // text 0: 1 2 0, text 1: 6 5 0
	both := append([]float64(nil), c.ProbsTokens(tokens, T, B)...)
	for b, text := range [][]int32{{1, 2, 0}, {6, 5, 0}} {
		alone := c.ProbsTokens(text, T, 1)
		for k := range alone {
			if math.Abs(alone[k]-both[b*3+k]) > 1e-12 {
				t.Errorf("text %d class %d: %v in the batch, %v alone", b, k, both[b*3+k], alone[k])
			}
		}
	}
}

func TestClassifierConfigErrors(t *testing.T) {
	st := StackConfig{Cell: GRU, Hidden: 4, Layers: 1}
	for _, tc := range []struct {
		cfg  ClassifierConfig
		want string
	}{
		{ClassifierConfig{Stack: st, Classes: 1, Vocab: 5}, "class count 1"},
		{ClassifierConfig{Stack: st, Classes: 1000000, Vocab: 5}, "class count 1000000"},
		{ClassifierConfig{Stack: st, Classes: 2, Vocab: -1}, "vocabulary size -1"},
		{ClassifierConfig{Stack: st, Classes: 2, Vocab: 5, Embed: -2}, "embedding width -2"},
		{ClassifierConfig{Stack: StackConfig{Cell: GRU, Hidden: 4, Layers: 1, Input: 3}, Classes: 2, Embed: 8}, "needs token input"},
		{ClassifierConfig{Stack: st, Classes: 2, Vocab: 5, Pool: Pool(7)}, "unknown pooling"},
		{ClassifierConfig{Stack: StackConfig{Cell: GRU, Hidden: 0, Layers: 1}, Classes: 2, Vocab: 5}, "hidden size 0"},
		{ClassifierConfig{Stack: StackConfig{Cell: LSTM, Hidden: 4000, Layers: 4, Bidirectional: true}, Classes: 2, Vocab: 5}, "parameters"},
		{ClassifierConfig{Stack: st, Classes: 2, Vocab: 60000, Embed: 4000}, "parameters"},
	} {
		_, err := NewClassifier(tc.cfg, rand.New(rand.NewPCG(1, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one containing %q", tc.cfg, err, tc.want)
		}
	}
}

func TestParsePool(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Pool
		ok   bool
	}{{"final", PoolFinal, true}, {"last", PoolFinal, true}, {"mean", PoolMean, true}, {"max", 0, false}, {"", 0, false}} {
		got, err := ParsePool(tc.in)
		if (err == nil) != tc.ok || tc.ok && got != tc.want {
			t.Errorf("ParsePool(%q) = %v, %v", tc.in, got, err)
		}
		if tc.ok && got.String() != map[Pool]string{PoolFinal: "final", PoolMean: "mean"}[got] {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
}
