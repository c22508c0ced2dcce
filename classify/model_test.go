package classify

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"rnnlab/core"
)

// toyData is a two-label set a model has to read to decide: every text
// mixes shared words with one word that names its label's kind.
func toyData(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 3))
	shared := []string{"the", "big", "red", "old", "new", "sat", "ran", "near", "a", "home"}
	kinds := [][]string{{"cat", "dog", "owl", "cow"}, {"bus", "car", "van", "jet"}}
	d := &Dataset{Labels: []string{"animal", "vehicle"}}
	for range n {
		k := rng.IntN(2)
		words := []string{}
		for range 2 + rng.IntN(4) {
			words = append(words, shared[rng.IntN(len(shared))])
		}
		at := rng.IntN(len(words) + 1)
		words = slices.Insert(words, at, kinds[k][rng.IntN(4)])
		d.Examples = append(d.Examples, Example{Label: k, Text: strings.Join(words, " ")})
	}
	return d
}

func toyConfig() Config {
	c := DefaultConfig()
	c.Hidden, c.Embed, c.LR = 12, 6, 0.02
	return c
}

func trainToy(t testing.TB, cfg Config, steps int) *Trainer {
	t.Helper()
	tr, err := NewTrainer(toyData(400, 1), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range steps {
		if _, _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr
}

// Every cell, both directions and both poolings learn the toy task: the
// training loop, batching and gradients fit together.
func TestTrainerLearns(t *testing.T) {
	for _, tc := range []struct {
		cell  core.Cell
		bidir bool
		pool  core.Pool
	}{
		{core.GRU, true, core.PoolMean},
		{core.GRU, false, core.PoolMean},
		{core.GRU, true, core.PoolFinal},
		{core.GRU, false, core.PoolFinal},
		{core.LSTM, true, core.PoolMean},
		{core.RNNTanh, true, core.PoolMean},
	} {
		cfg := toyConfig()
		cfg.Cell, cfg.Bidirectional, cfg.Pool = tc.cell, tc.bidir, tc.pool
		tr := trainToy(t, cfg, 300)
		ev, err := tr.Model.Evaluate(toyData(200, 9))
		if err != nil {
			t.Fatal(err)
		}
		if ev.Accuracy < 0.9 {
			t.Errorf("%s bidir=%v %s: held-out accuracy %.3f after 300 steps", tc.cell, tc.bidir, tc.pool, ev.Accuracy)
		}
	}
}

// The same seed gives the same model, step for step.
func TestTrainerIsDeterministic(t *testing.T) {
	cfg := toyConfig()
	cfg.WordDrop = 0.2
	a, b := trainToy(t, cfg, 30), trainToy(t, cfg, 30)
	for i, p := range a.Model.Net.Params() {
		if !slices.Equal(p.Value, b.Model.Net.Params()[i].Value) {
			t.Fatalf("%s differs between two runs with seed %d", p.Name, cfg.Seed)
		}
	}
	if a.Epochs == 0 || a.Seen == 0 || a.Chars <= a.Seen {
		t.Errorf("counts: epochs %d, seen %d, chars %d", a.Epochs, a.Seen, a.Chars)
	}
}

func TestDropWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const sp = 0
	text := []int32{1, 2, sp, 3, sp, 4, 5, 6, sp, 7}
	words := func(ids []int32) []string {
		var w []string
		for _, f := range strings.Split(string(slices.Collect(func(yield func(rune) bool) {
			for _, id := range ids {
				if !yield(rune('a' + id)) {
					return
				}
			}
		})), "a") {
			w = append(w, f)
		}
		return w
	}
	all := words(text)
	for range 200 {
		got := dropWords(text, sp, 0.5, rng)
		ws := words(got)
		if len(got) == 0 || got[0] == sp || got[len(got)-1] == sp || slices.Contains(ws, "") {
			t.Fatalf("dropWords gave %v", got)
		}
		for _, w := range ws {
			if !slices.Contains(all, w) {
				t.Fatalf("dropWords made up the word %q from %v", w, got)
			}
		}
	}
	if got := dropWords(text, sp, 0, rng); &got[0] != &text[0] {
		t.Errorf("dropout 0 copied the text")
	}
}

// A huge learning rate makes training diverge; the model from before is
// restored and stays finite.
func TestDivergenceRestores(t *testing.T) {
	cfg := toyConfig()
	cfg.Cell, cfg.Optim, cfg.LR, cfg.Clip = core.RNNReLU, "sgd", 100, 0
	tr, err := NewTrainer(toyData(200, 2), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if _, _, err = tr.Step(); err != nil {
			break
		}
	}
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "lower learning rate") {
		t.Fatalf("200 steps at lr 100: %v", err)
	}
	if !core.AllFinite(tr.Model.Net.Params()) {
		t.Errorf("the restored model is not finite")
	}
}

func TestPredictRefuses(t *testing.T) {
	d := toyData(50, 1)
	d.Examples = append(d.Examples, Example{Label: 0, Text: "a dog!"})
	m, err := NewModel(d, toyConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{"", "empty"},
		{"   \t ", "empty"},
		{"ЖЩЮ 字", `'ж' 'щ' 'ю' '字'`},
		{" !! ", "no letter or digit"},
		{strings.Repeat("cat ", 300), "limit is 1000"},
		{"cat\xff", "not valid UTF-8"},
	} {
		_, err := m.Predict(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Predict(%.20q): %v, want an error mentioning %q", tc.text, err, tc.want)
		}
		if _, rerr := m.Read(tc.text); rerr == nil || rerr.Error() != err.Error() {
			t.Errorf("Read(%.20q): %v, Predict said %v", tc.text, rerr, err)
		}
	}
	p, err := m.Predict("The BIG cat → ran")
	if err != nil {
		t.Fatal(err)
	}
	if p.Read != "the big cat  ran" || string(p.Unknown) != "→" {
		t.Errorf("read %q, unknown %q", p.Read, string(p.Unknown))
	}
}

// Read decides as Predict does, and its last prefix is the whole text.
func TestReadAgreesWithPredict(t *testing.T) {
	for _, bidir := range []bool{false, true} {
		cfg := toyConfig()
		cfg.Bidirectional, cfg.Layers = bidir, 2
		m := trainToy(t, cfg, 40).Model
		text := "the red dog sat near a bus"
		p, _ := m.Predict(text)
		r, err := m.Read(text)
		if err != nil {
			t.Fatal(err)
		}
		T := len([]rune(text))
		if len(r.Chars) != T || len(r.Prefix) != T || r.Label != p.Label {
			t.Fatalf("bidir=%v: %d chars, %d prefixes, label %s vs %s", bidir, len(r.Chars), len(r.Prefix), r.Label, p.Label)
		}
		for k := range p.Probs {
			if math.Abs(r.Probs[k]-p.Probs[k]) > 1e-12 || math.Abs(r.Prefix[T-1][k]-p.Probs[k]) > 1e-12 {
				t.Errorf("bidir=%v: class %d: Read %v, last prefix %v, Predict %v", bidir, k, r.Probs[k], r.Prefix[T-1][k], p.Probs[k])
			}
		}
		prefix, _ := m.Predict("the red dog")
		if math.Abs(r.Prefix[len("the red dog")-1][0]-prefix.Probs[0]) > 1e-12 {
			t.Errorf("bidir=%v: prefix probability %v, reading the prefix alone %v", bidir, r.Prefix[10][0], prefix.Probs[0])
		}
		D := 1
		if bidir {
			D = 2
		}
		if r.Trace == nil || len(r.Trace.Dirs) != 2*D || r.Trace.T != T || len(r.Trace.Dirs[0].Hidden) != T {
			t.Errorf("bidir=%v: trace %+v", bidir, r.Trace)
		}
		if m.Net.Stack.Trace() != nil {
			t.Errorf("Read left the stack recording")
		}
	}
}

// Evaluate, which reads texts in batches of one length, agrees with a
// Predict per text, and counts what it cannot read.
func TestEvaluateAgreesWithPredict(t *testing.T) {
	m := trainToy(t, toyConfig(), 20).Model
	d := toyData(150, 5)
	d.Examples = append(d.Examples, Example{Label: 1, Text: "ЖЖЖ"}, Example{Label: 0, Text: "cat ЖЖ"})
	ev, err := m.Evaluate(d)
	if err != nil {
		t.Fatal(err)
	}
	conf := [][]int{{0, 0}, {0, 0}}
	correct := 0
	var loss float64
	for _, e := range d.Examples {
		p, err := m.Predict(e.Text)
		if err != nil {
			continue
		}
		conf[e.Label][p.Class]++
		loss -= math.Log(p.Probs[e.Label])
		if p.Class == e.Label {
			correct++
		}
	}
	if !slices.Equal(ev.Confusion[0], conf[0]) || !slices.Equal(ev.Confusion[1], conf[1]) || ev.Correct != correct {
		t.Errorf("Evaluate: confusion %v, %d right; Predict: %v, %d right", ev.Confusion, ev.Correct, conf, correct)
	}
	if ev.N != 152 || ev.Unreadable != 1 || ev.Skipped != 5 || len(ev.Mistakes) != ev.N-ev.Correct {
		t.Errorf("n %d, unreadable %d, skipped %d, mistakes %d", ev.N, ev.Unreadable, ev.Skipped, len(ev.Mistakes))
	}
	if math.Abs(ev.Loss-loss/151) > 1e-9 || math.Abs(ev.Accuracy-float64(correct)/152) > 1e-12 {
		t.Errorf("loss %v accuracy %v, per text %v %v", ev.Loss, ev.Accuracy, loss/151, float64(correct)/152)
	}
	if _, err := m.Evaluate(&Dataset{Labels: []string{"x", "y"}}); err == nil {
		t.Errorf("Evaluate accepted a set with other labels")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		change func(*Config)
		want   string
	}{
		{func(c *Config) { c.Layers = 4 }, "layer count 4"},
		{func(c *Config) { c.Hidden = 0 }, "hidden size 0"},
		{func(c *Config) { c.Batch = 0 }, "batch 0"},
		{func(c *Config) { c.LR = -1 }, "learning rate -1"},
		{func(c *Config) { c.Optim = "lion" }, "unknown optimizer"},
		{func(c *Config) { c.Clip = math.NaN() }, "clip NaN"},
		{func(c *Config) { c.WordDrop = 1 }, "word dropout 1"},
		{func(c *Config) { c.Embed = -3 }, "embedding width -3"},
		{func(c *Config) { c.Pool = 9 }, "unknown pooling"},
	} {
		c := DefaultConfig()
		tc.change(&c)
		if _, err := NewTrainer(toyData(20, 1), c); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", c, err, tc.want)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("the default configuration: %v", err)
	}
}
