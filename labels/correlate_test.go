package labels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// pearson is the textbook two-pass formula, the reference.
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

func column(values [][]float64, u int) []float64 {
	c := make([]float64, len(values))
	for t, row := range values {
		c[t] = row[u]
	}
	return c
}

func TestCorrelatorMatchesTwoPass(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const T, U = 500, 12
	labels := make([][]float64, 3) // a binary label, a rare one, a counter
	for l := range labels {
		labels[l] = make([]float64, T)
	}
	values := make([][]float64, T)
	for t := range values {
		labels[0][t] = float64(rng.IntN(2))
		if rng.IntN(20) == 0 {
			labels[1][t] = 1
		}
		labels[2][t] = float64(t % 7)
		values[t] = make([]float64, U)
		for u := range values[t] {
			// units follow the labels to different degrees, some far from 0
			values[t][u] = float64(u%3)*labels[u%3][t] + rng.NormFloat64() + 1e6*float64(u/6)
		}
	}
	c := NewCorrelator(U, len(labels))
	for t := range values {
		c.Add(values[t], []float64{labels[0][t], labels[1][t], labels[2][t]})
	}
	for l := range labels {
		r := c.R(nil, l)
		for u := range U {
			want := pearson(column(values, u), labels[l])
			if math.Abs(r[u]-want) > 1e-9 {
				t.Errorf("label %d unit %d: r %v, two-pass %v", l, u, r[u], want)
			}
		}
	}
	if c.N() != T {
		t.Errorf("N %d want %d", c.N(), T)
	}
	c.Reset()
	if c.N() != 0 || c.Flag(0, 3).Status != Never {
		t.Errorf("after Reset: N %d, status %v", c.N(), c.Flag(0, 3).Status)
	}
}

func TestFind(t *testing.T) {
	// Unit 2 is the label, unit 0 its negation with noise, unit 1 constant,
	// unit 3 weakly related.
	label := []float64{0, 1, 1, 0, 1, 0, 0, 1}
	noise := []float64{0.1, -0.2, 0.05, 0.3, -0.1, 0.2, -0.3, 0}
	values := make([][]float64, len(label))
	for t, y := range label {
		values[t] = []float64{-y + noise[t], 5, y, float64(t%2) + y/2}
	}
	f := Find(values, label, 3)
	if f.Status != Found || f.N != 8 || f.Positives != 4 || len(f.Best) != 3 {
		t.Fatalf("got %+v", f)
	}
	if f.Best[0] != (Match{2, 1}) || f.Best[1].Unit != 0 || f.Best[1].R > -0.8 || f.Best[2].Unit != 3 {
		t.Errorf("best %+v: want unit 2 (r 1), then unit 0 (r < −0.8), then 3", f.Best)
	}
	if r := NewCorrelatorFrom(values, label).R(nil, 0)[1]; r != 0 {
		t.Errorf("a constant unit has r %v, want 0", r)
	}

	cases := []struct {
		label []float64
		want  Status
	}{
		{[]float64{0, 0, 0, 0, 0, 0, 0, 0}, Never},
		{[]float64{1, 1, 1, 1, 1, 1, 1, 1}, Always},
		{[]float64{3, 3, 3, 3, 3, 3, 3, 3}, Always},
		{[]float64{0, 0, 0, 0, 0, 0, 0, 2}, Found},
	}
	for i, c := range cases {
		f := Find(values, c.label, 3)
		if f.Status != c.want || (c.want != Found) != (len(f.Best) == 0) {
			t.Errorf("test %d: %+v, want status %v", i, f, c.want)
		}
	}
	if f := Find(nil, nil, 3); f.Status != Never {
		t.Errorf("no positions: %+v", f)
	}
}

// NewCorrelatorFrom is a one-label correlator over values, for tests.
func NewCorrelatorFrom(values [][]float64, label []float64) *Correlator {
	c := NewCorrelator(len(values[0]), 1)
	for t, x := range values {
		c.Add(x, label[t:t+1])
	}
	return c
}

func TestBest(t *testing.T) {
	r := []float64{0.1, -0.9, 0.5, 0.9, -0.5, 0}
	tests := []struct {
		k    int
		want []int
	}{
		{0, []int{}},
		{1, []int{1}},
		{3, []int{1, 3, 2}}, // ties keep the lower unit first
		{10, []int{1, 3, 2, 4, 0, 5}},
	}
	for i, test := range tests {
		var got []int
		for _, m := range best(r, test.k) {
			got = append(got, m.Unit)
		}
		if !slices.Equal(got, test.want) && len(got)+len(test.want) > 0 {
			t.Errorf("test %d: got %v want %v", i, got, test.want)
		}
	}
}

func TestCorrelatorPanicsOnSizes(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Add with the wrong sizes did not panic")
		}
	}()
	NewCorrelator(4, 2).Add(make([]float64, 3), make([]float64, 2))
}

// The flags view's pass: 2,000 held-out characters, 256 units, the seven
// labels of FromText (binary ones holding a third of the time, a counter).
func BenchmarkCorrelator(b *testing.B) {
	for _, units := range []int{64, 256} {
		b.Run(map[int]string{64: "units=64", 256: "units=256"}[units], func(b *testing.B) {
			benchCorrelator(b, 2000, units, 7)
		})
	}
}

func benchCorrelator(b *testing.B, T, U, L int) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs, ys := make([][]float64, T), make([][]float64, T)
	for t := range T {
		xs[t], ys[t] = make([]float64, U), make([]float64, L)
		for u := range xs[t] {
			xs[t][u] = rng.NormFloat64()
		}
		for l := range ys[t] {
			if rng.IntN(3) == 0 {
				ys[t][l] = 1
			}
		}
		ys[t][L-1] = float64(t % 6)
	}
	c := NewCorrelator(U, L)
	for b.Loop() {
		c.Reset()
		for t := range T {
			c.Add(xs[t], ys[t])
		}
		for l := range L {
			c.Flag(l, 5)
		}
	}
	b.ReportMetric(float64(T)*float64(b.N)/b.Elapsed().Seconds(), "chars/s")
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/pass")
}
