package safetensors

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// goldenDirs lists the folders of golden cases present on this machine: the
// copy committed with core, the shared original, and RNNLAB_GOLDEN_DIR.
func goldenDirs() []string {
	var dirs []string
	for _, dir := range []string{"../testdata/golden", "/work/shared/golden/cases", os.Getenv("RNNLAB_GOLDEN_DIR")} {
		if dir == "" {
			continue
		}
		if files, _ := filepath.Glob(filepath.Join(dir, "*.safetensors")); len(files) > 0 {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// The golden cases were written by Python's safetensors; reading them and
// checking what FORMAT.md promises about their contents tests Decode against
// an independent writer.
func TestGoldenCases(t *testing.T) {
	dirs := goldenDirs()
	if len(dirs) == 0 {
		t.Skip("no golden cases found (../testdata/golden, /work/shared/golden/cases, $RNNLAB_GOLDEN_DIR)")
	}
	for _, dir := range dirs {
		manifest := readManifest(t, dir)
		files, _ := filepath.Glob(filepath.Join(dir, "*.safetensors"))
		for _, path := range files {
			t.Run(path, func(t *testing.T) {
				f, err := ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				checkGoldenShapes(t, f)
				if want, ok := manifest[filepath.Base(path)]; ok {
					if got := maxAbs(f); got != want {
						t.Errorf("largest |value| %v, MANIFEST.json says %v", got, want)
					}
				}
				checkReencodes(t, f)
			})
		}
	}
}

// readManifest returns file name → max_abs_value from dir/MANIFEST.json, or
// an empty map if there is none.
func readManifest(t *testing.T, dir string) map[string]float64 {
	data, err := os.ReadFile(filepath.Join(dir, "MANIFEST.json"))
	if err != nil {
		return nil
	}
	var m struct {
		Cases []struct {
			File        string  `json:"file"`
			MaxAbsValue float64 `json:"max_abs_value"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s/MANIFEST.json: %v", dir, err)
	}
	out := map[string]float64{}
	for _, c := range m.Cases {
		out[c.File] = c.MaxAbsValue
	}
	return out
}

func checkGoldenShapes(t *testing.T, f *File) {
	meta := func(key string) int {
		v, err := strconv.Atoi(f.Metadata[key])
		if err != nil {
			t.Fatalf("metadata %s=%q is not an integer", key, f.Metadata[key])
		}
		return v
	}
	I, H, L, T, B := meta("input_size"), meta("hidden_size"), meta("num_layers"), meta("seq_len"), meta("batch")
	G := map[string]int{"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}[f.Metadata["cell"]]
	if G == 0 {
		t.Fatalf("metadata cell=%q is not a known cell", f.Metadata["cell"])
	}
	D := 1
	if f.Metadata["bidirectional"] == "true" {
		D = 2
	}
	want := map[string][]int{
		"input": {T, B, I}, "h0": {L * D, B, H}, "output": {T, B, D * H}, "h_n": {L * D, B, H},
		"dout": {T, B, D * H}, "dh_n": {L * D, B, H}, "grad.input": {T, B, I}, "grad.h0": {L * D, B, H},
	}
	if G == 4 {
		for _, name := range []string{"c0", "c_n", "dc_n", "grad.c0"} {
			want[name] = []int{L * D, B, H}
		}
	}
	for l := range L {
		in := I
		if l > 0 {
			in = D * H
		}
		for d := range D {
			sfx := "_l" + strconv.Itoa(l)
			if d == 1 {
				sfx += "_reverse"
			}
			for _, p := range []struct {
				name  string
				shape []int
			}{{"weight_ih", []int{G * H, in}}, {"weight_hh", []int{G * H, H}}, {"bias_ih", []int{G * H}}, {"bias_hh", []int{G * H}}} {
				want[p.name+sfx] = p.shape
				want["grad."+p.name+sfx] = p.shape
			}
		}
	}
	for name, shape := range want {
		if _, err := f.Get(name, shape...); err != nil {
			t.Error(err)
		}
		if dt := f.Tensors[name]; dt != nil && dt.DType != F64 {
			t.Errorf("%s: dtype %s, want F64", name, dt.DType)
		}
	}
	if len(f.Tensors) != len(want) {
		t.Errorf("%d tensors, want exactly %d", len(f.Tensors), len(want))
	}
}

func maxAbs(f *File) float64 {
	m := 0.0
	for _, t := range f.Tensors {
		for _, v := range t.Data {
			m = math.Max(m, math.Abs(v))
		}
	}
	return m
}

// checkReencodes checks that f survives Encode(F64) and Decode unchanged.
func checkReencodes(t *testing.T, f *File) {
	t.Helper()
	data, err := Encode(f, F64)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Decode(data)
	if err != nil {
		t.Fatalf("decoding our own encoding: %v", err)
	}
	if !maps(f.Metadata, g.Metadata) {
		t.Errorf("metadata changed: %q became %q", f.Metadata, g.Metadata)
	}
	if !slices.Equal(f.Names(), g.Names()) {
		t.Fatalf("names changed: %v became %v", f.Names(), g.Names())
	}
	for _, name := range f.Names() {
		a, b := f.Tensors[name], g.Tensors[name]
		if !slices.Equal(a.Shape, b.Shape) || len(a.Data) != len(b.Data) {
			t.Fatalf("%s: shape %v became %v", name, a.Shape, b.Shape)
		}
		for i := range a.Data {
			if !sameFloat(a.Data[i], b.Data[i]) {
				t.Fatalf("%s[%d]: %v became %v", name, i, a.Data[i], b.Data[i])
			}
		}
	}
}
