package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"rnnlab/core"
)

// maxInputBytes bounds what is read into memory: the longest text core trains on.
const maxInputBytes = core.MaxTextBytes

// readText reads a training or evaluation text from path ("-" is stdin) and
// checks that it is text. With clean, invalid UTF-8 becomes U+FFFD and
// control characters go, and a note on stderr says how many; without it such
// input is refused with the count.
func readText(e *env, path string, clean bool) (string, error) {
	if path == "" {
		return "", usagef("-input is required (a text file, or - for standard input)")
	}
	name := path
	var r io.Reader
	if path == "-" {
		name = "standard input"
		r = e.stdin
	} else {
		st, err := os.Stat(path)
		if err != nil {
			return "", fmt.Errorf("cannot read input: %w", plainPathError(err))
		}
		if st.IsDir() {
			return "", fmt.Errorf("cannot read input: %s is a directory, not a text file", path)
		}
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("cannot read input: %w", plainPathError(err))
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return "", fmt.Errorf("cannot read input %s: %w", name, plainPathError(err))
	}
	if len(data) > maxInputBytes {
		return "", fmt.Errorf("input %s is larger than %d MiB; use a shorter text", name, maxInputBytes>>20)
	}
	if len(data) == 0 {
		return "", fmt.Errorf("input %s is empty: there is no text to learn from", name)
	}
	text := string(data)
	bad := core.InvalidUTF8Bytes(text)
	nul := bytes.Count(data, []byte{0})
	if bad > 0 || nul > 0 {
		what := describeBinary(bad, nul, len(data))
		if !clean {
			return "", fmt.Errorf("input %s is not UTF-8 text: %s; convert it to UTF-8, or pass -clean to replace bad bytes with U+FFFD and drop control characters", name, what)
		}
		cleaned, badBytes, controls := core.CleanText(text)
		fmt.Fprintf(e.stderr, "rnntrain: %s: replaced %d invalid UTF-8 bytes with U+FFFD and dropped %d control characters (-clean)\n", name, badBytes, controls)
		text = cleaned
	}
	if len(text) == 0 {
		return "", fmt.Errorf("input %s is empty after cleaning: there is no text to learn from", name)
	}
	return text, nil
}

func describeBinary(bad, nul, total int) string {
	var parts []string
	if bad > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d bytes are invalid UTF-8", bad, total))
	}
	if nul > 0 {
		parts = append(parts, fmt.Sprintf("%d NUL bytes (binary data?)", nul))
	}
	return strings.Join(parts, " and ")
}

// plainPathError keeps the operating system's words ("no such file or
// directory", "permission denied") with the path, without Go's operation name.
func plainPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

// checkWritable makes sure a checkpoint can be written to path before any
// training time is spent: the directory must exist and take a new file.
// It does not touch path itself.
func checkWritable(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot save to %s: it is a directory; give a file name such as %s", path, filepath.Join(path, "model.ckpt"))
	} else if err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("cannot save to %s: it is not a regular file", path)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot save to %s: %v", path, plainPathError(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("cannot save to %s: %s is not a directory", path, dir)
	}
	f, err := os.CreateTemp(dir, ".rnntrain-write-check-*")
	if err != nil {
		return fmt.Errorf("cannot save to %s: the directory %s is not writable (%v)", path, dir, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// samePath reports whether a and b name the same file (existing or not).
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	aa, errA := filepath.Abs(a)
	ab, errB := filepath.Abs(b)
	return errA == nil && errB == nil && aa == ab
}

// loadCheckpoint reads a checkpoint with a message that names the file.
func loadCheckpoint(path string) (*core.Checkpoint, error) {
	if path == "" {
		return nil, usagef("-model is required (a checkpoint written by rnntrain train -save or the rnnlab app)")
	}
	if st, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot read checkpoint: %w", plainPathError(err))
	} else if st.IsDir() {
		return nil, fmt.Errorf("cannot read checkpoint: %s is a directory", path)
	}
	ck, err := core.LoadCheckpoint(path)
	if err != nil {
		return nil, fmt.Errorf("%s is not a usable checkpoint: %v", path, trimPathPrefix(err, path))
	}
	return ck, nil
}

// trimPathPrefix removes "path: " from err's message, so that a message
// that already names the file does not name it twice.
func trimPathPrefix(err error, path string) string {
	return strings.ReplaceAll(err.Error(), path+": ", "")
}
