package safetensors

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ReadFile reads and decodes the file at path. Files larger than MaxFileSize
// are refused before any of their content is read.
func ReadFile(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{Path: path, Msg: "not a regular file"}
	}
	if info.Size() > MaxFileSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("file is %d bytes, larger than the %d-byte limit", info.Size(), MaxFileSize)}
	}
	// Read at most one byte past the limit, in case the file grew since Stat.
	data, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("safetensors: read %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("file is larger than the %d-byte limit", MaxFileSize)}
	}
	f, err := Decode(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = path
		}
		return nil, err
	}
	return f, nil
}

// WriteFile encodes f as dtype and replaces the file at path atomically:
// an existing file is never left half-written.
func WriteFile(path string, f *File, dtype string) error {
	data, err := Encode(f, dtype)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Path = path
		}
		return err
	}
	return writeAtomic(path, data, nil)
}

// writeAtomic writes data to a temporary file beside path, syncs it and
// renames it over path. beforeRename, if not nil, runs between the sync and
// the rename; tests use it to inject a failure at the last moment.
func writeAtomic(path string, data []byte, beforeRename func(tmp string) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("safetensors: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("safetensors: write %s: %w", path, err)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if beforeRename != nil {
		if err := beforeRename(tmp.Name()); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable where the platform allows it; failure is
// harmless (the rename itself has already happened).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
