package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"rnnlab/core"
)

const benchAbout = `Measures training speed with the standard workload: a one-hot model over
-vocab symbols of seeded random text, -layers recurrent layers (1), batch
lanes of -seq characters, the state carried from chunk to chunk, and one Adam
update per chunk (no clipping). Each row warms up, then times -runs runs and
reports the median characters trained per second (batch × seq × steps / time).

With none of -cell, -hidden and -batch it runs the standard table: LSTM, GRU
and tanh RNN at hidden 128 and LSTM at 256, each with batch 1 and 32.
Otherwise it runs every combination of the comma-separated lists given
(defaults: -cell lstm, -hidden 128, -batch 1,32).

The same command runs in the wasm build under node, so browser-class speed is
measured the same way:
  GOOS=js GOARCH=wasm PATH=$PATH:$(go env GOROOT)/lib/wasm go run ./cmd/rnntrain bench`

// benchCase is one row of the benchmark.
type benchCase struct {
	Cell   core.Cell
	Hidden int
	Layers int
	Batch  int
	Seq    int
	Vocab  int
}

// benchResult is one measured row; it is also the -json object.
type benchResult struct {
	Cell        string    `json:"cell"`
	Hidden      int       `json:"hidden"`
	Layers      int       `json:"layers"`
	Batch       int       `json:"batch"`
	Seq         int       `json:"seq"`
	Vocab       int       `json:"vocab"`
	CharsPerS   float64   `json:"chars_per_s"`
	MsPerStep   float64   `json:"ms_per_step"`
	Runs        int       `json:"runs"`
	StepsPerRun int       `json:"steps_per_run"`
	AllRuns     []float64 `json:"runs_chars_per_s"`
	Params      int       `json:"params"`
	GOOS        string    `json:"goos"`
	GOARCH      string    `json:"goarch"`
}

// benchTiming says how long to measure.
type benchTiming struct {
	runs    int           // timed runs per row
	steps   int           // updates per timed run; 0 = enough for runTime
	runTime time.Duration // target length of one timed run when steps is 0
	seed    uint64
}

// standardBench is the table run by "rnntrain bench" without sizes.
func standardBench(seq, vocab, layers int) []benchCase {
	var cs []benchCase
	for _, m := range []struct {
		cell   core.Cell
		hidden int
	}{{core.LSTM, 128}, {core.GRU, 128}, {core.RNNTanh, 128}, {core.LSTM, 256}} {
		for _, b := range []int{1, 32} {
			cs = append(cs, benchCase{Cell: m.cell, Hidden: m.hidden, Layers: layers, Batch: b, Seq: seq, Vocab: vocab})
		}
	}
	return cs
}

func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "bench", "[-cell lstm,gru] [-hidden 128] [-batch 1,32] [-seq 25] [-vocab 65] [-json]", benchAbout)
	cells := fs.String("cell", "lstm", "comma-separated `cells`: lstm, gru, rnn_tanh, rnn_relu")
	hiddens := fs.String("hidden", "128", "comma-separated hidden `sizes`")
	batches := fs.String("batch", "1,32", "comma-separated batch `sizes`")
	layers := fs.Int("layers", 1, "recurrent layers")
	seq := fs.Int("seq", 25, "characters per lane per update")
	vocab := fs.Int("vocab", 65, "symbols in the random text (one-hot input width)")
	runs := fs.Int("runs", 5, "timed runs per row (the median is reported)")
	steps := fs.Int("steps", 0, "updates per timed run (0 = about -runtime each)")
	runTime := fs.Duration("runtime", time.Second, "target duration of one timed run when -steps is 0")
	seed := fs.Uint64("seed", 1, "random seed for the text and the weights")
	asJSON := fs.Bool("json", false, "print one JSON object per row")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := flagsSet(fs)
	switch {
	case *seq < 1 || *seq > 100_000:
		return usagef("-seq %d is out of range (1 to 100000)", *seq)
	case *vocab < 2 || *vocab > 50_000:
		return usagef("-vocab %d is out of range (2 to 50000)", *vocab)
	case *runs < 1 || *runs > 1000:
		return usagef("-runs %d is out of range (1 to 1000)", *runs)
	case *steps < 0:
		return usagef("-steps %d is negative", *steps)
	case *runTime <= 0 || *runTime > time.Hour:
		return usagef("-runtime %v is out of range (above 0, at most 1h)", *runTime)
	}

	var cases []benchCase
	if !set["cell"] && !set["hidden"] && !set["batch"] {
		cases = standardBench(*seq, *vocab, *layers)
	} else {
		cs, err := parseList("cell", *cells, core.ParseCell)
		if err != nil {
			return err
		}
		hs, err := parseList("hidden", *hiddens, strconv.Atoi)
		if err != nil {
			return err
		}
		bs, err := parseList("batch", *batches, strconv.Atoi)
		if err != nil {
			return err
		}
		for _, c := range cs {
			for _, h := range hs {
				for _, b := range bs {
					cases = append(cases, benchCase{Cell: c, Hidden: h, Layers: *layers, Batch: b, Seq: *seq, Vocab: *vocab})
				}
			}
		}
	}
	for _, c := range cases {
		if err := c.validate(); err != nil {
			return usageError{err}
		}
	}

	timing := benchTiming{runs: *runs, steps: *steps, runTime: *runTime, seed: *seed}
	const row = "%-9s %6v %6v %5v %5v %5v %10v %9v\n"
	if !*asJSON {
		fmt.Fprintf(e.stdout, "rnntrain bench on %s/%s, %s: one-hot, Adam, median of %d runs\n", runtime.GOOS, runtime.GOARCH, runtime.Version(), *runs)
		fmt.Fprintf(e.stdout, row, "cell", "hidden", "layers", "batch", "seq", "vocab", "chars/s", "ms/step")
	}
	for _, c := range cases {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted")
		}
		r, err := benchOne(ctx, c, timing)
		if err != nil {
			return err
		}
		if *asJSON {
			b, err := json.Marshal(r)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s\n", b)
			continue
		}
		fmt.Fprintf(e.stdout, row, r.Cell, r.Hidden, r.Layers, r.Batch, r.Seq, r.Vocab, fmt.Sprintf("%.0f", r.CharsPerS), fmt.Sprintf("%.3f", r.MsPerStep))
	}
	return nil
}

func (c benchCase) validate() error {
	if c.Batch < 1 || c.Batch > 4096 {
		return fmt.Errorf("-batch %d is out of range (1 to 4096)", c.Batch)
	}
	return core.StackConfig{Cell: c.Cell, Input: c.Vocab, Hidden: c.Hidden, Layers: c.Layers}.Validate()
}

// parseList splits a comma-separated flag value and parses each item,
// keeping the first of any repeated values.
func parseList[T comparable](name, s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		v, err := parse(item)
		if err != nil {
			return nil, usagef("-%s: %q is not valid: %v", name, item, err)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil, usagef("-%s is empty", name)
	}
	return out, nil
}

// benchChunks is how many distinct chunks of random text a row cycles through.
const benchChunks = 8

// benchOne measures one row: build the model, warm up, time the runs.
func benchOne(ctx context.Context, c benchCase, timing benchTiming) (benchResult, error) {
	rng := rand.New(rand.NewPCG(timing.seed, uint64(c.Hidden)<<8|uint64(c.Cell)))
	runes := make([]rune, c.Vocab)
	for i := range runes {
		runes[i] = rune(0x100 + i)
	}
	vocab, err := core.VocabFromRunes(runes)
	if err != nil {
		return benchResult{}, err
	}
	m, err := core.NewLM(core.LMConfig{Cell: c.Cell, Hidden: c.Hidden, Layers: c.Layers}, vocab, rng)
	if err != nil {
		return benchResult{}, err
	}
	opt, err := core.NewOptimizer("adam", 0.002)
	if err != nil {
		return benchResult{}, err
	}
	params := m.Params()
	st := m.NewState(c.Batch)

	// Random text in B contiguous lanes, read chunk after chunk as training does.
	T, B := c.Seq, c.Batch
	laneLen := benchChunks*T + 1
	text := make([]int32, B*laneLen)
	for i := range text {
		text[i] = int32(rng.IntN(c.Vocab))
	}
	inputs := make([][]int32, benchChunks)
	targets := make([][]int32, benchChunks)
	for k := range benchChunks {
		in, tg := make([]int32, T*B), make([]int32, T*B)
		for t := range T {
			for b := range B {
				p := b*laneLen + k*T + t
				in[t*B+b], tg[t*B+b] = text[p], text[p+1]
			}
		}
		inputs[k], targets[k] = in, tg
	}
	chunk := 0
	step := func() {
		core.ZeroGrad(params)
		m.TrainLoss(inputs[chunk], targets[chunk], T, B, st)
		opt.Step(params)
		chunk = (chunk + 1) % benchChunks
	}

	// Warm up (caches, allocations, the optimizer's buffers) and, without
	// -steps, size a timed run from the warm-up pace.
	steps := timing.steps
	warm := time.Now()
	n := 0
	for n < 2 || (timing.steps == 0 && time.Since(warm) < timing.runTime/4) {
		step()
		n++
	}
	if steps == 0 {
		perStep := time.Since(warm) / time.Duration(n)
		steps = max(1, int(timing.runTime/max(perStep, time.Microsecond)))
	}

	rates := make([]float64, 0, timing.runs)
	for range timing.runs {
		if ctx.Err() != nil {
			return benchResult{}, fmt.Errorf("interrupted")
		}
		t0 := time.Now()
		for range steps {
			step()
		}
		sec := max(time.Since(t0).Seconds(), 1e-9)
		rates = append(rates, float64(B*T*steps)/sec)
	}
	med := median(rates)
	return benchResult{
		Cell: c.Cell.String(), Hidden: c.Hidden, Layers: c.Layers, Batch: B, Seq: T, Vocab: c.Vocab,
		CharsPerS: med, MsPerStep: 1000 * float64(B*T) / med,
		Runs: timing.runs, StepsPerRun: steps, AllRuns: rates, Params: core.ParamCount(params),
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
	}, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
