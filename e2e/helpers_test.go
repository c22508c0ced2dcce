package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"rnnlab/assets"
	"rnnlab/cmd/rnnserve/site"
)

// repoRoot is the module root, one level above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// goTool finds the go command that runs this test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// hasGoFiles reports whether the repository directory holds a Go package yet.
func hasGoFiles(t *testing.T, dir string) bool {
	t.Helper()
	matches, _ := filepath.Glob(filepath.Join(repoRoot(t), dir, "*.go"))
	return len(matches) > 0
}

// runGo runs the go command in the module root with extra environment and a
// time limit, and fails the test with its output if it fails.
func runGo(t *testing.T, timeout time.Duration, env []string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool(), args...)
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("go %s: %v", strings.Join(args, " "), time.Since(start).Round(100*time.Millisecond))
}

// siteSizes are the byte counts of a built wasm file.
type siteSizes struct {
	raw, gzipped int
}

// buildSite builds the wasm program pkg into dir the way "make site" does:
// index.html, wasm_exec.js, rnnlab.wasm and gzip twins.
func buildSite(t *testing.T, dir, pkg string) siteSizes {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	wasmPath := filepath.Join(dir, "rnnlab.wasm")
	runGo(t, 10*time.Minute, []string{"GOOS=js", "GOARCH=wasm"},
		"build", "-trimpath", "-ldflags=-s -w", "-o", wasmPath, pkg)

	out, err := exec.Command(goTool(), "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	copyFile(t, filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"), filepath.Join(dir, "wasm_exec.js"))
	copyFile(t, filepath.Join(repoRoot(t), "index.html"), filepath.Join(dir, "index.html"))
	// The headlines of the "read and decide" task, fetched when it opens.
	names := []string{"rnnlab.wasm", "wasm_exec.js", "index.html"}
	if err := os.MkdirAll(filepath.Join(dir, "classify"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range assets.TopicFiles() {
		for _, f := range []string{s.TrainFile, s.HeldFile} {
			copyFile(t, filepath.Join(repoRoot(t), "assets", f), filepath.Join(dir, f))
			names = append(names, f)
		}
	}

	var sizes siteSizes
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		gz := gzipBest(t, data)
		if err := os.WriteFile(filepath.Join(dir, name+".gz"), gz, 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "rnnlab.wasm" {
			sizes = siteSizes{raw: len(data), gzipped: len(gz)}
		}
	}
	return sizes
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipBest(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serveSite serves dir on 127.0.0.1 with rnnserve's handler until the test ends.
func serveSite(t *testing.T, dir string) string {
	t.Helper()
	h, err := site.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	return srv.URL
}

// shotPath is where a test saves a screenshot: $RNNLAB_SHOT_DIR, or a
// directory under the system's temporary directory.
func shotPath(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("RNNLAB_SHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "rnnlab-e2e")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, name)
}

// colourStats decodes a PNG and counts its distinct colours and the share
// of pixels that have the most common one.
func colourStats(data []byte) (bounds image.Rectangle, distinct int, topShare float64, err error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return image.Rectangle{}, 0, 0, fmt.Errorf("not a PNG: %w", err)
	}
	b := img.Bounds()
	counts := make(map[uint32]int)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[(r>>8)<<16|(g>>8)<<8|bl>>8]++
		}
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	return b, len(counts), float64(top) / float64(b.Dx()*b.Dy()), nil
}

// checkRealContent fails the test when a screenshot is empty, flat or
// nearly so: a drawn app shows text, plots and panels in many colours.
func checkRealContent(t *testing.T, what string, data []byte) image.Rectangle {
	t.Helper()
	b, distinct, topShare, err := colourStats(data)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	t.Logf("%s: %dx%d, %d distinct colours, most common colour covers %.1f%%", what, b.Dx(), b.Dy(), distinct, 100*topShare)
	const minColours = 64
	if distinct < minColours {
		t.Errorf("%s has %d distinct colours, want at least %d: it looks blank", what, distinct, minColours)
	}
	if topShare > 0.97 {
		t.Errorf("%s is %.1f%% one colour: it looks blank", what, 100*topShare)
	}
	return b
}
