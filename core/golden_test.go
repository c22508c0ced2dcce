package core

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"rnnlab/core/safetensors"
)

// The golden cases are PyTorch float64 forward and backward passes; their
// format is described in ../shared/golden/FORMAT.md. RNNLAB_GOLDEN_DIR adds
// another folder of cases (for example the hidden acceptance set).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/*.safetensors")
	if len(files) == 0 {
		t.Fatal("no golden cases in testdata/golden")
	}
	if dir := os.Getenv("RNNLAB_GOLDEN_DIR"); dir != "" {
		extra, _ := filepath.Glob(filepath.Join(dir, "*.safetensors"))
		if len(extra) == 0 {
			t.Fatalf("RNNLAB_GOLDEN_DIR=%s holds no *.safetensors case", dir)
		}
		files = append(files, extra...)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) { checkGoldenCase(t, path) })
	}
}

const goldenTol = 1e-9

func checkGoldenCase(t *testing.T, path string) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	meta := func(key string) int {
		v, err := strconv.Atoi(f.Metadata[key])
		if err != nil {
			t.Fatalf("%s: metadata %s=%q is not an integer", path, key, f.Metadata[key])
		}
		return v
	}
	cell, err := ParseCell(f.Metadata["cell"])
	if err != nil {
		t.Fatal(err)
	}
	cfg := StackConfig{Cell: cell, Input: meta("input_size"), Hidden: meta("hidden_size"),
		Layers: meta("num_layers"), Bidirectional: f.Metadata["bidirectional"] == "true"}
	T, B := meta("seq_len"), meta("batch")
	s, err := NewStack(cfg, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	get := func(name string, shape ...int) []float64 {
		v, err := f.Get(name, shape...)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, p := range s.Params() {
		copy(p.Value, get(p.Name, p.Shape...))
	}
	D, H, I, LD := cfg.Dirs(), cfg.Hidden, cfg.Input, cfg.Layers*cfg.Dirs()
	x := get("input", T, B, I)
	h0 := get("h0", LD, B, H)
	var c0, dcN []float64
	if cell == LSTM {
		c0 = get("c0", LD, B, H)
		dcN = get("dc_n", LD, B, H)
	}
	out, hN, cN := s.Forward(x, T, B, h0, c0)
	compare(t, "output", out, get("output", T, B, D*H))
	compare(t, "h_n", hN, get("h_n", LD, B, H))
	if cell == LSTM {
		compare(t, "c_n", cN, get("c_n", LD, B, H))
	}
	ZeroGrad(s.Params())
	dx, dh0, dc0 := s.Backward(get("dout", T, B, D*H), get("dh_n", LD, B, H), dcN)
	compare(t, "grad.input", dx, get("grad.input", T, B, I))
	compare(t, "grad.h0", dh0, get("grad.h0", LD, B, H))
	if cell == LSTM {
		compare(t, "grad.c0", dc0, get("grad.c0", LD, B, H))
	}
	for _, p := range s.Params() {
		compare(t, "grad."+p.Name, p.Grad, get("grad."+p.Name, p.Shape...))
	}
}

// compare checks every element against |got-want| ≤ tol·max(1,|want|) and
// names the worst one.
func compare(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, want %d", name, len(got), len(want))
		return
	}
	worst, at := 0.0, -1
	for i := range want {
		e := math.Abs(got[i]-want[i]) / math.Max(1, math.Abs(want[i]))
		if e > worst || math.IsNaN(e) {
			worst, at = e, i
		}
	}
	if worst > goldenTol || math.IsNaN(worst) {
		t.Errorf("%s: worst element %d: got %.17g want %.17g (scaled error %.3g > %g)", name, at, got[at], want[at], worst, goldenTol)
	}
}
