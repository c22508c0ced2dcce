package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestBenchRowsAsJSON(t *testing.T) {
	r := mustRun(t, "bench", "-cell", "lstm,rnn_tanh", "-hidden", "8", "-batch", "1,3", "-seq", "5", "-vocab", "11", "-runs", "3", "-steps", "2", "-json")
	rows := jsonLines(t, r.stdout)
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 2 cells × 2 batches:\n%s", len(rows), r.stdout)
	}
	for i, row := range rows {
		if row["cell"] != []string{"lstm", "lstm", "rnn_tanh", "rnn_tanh"}[i] {
			t.Errorf("row %d cell %v", i, row["cell"])
		}
		for k, want := range map[string]float64{"hidden": 8, "layers": 1, "seq": 5, "vocab": 11, "runs": 3, "steps_per_run": 2} {
			if got := number(t, row, k); got != want {
				t.Errorf("row %d %s = %v, want %v", i, k, got, want)
			}
		}
		if got, want := number(t, row, "batch"), []float64{1, 3}[i%2]; got != want {
			t.Errorf("row %d batch %v, want %v", i, got, want)
		}
		if v := number(t, row, "chars_per_s"); !(v > 0) {
			t.Errorf("row %d chars_per_s = %v", i, v)
		}
	}
}

func TestBenchStandardTable(t *testing.T) {
	r := mustRun(t, "bench", "-seq", "2", "-runs", "1", "-steps", "1")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2+8 {
		t.Fatalf("want a title, a header and 8 rows:\n%s", r.stdout)
	}
	want := []string{"lstm 128", "lstm 128", "gru 128", "gru 128", "rnn_tanh 128", "rnn_tanh 128", "lstm 256", "lstm 256"}
	for i, line := range lines[2:] {
		f := strings.Fields(line)
		if got := f[0] + " " + f[1]; got != want[i] || f[3] != []string{"1", "32"}[i%2] {
			t.Errorf("row %d is %q, want %s with batch %s", i, line, want[i], []string{"1", "32"}[i%2])
		}
	}
}

// TestWasmBuildRunsBench builds the command for js/wasm and, when node is
// installed, runs a tiny bench with it, as the speed table's wasm column does.
func TestWasmBuildRunsBench(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the wasm build in -short mode")
	}
	if runtime.GOOS == "js" {
		t.Skip("already running under wasm")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the wasm binary")
	}
	bin := filepath.Join(t.TempDir(), "rnntrain.wasm")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build: %v\n%s", err, out)
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("the wasm build compiles; node is not installed, so it was not run")
	}
	root, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	runner := filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec_node.js")
	if _, err := os.Stat(runner); err != nil {
		t.Skipf("the wasm build compiles; %s is missing, so it was not run", runner)
	}
	cmd := exec.Command(nodeBin, runner, bin, "bench", "-cell", "gru", "-hidden", "8", "-batch", "2", "-seq", "4", "-vocab", "9", "-runs", "1", "-steps", "2", "-json")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the wasm bench under node: %v\n%s", err, out)
	}
	rows := jsonLines(t, string(out))
	if len(rows) != 1 || rows[0]["goos"] != "js" || rows[0]["goarch"] != "wasm" || !(number(t, rows[0], "chars_per_s") > 0) {
		t.Errorf("wasm bench printed %s", out)
	}
}
