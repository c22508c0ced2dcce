package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// stepNet runs a language model one position and one layer at a time,
// through single-layer stacks that share the model's weights and switched-off
// units, so a test can nudge any x_k, h^ℓ_k or c^ℓ_k on its way and see what
// that does to a later prediction: finite differences of the total
// derivatives TargetGrad computes.
type stepNet struct {
	m      *LM
	layers []*Stack
}

func newStepNet(m *LM) *stepNet {
	n := &stepNet{m: m}
	for _, dr := range m.Stack.dirs {
		s := &Stack{Config: StackConfig{Cell: m.Config.Cell, Input: dr.in, Hidden: m.Config.Hidden, Layers: 1},
			layerIn: make([][]float64, 1), dLayer: make([][]float64, 1)}
		nd := &direction{in: dr.in, clamp: dr.clamp, wih: dr.wih, whh: dr.whh, bih: dr.bih, bhh: dr.bhh}
		s.dirs = []*direction{nd}
		s.params = []*Param{nd.wih, nd.whh, nd.bih, nd.bhh}
		n.layers = append(n.layers, s)
	}
	return n
}

// nudges change the input x at position k, or layer l's new state after
// position k: h, and c with o its output gate (LSTM).
type nudges struct {
	x func(k int, x []float64)
	h func(l, k int, h, c, o []float64)
}

// logits runs ids[0 … t] from st and returns the logits z_t.
func (n *stepNet) logits(ids []int32, st *State, t int, nu nudges) []float64 {
	m := n.m
	L, H, V := m.Config.Layers, m.Config.Hidden, m.Vocab.Size()
	h, c := make([][]float64, L), make([][]float64, L)
	for l := range h {
		h[l] = make([]float64, H)
		if st != nil {
			copy(h[l], st.H[l*H:])
		}
		if m.Config.Cell == LSTM {
			c[l] = make([]float64, H)
			if st != nil {
				copy(c[l], st.C[l*H:])
			}
		}
	}
	x := make([]float64, m.Stack.Config.Input)
	for k := 0; k <= t; k++ {
		if m.embed != nil {
			E := m.Config.Embed
			copy(x, m.embed.Value[int(ids[k])*E:])
		} else {
			clear(x)
			x[ids[k]] = 1
		}
		if nu.x != nil {
			nu.x(k, x)
		}
		in := x
		for l := 0; l < L; l++ {
			_, hN, cN := n.layers[l].Forward(in, 1, 1, h[l], c[l])
			copy(h[l], hN)
			copy(c[l], cN)
			if nu.h != nil {
				var o []float64
				if m.Config.Cell == LSTM {
					o = n.layers[l].dirs[0].act[3*H : 4*H]
				}
				nu.h(l, k, h[l], c[l], o)
			}
			in = h[l]
		}
	}
	z := slices.Clone(m.decB.Value)
	mulABt(z, h[L-1], m.dec.Value, 1, V, H)
	return z
}

// nll is −ln softmax(z)[y].
func nll(z []float64, y int32) float64 {
	hi := slices.Max(z)
	var s float64
	for _, v := range z {
		s += math.Exp(v - hi)
	}
	return hi + math.Log(s) - z[y]
}

// normRelErr is ‖a−b‖ / max(‖a‖, ‖b‖), 0 when both are 0: a relative error
// of the vector as a whole, so that its small entries are judged against its
// size rather than their own.
func normRelErr(a, b []float64) float64 {
	var d, na, nb float64
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	if na == 0 && nb == 0 {
		return 0
	}
	return math.Sqrt(d / max(na, nb))
}

// centralDiff is the derivative of f along v[i] by the five-point central
// difference [8(f(+ε) − f(−ε)) − (f(+2ε) − f(−2ε))] / 12ε, restoring v[i].
// Its truncation error is O(ε⁴), so ε can be large enough for rounding
// (about 1e-16·|f|/ε) to stay far below 1e-6 of even the small gradients
// many steps back.
func centralDiff(v []float64, i int, f func() float64) float64 {
	old := v[i]
	at := func(d float64) float64 {
		v[i] = old + d
		return f()
	}
	d := 8*(at(fdStencil)-at(-fdStencil)) - (at(2*fdStencil) - at(-2*fdStencil))
	v[i] = old
	return d / (12 * fdStencil)
}

// fdStencil is ε for centralDiff: at 1e-4 rounding shows (2e-6 relative on
// gradients near 1e-6), at 1e-3 a ReLU kink falls inside the stencil.
const fdStencil = 3e-4

const targetGradTol = 1e-6

// checkTargetGrad compares every vector of TargetGrad for target position
// tgt with central finite differences through the step-by-step network.
// Switched-off units must read exactly 0 and are left out of the comparison
// (nudging one after its clamp is not what the gradient measures).
func checkTargetGrad(t *testing.T, m *LM, ids []int32, st *State, tgt, from int) {
	t.Helper()
	ft, err := m.ForwardTrace(ids, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := ft.TargetGrad(tgt, from, nil)
	if err != nil {
		t.Fatal(err)
	}
	net := newStepNet(m)
	L, H := m.Config.Layers, m.Config.Hidden
	y := ids[tgt+1]
	lossWith := func(nu nudges) float64 { return nll(net.logits(ids, st, tgt, nu), y) }
	if got := lossWith(nudges{}); math.Abs(got-tg.Loss) > 1e-12*max(1, got) {
		t.Fatalf("L_t = %v, the step-by-step network gives %v", tg.Loss, got)
	}
	off := map[Unit]bool{}
	for _, u := range m.Ablated() {
		off[u] = true
	}
	worst := 0.0
	for l := 0; l < L; l++ {
		for k := 0; k <= tgt; k++ {
			for _, which := range []string{"h", "c"} {
				if which == "c" && m.Config.Cell != LSTM {
					continue
				}
				got := tg.DH[l][k*H : (k+1)*H]
				norm := tg.NormH[l][k]
				if which == "c" {
					got, norm = tg.DC[l][k*H:(k+1)*H], tg.NormC[l][k]
				}
				if k < from {
					if slices.ContainsFunc(got, func(v float64) bool { return v != 0 }) {
						t.Errorf("∂L/∂%s^%d_%d before from=%d is %v, want 0", which, l, k, from, got)
					}
					continue
				}
				num := make([]float64, H)
				for j := range num {
					if off[Unit{l, j}] {
						if got[j] != 0 {
							t.Errorf("switched-off unit %d of layer %d: ∂L/∂%s_%d = %v, want 0", j, l, which, k, got[j])
						}
						continue
					}
					eps := 0.0
					nu := nudges{h: func(ll, kk int, h, c, o []float64) {
						if ll != l || kk != k {
							return
						}
						if which == "h" {
							h[j] += eps
						} else {
							c[j] += eps
							h[j] = o[j] * math.Tanh(c[j])
						}
					}}
					dummy := []float64{0}
					num[j] = centralDiff(dummy, 0, func() float64 { eps = dummy[0]; return lossWith(nu) })
				}
				masked := slices.Clone(got)
				for j := range masked {
					if off[Unit{l, j}] {
						masked[j] = 0
					}
				}
				e := normRelErr(masked, num)
				worst = max(worst, e)
				if e > targetGradTol || math.IsNaN(e) {
					t.Errorf("∂L_%d/∂%s^%d_%d: analytic %v, finite difference %v (relative error %.2g)", tgt, which, l, k, got, num, e)
				}
				if want := math.Sqrt(dot(got, got)); norm != want {
					t.Errorf("norm of ∂L/∂%s^%d_%d is %v, want %v", which, l, k, norm, want)
				}
			}
		}
	}
	// ‖∂z_t/∂x_k‖ from nudging every entry of the input vector.
	In := m.Stack.Config.Input
	for k := 0; k <= tgt; k++ {
		if k < from {
			if tg.Connect[k] != 0 {
				t.Errorf("Connect[%d] before from=%d is %v", k, from, tg.Connect[k])
			}
			continue
		}
		var sq float64
		for i := 0; i < In; i++ {
			eps := 0.0
			nu := nudges{x: func(kk int, x []float64) {
				if kk == k {
					x[i] += eps
				}
			}}
			dummy := []float64{0}
			d := centralDiff(dummy, 0, func() float64 { eps = dummy[0]; return net.logits(ids, st, tgt, nu)[y] })
			sq += d * d
		}
		num := math.Sqrt(sq)
		e := math.Abs(tg.Connect[k]-num) / max(num, 1e-300)
		worst = max(worst, e)
		if e > targetGradTol {
			t.Errorf("‖∂z_%d/∂x_%d‖ = %v, finite difference %v (relative error %.2g)", tgt, k, tg.Connect[k], num, e)
		}
	}
	t.Logf("worst relative error %.2g", worst)
}

// testLM is a small model with a random initial state for gradient checks.
func testLM(t *testing.T, cell Cell, layers, embed int, seed uint64) (*LM, []int32, *State) {
	t.Helper()
	vocab, _ := NewVocab("abcdefg")
	rng := rand.New(rand.NewPCG(seed, uint64(cell)*10+uint64(layers)))
	m, err := NewLM(LMConfig{Cell: cell, Hidden: 4, Layers: layers, Embed: embed}, vocab, rng)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int32, 8)
	for i := range ids {
		ids[i] = int32(rng.IntN(vocab.Size()))
	}
	st := m.NewState(1)
	copy(st.H, randVec(rng, len(st.H), 0.5))
	copy(st.C, randVec(rng, len(st.C), 0.5))
	return m, ids, st
}

func TestTargetGradFiniteDifference(t *testing.T) {
	for _, cell := range allCells {
		for _, layers := range []int{1, 2} {
			for _, embed := range []int{0, 3} {
				t.Run(fmt.Sprintf("%s/L%d/embed=%d", cell, layers, embed), func(t *testing.T) {
					m, ids, st := testLM(t, cell, layers, embed, 21)
					T := len(ids) - 1
					checkTargetGrad(t, m, ids, st, T-1, 0) // the last position
					checkTargetGrad(t, m, ids, st, 3, 0)   // one in the middle
					checkTargetGrad(t, m, ids, nil, T-1, 2)
				})
			}
		}
	}
}

func TestTargetGradWithAblationFiniteDifference(t *testing.T) {
	for _, cell := range allCells {
		for _, layers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/L%d", cell, layers), func(t *testing.T) {
				m, ids, st := testLM(t, cell, layers, 0, 22)
				v, err := m.WithAblation([]Unit{{0, 1}, {layers - 1, 3}})
				if err != nil {
					t.Fatal(err)
				}
				checkTargetGrad(t, v, ids, st, len(ids)-2, 0)
			})
		}
	}
}

// Truncating at from changes nothing from from on, to the last bit.
func TestTargetGradTruncationIsExact(t *testing.T) {
	for _, cell := range allCells {
		m, ids, st := testLM(t, cell, 2, 0, 23)
		ft, _ := m.ForwardTrace(ids, st, nil)
		tgt := len(ids) - 2
		full, _ := ft.TargetGrad(tgt, 0, nil)
		cut, _ := ft.TargetGrad(tgt, 4, nil)
		H := m.Config.Hidden
		for l := range full.DH {
			if !slices.Equal(full.DH[l][4*H:], cut.DH[l][4*H:]) {
				t.Errorf("%s: layer %d: truncated gradients differ", cell, l)
			}
		}
		if !slices.Equal(full.Connect[4:], cut.Connect[4:]) {
			t.Errorf("%s: truncated Connect differs", cell)
		}
	}
}

// The last position's Connect is WindowTrace.Connect's last entry, and the
// per-target gradients add up to the mean loss's: ∂L/∂h_k = Σ_t ∂L_t/∂h_k / T,
// whose norms the recorded trace holds.
func TestTargetGradAgreesWithTraceWindow(t *testing.T) {
	for _, cell := range allCells {
		m, ids, _ := testLM(t, cell, 2, 0, 24)
		wt, err := m.TraceWindow(ids, nil)
		if err != nil {
			t.Fatal(err)
		}
		ft, _ := m.ForwardTrace(ids, nil, nil)
		T, H, L := ft.T, ft.H, len(ft.Layers)
		tg, _ := ft.TargetGrad(T-1, 0, nil)
		for k := range tg.Connect {
			if e := math.Abs(tg.Connect[k]-wt.Connect[k]) / wt.Connect[k]; e > 1e-12 {
				t.Errorf("%s: Connect[%d] = %v, TraceWindow's %v", cell, k, tg.Connect[k], wt.Connect[k])
			}
		}
		sum := make([][]float64, L)
		for l := range sum {
			sum[l] = make([]float64, T*H)
		}
		for tt := 0; tt < T; tt++ {
			g, _ := ft.TargetGrad(tt, 0, nil)
			for l := range sum {
				axpy(1/float64(T), g.DH[l], sum[l][:(tt+1)*H])
			}
		}
		for l := 0; l < L; l++ {
			for k := 0; k < T; k++ {
				row := sum[l][k*H : (k+1)*H]
				got, want := math.Sqrt(dot(row, row)), wt.Dirs[l].GradHidden[k]
				if math.Abs(got-want) > 1e-12*want {
					t.Errorf("%s: layer %d position %d: ‖Σ_t ∂L_t/∂h‖/T = %v, the trace's ‖∂L/∂h‖ = %v", cell, l, k, got, want)
				}
			}
		}
	}
}

func TestTargetGradBadInput(t *testing.T) {
	m, ids, _ := testLM(t, LSTM, 1, 0, 25)
	ft, _ := m.StartForwardTrace(ids, nil, nil)
	ft.Advance(3)
	for _, c := range []struct{ t, from int }{{3, 0}, {-1, 0}, {2, 3}, {2, -1}} {
		if _, err := ft.TargetGrad(c.t, c.from, nil); err == nil {
			t.Errorf("TargetGrad(%d, %d) with 3 positions traced: no error", c.t, c.from)
		}
	}
	if _, err := ft.TargetGrad(2, 0, nil); err != nil {
		t.Error(err)
	}
}
