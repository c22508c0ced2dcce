package core

import (
	"math"
	"testing"
)

// Two steps of each optimizer on w = [1, -2] with gradients g1 = [0.5, -1]
// and g2 = [0.1, 0.2], worked by hand from PyTorch's formulas.
func TestOptimizersByHand(t *testing.T) {
	g1, g2 := []float64{0.5, -1}, []float64{0.1, 0.2}
	sqrt := math.Sqrt
	cases := []struct {
		name string
		opt  Optimizer
		want []float64 // w after two steps
	}{
		{"sgd", &SGD{Rate: 0.1, Momentum: 0.9}, []float64{
			1 - 0.1*0.5 - 0.1*(0.9*0.5+0.1),
			-2 + 0.1*1 - 0.1*(0.9*-1+0.2)}},
		{"sgd-plain", &SGD{Rate: 0.1}, []float64{1 - 0.05 - 0.01, -2 + 0.1 - 0.02}},
		{"adagrad", &Adagrad{Rate: 0.1, Eps: 1e-10}, []float64{
			1 - 0.1*0.5/(sqrt(0.25)+1e-10) - 0.1*0.1/(sqrt(0.25+0.01)+1e-10),
			-2 + 0.1*1/(sqrt(1)+1e-10) - 0.1*0.2/(sqrt(1+0.04)+1e-10)}},
		{"rmsprop", &RMSProp{Rate: 0.01, Alpha: 0.99, Eps: 1e-8}, func() []float64 {
			w := []float64{1, -2}
			v := []float64{0, 0}
			for _, g := range [][]float64{g1, g2} {
				for i := range w {
					v[i] = 0.99*v[i] + 0.01*g[i]*g[i]
					w[i] -= 0.01 * g[i] / (sqrt(v[i]) + 1e-8)
				}
			}
			return w
		}()},
		{"adam", &Adam{Rate: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}, func() []float64 {
			// Step 1: m̂ = g, v̂ = g², so the step is lr·g/(|g|+eps) = ±lr.
			w := []float64{1 - 0.01*0.5/(0.5+1e-8), -2 + 0.01*1/(1+1e-8)}
			for i, g := range g2 {
				m := 0.9*0.1*g1[i] + 0.1*g
				v := 0.999*0.001*g1[i]*g1[i] + 0.001*g*g
				mh, vh := m/(1-0.81), v/(1-0.999*0.999)
				w[i] -= 0.01 * mh / (sqrt(vh) + 1e-8)
			}
			return w
		}()},
	}
	for _, c := range cases {
		p := newParam("w", 2)
		copy(p.Value, []float64{1, -2})
		for _, g := range [][]float64{g1, g2} {
			copy(p.Grad, g)
			c.opt.Step([]*Param{p})
		}
		for i := range c.want {
			if math.Abs(p.Value[i]-c.want[i]) > 1e-12 {
				t.Errorf("%s: w[%d] = %.15g, want %.15g", c.name, i, p.Value[i], c.want[i])
			}
		}
	}
}

func TestOptimizerStateRoundTrip(t *testing.T) {
	for _, name := range []string{"sgd", "adagrad", "rmsprop", "adam"} {
		a, _ := NewOptimizer(name, 0.01)
		b, _ := NewOptimizer(name, 0.5)
		pa, pb := newParam("w", 3), newParam("w", 3)
		for i := range pa.Grad {
			pa.Grad[i], pb.Grad[i] = float64(i)-1, float64(i)-1
		}
		a.Step([]*Param{pa})
		settings, bufs := a.State()
		if err := b.SetState(settings, bufs, []*Param{pb}); err != nil {
			t.Fatal(err)
		}
		copy(pb.Value, pa.Value)
		a.Step([]*Param{pa})
		b.Step([]*Param{pb})
		for i := range pa.Value {
			if pa.Value[i] != pb.Value[i] {
				t.Errorf("%s: resumed optimizer differs at %d: %v vs %v", name, i, pb.Value[i], pa.Value[i])
			}
		}
	}
}

func TestNewOptimizerRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		lr   float64
	}{{"adam", -1}, {"adam", math.NaN()}, {"adam", 0}, {"adam", math.Inf(1)}, {"nesterov", 0.1}} {
		if _, err := NewOptimizer(c.name, c.lr); err == nil {
			t.Errorf("NewOptimizer(%q, %v) accepted", c.name, c.lr)
		}
	}
}

func TestClipping(t *testing.T) {
	p := newParam("w", 2)
	copy(p.Grad, []float64{3, 4})
	if n := ClipGradNorm([]*Param{p}, 1); n != 5 {
		t.Errorf("norm before clipping = %v, want 5", n)
	}
	if got := GradNorm([]*Param{p}); math.Abs(got-1) > 1e-6 {
		t.Errorf("norm after clipping = %v, want 1", got)
	}
	copy(p.Grad, []float64{3, -4})
	ClipGradValue([]*Param{p}, 2)
	if p.Grad[0] != 2 || p.Grad[1] != -2 {
		t.Errorf("value clipping gave %v, want [2 -2]", p.Grad)
	}
	d := StepDecay{Every: 10, Gamma: 0.5}
	for _, c := range []struct {
		step int
		want float64
	}{{0, 1}, {9, 1}, {10, 0.5}, {25, 0.25}} {
		if got := d.LR(1, c.step); got != c.want {
			t.Errorf("StepDecay.LR(1, %d) = %v, want %v", c.step, got, c.want)
		}
	}
}
