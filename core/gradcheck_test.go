package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Central finite differences in float64 against the analytic gradients of
// every parameter, the inputs and the initial states.

const fdEps = 1e-6

// fdCheck perturbs each element of v and compares (f(v+ε)-f(v-ε))/2ε with
// analytic[i]. The loss f must not change any gradient it is compared to.
func fdCheck(t *testing.T, name string, v, analytic []float64, f func() float64) {
	t.Helper()
	worst, at := 0.0, -1
	var gotAt, wantAt float64
	for i := range v {
		old := v[i]
		v[i] = old + fdEps
		up := f()
		v[i] = old - fdEps
		down := f()
		v[i] = old
		num := (up - down) / (2 * fdEps)
		e := math.Abs(num-analytic[i]) / math.Max(1e-3, math.Abs(num)+math.Abs(analytic[i]))
		if e > worst || math.IsNaN(e) {
			worst, at, gotAt, wantAt = e, i, analytic[i], num
		}
	}
	if worst > 1e-5 || math.IsNaN(worst) {
		t.Errorf("%s[%d]: analytic %.10g, finite difference %.10g (relative error %.3g)", name, at, gotAt, wantAt, worst)
	}
}

func randVec(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64() * scale
	}
	return v
}

var allCells = []Cell{RNNTanh, RNNReLU, LSTM, GRU}

func TestStackGradientsFiniteDifference(t *testing.T) {
	for _, cell := range allCells {
		for _, layers := range []int{1, 2} {
			for _, bi := range []bool{false, true} {
				name := fmt.Sprintf("%s/L%d/bi=%v", cell, layers, bi)
				t.Run(name, func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(cell), uint64(layers)))
					cfg := StackConfig{Cell: cell, Input: 3, Hidden: 4, Layers: layers, Bidirectional: bi}
					s, err := NewStack(cfg, rng)
					if err != nil {
						t.Fatal(err)
					}
					T, B := 5, 2
					st := layers * cfg.Dirs() * B * 4
					x := randVec(rng, T*B*3, 1)
					h0, c0 := randVec(rng, st, 0.5), randVec(rng, st, 0.5)
					dout := randVec(rng, T*B*cfg.Dirs()*4, 1)
					dhN, dcN := randVec(rng, st, 1), randVec(rng, st, 1)
					loss := func() float64 {
						out, hN, cN := s.Forward(x, T, B, h0, c0)
						l := dot(out, dout) + dot(hN, dhN)
						if cN != nil {
							l += dot(cN, dcN)
						}
						return l
					}
					loss()
					ZeroGrad(s.Params())
					dx, dh0, dc0 := s.Backward(dout, dhN, dcN)
					dx, dh0 = append([]float64(nil), dx...), append([]float64(nil), dh0...)
					dc0 = append([]float64(nil), dc0...)
					for _, p := range s.Params() {
						fdCheck(t, p.Name, p.Value, append([]float64(nil), p.Grad...), loss)
					}
					fdCheck(t, "x", x, dx, loss)
					fdCheck(t, "h0", h0, dh0, loss)
					if cell == LSTM {
						fdCheck(t, "c0", c0, dc0, loss)
					}
				})
			}
		}
	}
}

func TestLMGradientsFiniteDifference(t *testing.T) {
	vocab, _ := NewVocab("abcdefg")
	for _, cell := range allCells {
		for _, embed := range []int{0, 3} {
			t.Run(fmt.Sprintf("%s/embed=%d", cell, embed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(7, uint64(cell)))
				m, err := NewLM(LMConfig{Cell: cell, Hidden: 4, Layers: 2, Embed: embed}, vocab, rng)
				if err != nil {
					t.Fatal(err)
				}
				checkLMGradients(t, m, rng)
			})
		}
	}
}

// checkLMGradients compares every gradient TrainLoss gives m (initial state
// included) with finite differences of Loss, for random input over 7 symbols.
func checkLMGradients(t *testing.T, m *LM, rng *rand.Rand) {
	t.Helper()
	T, B := 4, 2
	in, tg := make([]int32, T*B), make([]int32, T*B)
	for i := range in {
		in[i], tg[i] = int32(rng.IntN(7)), int32(rng.IntN(7))
	}
	st0 := m.NewState(B)
	copy(st0.H, randVec(rng, len(st0.H), 0.5))
	copy(st0.C, randVec(rng, len(st0.C), 0.5))
	loss := func() float64 { return m.Loss(in, tg, T, B, st0.Clone()) }
	ZeroGrad(m.Params())
	m.TrainLoss(in, tg, T, B, st0.Clone())
	dh0 := append([]float64(nil), m.Stack.dh0...)
	dc0 := append([]float64(nil), m.Stack.dc0...)
	for _, p := range m.Params() {
		fdCheck(t, p.Name, p.Value, append([]float64(nil), p.Grad...), loss)
	}
	fdCheck(t, "h0", st0.H, dh0, loss)
	if m.Config.Cell == LSTM {
		fdCheck(t, "c0", st0.C, dc0, loss)
	}
}

func TestClassifierGradientsFiniteDifference(t *testing.T) {
	for _, cell := range allCells {
		for _, pool := range []Pool{PoolFinal, PoolMean} {
			t.Run(fmt.Sprintf("%s/pool=%d", cell, pool), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(11, uint64(cell)))
				c, err := NewClassifier(ClassifierConfig{Stack: StackConfig{Cell: cell, Input: 3, Hidden: 4, Layers: 2, Bidirectional: true}, Classes: 3, Pool: pool}, rng)
				if err != nil {
					t.Fatal(err)
				}
				T, B := 5, 3
				x := randVec(rng, T*B*3, 1)
				labels := []int{0, 2, 1}
				loss := func() float64 { l, _ := c.Loss(x, T, B, labels); return l }
				ZeroGrad(c.Params())
				c.TrainLoss(x, T, B, labels)
				dx := append([]float64(nil), c.Stack.dx...)
				for _, p := range c.Params() {
					fdCheck(t, p.Name, p.Value, append([]float64(nil), p.Grad...), loss)
				}
				fdCheck(t, "x", x, dx, loss)
			})
		}
	}
}
