package core

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestVocab(t *testing.T) {
	v, err := NewVocab("привет, мир")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := v.Encode("мир")
	if err != nil || v.Decode(ids) != "мир" {
		t.Errorf("round trip gave %q, %v", v.Decode(ids), err)
	}
	if _, err := v.Encode("x"); err == nil || !strings.Contains(err.Error(), "'x'") {
		t.Errorf("encoding an unknown character: %v", err)
	}
	if _, err := NewVocab(""); !errors.Is(err, ErrEmptyText) {
		t.Errorf("empty text: %v", err)
	}
	if _, err := NewVocab("ab\xffc"); err == nil || !strings.Contains(err.Error(), "1 bad byte") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	clean, bad, ctl := CleanText("a\xff\x00b")
	if clean != "a\uFFFDb" || bad != 1 || ctl != 1 {
		t.Errorf("CleanText = %q, %d, %d", clean, bad, ctl)
	}
}

// patterned is a text a small model learns quickly.
func patterned(n int) string {
	var b strings.Builder
	words := []string{"the cat sat. ", "a dog ran! ", "«she said» ", "(one (two)) "}
	rng := rand.New(rand.NewPCG(3, 4))
	for b.Len() < n {
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}

func smallConfig(cell Cell) TrainConfig {
	cfg := DefaultTrainConfig()
	cfg.Model = LMConfig{Cell: cell, Hidden: 24, Layers: 1}
	cfg.Batch, cfg.Seq, cfg.LR = 8, 16, 0.01
	return cfg
}

func TestTrainerLearnsAndIsDeterministic(t *testing.T) {
	text := patterned(6000)
	for _, cell := range allCells {
		run := func() (first, last, val float64, sample string) {
			tr, err := NewTrainer(text, smallConfig(cell))
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 150; i++ {
				loss, err := tr.Step()
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = loss
				}
				last = loss
			}
			val, err = tr.ValLoss()
			if err != nil {
				t.Fatal(err)
			}
			sample, err = tr.Model.Sample(rand.New(rand.NewPCG(5, 6)), SampleOptions{N: 40, Temperature: 0.8})
			if err != nil {
				t.Fatal(err)
			}
			return
		}
		f1, l1, v1, s1 := run()
		f2, l2, v2, s2 := run()
		if f1 != f2 || l1 != l2 || v1 != v2 || s1 != s2 {
			t.Errorf("%s: two runs with one seed differ: %v/%v %v/%v %q/%q", cell, l1, l2, v1, v2, s1, s2)
		}
		if !(l1 < f1*0.6 && v1 < f1*0.6) {
			t.Errorf("%s: loss went from %.3f to train %.3f, val %.3f; want a drop of 40%%", cell, f1, l1, v1)
		}
		t.Logf("%s: loss %.3f → %.3f, val %.3f, sample %q", cell, f1, l1, v1, s1)
	}
}

// The state is carried between chunks but the gradient is not: the loss of
// the second chunk with the carried state equals what a single forward
// over both chunks gives for those positions.
func TestStateCarriedBetweenChunks(t *testing.T) {
	v, _ := NewVocab("abcd")
	m, _ := NewLM(LMConfig{Cell: LSTM, Hidden: 5, Layers: 2}, v, rand.New(rand.NewPCG(1, 1)))
	ids := []int32{0, 1, 2, 3, 1, 0, 2, 2, 3}
	st := m.NewState(1)
	m.Loss(ids[:4], ids[1:5], 4, 1, st)
	second := m.Loss(ids[4:8], ids[5:9], 4, 1, st)
	m.Loss(ids[:8], ids[1:9], 8, 1, m.NewState(1))
	var want float64
	for r := 4; r < 8; r++ {
		want -= math.Log(m.logits[r*4+int(ids[r+1])])
	}
	if math.Abs(second-want/4) > 1e-12 {
		t.Errorf("second chunk loss %v, full-sequence value %v", second, want/4)
	}
}

func TestEvaluateMatchesOneLane(t *testing.T) {
	v, _ := NewVocab("abcd")
	m, _ := NewLM(LMConfig{Cell: GRU, Hidden: 6, Layers: 1}, v, rand.New(rand.NewPCG(2, 2)))
	ids := []int32{0, 1, 2, 3, 1, 0, 2, 2, 3, 0, 1}
	got, err := m.Evaluate(ids, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := m.Loss(ids[:10], ids[1:], 10, 1, m.NewState(1))
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("Evaluate = %v, one long forward = %v", got, want)
	}
	if _, err := m.Evaluate(ids[:1], 4, 3); err == nil {
		t.Error("Evaluate accepted a one-character text")
	}
}

func TestSampling(t *testing.T) {
	tr, _ := NewTrainer(patterned(3000), smallConfig(LSTM))
	for i := 0; i < 60; i++ {
		tr.Step()
	}
	m := tr.Model
	greedy := func(seed uint64, opt SampleOptions) string {
		s, err := m.Sample(rand.New(rand.NewPCG(seed, 0)), opt)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := greedy(1, SampleOptions{N: 30, Temperature: 0, Prime: "the "})
	b := greedy(2, SampleOptions{N: 30, Temperature: 0, Prime: "the "})
	c := greedy(3, SampleOptions{N: 30, Temperature: 1, TopK: 1, Prime: "the "})
	if a != b || a != c {
		t.Errorf("greedy and top-1 sampling should agree: %q %q %q", a, b, c)
	}
	if len([]rune(a)) != 30 {
		t.Errorf("asked for 30 characters, got %d", len([]rune(a)))
	}
	hot := greedy(4, SampleOptions{N: 200, Temperature: 1.5, Prime: "ж"}) // unknown prime characters are skipped
	if hot == greedy(5, SampleOptions{N: 200, Temperature: 1.5}) {
		t.Error("two seeds gave the same hot sample")
	}
	for _, bad := range []SampleOptions{{N: -1}, {N: 5, Temperature: math.NaN()}, {N: 5, TopK: -2}} {
		if _, err := m.Sample(rand.New(rand.NewPCG(1, 1)), bad); err == nil {
			t.Errorf("Sample accepted %+v", bad)
		}
	}
}

// pick's top-k keeps exactly the k most likely characters.
func TestPickTopK(t *testing.T) {
	p := []float64{0.1, 0.4, 0.05, 0.3, 0.15}
	work := make([]float64, 2*len(p))
	rng := rand.New(rand.NewPCG(9, 9))
	seen := map[int]int{}
	for i := 0; i < 2000; i++ {
		seen[pick(rng, p, work, 1, 2)]++
	}
	if len(seen) != 2 || seen[1] == 0 || seen[3] == 0 {
		t.Errorf("top-2 sampling drew %v, want only 1 and 3", seen)
	}
	if r := float64(seen[1]) / float64(seen[3]); r < 1.1 || r > 1.6 {
		t.Errorf("ratio of draws %v, want about 0.4/0.3", r)
	}
}

func TestBadTrainingInput(t *testing.T) {
	good := patterned(3000)
	cfg := smallConfig(LSTM)
	mod := func(f func(*TrainConfig)) TrainConfig { c := cfg; f(&c); return c }
	cases := []struct {
		name string
		text string
		cfg  TrainConfig
		want string
	}{
		{"empty", "", cfg, "empty"},
		{"one character", strings.Repeat("a", 5000), cfg, "one distinct"},
		{"binary", "ab\x00\xff\xfe" + good, cfg, "UTF-8"},
		{"too short", "abcdefgh", cfg, "needs at least"},
		{"hidden 0", good, mod(func(c *TrainConfig) { c.Model.Hidden = 0 }), "hidden size"},
		{"hidden huge", good, mod(func(c *TrainConfig) { c.Model.Hidden = 10_000_000 }), "hidden size"},
		{"lr NaN", good, mod(func(c *TrainConfig) { c.LR = math.NaN() }), "learning rate"},
		{"lr negative", good, mod(func(c *TrainConfig) { c.LR = -1 }), "learning rate"},
		{"val 1.5", good, mod(func(c *TrainConfig) { c.ValFraction = 1.5 }), "validation"},
		{"batch 0", good, mod(func(c *TrainConfig) { c.Batch = 0 }), "batch"},
	}
	for _, c := range cases {
		_, err := NewTrainer(c.text, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestDivergenceRestoresLastGoodModel(t *testing.T) {
	cfg := smallConfig(RNNReLU)
	cfg.Optim, cfg.LR, cfg.Clip = "sgd", 50, 0
	tr, err := NewTrainer(patterned(4000), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var derr error
	for i := 0; i < 500 && derr == nil; i++ {
		_, derr = tr.Step()
	}
	if !errors.Is(derr, ErrDiverged) || !strings.Contains(derr.Error(), "lower learning rate") {
		t.Fatalf("error %v, want ErrDiverged suggesting a lower rate", derr)
	}
	if !AllFinite(tr.Model.Params()) {
		t.Error("after divergence the parameters are not finite")
	}
	if _, err := tr.ValLoss(); err != nil {
		t.Error(err)
	}
}

// Recording the trace must not change a single bit of any result.
func TestRecordingChangesNothing(t *testing.T) {
	for _, cell := range allCells {
		run := func(record bool) ([]float64, []float64) {
			s, _ := NewStack(StackConfig{Cell: cell, Input: 3, Hidden: 5, Layers: 2, Bidirectional: true}, rand.New(rand.NewPCG(1, 2)))
			s.SetRecording(record)
			rng := rand.New(rand.NewPCG(3, 4))
			x := randVec(rng, 6*2*3, 1)
			out, _, _ := s.Forward(x, 6, 2, nil, nil)
			out = append([]float64(nil), out...)
			ZeroGrad(s.Params())
			dx, _, _ := s.Backward(randVec(rng, len(out), 1), nil, nil)
			grads := append([]float64(nil), dx...)
			for _, p := range s.Params() {
				grads = append(grads, p.Grad...)
			}
			if record != (s.Trace() != nil) {
				t.Errorf("%s: Trace() with recording=%v", cell, record)
			}
			return out, grads
		}
		o1, g1 := run(false)
		o2, g2 := run(true)
		for i := range o1 {
			if o1[i] != o2[i] {
				t.Fatalf("%s: output %d differs with recording", cell, i)
			}
		}
		for i := range g1 {
			if g1[i] != g2[i] {
				t.Fatalf("%s: gradient %d differs with recording", cell, i)
			}
		}
	}
}

func TestTraceWindow(t *testing.T) {
	for _, cell := range allCells {
		tr, _ := NewTrainer(patterned(3000), smallConfig(cell))
		tr.Step()
		m := tr.Model
		before := append([]float64(nil), m.Params()[0].Grad...)
		ids, _ := m.Vocab.Encode("the cat sat. a dog")
		wt, err := m.TraceWindow(ids, nil)
		if err != nil {
			t.Fatal(err)
		}
		T := len(ids) - 1
		if wt.T != T || len(wt.Probs) != T || len(wt.Connect) != T || len(wt.Dirs) != 1 {
			t.Fatalf("%s: trace sizes T=%d probs=%d connect=%d dirs=%d", cell, wt.T, len(wt.Probs), len(wt.Connect), len(wt.Dirs))
		}
		d := wt.Dirs[0]
		if len(d.Hidden) != T || len(d.GradHidden) != T || len(d.Gates) != len(cell.GateNames()) {
			t.Errorf("%s: per-step records missing", cell)
		}
		if cell == LSTM && (len(d.CellState) != T || len(d.GradCell) != T) {
			t.Errorf("LSTM trace lacks the cell state")
		}
		for g := range d.Gates {
			for _, v := range d.Gates[g][3] {
				if v < -1 || v > 1 {
					t.Errorf("%s: gate %s value %v out of range", cell, cell.GateNames()[g], v)
				}
			}
		}
		var sum float64
		for _, p := range wt.Probs[2] {
			sum += p
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%s: probabilities sum to %v", cell, sum)
		}
		if wt.Connect[T-1] <= 0 || math.IsNaN(wt.Connect[0]) {
			t.Errorf("%s: connectivity %v", cell, wt.Connect)
		}
		if wt.ParamGradNorms["decoder.weight"] <= 0 || wt.ParamGradNorms["weight_hh_l0"] <= 0 {
			t.Errorf("%s: parameter gradient norms %v", cell, wt.ParamGradNorms)
		}
		// The input at the trace's first step is the one-hot vector of ids[0].
		if d.Input[0][ids[0]] != 1 {
			t.Errorf("%s: input trace does not show the first character", cell)
		}
		for i, g := range m.Params()[0].Grad {
			if g != before[i] {
				t.Fatalf("%s: TraceWindow changed the model's gradients", cell)
			}
		}
	}
}

// The connectivity equals a finite-difference derivative of the last logit
// along the one-hot input direction.
func TestConnectivityIsAGradient(t *testing.T) {
	v, _ := NewVocab("abcd")
	m, _ := NewLM(LMConfig{Cell: GRU, Hidden: 5, Layers: 1, Embed: 3}, v, rand.New(rand.NewPCG(4, 4)))
	ids := []int32{0, 1, 2, 3, 1, 2}
	wt, err := m.TraceWindow(ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	// With an embedding, x_t is E[ids[t]]; perturb it along each axis.
	T, k := len(ids)-1, int(ids[len(ids)-1])
	logit := func() float64 {
		sh := m.shadow()
		sh.forward(ids[:T], T, 1, sh.NewState(1))
		out := sh.Stack.layerIn[0]
		return dot(out[(T-1)*5:T*5], sh.dec.Value[k*5:(k+1)*5]) + sh.decB.Value[k]
	}
	// Perturbing the embedding row of ids[0] moves only x_0 (ids[0] occurs once).
	row := m.embed.Value[0:3]
	var g2 float64
	for i := range row {
		old := row[i]
		row[i] = old + 1e-6
		up := logit()
		row[i] = old - 1e-6
		down := logit()
		row[i] = old
		d := (up - down) / 2e-6
		g2 += d * d
	}
	if got := wt.Connect[0]; math.Abs(got-math.Sqrt(g2)) > 1e-6*math.Max(1, got) {
		t.Errorf("Connect[0] = %v, finite difference %v", got, math.Sqrt(g2))
	}
}

func TestClassifierLearns(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	c, _ := NewClassifier(ClassifierConfig{Stack: StackConfig{Cell: GRU, Input: 1, Hidden: 8, Layers: 1, Bidirectional: true}, Classes: 2}, rng)
	opt, _ := NewOptimizer("adam", 0.02)
	T, B := 6, 16
	x := make([]float64, T*B)
	labels := make([]int, B)
	var acc float64
	for step := 0; step < 200; step++ {
		for b := 0; b < B; b++ {
			var sum float64
			for t := 0; t < T; t++ {
				v := rng.NormFloat64()
				x[t*B+b] = v
				sum += v
			}
			labels[b] = 0
			if sum > 0 {
				labels[b] = 1
			}
		}
		ZeroGrad(c.Params())
		_, acc = c.TrainLoss(x, T, B, labels)
		opt.Step(c.Params())
	}
	if acc < 0.8 {
		t.Errorf("classifying the sign of a sum reached accuracy %v after 200 steps", acc)
	}
}

// Ties at the top-k threshold never push out a larger value, also when low
// temperatures make small probabilities exactly zero.
func TestPickTopKTies(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	work := make([]float64, 8)
	for _, c := range []struct {
		p      []float64
		temp   float64
		k      int
		must   int // index that has to be drawn sometimes
		banned int // index that must never be drawn (-1: none)
	}{
		{[]float64{0.25, 0.25, 0.5}, 1, 2, 2, -1},
		{[]float64{0.001, 0.001, 0.2, 0.798}, 0.005, 3, 3, -1},
		{[]float64{0.3, 0.3, 0.3, 0.1}, 1, 2, 0, 3},
	} {
		seen := map[int]int{}
		for i := 0; i < 2000; i++ {
			seen[pick(rng, c.p, work, c.temp, c.k)]++
		}
		if seen[c.must] == 0 || c.banned >= 0 && seen[c.banned] > 0 || len(seen) > c.k {
			t.Errorf("pick(%v, T=%v, k=%d) drew %v", c.p, c.temp, c.k, seen)
		}
	}
}

func TestSizeLimits(t *testing.T) {
	v, _ := NewVocab("abc")
	if _, err := NewLM(LMConfig{Cell: LSTM, Hidden: 2048, Layers: 8}, v, rand.New(rand.NewPCG(1, 1))); err == nil || !strings.Contains(err.Error(), "parameters") {
		t.Errorf("an 8-layer LSTM-2048 was accepted: %v", err)
	}
	m, _ := NewLM(LMConfig{Cell: GRU, Hidden: 8, Layers: 1}, v, rand.New(rand.NewPCG(1, 1)))
	if _, err := m.Evaluate([]int32{0, 1, 2, 1}, 1, 1<<50); err != nil {
		t.Errorf("Evaluate with a huge T: %v", err)
	}
	// A long prime is fed in chunks: memory does not grow with it.
	long := strings.Repeat("abc", 3000)
	if _, err := m.Sample(rand.New(rand.NewPCG(1, 1)), SampleOptions{N: 5, Temperature: 1, Prime: long}); err != nil {
		t.Fatal(err)
	}
	if n := len(m.shadow().Stack.dirs[0].h); n > 1000 {
		t.Errorf("after a %d-character prime the sampler holds %d state values", len(long), n)
	}
}
