package main

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rnnlab/core"
)

// TestBadInput runs every kind of bad input the tool must survive. Each gets
// the expected exit code and a one-line message naming the problem, never a
// panic trace, and leaves an existing checkpoint byte for byte as it was.
func TestBadInput(t *testing.T) {
	textPath, _ := sharedCheckpoint(t)
	dir := t.TempDir()
	files := map[string]string{
		"empty":     writeFile(t, dir, "empty.txt", nil),
		"one":       writeFile(t, dir, "one.txt", bytes.Repeat([]byte("a"), 5000)),
		"invalid":   writeFile(t, dir, "invalid.txt", append([]byte(testText(3000, 9)), 0xff, 0xc3, 0x28, 0x80)),
		"binary":    writeFile(t, dir, "binary.bin", binaryData()),
		"short":     writeFile(t, dir, "short.txt", []byte("to be or not to be, that is the question\n")),
		"otherText": writeFile(t, dir, "other.txt", []byte(strings.Repeat("ЖЗИЙКЛМНопрс", 400))),
		"dir":       dir,
		"missing":   filepath.Join(dir, "no-such-file.txt"),
	}
	good := sharedCk
	checkpoints := map[string]string{
		"truncated": writeFile(t, dir, "truncated.ckpt", good[:len(good)/2]),
		"header":    writeFile(t, dir, "header.ckpt", good[:5]),
		"hostile":   writeFile(t, dir, "hostile.ckpt", hostileHeader()),
		"garbage":   writeFile(t, dir, "garbage.ckpt", bytes.Repeat([]byte{0x42, 0x17}, 3000)),
		"foreign":   writeFile(t, dir, "foreign.ckpt", foreignSafetensors()),
		"empty":     writeFile(t, dir, "empty.ckpt", nil),
		"nan":       writeFile(t, dir, "nan.ckpt", nanCheckpoint(t)),
	}

	cases := []struct {
		name string
		args []string // {ck} is the existing checkpoint, {text} a good text
		code int
		want []string // all must appear in the message
	}{
		{"missing input", []string{"train", "-input", files["missing"], "-resume", "{ck}", "-save", "{ck}"}, 1, []string{"no-such-file.txt", "no such file"}},
		{"input is a directory", []string{"train", "-input", files["dir"], "-save", "{ck}", "-overwrite"}, 1, []string{"is a directory"}},
		{"no input flag", []string{"train", "-save", "{ck}", "-overwrite"}, 2, []string{"-input is required"}},
		{"empty text", []string{"train", "-input", files["empty"], "-resume", "{ck}", "-save", "{ck}"}, 1, []string{"empty"}},
		{"empty stdin", []string{"train", "-input", "-", "-save", "{ck}", "-overwrite"}, 1, []string{"standard input is empty"}},
		{"one distinct character", []string{"train", "-input", files["one"], "-save", "{ck}", "-overwrite"}, 1, []string{"only one distinct character", `'a'`}},
		{"invalid UTF-8", []string{"train", "-input", files["invalid"], "-save", "{ck}", "-overwrite"}, 1, []string{"not UTF-8", "3 of", "invalid UTF-8", "-clean"}},
		{"binary data", []string{"train", "-input", files["binary"], "-resume", "{ck}", "-save", "{ck}"}, 1, []string{"not UTF-8", "NUL bytes"}},
		{"text too short", []string{"train", "-input", files["short"], "-batch", "32", "-seq", "64", "-save", "{ck}", "-overwrite"}, 1, []string{"batch 32", "sequence 64", "needs at least"}},
		{"hidden 0", []string{"train", "-input", "{text}", "-hidden", "0", "-save", "{ck}", "-overwrite"}, 2, []string{"hidden size 0"}},
		{"hidden 10^7", []string{"train", "-input", "{text}", "-hidden", "10000000", "-save", "{ck}", "-overwrite"}, 2, []string{"hidden size 10000000", "out of range"}},
		{"negative lr", []string{"train", "-input", "{text}", "-lr", "-0.1", "-save", "{ck}", "-overwrite"}, 2, []string{"learning rate -0.1"}},
		{"NaN lr", []string{"train", "-input", "{text}", "-lr", "NaN", "-save", "{ck}", "-overwrite"}, 2, []string{"learning rate NaN"}},
		{"NaN lr on resume", []string{"train", "-input", "{text}", "-lr", "NaN", "-resume", "{ck}", "-save", "{ck}"}, 2, []string{"learning rate NaN"}},
		{"val 1.5", []string{"train", "-input", "{text}", "-val", "1.5", "-save", "{ck}", "-overwrite"}, 2, []string{"validation fraction 1.5"}},
		{"negative clip", []string{"train", "-input", "{text}", "-clip", "-1", "-save", "{ck}", "-overwrite"}, 2, []string{"clip -1"}},
		{"zero batch", []string{"train", "-input", "{text}", "-batch", "0", "-save", "{ck}", "-overwrite"}, 2, []string{"batch 0"}},
		{"unknown cell", []string{"train", "-input", "{text}", "-cell", "transformer", "-save", "{ck}", "-overwrite"}, 2, []string{"unknown cell", "transformer"}},
		{"unknown optimizer", []string{"train", "-input", "{text}", "-optim", "lion", "-save", "{ck}", "-overwrite"}, 2, []string{"unknown optimizer", "lion"}},
		{"negative steps", []string{"train", "-input", "{text}", "-steps", "-5", "-save", "{ck}", "-overwrite"}, 2, []string{"-steps -5"}},
		{"not a number", []string{"train", "-input", "{text}", "-hidden", "lots"}, 2, []string{"invalid value", "-hidden"}},
		{"unknown flag", []string{"train", "-input", "{text}", "-hiden", "5"}, 2, []string{"not defined", "-hiden"}},
		{"stray argument", []string{"train", "{text}"}, 2, []string{"unexpected argument"}},
		{"unknown command", []string{"fit", "-input", "{text}"}, 2, []string{"unknown command", "fit"}},
		{"truncated checkpoint", []string{"train", "-input", "{text}", "-resume", checkpoints["truncated"], "-save", "{ck}", "-overwrite"}, 1, []string{"truncated.ckpt", "not a usable checkpoint"}},
		{"checkpoint cut in its header", []string{"train", "-input", "{text}", "-resume", checkpoints["header"], "-save", "{ck}", "-overwrite"}, 1, []string{"header.ckpt", "not a usable checkpoint"}},
		{"hostile checkpoint", []string{"train", "-input", "{text}", "-resume", checkpoints["hostile"], "-save", "{ck}", "-overwrite"}, 1, []string{"hostile.ckpt", "not a usable checkpoint"}},
		{"garbage checkpoint", []string{"sample", "-model", checkpoints["garbage"]}, 1, []string{"garbage.ckpt", "not a usable checkpoint"}},
		{"empty checkpoint", []string{"inspect", "-model", checkpoints["empty"]}, 1, []string{"empty.ckpt", "not a usable checkpoint"}},
		{"foreign safetensors", []string{"eval", "-model", checkpoints["foreign"], "-input", "{text}"}, 1, []string{"foreign.ckpt", "not a usable checkpoint"}},
		{"checkpoint with NaN weights", []string{"sample", "-model", checkpoints["nan"]}, 1, []string{"nan.ckpt", "not finite numbers"}},
		{"resume a checkpoint with NaN weights", []string{"train", "-input", "{text}", "-resume", checkpoints["nan"], "-save", "{ck}", "-overwrite"}, 1, []string{"nan.ckpt", "not finite numbers"}},
		{"truncated checkpoint in sample", []string{"sample", "-model", checkpoints["truncated"]}, 1, []string{"not a usable checkpoint"}},
		{"truncated checkpoint in eval", []string{"eval", "-model", checkpoints["truncated"], "-input", "{text}"}, 1, []string{"not a usable checkpoint"}},
		{"truncated checkpoint in inspect", []string{"inspect", "-model", checkpoints["truncated"]}, 1, []string{"not a usable checkpoint"}},
		{"missing checkpoint", []string{"sample", "-model", filepath.Join(dir, "nope.ckpt")}, 1, []string{"nope.ckpt", "no such file"}},
		{"no -model", []string{"inspect"}, 2, []string{"-model is required"}},
		{"resume on another model's text", []string{"train", "-input", files["otherText"], "-resume", "{ck}", "-save", "{ck}"}, 1, []string{"cannot resume", "vocabulary"}},
		{"resume with another size", []string{"train", "-input", "{text}", "-resume", "{ck}", "-save", "{ck}", "-hidden", "64"}, 2, []string{"-hidden 64 contradicts", "hidden 16"}},
		{"resume with another cell", []string{"train", "-input", "{text}", "-resume", "{ck}", "-save", "{ck}", "-cell", "lstm"}, 2, []string{"-cell lstm contradicts", "gru"}},
		{"eval on a text the model cannot read", []string{"eval", "-model", "{ck}", "-input", files["otherText"]}, 1, []string{"characters the model knows"}},
		{"save into a missing directory", []string{"train", "-input", "{text}", "-save", filepath.Join(dir, "nodir", "m.ckpt")}, 1, []string{"cannot save", "nodir"}},
		{"save under a file", []string{"train", "-input", "{text}", "-save", filepath.Join(files["short"], "m.ckpt")}, 1, []string{"cannot save", "not a directory"}},
		{"save onto a directory", []string{"train", "-input", "{text}", "-save", dir}, 1, []string{"cannot save", "is a directory"}},
		{"save over the input", []string{"train", "-input", "{text}", "-save", "{text}", "-overwrite"}, 2, []string{"is the input text"}},
		{"save over an existing file", []string{"train", "-input", "{text}", "-save", "{ck}"}, 2, []string{"already exists", "-overwrite"}},
		{"sample length", []string{"sample", "-model", "{ck}", "-n", "-3"}, 2, []string{"-n -3"}},
		{"sample temperature", []string{"sample", "-model", "{ck}", "-temperature", "NaN"}, 2, []string{"-temperature NaN"}},
		{"sample top-k", []string{"sample", "-model", "{ck}", "-topk", "-1"}, 2, []string{"-topk -1"}},
		{"bench hidden", []string{"bench", "-hidden", "0"}, 2, []string{"hidden size 0"}},
		{"bench list", []string{"bench", "-batch", "1,x"}, 2, []string{"-batch", `"x"`}},
		{"bench vocab", []string{"bench", "-vocab", "1"}, 2, []string{"-vocab 1"}},
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(dir, "readonly")
		os.Mkdir(ro, 0o555)
		unreadable := writeFile(t, dir, "unreadable.txt", []byte(testText(3000, 1)))
		os.Chmod(unreadable, 0)
		cases = append(cases,
			struct {
				name string
				args []string
				code int
				want []string
			}{"unreadable input", []string{"train", "-input", unreadable, "-save", "{ck}", "-overwrite"}, 1, []string{"unreadable.txt", "permission denied"}},
			struct {
				name string
				args []string
				code int
				want []string
			}{"save into a read-only directory", []string{"train", "-input", "{text}", "-save", filepath.Join(ro, "m.ckpt")}, 1, []string{"not writable"}},
		)
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ck := sharedCheckpoint(t)
			before, err := os.ReadFile(ck)
			if err != nil {
				t.Fatal(err)
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				a = strings.ReplaceAll(a, "{ck}", ck)
				args[i] = strings.ReplaceAll(a, "{text}", textPath)
			}
			r := runArgs(t, "", args...)
			checkFailure(t, r, tc.code, tc.want)
			after, err := os.ReadFile(ck)
			if err != nil || !bytes.Equal(before, after) {
				t.Errorf("the existing checkpoint changed (err %v)", err)
			}
			if r.stdout != "" {
				t.Errorf("printed to stdout on failure: %q", r.stdout)
			}
		})
	}
}

// checkFailure asserts a failing run: exit code, exactly one line on stderr
// containing every wanted fragment, and no Go panic.
func checkFailure(t *testing.T, r result, code int, want []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d (stderr %q)", r.code, code, r.stderr)
	}
	msg := r.stderr
	if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
		t.Errorf("message is not one line: %q", msg)
	}
	if !strings.HasPrefix(msg, "rnntrain") {
		t.Errorf("message does not start with the program name: %q", msg)
	}
	for _, w := range want {
		// Case-insensitive: js/wasm spells errno texts "No such file".
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
			t.Errorf("message %q does not mention %q", msg, w)
		}
	}
	for _, bad := range []string{"panic", "goroutine", ".go:", "internal error"} {
		if strings.Contains(msg, bad) {
			t.Errorf("message looks like a Go crash (%q): %q", bad, msg)
		}
	}
}

// TestDivergenceStopsAndKeepsAGoodCheckpoint makes the loss blow up with an
// absurd learning rate: training must stop with a message suggesting a lower
// rate, and the saved checkpoint must hold finite weights.
func TestDivergenceStopsAndKeepsAGoodCheckpoint(t *testing.T) {
	dir := t.TempDir()
	text := writeFile(t, dir, "t.txt", []byte(testText(4000, 6)))
	ck := filepath.Join(dir, "m.ckpt")
	r := runArgs(t, "", "train", "-input", text, "-cell", "rnn_relu", "-hidden", "64", "-batch", "4", "-seq", "16",
		"-optim", "sgd", "-lr", "100", "-clip", "0", "-steps", "500", "-every", "0", "-save", ck)
	checkFailure(t, r, 1, []string{"diverged", "learning rate", ck})
	loaded, err := core.LoadCheckpoint(ck)
	if err != nil {
		t.Fatalf("no usable checkpoint after divergence: %v", err)
	}
	if !core.AllFinite(loaded.Model.Params()) {
		t.Errorf("the kept checkpoint has non-finite weights")
	}
	if loaded.Steps >= 500 {
		t.Errorf("the kept checkpoint claims step %d: training did not stop", loaded.Steps)
	}
}

// nanCheckpoint is a well-formed checkpoint whose weights hold a NaN.
func nanCheckpoint(t *testing.T) []byte {
	ck, err := core.DecodeCheckpoint(sharedCk)
	if err != nil {
		t.Fatal(err)
	}
	ck.Model.Params()[0].Value[1] = math.NaN()
	data, err := core.EncodeCheckpoint(ck)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func binaryData() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i * 7 % 251)
		if i%5 == 0 {
			b[i] = 0
		}
	}
	return b
}

// hostileHeader claims a safetensors header of 2^62 bytes.
func hostileHeader() []byte {
	b := make([]byte, 8, 64)
	binary.LittleEndian.PutUint64(b, 1<<62)
	return append(b, `{"x":{"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,4]}}`...)
}

// foreignSafetensors is a valid safetensors file that is not an rnnlab model.
func foreignSafetensors() []byte {
	header := `{"fc.weight":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, uint64(len(header)))
	b = append(b, header...)
	return append(b, 0, 0, 128, 63, 0, 0, 0, 64)
}
