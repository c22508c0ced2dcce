package e2e

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"rnnlab/core"
	"rnnlab/lab"
)

// wasmBench runs "rnntrain bench" as WebAssembly under node for the model
// the browser app trains by default, and returns its characters per second:
// the yardstick for the app's own training speed.
func wasmBench(t *testing.T, cell string, hidden, vocab int) float64 {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Log("node is not installed: no wasm bench to compare training speed with")
		return 0
	}
	bin := filepath.Join(t.TempDir(), "rnntrain.wasm")
	runGo(t, 10*time.Minute, []string{"GOOS=js", "GOARCH=wasm"}, "build", "-o", bin, "./cmd/rnntrain")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	runner := filepath.Join(goRoot(t), "lib", "wasm", "wasm_exec_node.js")
	cfg := core.DefaultTrainConfig()
	cmd := exec.CommandContext(ctx, node, runner, bin, "bench", "-json", "-cell", cell,
		"-hidden", strconv.Itoa(hidden), "-batch", strconv.Itoa(lab.AppBatch), "-seq", strconv.Itoa(cfg.Seq), "-vocab", strconv.Itoa(vocab))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("wasm bench: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		var row struct {
			CharsPerS float64 `json:"chars_per_s"`
		}
		if json.Unmarshal([]byte(line), &row) == nil && row.CharsPerS > 0 {
			return row.CharsPerS
		}
	}
	t.Fatalf("wasm bench printed no chars_per_s:\n%s", out)
	return 0
}

func goRoot(t *testing.T) string {
	out, err := exec.Command(goTool(), "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}
