package safetensors

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteFileReplacesExisting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ckpt.safetensors")
	first, second := NewFile(), NewFile()
	first.Set("w", []float64{1, 2}, 2)
	second.Set("w", []float64{3, 4, 5}, 3)
	second.Metadata["step"] = "2"
	for _, f := range []*File{first, second} {
		if err := WriteFile(path, f, F64); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := got.Get("w", 3); err != nil || d[2] != 5 || got.Metadata["step"] != "2" {
		t.Errorf("after overwrite: %v %v %v", d, got.Metadata, err)
	}
	assertOnlyFiles(t, dir, "ckpt.safetensors")
}

// A write that fails at the last moment, after the new bytes are on disk
// but before the rename, must leave the old file exactly as it was.
func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ckpt.safetensors")
	old := NewFile()
	old.Set("w", []float64{1, 2}, 2)
	if err := WriteFile(path, old, F64); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	crash := errors.New("simulated crash")
	err := writeAtomic(path, []byte("new content"), func(tmp string) error {
		if data, _ := os.ReadFile(tmp); string(data) != "new content" {
			t.Errorf("temporary file holds %q", data)
		}
		if data, _ := os.ReadFile(path); string(data) != string(before) {
			t.Error("target changed before the rename")
		}
		return crash
	})
	if !errors.Is(err, crash) || !strings.HasPrefix(err.Error(), "safetensors: write ") {
		t.Errorf("got %v, want the simulated crash wrapped", err)
	}
	// An invalid file fails in Encode, before any file is touched.
	bad := &File{Tensors: map[string]*Tensor{"w": {Shape: []int{3}, Data: []float64{1}}}}
	if err := WriteFile(path, bad, F64); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want an error naming %s", err, path)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the old file changed")
	}
	assertOnlyFiles(t, dir, "ckpt.safetensors")
}

func TestWriteFileUnwritableDirectory(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("directory permissions are not enforced here (root, js or windows)")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ckpt.safetensors")
	old := NewFile()
	old.Set("w", []float64{1}, 1)
	if err := WriteFile(path, old, F64); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	err := WriteFile(path, NewFile(), F64)
	if err == nil || !strings.HasPrefix(err.Error(), "safetensors: write ") {
		t.Errorf("got %v, want a write error", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the old file changed")
	}
}

func TestWriteFileMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "x.safetensors")
	if err := WriteFile(path, NewFile(), F64); err == nil || !strings.HasPrefix(err.Error(), "safetensors: write ") {
		t.Errorf("got %v, want a write error", err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.safetensors")
	if err := os.WriteFile(corrupt, []byte{1, 2}, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want string
	}{
		{filepath.Join(dir, "missing.safetensors"), "safetensors: open "},
		{dir, "not a regular file"},
		{corrupt, "safetensors: " + corrupt + ": input is 2 bytes"},
	} {
		_, err := ReadFile(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v want an error containing %q", tc.path, err, tc.want)
		}
	}
}

// The size limit is checked from the file's metadata, before reading: a
// sparse file past the limit is refused without reading 2 GiB.
func TestReadFileTooLarge(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("sparse files are not available under js")
	}
	path := filepath.Join(t.TempDir(), "huge.safetensors")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(MaxFileSize + 1); err != nil {
		fh.Close()
		t.Skipf("cannot make a sparse file: %v", err)
	}
	fh.Close()
	_, err = ReadFile(path)
	if err == nil || !strings.Contains(err.Error(), "larger than the") {
		t.Errorf("got %v, want a size-limit error", err)
	}
}

func assertOnlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("directory holds %v, want %v (a temporary file left behind?)", got, names)
	}
}
