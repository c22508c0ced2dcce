package classify

import (
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rnnlab/core"
	"rnnlab/core/safetensors"
)

// TestPyTorchInterop loads saved classifiers into torch.nn modules
// (testdata/interop.py) and compares PyTorch's probabilities with
// Predict's, for every cell, one and two directions, both poolings, one-hot
// and embedded input (two layers each). It runs when /usr/bin/python3 has
// torch.
func TestPyTorchInterop(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skip("skipping: /usr/bin/python3 with torch is not installed (apt-get install python3-torch python3-numpy)")
	}
	for _, cell := range []core.Cell{core.LSTM, core.GRU, core.RNNTanh, core.RNNReLU} {
		for _, v := range []struct {
			bidir bool
			pool  core.Pool
			embed int
		}{{true, core.PoolFinal, 0}, {false, core.PoolMean, 5}, {true, core.PoolMean, 5}, {false, core.PoolFinal, 0}} {
			cfg := toyConfig()
			cfg.Cell, cfg.Bidirectional, cfg.Pool, cfg.Embed, cfg.Layers, cfg.Hidden = cell, v.bidir, v.pool, v.embed, 2, 6
			t.Run(fmt.Sprintf("%s/bidir=%v/%s/embed=%d", cell, v.bidir, v.pool, v.embed), func(t *testing.T) { checkInterop(t, cfg) })
		}
	}
}

func checkInterop(t *testing.T, cfg Config) {
	texts := []string{"the red cat sat", "a bus", "the old jet ran near a big dog"}
	tr := trainToy(t, cfg, 5)
	dir := t.TempDir()
	model := filepath.Join(dir, "m.safetensors")
	if err := Save(model, tr.Model, tr.Info(), "F64"); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, text := range texts {
		encoded, _, _ := tr.Model.Encode(text)
		s := make([]string, len(encoded))
		for i, id := range encoded {
			s[i] = fmt.Sprint(id)
		}
		ids = append(ids, strings.Join(s, ","))
	}
	out := filepath.Join(dir, "probs.safetensors")
	cmd := exec.Command("/usr/bin/python3", "testdata/interop.py", model, out, strings.Join(ids, ";"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("interop.py: %v\n%s", err, msg)
	}
	f, err := safetensors.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	K := len(tr.Model.Labels)
	probs, err := f.Get("probs", len(texts), K)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range texts {
		p, err := tr.Model.Predict(text)
		if err != nil {
			t.Fatal(err)
		}
		for k := range K {
			if ref := probs[i*K+k]; math.Abs(p.Probs[k]-ref) > 1e-12 {
				t.Errorf("%q: p[%d] = %.15g, PyTorch %.15g", text, k, p.Probs[k], ref)
			}
		}
	}
}
