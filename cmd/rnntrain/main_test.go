package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"rnnlab/core"
)

// result is what one in-process run of the program produced.
type result struct {
	code           int
	stdout, stderr string
}

func runArgs(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runCtx(t, context.Background(), stdin, args...)
}

func runCtx(t *testing.T, ctx context.Context, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(ctx, args, strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// mustRun fails the test unless the command exits 0.
func mustRun(t *testing.T, args ...string) result {
	t.Helper()
	r := runArgs(t, "", args...)
	if r.code != 0 {
		t.Fatalf("rnntrain %s: exit %d\nstderr: %s\nstdout: %s", strings.Join(args, " "), r.code, r.stderr, r.stdout)
	}
	return r
}

// testText is a small, learnable, deterministic text of about n bytes with
// a couple of dozen distinct characters.
func testText(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := []string{"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "to", "its", "home"}
	var b strings.Builder
	for b.Len() < n {
		line := rng.IntN(6) + 3
		for i := range line {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[rng.IntN(len(words))])
		}
		b.WriteString(".\n")
	}
	return b.String()
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// smallTrain is a quick training configuration for tests.
var smallTrain = []string{"-cell", "gru", "-hidden", "16", "-batch", "4", "-seq", "16", "-lr", "0.01", "-sample", "20"}

func trainArgs(extra ...string) []string {
	return append(append([]string{"train"}, smallTrain...), extra...)
}

// jsonLines parses every line of s as a JSON object.
func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		objs = append(objs, m)
	}
	return objs
}

// finalObject returns the last JSON line, which must be the final report.
func finalObject(t *testing.T, stdout string) map[string]any {
	t.Helper()
	objs := jsonLines(t, stdout)
	if len(objs) == 0 {
		t.Fatalf("no JSON output")
	}
	last := objs[len(objs)-1]
	if last["event"] != "final" {
		t.Fatalf("last object is %v, want the final report", last["event"])
	}
	return last
}

func number(t *testing.T, obj map[string]any, key string) float64 {
	t.Helper()
	v, ok := obj[key].(float64)
	if !ok {
		t.Fatalf("%q is %v (%T), want a number in %v", key, obj[key], obj[key], obj)
	}
	return v
}

var (
	sharedOnce sync.Once
	sharedDir  string
	sharedCk   []byte // a good checkpoint, trained on testText
	sharedErr  error
)

// sharedCheckpoint trains one small model for all tests that need a
// checkpoint and returns the text file and a private copy of the checkpoint.
func sharedCheckpoint(t testing.TB) (textPath, ckPath string) {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "rnntrain-test-")
		if sharedErr != nil {
			return
		}
		text := filepath.Join(sharedDir, "text.txt")
		if sharedErr = os.WriteFile(text, []byte(testText(4000, 1)), 0o644); sharedErr != nil {
			return
		}
		ck := filepath.Join(sharedDir, "good.ckpt")
		var out, errOut bytes.Buffer
		args := trainArgs("-input", text, "-steps", "20", "-every", "0", "-save", ck)
		if code := run(context.Background(), args, nil, &out, &errOut); code != 0 {
			sharedErr = fmt.Errorf("training the shared checkpoint: exit %d: %s", code, errOut.String())
			return
		}
		sharedCk, sharedErr = os.ReadFile(ck)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	dir := t.TempDir()
	return filepath.Join(sharedDir, "text.txt"), writeFile(t, dir, "model.ckpt", sharedCk)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func TestHelpExplainsEveryCommand(t *testing.T) {
	r := mustRun(t, "-h")
	for _, c := range commands {
		if !strings.Contains(r.stdout, c.name) {
			t.Errorf("overview does not mention %s:\n%s", c.name, r.stdout)
		}
	}
	flags := map[string][]string{
		"train":   {"-input", "-cell", "-hidden", "-layers", "-embed", "-batch", "-seq", "-steps", "-optim", "-lr", "-clip", "-val", "-seed", "-save", "-resume", "-every", "-json"},
		"sample":  {"-model", "-n", "-temperature", "-topk", "-prime", "-seed"},
		"eval":    {"-model", "-input"},
		"inspect": {"-model"},
		"bench":   {"-cell", "-hidden", "-batch", "-seq", "-vocab", "-json"},
	}
	for cmd, names := range flags {
		r := mustRun(t, cmd, "-h")
		for _, name := range names {
			if !strings.Contains(r.stdout, "  "+name+" ") && !strings.Contains(r.stdout, "  "+name+"\n") {
				t.Errorf("%s -h does not document %s:\n%s", cmd, name, r.stdout)
			}
		}
	}
}

func TestNoArgumentsIsUsageError(t *testing.T) {
	r := runArgs(t, "")
	if r.code != exitUsage || !strings.Contains(r.stderr, "Commands:") {
		t.Errorf("no arguments: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestTrainSampleEvalInspectRoundTrip(t *testing.T) {
	dir := t.TempDir()
	text := writeFile(t, dir, "text.txt", []byte(testText(6000, 2)))
	ck := filepath.Join(dir, "m.ckpt")
	r := mustRun(t, trainArgs("-input", text, "-steps", "30", "-every", "10", "-save", ck, "-json")...)

	objs := jsonLines(t, r.stdout)
	var reports int
	for _, o := range objs {
		if o["event"] == "report" {
			reports++
			if _, ok := o["sample"].(string); !ok {
				t.Errorf("report without a sample: %v", o)
			}
		}
	}
	if objs[0]["event"] != "start" || reports != 2 {
		t.Errorf("got events %v, want start, 2 reports (steps 10 and 20) and final", objs)
	}
	final := finalObject(t, r.stdout)
	if got := number(t, final, "step"); got != 30 {
		t.Errorf("final step %v, want 30", got)
	}
	for _, k := range []string{"train_loss", "val_loss", "chars_per_s"} {
		if v := number(t, final, k); !(v > 0) {
			t.Errorf("%s = %v, want > 0", k, v)
		}
	}
	if got := number(t, final, "chars_trained"); got != 30*4*16 {
		t.Errorf("chars_trained %v, want %d", got, 30*4*16)
	}
	if tl := number(t, final, "train_loss"); tl > 3.2 {
		t.Errorf("train loss %v after 30 steps: not learning (uniform would be about 2.9–3.0)", tl)
	}

	s := mustRun(t, "sample", "-model", ck, "-n", "80", "-prime", "the ", "-seed", "3")
	if got := []rune(strings.TrimSuffix(s.stdout, "\n")); len(got) != 4+80 || !strings.HasPrefix(s.stdout, "the ") {
		t.Errorf("sample printed %d runes %q, want the prime and 80 characters", len(got), s.stdout)
	}
	again := mustRun(t, "sample", "-model", ck, "-n", "80", "-prime", "the ", "-seed", "3")
	if again.stdout != s.stdout {
		t.Errorf("same seed, different samples:\n%q\n%q", s.stdout, again.stdout)
	}
	greedy := mustRun(t, "sample", "-model", ck, "-n", "30", "-temperature", "0", "-topk", "3")
	if len([]rune(strings.TrimSuffix(greedy.stdout, "\n"))) != 30 {
		t.Errorf("greedy sample %q, want 30 characters", greedy.stdout)
	}

	e := mustRun(t, "eval", "-model", ck, "-input", text, "-json")
	var ev evalResult
	if err := json.Unmarshal([]byte(e.stdout), &ev); err != nil {
		t.Fatalf("eval -json: %v in %q", err, e.stdout)
	}
	if !(ev.Loss > 0 && ev.Loss < 3.2) || ev.Chars != len([]rune(testText(6000, 2))) {
		t.Errorf("eval: %+v", ev)
	}
	plain := mustRun(t, "eval", "-model", ck, "-input", text)
	if !strings.Contains(plain.stdout, "perplexity") || !strings.Contains(plain.stdout, "nats/char") {
		t.Errorf("eval output %q lacks loss and perplexity", plain.stdout)
	}

	in := mustRun(t, "inspect", "-model", ck)
	for _, want := range []string{"gru", "16 hidden", "30 steps", "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "[48, ", "decoder.weight"} {
		if !strings.Contains(in.stdout, want) {
			t.Errorf("inspect output lacks %q:\n%s", want, in.stdout)
		}
	}
	ij := mustRun(t, "inspect", "-model", ck, "-json")
	var info inspectResult
	if err := json.Unmarshal([]byte(ij.stdout), &info); err != nil {
		t.Fatal(err)
	}
	if info.Steps != 30 || info.Cell != "gru" || info.Hidden != 16 || len(info.Tensors) == 0 || !info.OptimState {
		t.Errorf("inspect -json: %+v", info)
	}
}

func TestResumeContinuesTheStepCount(t *testing.T) {
	text, ck := sharedCheckpoint(t)
	r := mustRun(t, "train", "-input", text, "-resume", ck, "-save", ck, "-steps", "15", "-every", "0", "-json", "-lr", "0.005")
	final := finalObject(t, r.stdout)
	if got := number(t, final, "step"); got != 35 {
		t.Errorf("resumed run ended at step %v, want 20+15", got)
	}
	if got := number(t, final, "chars_trained"); got != 35*4*16 {
		t.Errorf("chars_trained %v, want %d", got, 35*4*16)
	}
	if got := number(t, final, "lr"); got != 0.005 {
		t.Errorf("lr %v, want the -lr override 0.005", got)
	}
	loaded, err := core.LoadCheckpoint(ck)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Steps != 35 || loaded.Config.Model.Cell != core.GRU {
		t.Errorf("checkpoint after resume: steps %d, cell %v", loaded.Steps, loaded.Config.Model.Cell)
	}
}

func TestTrainFromStdinPlainOutput(t *testing.T) {
	r := runArgs(t, testText(3000, 3), trainArgs("-input", "-", "-steps", "6", "-every", "3")...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"gru, 1 layer(s) × 16 hidden", "step 3/6", "step 6/6", "chars/s", "  | "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plain output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\r") {
		t.Errorf("progress bar drawn on a non-terminal:\n%q", r.stdout)
	}
}

func TestCleanReplacesInvalidUTF8AndSaysSo(t *testing.T) {
	dir := t.TempDir()
	data := append([]byte(testText(3000, 4)), 0xff, 0xfe, 'a', 0)
	text := writeFile(t, dir, "t.txt", data)
	r := runArgs(t, "", trainArgs("-input", text, "-steps", "2", "-every", "0", "-clean")...)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "replaced 2 invalid UTF-8 bytes") || !strings.Contains(r.stderr, "1 control") {
		t.Errorf("-clean did not say what it replaced: %q", r.stderr)
	}
}

// TestInterruptSavesAndExitsCleanly cancels the run (Ctrl-C) right after
// the first report; the run must save its state and exit 0.
func TestInterruptSavesAndExitsCleanly(t *testing.T) {
	dir := t.TempDir()
	text := writeFile(t, dir, "text.txt", []byte(testText(4000, 5)))
	for _, withSave := range []bool{true, false} {
		t.Run(fmt.Sprint("save=", withSave), func(t *testing.T) {
			work := t.TempDir()
			t.Chdir(work)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := &cancelOnReport{cancel: cancel}
			var errOut bytes.Buffer
			args := trainArgs("-input", text, "-steps", "1000", "-every", "4", "-json")
			want := filepath.Join(work, "rnntrain-interrupted.ckpt")
			if withSave {
				want = filepath.Join(work, "m.ckpt")
				args = append(args, "-save", want)
			}
			if code := run(ctx, args, nil, out, &errOut); code != 0 {
				t.Fatalf("exit %d after Ctrl-C: %s", code, errOut.String())
			}
			final := finalObject(t, out.String())
			if final["interrupted"] != true || number(t, final, "step") != 4 {
				t.Errorf("final report %v, want interrupted at step 4", final)
			}
			ck, err := core.LoadCheckpoint(want)
			if err != nil {
				t.Fatalf("no checkpoint after Ctrl-C: %v", err)
			}
			if ck.Steps != 4 {
				t.Errorf("checkpoint at step %d, want 4", ck.Steps)
			}
		})
	}
}

// cancelOnReport is stdout that presses Ctrl-C when the first report arrives.
type cancelOnReport struct {
	bytes.Buffer
	cancel func()
}

func (c *cancelOnReport) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(`"event":"report"`)) {
		c.cancel()
	}
	return c.Buffer.Write(p)
}

// A model saved without optimizer state (as a browser export may be) can
// still be trained further: a fresh optimizer is made from -optim.
func TestResumeWithoutOptimizerState(t *testing.T) {
	text, ck := sharedCheckpoint(t)
	loaded, err := core.LoadCheckpoint(ck)
	if err != nil {
		t.Fatal(err)
	}
	loaded.Opt, loaded.Config.Optim = nil, ""
	bare := filepath.Join(t.TempDir(), "bare.ckpt")
	if err := core.SaveCheckpoint(bare, loaded); err != nil {
		t.Fatal(err)
	}
	if in := mustRun(t, "inspect", "-model", bare); !strings.Contains(in.stdout, "without optimizer state") {
		t.Errorf("inspect does not say the optimizer state is missing:\n%s", in.stdout)
	}
	r := mustRun(t, "train", "-input", text, "-resume", bare, "-save", bare, "-optim", "rmsprop", "-steps", "5", "-every", "0", "-json")
	if got := number(t, finalObject(t, r.stdout), "step"); got != 25 {
		t.Errorf("ended at step %v, want 25", got)
	}
	after, err := core.LoadCheckpoint(bare)
	if err != nil {
		t.Fatal(err)
	}
	if after.Config.Optim != "rmsprop" || after.Opt == nil {
		t.Errorf("after resuming: optimizer %q, state %v", after.Config.Optim, after.Opt != nil)
	}
}
