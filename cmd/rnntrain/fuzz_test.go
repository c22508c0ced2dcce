package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkOutcome accepts success, or a one-line failure with exit 1 or 2.
func checkOutcome(t *testing.T, r result) {
	t.Helper()
	if r.code == 0 {
		return
	}
	if r.code != exitFailure && r.code != exitUsage {
		t.Fatalf("exit %d", r.code)
	}
	if strings.Count(r.stderr, "\n") != 1 || strings.Contains(r.stderr, "internal error") {
		t.Fatalf("not a one-line error: %q", r.stderr)
	}
}

// FuzzTrainInput feeds arbitrary bytes as the training text.
func FuzzTrainInput(f *testing.F) {
	f.Add([]byte(testText(600, 1)))
	f.Add([]byte{})
	f.Add([]byte("aaaa"))
	f.Add([]byte("\xff\xfe\x00abc"))
	f.Add([]byte("ab"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := runArgs(t, string(data), "train", "-input", "-", "-hidden", "4", "-batch", "2", "-seq", "3", "-steps", "2", "-every", "1", "-sample", "5", "-json")
		checkOutcome(t, r)
	})
}

// FuzzCheckpointBytes opens arbitrary bytes as a checkpoint with every
// command that reads one.
func FuzzCheckpointBytes(f *testing.F) {
	// A tiny model keeps the inputs small enough for the fuzzer to mutate quickly.
	dir := f.TempDir()
	textPath := writeFile(f, dir, "text.txt", []byte(testText(400, 1)))
	ck := filepath.Join(dir, "tiny.ckpt")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"train", "-input", textPath, "-cell", "lstm", "-hidden", "2", "-batch", "2", "-seq", "4", "-steps", "2", "-every", "0", "-save", ck}, nil, &out, &errOut); code != 0 {
		f.Fatalf("training the tiny model: %s", errOut.String())
	}
	good, err := os.ReadFile(ck)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-3])
	f.Add(hostileHeader())
	f.Add(foreignSafetensors())
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "m.ckpt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkOutcome(t, runArgs(t, "", "inspect", "-model", path))
		checkOutcome(t, runArgs(t, "", "sample", "-model", path, "-n", "5"))
		checkOutcome(t, runArgs(t, "", "eval", "-model", path, "-input", textPath))
	})
}
