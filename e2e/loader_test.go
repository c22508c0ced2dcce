package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// loaderText opens a page and returns the loader's visible text once it
// shows a failure.
func loaderText(t *testing.T, tab context.Context, url string) string {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if err := waitFor(tab, `!document.getElementById("failure").hidden`, loadWait); err != nil {
		t.Fatalf("the page shows no failure: %v", err)
	}
	text, err := chromedp.Run(tab, chromedp.Evaluate[string]("document.body.innerText"))
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestLoaderFailures checks that index.html turns every way of failing to
// start into readable text on the page, never a blank page.
func TestLoaderFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Chromium; skipped with -short")
	}
	if _, ok := findChromium(); !ok {
		t.Skip("chromium is not installed (make deps installs it); skipping the loader test")
	}
	root := t.TempDir()
	crashed := filepath.Join(root, "crashed")
	buildSite(t, crashed, "./e2e/crasher")
	missing := filepath.Join(root, "missing")
	if err := os.MkdirAll(missing, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(crashed, "index.html"), filepath.Join(missing, "index.html"))
	copyFile(t, filepath.Join(crashed, "wasm_exec.js"), filepath.Join(missing, "wasm_exec.js"))
	base := serveSite(t, root)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	t.Run("missing wasm", func(t *testing.T) {
		tab, console := newBrowser(t, ctx)
		text := loaderText(t, tab, base+"/missing/")
		for _, want := range []string{"could not start", "rnnlab.wasm", "404"} {
			if !strings.Contains(text, want) {
				t.Errorf("page text lacks %q:\n%s", want, text)
			}
		}
		// The failed download must reach the error list TestBrowser checks.
		if errs := strings.Join(console.list(), "\n"); !strings.Contains(errs, "browser network error") {
			t.Errorf("the console log missed the failed download; it has:\n%s", errs)
		}
	})
	t.Run("program panics", func(t *testing.T) {
		tab, _ := newBrowser(t, ctx)
		text := loaderText(t, tab, base+"/crashed/")
		for _, want := range []string{"crashed", "exit code 2", "panic: assignment to entry in nil map"} {
			if !strings.Contains(text, want) {
				t.Errorf("page text lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("no WebGL2", func(t *testing.T) {
		tab, _ := newBrowser(t, ctx, chromedp.Flag("disable-webgl2", true))
		text := loaderText(t, tab, base+"/crashed/")
		if !strings.Contains(text, "WebGL 2") || strings.Contains(text, "panic") {
			t.Errorf("page does not explain the missing WebGL 2:\n%s", text)
		}
	})
}
