package classify

import (
	"bytes"
	"encoding/binary"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rnnlab/core/safetensors"
)

// A saved model loads with the same weights (exactly in F64, to float32
// rounding in F32), labels, vocabulary, folding and training record, and
// decides the same.
func TestCheckpointRoundTrip(t *testing.T) {
	cfg := toyConfig()
	cfg.Layers, cfg.WordDrop = 2, 0.1
	tr := trainToy(t, cfg, 10)
	m := tr.Model
	for _, dtype := range []string{"F64", "F32"} {
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := Save(path, m, tr.Info(), dtype); err != nil {
			t.Fatal(err)
		}
		got, info, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		tol := 0.0
		if dtype == "F32" {
			tol = 1e-6
		}
		for i, p := range m.Net.Params() {
			q := got.Net.Params()[i]
			if q.Name != p.Name || !slices.Equal(q.Shape, p.Shape) {
				t.Fatalf("%s: tensor %d is %s %v, want %s %v", dtype, i, q.Name, q.Shape, p.Name, p.Shape)
			}
			for j := range p.Value {
				if math.Abs(q.Value[j]-p.Value[j]) > tol*math.Max(1, math.Abs(p.Value[j])) {
					t.Fatalf("%s: %s[%d] = %v, saved %v", dtype, p.Name, j, q.Value[j], p.Value[j])
				}
			}
		}
		if !slices.Equal(got.Labels, m.Labels) || !slices.Equal(got.Vocab.Runes(), m.Vocab.Runes()) || got.Fold != m.Fold {
			t.Errorf("%s: labels %q vocab %q fold %v", dtype, got.Labels, string(got.Vocab.Runes()), got.Fold)
		}
		if *info != tr.Info() {
			t.Errorf("%s: info %+v, saved %+v", dtype, *info, tr.Info())
		}
		a, _ := m.Predict("the old owl ran home")
		b, _ := got.Predict("the old owl ran home")
		if math.Abs(a.Probs[0]-b.Probs[0]) > 1e-5 {
			t.Errorf("%s: probabilities %v after loading, %v before", dtype, b.Probs, a.Probs)
		}
	}
}

// Decode treats its input as hostile: every damaged or foreign file is an
// error, never a panic or a huge allocation.
func TestDecodeRefuses(t *testing.T) {
	tr := trainToy(t, toyConfig(), 2)
	good, err := Encode(tr.Model, tr.Info(), "F32")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(change func(f *safetensors.File)) []byte {
		f, err := safetensors.Decode(good)
		if err != nil {
			t.Fatal(err)
		}
		change(f)
		b, err := safetensors.Encode(f, "F32")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	huge := make([]byte, 8)
	binary.LittleEndian.PutUint64(huge, 1<<62)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, ""},
		{"truncated", good[:len(good)/2], ""},
		{"hostile header length", append(huge, '{'), ""},
		{"garbage", bytes.Repeat([]byte{7, 1}, 500), ""},
		{"a language model", edit(func(f *safetensors.File) { f.Metadata["format"] = "rnnlab-lm-1" }), "not an rnnlab classifier"},
		{"one label", edit(func(f *safetensors.File) { f.Metadata["labels"] = `["a"]` }), "1 labels"},
		{"labels not a list", edit(func(f *safetensors.File) { f.Metadata["labels"] = `{"a":1}` }), "JSON list"},
		{"repeated label", edit(func(f *safetensors.File) { f.Metadata["labels"] = `["a","a"]` }), "repeated"},
		{"a label too few for the tensors", edit(func(f *safetensors.File) { f.Metadata["labels"] = `["a","b","c"]` }), "do not match"},
		{"vocabulary not code points", edit(func(f *safetensors.File) { f.Metadata["vocab"] = `[-5]` }), "not a code point"},
		{"huge hidden size", edit(func(f *safetensors.File) { f.Metadata["hidden_size"] = "4000" }), "parameters"},
		{"another hidden size", edit(func(f *safetensors.File) { f.Metadata["hidden_size"] = "40" }), "do not match"},
		{"hidden size not a number", edit(func(f *safetensors.File) { f.Metadata["hidden_size"] = "lots" }), "not an integer"},
		{"unknown cell", edit(func(f *safetensors.File) { f.Metadata["cell"] = "transformer" }), "unknown cell"},
		{"unknown pool", edit(func(f *safetensors.File) { f.Metadata["pool"] = "max" }), "unknown pooling"},
		{"too many layers", edit(func(f *safetensors.File) { f.Metadata["num_layers"] = "9" }), "9 layers"},
		{"a missing tensor", edit(func(f *safetensors.File) { delete(f.Tensors, "classifier.bias") }), "classifier.bias"},
		{"an extra tensor", edit(func(f *safetensors.File) { f.Set("decoder.weight", []float64{1}, 1) }), "unexpected tensor"},
		{"NaN weight", edit(func(f *safetensors.File) { f.Tensors["classifier.bias"].Data[0] = math.NaN() }), "not all finite"},
		{"no fold key", edit(func(f *safetensors.File) { delete(f.Metadata, "fold") }), `fold=""`},
		{"a malformed learning rate", edit(func(f *safetensors.File) { f.Metadata["lr"] = "fast" }), "not a number"},
	} {
		m, _, err := Decode(tc.data)
		if err == nil || m != nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %q does not mention %q", tc.name, err, tc.want)
		}
	}
}

// A file that records only the model (as another program might write it)
// loads, with a zero training record.
func TestDecodeWithoutTrainingRecord(t *testing.T) {
	tr := trainToy(t, toyConfig(), 2)
	f, err := file(tr.Model, tr.Info())
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"steps", "texts_seen", "chars_trained", "batch", "optimizer", "lr", "clip", "worddrop", "seed"} {
		delete(f.Metadata, key)
	}
	data, err := safetensors.Encode(f, "F32")
	if err != nil {
		t.Fatal(err)
	}
	m, info, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if info.Steps != 0 || info.Config.LR != 0 || len(m.Labels) != 2 {
		t.Errorf("info %+v labels %v", info, m.Labels)
	}
}

// FuzzDecode opens arbitrary bytes as a classifier.
func FuzzDecode(f *testing.F) {
	tr := trainToy(f, toyConfig(), 1)
	good, _ := Encode(tr.Model, tr.Info(), "F32")
	f.Add(good)
	f.Add(good[:100])
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := Decode(data)
		if err == nil {
			if _, err := m.Predict("a dog"); err != nil && !strings.Contains(err.Error(), "seen") {
				t.Fatalf("a decoded model cannot predict: %v", err)
			}
		}
	})
}
