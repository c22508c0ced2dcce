package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

const (
	desktopFrames = 30
	// desktopWait ends a desktop app that hangs; a slow, busy machine draws
	// its frames in well under a minute.
	desktopWait = 10 * time.Minute
)

// TestDesktop builds the native app and has it draw a few frames on the X
// display and save them as a PNG.
func TestDesktop(t *testing.T) {
	if testing.Short() {
		t.Skip("the desktop test builds the native app; skipped with -short")
	}
	if os.Getenv("DISPLAY") == "" {
		t.Skip("DISPLAY is not set: the desktop app needs an X display (make test runs this under xvfb-run)")
	}
	if !hasGoFiles(t, filepath.Join("cmd", "rnnlab")) {
		t.Skip("./cmd/rnnlab has no Go files yet: no desktop app to test")
	}

	bin := filepath.Join(t.TempDir(), "rnnlab")
	runGo(t, 10*time.Minute, nil, "build", "-o", bin, "./cmd/rnnlab")

	shot := shotPath(t, "desktop.png")
	os.Remove(shot)
	ctx, cancel := context.WithTimeout(context.Background(), desktopWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-screenshot", shot, "-frames", fmt.Sprint(desktopFrames))
	cmd.Dir = t.TempDir()
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("rnnlab -screenshot did not exit within %v\n%s", desktopWait, out)
	}
	if err != nil {
		t.Fatalf("rnnlab -screenshot: %v\n%s", err, out)
	}
	t.Logf("rnnlab drew %d frames and exited in %v", desktopFrames, time.Since(start).Round(100*time.Millisecond))

	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, out)
	}
	t.Logf("screenshot saved to %s", shot)
	b := checkRealContent(t, "desktop screenshot", data)
	// The app's default window; make test's Xvfb screen is larger.
	if b.Dx() != 1280 || b.Dy() != 800 {
		t.Errorf("desktop screenshot is %dx%d, want the default window of 1280x800", b.Dx(), b.Dy())
	}
}
