package core

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"rnnlab/core/safetensors"
)

func trainedFor(t testing.TB, cell Cell, embed, steps int) *Trainer {
	cfg := smallConfig(cell)
	cfg.Model.Embed = embed
	tr, err := NewTrainer(patterned(4000), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < steps; i++ {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return tr
}

// Training N steps, saving, loading and training M more gives exactly what
// N+M uninterrupted steps give.
func TestCheckpointResumesExactly(t *testing.T) {
	for _, optim := range []string{"adam", "sgd", "rmsprop", "adagrad"} {
		cfg := smallConfig(GRU)
		cfg.Optim = optim
		text := patterned(4000)
		straight, _ := NewTrainer(text, cfg)
		paused, _ := NewTrainer(text, cfg)
		for i := 0; i < 7; i++ {
			straight.Step()
			paused.Step()
		}
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := SaveCheckpoint(path, paused.Checkpoint()); err != nil {
			t.Fatal(err)
		}
		ck, err := LoadCheckpoint(path)
		if err != nil {
			t.Fatal(err)
		}
		resumed, err := ResumeTrainer(ck, text)
		if err != nil {
			t.Fatal(err)
		}
		if resumed.Steps != 7 {
			t.Errorf("%s: resumed at step %d, want 7", optim, resumed.Steps)
		}
		for i := 0; i < 5; i++ {
			a, _ := straight.Step()
			b, _ := resumed.Step()
			if a != b {
				t.Fatalf("%s: step %d after resuming: loss %v, uninterrupted %v", optim, 8+i, b, a)
			}
		}
	}
}

func TestCheckpointRoundTripAllCells(t *testing.T) {
	for _, cell := range allCells {
		for _, embed := range []int{0, 5} {
			tr := trainedFor(t, cell, embed, 3)
			data, err := EncodeCheckpoint(tr.Checkpoint())
			if err != nil {
				t.Fatal(err)
			}
			ck, err := DecodeCheckpoint(data)
			if err != nil {
				t.Fatalf("%s: %v", cell, err)
			}
			if ck.Model.Config != tr.Model.Config || ck.Model.Vocab.Size() != tr.Model.Vocab.Size() || ck.Steps != 3 {
				t.Errorf("%s: loaded %+v, %d chars, step %d", cell, ck.Model.Config, ck.Model.Vocab.Size(), ck.Steps)
			}
			for i, p := range tr.Model.Params() {
				q := ck.Model.Params()[i]
				if p.Name != q.Name || !equalFloats(p.Value, q.Value) {
					t.Errorf("%s: parameter %s differs after loading", cell, p.Name)
				}
			}
		}
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// corruptions are hostile variants of a valid checkpoint.
func corruptions(valid []byte) map[string][]byte {
	hdrLen := binary.LittleEndian.Uint64(valid)
	header := string(valid[8 : 8+hdrLen])
	withHeader := func(h string) []byte {
		b := make([]byte, 8, 8+len(h)+len(valid))
		binary.LittleEndian.PutUint64(b, uint64(len(h)))
		return append(append(b, h...), valid[8+hdrLen:]...)
	}
	nan := append([]byte(nil), valid...)
	binary.LittleEndian.PutUint64(nan[8+hdrLen+16:], 0x7ff8000000000001) // a NaN in the first tensor
	huge := make([]byte, 8)
	binary.LittleEndian.PutUint64(huge, 1<<40)
	return map[string][]byte{
		"empty":              {},
		"NaN weight":         nan,
		"truncated header":   valid[:20],
		"truncated data":     valid[:len(valid)-9],
		"header past end":    append(huge, valid[8:]...),
		"bad JSON":           withHeader("{" + header[1:len(header)/2]),
		"unknown dtype":      withHeader(strings.Replace(header, `"F64"`, `"Q13"`, 1)),
		"wrong format":       withHeader(strings.Replace(header, "rnnlab-lm-1", "other-1", 1)),
		"hidden mismatch":    withHeader(strings.Replace(header, `"hidden_size":"24"`, `"hidden_size":"25"`, 1)),
		"gigabyte hidden":    withHeader(strings.Replace(header, `"hidden_size":"24"`, `"hidden_size":"4000"`, 1)),
		"vocabulary garbage": withHeader(strings.Replace(header, `"vocab":"[`, `"vocab":"[[`, 1)),
	}
}

func TestCheckpointRejectsHostileFiles(t *testing.T) {
	valid, err := EncodeCheckpoint(trainedFor(t, LSTM, 0, 1).Checkpoint())
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range corruptions(valid) {
		if _, err := DecodeCheckpoint(data); err == nil {
			t.Errorf("%s: accepted", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	// Metadata that would make a loader allocate or index wildly.
	hdrLen := binary.LittleEndian.Uint64(valid)
	header := string(valid[8 : 8+hdrLen])
	withMeta := func(key, value string) []byte {
		i := strings.Index(header, `"`+key+`":"`)
		if i < 0 {
			t.Fatalf("no %s in the header", key)
		}
		j := i + len(key) + 4
		k := j + strings.IndexByte(header[j:], '"')
		h := header[:j] + value + header[k:]
		b := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
		return append(append(b, h...), valid[8+hdrLen:]...)
	}
	for _, c := range []struct{ key, value string }{
		{"lane_pos", "9223372036854775800"},
		{"optim.beta1", "1"},
		{"optim.eps", "-1"},
		{"vocab", "[" + strings.Repeat("97,", 70000) + "97]"},
	} {
		if _, err := DecodeCheckpoint(withMeta(c.key, c.value)); err == nil {
			t.Errorf("%s=%.20s… accepted", c.key, c.value)
		}
	}

	// An empty state tensor whose shape claims billions of lanes.
	f, err := safetensors.Decode(valid)
	if err != nil {
		t.Fatal(err)
	}
	f.Tensors["state.h"] = &safetensors.Tensor{Name: "state.h", Shape: []int{0, 2147483647, 2}}
	lying, err := safetensors.Encode(f, "F64")
	if err != nil {
		t.Fatal(err)
	}
	if ck, err := DecodeCheckpoint(lying); err == nil && ck.State != nil {
		t.Errorf("a state of %d lanes was loaded", ck.State.B)
	}

	// Another model's checkpoint is refused for a text it cannot read.
	ck, _ := DecodeCheckpoint(valid)
	if _, err := ResumeTrainer(ck, "жжжж ёёёё "+patterned(3000)); err == nil || !strings.Contains(err.Error(), "vocabulary") {
		t.Errorf("resuming on a text with new characters: %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	// A tiny model keeps the inputs small, which the fuzzer needs to be fast.
	vocab, _ := NewVocab("ab.")
	m, _ := NewLM(LMConfig{Cell: LSTM, Hidden: 2, Layers: 1}, vocab, rand.New(rand.NewPCG(1, 1)))
	opt, _ := NewOptimizer("adam", 0.01)
	valid, err := EncodeCheckpoint(&Checkpoint{Model: m, Config: DefaultTrainConfig(), Opt: opt})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	for _, c := range corruptions(valid) {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ck, err := DecodeCheckpoint(data)
		if err != nil {
			return
		}
		// Whatever loads must be usable.
		if _, err := ck.Model.Sample(rand.New(rand.NewPCG(1, 1)), SampleOptions{N: 3, Temperature: 1}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSaveKeepsOldFileWhenWriteFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	tr := trainedFor(t, RNNTanh, 0, 1)
	if err := SaveCheckpoint(path, tr.Checkpoint()); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)
	if os.Getuid() != 0 { // root can write anywhere
		os.Chmod(dir, 0o500)
		defer os.Chmod(dir, 0o700)
		if err := SaveCheckpoint(path, trainedFor(t, RNNTanh, 0, 2).Checkpoint()); err == nil {
			t.Error("saving into a read-only folder succeeded")
		}
	}
	now, _ := os.ReadFile(path)
	if !bytes.Equal(old, now) {
		t.Error("the existing checkpoint changed")
	}
}

// With python3 and torch present, a checkpoint loads into torch.nn.LSTM/GRU/RNN
// and gives the same outputs; PyTorch's weights load back into our model.
func TestPyTorchInterop(t *testing.T) {
	py, err := exec.LookPath("/usr/bin/python3")
	if err != nil || exec.Command(py, "-c", "import torch").Run() != nil {
		t.Skip("python3 with torch is not installed (apt-get install python3-torch)")
	}
	for _, cell := range []Cell{LSTM, GRU, RNNTanh} {
		tr := trainedFor(t, cell, 0, 2)
		dir := t.TempDir()
		in := filepath.Join(dir, "in.safetensors")
		out := filepath.Join(dir, "out.safetensors")
		if err := SaveCheckpoint(in, tr.Checkpoint()); err != nil {
			t.Fatal(err)
		}
		probsPath := filepath.Join(dir, "probs.safetensors")
		ids, _ := tr.Model.Vocab.Encode("the cat sat.")
		idText := make([]string, len(ids))
		for i, id := range ids {
			idText[i] = strconv.Itoa(int(id))
		}
		cmd := exec.Command(py, "testdata/interop.py", in, out, probsPath, strings.Join(idText, ","))
		msg, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: interop.py: %v\n%s", cell, err, msg)
		}
		// PyTorch's next-character probabilities must equal ours.
		m := tr.Model
		T := len(ids) - 1
		m.Loss(ids[:T], ids[1:], T, 1, m.NewState(1))
		pf, err := safetensors.ReadFile(probsPath)
		if err != nil {
			t.Fatal(err)
		}
		want, err := pf.Get("probs", T, m.Vocab.Size())
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range m.logits[:T*m.Vocab.Size()] {
			if d := p - want[i]; d > 1e-12 || d < -1e-12 {
				t.Fatalf("%s: probability %d: ours %v, PyTorch %v", cell, i, p, want[i])
			}
		}
		// PyTorch's own state_dict (each weight +0.01) loads back as our model.
		ck, err := LoadCheckpoint(out)
		if err != nil {
			t.Fatalf("%s: loading PyTorch's file: %v", cell, err)
		}
		for i, p := range m.Params() {
			q := ck.Model.Params()[i]
			for j := range p.Value {
				if d := q.Value[j] - (p.Value[j] + 0.01); d > 1e-12 || d < -1e-12 {
					t.Fatalf("%s: %s[%d] from PyTorch %v, want %v", cell, p.Name, j, q.Value[j], p.Value[j]+0.01)
				}
			}
		}
	}
}
