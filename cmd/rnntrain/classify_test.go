package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rnnlab/classify"
	"rnnlab/core"
)

// labelledText is a small two-label file a classifier has to read: shared
// words around one word that names the label's kind.
func labelledText(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 11))
	shared := []string{"the", "big", "red", "old", "sat", "ran", "near", "a", "home"}
	kinds := map[string][]string{"animal": {"cat", "dog", "owl", "cow"}, "vehicle": {"bus", "car", "van", "jet"}}
	var b bytes.Buffer
	for range n {
		label := []string{"animal", "vehicle"}[rng.IntN(2)]
		words := []string{shared[rng.IntN(len(shared))], kinds[label][rng.IntN(4)], shared[rng.IntN(len(shared))]}
		fmt.Fprintf(&b, "%s\t%s\n", label, strings.Join(words, " "))
	}
	return b.Bytes()
}

// tinyClassifier are settings that train in a fraction of a second.
var tinyClassifier = []string{"-hidden", "8", "-embed", "4", "-lr", "0.02", "-batch", "8"}

func classifyTrainArgs(extra ...string) []string {
	return append(append([]string{"classify", "train"}, tinyClassifier...), extra...)
}

func TestClassifyTrainEvalPredictInspect(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", labelledText(300, 1))
	val := writeFile(t, dir, "val.tsv", labelledText(60, 2))
	model := filepath.Join(dir, "m.safetensors")
	r := mustRun(t, classifyTrainArgs("-input", train, "-val", val, "-steps", "120", "-every", "40", "-save", model, "-json")...)
	objs := jsonLines(t, r.stdout)
	if len(objs) != 5 || objs[0]["event"] != "start" || objs[1]["event"] != "report" || objs[4]["event"] != "final" {
		t.Fatalf("want start, 3 reports and final; got %s", r.stdout)
	}
	final := objs[4]
	if final["stopped"] != "steps" || number(t, final, "step") != 120 || number(t, final, "val_n") != 60 {
		t.Errorf("final report %v", final)
	}
	valAcc := number(t, final, "val_accuracy")
	if valAcc < 0.9 {
		t.Errorf("held-out accuracy %v after 120 steps on an easy task", valAcc)
	}
	conf := final["confusion"].([]any)
	total := 0.0
	for _, row := range conf {
		for _, n := range row.([]any) {
			total += n.(float64)
		}
	}
	if len(conf) != 2 || total != 60 {
		t.Errorf("confusion %v does not cover the 60 held-out texts", conf)
	}

	r = mustRun(t, "classify", "eval", "-model", model, "-input", val, "-json")
	var ev classifyEvalResult
	if err := json.Unmarshal([]byte(r.stdout), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.N != 60 || ev.Accuracy != valAcc || len(ev.Confusion) != 2 || ev.Labels[0] != "animal" {
		t.Errorf("eval %+v; training reported accuracy %v", ev, valAcc)
	}
	r = mustRun(t, "classify", "eval", "-model", model, "-input", val, "-mistakes", "3")
	if !strings.HasPrefix(r.stdout, "accuracy ") || !strings.Contains(r.stdout, "true\\got") {
		t.Errorf("eval text output:\n%s", r.stdout)
	}

	r = mustRun(t, "classify", "predict", "-model", model, "-text", "the old cat ran home", "-json")
	var p classifyPrediction
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	if p.Label != "animal" || math.Abs(p.Probs["animal"]+p.Probs["vehicle"]-1) > 1e-9 {
		t.Errorf("predict %+v", p)
	}
	r = mustRun(t, "classify", "predict", "-model", model, "-text", "A red van → home", "-read")
	if !strings.HasPrefix(r.stdout, "vehicle") || !strings.Contains(r.stdout, "left out 1 characters the model never saw: →") ||
		strings.Count(r.stdout, "\n") != 2+4 {
		t.Errorf("predict -read output:\n%s", r.stdout)
	}
	r = runArgs(t, "the cat\n\nthe jet\n", "classify", "predict", "-model", model, "-text", "-")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("predict from stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = mustRun(t, "inspect", "-model", model)
	for _, want := range []string{"classifier: gru bidirectional", "labels:     animal, vehicle", "embedding.weight", "weight_hh_l0_reverse", "classifier.bias", "120 steps"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("inspect does not say %q:\n%s", want, r.stdout)
		}
	}
	r = mustRun(t, "inspect", "-model", model, "-json")
	if !strings.Contains(r.stdout, `"kind":"classifier"`) {
		t.Errorf("inspect -json: %s", r.stdout)
	}

	small := filepath.Join(dir, "small.safetensors")
	mustRun(t, classifyTrainArgs("-input", train, "-valfrac", "0", "-steps", "5", "-every", "0", "-save", small, "-dtype", "f32")...)
	big, _ := os.Stat(model)
	st, _ := os.Stat(small)
	if st.Size() > big.Size()*6/10 {
		t.Errorf("an f32 model takes %d bytes, the f64 one %d", st.Size(), big.Size())
	}
}

// TestClassifyBadInput runs every kind of bad input the issue lists (and
// more): each exits with a one-line message naming the problem, prints
// nothing on stdout, and leaves an existing model byte for byte as it was.
func TestClassifyBadInput(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.tsv", labelledText(200, 3))
	existing := filepath.Join(dir, "existing.safetensors")
	mustRun(t, classifyTrainArgs("-input", good, "-steps", "3", "-every", "0", "-save", existing)...)
	_, lmCheckpoint := sharedCheckpoint(t)
	lines := func(n int, f func(i int) string) []byte {
		var b bytes.Buffer
		for i := range n {
			b.WriteString(f(i) + "\n")
		}
		return b.Bytes()
	}
	files := map[string]string{
		"oneClass":   writeFile(t, dir, "one.tsv", lines(50, func(i int) string { return fmt.Sprintf("sport\tgoal number %d", i) })),
		"noTab":      writeFile(t, dir, "notab.tsv", append(labelledText(20, 4), "animal the cat sat\n"...)),
		"emptyText":  writeFile(t, dir, "emptytext.tsv", append(labelledText(20, 4), "animal\t  \n"...)),
		"thousand":   writeFile(t, dir, "thousand.tsv", lines(1000, func(i int) string { return fmt.Sprintf("label%d\ttext %d", i, i) })),
		"swapped":    writeFile(t, dir, "swapped.tsv", lines(30, func(i int) string { return fmt.Sprintf("the %d cats\t%s", i%3, []string{"a", "b"}[i%2]) })),
		"binary":     writeFile(t, dir, "binary.bin", binaryData()),
		"invalid":    writeFile(t, dir, "invalid.tsv", append(labelledText(20, 4), "animal\tcaf\xe9\n"...)),
		"empty":      writeFile(t, dir, "empty.tsv", nil),
		"huge":       writeFile(t, dir, "huge.tsv", bytes.Repeat([]byte("animal\tthe cat sat on it\n"), classify.MaxFileBytes/24+10)),
		"otherLabel": writeFile(t, dir, "other.tsv", []byte("animal\tthe cat\nplant\tthe oak\n")),
		"cyrillic":   writeFile(t, dir, "cyrillic.tsv", []byte("animal\tжжж щщ\nvehicle\tюю ї\n")),
		"garbage":    writeFile(t, dir, "garbage.safetensors", bytes.Repeat([]byte{3, 9}, 400)),
	}
	cases := []struct {
		name string
		args []string // {m} is the existing model, {good} a good file
		code int
		want []string
	}{
		{"no subcommand", []string{"classify"}, 2, []string{"train, eval, predict"}},
		{"unknown subcommand", []string{"classify", "fit"}, 2, []string{"unknown subcommand", "fit"}},
		{"no input", []string{"classify", "train", "-save", "{m}", "-overwrite"}, 2, []string{"-input is required"}},
		{"missing input", []string{"classify", "train", "-input", filepath.Join(dir, "nope.tsv")}, 1, []string{"nope.tsv", "no such file"}},
		{"input is a directory", []string{"classify", "train", "-input", dir}, 1, []string{"is a directory"}},
		{"empty file", []string{"classify", "train", "-input", files["empty"], "-save", "{m}", "-overwrite"}, 1, []string{"empty.tsv", "empty"}},
		{"one class", []string{"classify", "train", "-input", files["oneClass"], "-save", "{m}", "-overwrite"}, 1, []string{"one.tsv", "at least two different labels"}},
		{"missing tab", []string{"classify", "train", "-input", files["noTab"], "-save", "{m}", "-overwrite"}, 1, []string{"line 21", "no tab"}},
		{"empty text", []string{"classify", "train", "-input", files["emptyText"], "-save", "{m}", "-overwrite"}, 1, []string{"line 21", "empty text"}},
		{"1000 classes", []string{"classify", "train", "-input", files["thousand"], "-save", "{m}", "-overwrite"}, 1, []string{"1000 different labels", "limit is 100"}},
		{"label longer than the text", []string{"classify", "train", "-input", files["swapped"], "-save", "{m}", "-overwrite"}, 1, []string{"longer than the text", "columns swapped"}},
		{"binary data", []string{"classify", "train", "-input", files["binary"], "-save", "{m}", "-overwrite"}, 1, []string{"binary"}},
		{"invalid UTF-8", []string{"classify", "train", "-input", files["invalid"], "-save", "{m}", "-overwrite"}, 1, []string{"not UTF-8"}},
		{"huge file", []string{"classify", "train", "-input", files["huge"], "-save", "{m}", "-overwrite"}, 1, []string{"larger than 32 MiB"}},
		{"held-out labels unknown", []string{"classify", "train", "-input", "{good}", "-val", files["otherLabel"], "-save", "{m}", "-overwrite"}, 1, []string{"other.tsv", `"plant"`, "the training file has"}},
		{"save over an existing model", []string{"classify", "train", "-input", "{good}", "-save", "{m}"}, 2, []string{"already exists", "-overwrite"}},
		{"save over the input", []string{"classify", "train", "-input", "{good}", "-save", "{good}", "-overwrite"}, 2, []string{"is a data file"}},
		{"save into a missing directory", []string{"classify", "train", "-input", "{good}", "-save", filepath.Join(dir, "no", "m.safetensors")}, 1, []string{"cannot save"}},
		{"unknown pooling", []string{"classify", "train", "-input", "{good}", "-pool", "max"}, 2, []string{"unknown pooling", "max"}},
		{"unknown cell", []string{"classify", "train", "-input", "{good}", "-cell", "transformer"}, 2, []string{"unknown cell"}},
		{"four layers", []string{"classify", "train", "-input", "{good}", "-layers", "4"}, 2, []string{"layer count 4"}},
		{"hidden 0", []string{"classify", "train", "-input", "{good}", "-hidden", "0"}, 2, []string{"hidden size 0"}},
		{"NaN learning rate", []string{"classify", "train", "-input", "{good}", "-lr", "NaN"}, 2, []string{"learning rate NaN"}},
		{"word dropout 1", []string{"classify", "train", "-input", "{good}", "-worddrop", "1"}, 2, []string{"word dropout 1"}},
		{"dtype", []string{"classify", "train", "-input", "{good}", "-dtype", "f16"}, 2, []string{"-dtype", "f16"}},
		{"nothing stops training", []string{"classify", "train", "-input", "{good}", "-epochs", "0"}, 2, []string{"nothing would stop"}},
		{"valfrac", []string{"classify", "train", "-input", "{good}", "-valfrac", "0.9"}, 2, []string{"-valfrac 0.9"}},
		{"eval: labels the model does not know", []string{"classify", "eval", "-model", "{m}", "-input", files["otherLabel"]}, 1, []string{`labels the model does not know: "plant"`, `"animal", "vehicle"`}},
		{"eval: no character known", []string{"classify", "eval", "-model", "{m}", "-input", files["cyrillic"]}, 1, []string{"no text has a character the model knows"}},
		{"eval: no input", []string{"classify", "eval", "-model", "{m}"}, 2, []string{"-input is required"}},
		{"eval: no model", []string{"classify", "eval", "-input", "{good}"}, 2, []string{"-model is required"}},
		{"eval: missing model", []string{"classify", "eval", "-model", filepath.Join(dir, "nope.safetensors"), "-input", "{good}"}, 1, []string{"no such file"}},
		{"eval: garbage model", []string{"classify", "eval", "-model", files["garbage"], "-input", "{good}"}, 1, []string{"garbage.safetensors", "not a usable classifier"}},
		{"eval: a language model", []string{"classify", "eval", "-model", lmCheckpoint, "-input", "{good}"}, 1, []string{"is a language model, not a classifier"}},
		{"predict: zero characters", []string{"classify", "predict", "-model", "{m}", "-text", ""}, 1, []string{"the text is empty"}},
		{"predict: only spaces", []string{"classify", "predict", "-model", "{m}", "-text", "   "}, 1, []string{"the text is empty"}},
		{"predict: characters never seen", []string{"classify", "predict", "-model", "{m}", "-text", "Ωμέγα ж"}, 1, []string{"none of the text's characters", "'ω'", "the model has seen"}},
		{"predict: too long", []string{"classify", "predict", "-model", "{m}", "-text", strings.Repeat("cat ", 400)}, 1, []string{"limit is 1000"}},
		{"predict: no text flag", []string{"classify", "predict", "-model", "{m}"}, 2, []string{"-text is required"}},
		{"predict: empty stdin", []string{"classify", "predict", "-model", "{m}", "-text", "-"}, 1, []string{"no text"}},
		{"inspect: garbage model", []string{"inspect", "-model", files["garbage"]}, 1, []string{"not a usable checkpoint"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, err := os.ReadFile(existing)
			if err != nil {
				t.Fatal(err)
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(strings.ReplaceAll(a, "{m}", existing), "{good}", good)
			}
			r := runArgs(t, "", args...)
			checkFailure(t, r, tc.code, tc.want)
			if r.stdout != "" {
				t.Errorf("printed to stdout on failure: %q", r.stdout)
			}
			after, err := os.ReadFile(existing)
			if err != nil || !bytes.Equal(before, after) {
				t.Errorf("the existing model changed (err %v)", err)
			}
		})
	}
}

// Ctrl-C during training saves the model and exits 0.
func TestClassifyInterruptSaves(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", labelledText(200, 5))
	model := filepath.Join(dir, "m.safetensors")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOnReport{cancel: cancel}
	var errOut bytes.Buffer
	args := classifyTrainArgs("-input", train, "-epochs", "100", "-every", "5", "-save", model, "-json")
	if code := run(ctx, args, nil, out, &errOut); code != 0 {
		t.Fatalf("exit %d after Ctrl-C: %s", code, errOut.String())
	}
	final := finalObject(t, out.String())
	if final["stopped"] != "interrupted" || number(t, final, "step") != 5 {
		t.Errorf("final report %v, want interrupted at step 5", final)
	}
	m, info, err := classify.Load(model)
	if err != nil || info.Steps != 5 || len(m.Labels) != 2 {
		t.Errorf("saved model: %v, info %+v", err, info)
	}
}

// A learning rate that makes training blow up stops it with a message, and
// the saved model is the last good one.
func TestClassifyDivergenceKeepsAGoodModel(t *testing.T) {
	dir := t.TempDir()
	train := writeFile(t, dir, "train.tsv", labelledText(200, 6))
	model := filepath.Join(dir, "m.safetensors")
	r := runArgs(t, "", classifyTrainArgs("-input", train, "-cell", "rnn_relu", "-hidden", "32", "-optim", "sgd", "-lr", "100",
		"-clip", "0", "-epochs", "50", "-every", "0", "-save", model)...)
	checkFailure(t, r, 1, []string{"diverged", "learning rate", model})
	m, _, err := classify.Load(model)
	if err != nil {
		t.Fatalf("no usable model after divergence: %v", err)
	}
	if !core.AllFinite(m.Net.Params()) {
		t.Errorf("the kept model has non-finite weights")
	}
}
