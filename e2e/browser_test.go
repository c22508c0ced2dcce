package e2e

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rnnlab/assets"
	"rnnlab/core"
	"rnnlab/lab"
)

const (
	viewportWidth  = 1280
	viewportHeight = 800

	// maxWasmGzipped is the hard limit on the compressed download (a size,
	// the same on every machine).
	maxWasmGzipped = 5_000_000
	// startRounds is how many times the empty scene and the app are each
	// loaded, taking turns, to time their first frames.
	startRounds = 5
	// startOverEmpty is how much longer than the empty scene, loaded just
	// before it, the app may take from navigation to its first frame on a
	// machine of ordinary speed. Its own start-up (a bigger program, its
	// packages' set-up, its first layout) is work for the CPU and grows on
	// a slow, busy machine faster than the empty scene's does: measured
	// 0.6 s beside the empty scene's 1.8 s, and 2.7 s beside 5.0 s with
	// five times more work than cores. So a slow machine allows as long
	// again as the empty scene takes (see startAllowance).
	startOverEmpty = 1500 * time.Millisecond
	// brokenFirstFrame is far above the first frame of a first visit on
	// any reasonable machine (3.4 s on a quiet 2-core server, 44 s on a
	// 2-core machine running seven times more work than it has cores): an
	// absolute bound that only catches an app that hardly starts.
	brokenFirstFrame = 2 * time.Minute
	// minFPSShare is the share of the empty scene's frame rate the app keeps
	// while it trains, on a machine at most maxFPSSlowness times slower than
	// the reference machine (by the page's training step, as for drawMs).
	// A training step is whole and the frame after it waits for it: on the
	// reference machine a step takes 15 ms, the empty scene's frame 32 ms.
	// On a much slower or busier machine steps grow past that, training
	// and Chromium's software rasterizer compete for the CPU, and single
	// turns of the app measured 35% to 200% of the empty scene's; there
	// the app need only keep brokenFPSShare, which only catches an app that
	// hardly draws.
	minFPSShare    = 0.8
	maxFPSSlowness = 3.0
	brokenFPSShare = 0.25
	// trainSteps is how far training runs before the loss must have dropped.
	trainSteps = 300

	// Waits are no measurements: they only end a test that would otherwise
	// hang, so they are many times what a slow, busy machine needs.
	// loadWait is how long a page may take to start, react how long the
	// app may take to answer a key, a link or a touch (a few frames), and
	// stallWait how long training may go without a new step.
	loadWait  = 3 * time.Minute
	react     = 30 * time.Second
	stallWait = time.Minute
)

// appState mirrors window.rnnlab, the counters the browser app publishes.
type appState struct {
	Ready        bool      `json:"ready"`
	Frames       float64   `json:"frames"`
	Paints       float64   `json:"paints"`
	Selected     selection `json:"selected"`
	FirstUnit    float64   `json:"firstUnit"`
	Touch        bool      `json:"touch"`
	FPS          float64   `json:"fps"`
	Step         float64   `json:"step"`
	CharsTrained float64   `json:"charsTrained"`
	Loss         float64   `json:"loss"`
	ValLoss      float64   `json:"valLoss"`
	CharsPerSec  float64   `json:"charsPerSec"`
	StepMs       float64   `json:"stepMs"`
	Cell         string    `json:"cell"`
	Hidden       float64   `json:"hidden"`
	Paused       bool      `json:"paused"`
	Error        string    `json:"error"`
	DrawMs       float64   `json:"drawMs"`
	TrainShare   float64   `json:"trainShare"`
	Corpus       string    `json:"corpus"`
	Notice       string    `json:"notice"`
	Message      string    `json:"message"`
	Hash         string    `json:"hash"`
	LR           float64   `json:"lr"`
}

// selection mirrors window.rnnlab.selected: the selected character (time
// step), unit, layer and group.
type selection struct {
	T     float64 `json:"t"`
	Unit  float64 `json:"unit"`
	Layer float64 `json:"layer"`
	Group float64 `json:"group"`
}

func (s appState) String() string {
	return fmt.Sprintf("cell=%s hidden=%g step=%g loss=%.4f valLoss=%.4f chars=%g chars/s=%.0f fps=%.1f drawMs=%.1f trainShare=%.2f paused=%v error=%q",
		s.Cell, s.Hidden, s.Step, s.Loss, s.ValLoss, s.CharsTrained, s.CharsPerSec, s.FPS, s.DrawMs, s.TrainShare, s.Paused, s.Error)
}

// findChromium returns the browser binary: $RNNLAB_CHROMIUM or the first of
// the usual names on PATH.
func findChromium() (string, bool) {
	if p := os.Getenv("RNNLAB_CHROMIUM"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// consoleLog keeps what the page reported as an error.
type consoleLog struct {
	mu     sync.Mutex
	errors []string
}

func (c *consoleLog) add(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errors = append(c.errors, fmt.Sprintf(format, args...))
}

func (c *consoleLog) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errors...)
}

// newBrowser starts headless Chromium with WebGL2 through SwiftShader and
// returns a tab whose console errors and uncaught exceptions are collected.
func newBrowser(t *testing.T, ctx context.Context, extraFlags ...chromedp.ExecAllocatorOption) (context.Context, *consoleLog) {
	t.Helper()
	chromium, ok := findChromium()
	if !ok {
		t.Skip("chromium is not installed (make deps installs it); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(viewportWidth, viewportHeight),
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extraFlags...)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		chromedp.Cancel(tab)
		cancelTab()
	})

	console := &consoleLog{}
	if err := chromedp.Listen(tab, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
				return
			}
			var parts []string
			for _, a := range e.Args {
				if len(a.Value) > 0 {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				} else {
					parts = append(parts, a.Description)
				}
			}
			console.add("console.%s: %s", e.Type, strings.Join(parts, " "))
		case *runtime.EventExceptionThrown:
			console.add("uncaught %s", (&chromedp.ExceptionError{ExceptionDetails: e.ExceptionDetails}).Error())
		case *cdplog.EventEntryAdded:
			// The browser's own errors (failed loads, WebGL, security);
			// console calls already arrive above.
			if e.Entry.Level == cdplog.EntryLevelError && e.Entry.Source != "console-api" {
				console.add("browser %s error: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
			}
		}
	}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(tab, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable the browser log: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(viewportWidth, viewportHeight)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	return tab, console
}

// waitFor polls a JavaScript condition in the page until it holds.
func waitFor(ctx context.Context, cond string, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", cond, err)
	}
	return nil
}

// pageClock returns milliseconds since the page's navigation started.
func pageClock(ctx context.Context) (float64, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[float64]("performance.now()"))
}

// animationFrames waits for the page's next n animation frames: Ebiten
// runs one Update and Draw in each.
func animationFrames(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	js := fmt.Sprintf(`new Promise(done => {
		let left = %d;
		const tick = () => --left > 0 ? requestAnimationFrame(tick) : done(true);
		requestAnimationFrame(tick);
	})`, n)
	ctx, cancel := context.WithTimeout(ctx, react)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for %d animation frames: %v", n, err)
	}
}

// nextPublish waits until the app publishes its counters again (it does
// once a second) after prev, and returns them.
func nextPublish(t *testing.T, ctx context.Context, prev appState) appState {
	t.Helper()
	if err := waitFor(ctx, fmt.Sprintf("window.rnnlab.frames !== %v", prev.Frames), react); err != nil {
		t.Fatalf("the app stopped publishing: %v", err)
	}
	return readApp(t, ctx)
}

func readApp(t *testing.T, ctx context.Context) appState {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[appState]("window.rnnlab"))
	if err != nil {
		t.Fatalf("read window.rnnlab: %v", err)
	}
	return s
}

// frameRate counts the page's animation frames, which is the rate at which
// Ebiten runs Update and Draw in a browser, over at least minFrames frames
// and minTime of page time. It counts in the page, so the measurement does
// not depend on how often the app publishes its own counters. It also
// returns the rate of the program's own frame counter (the JavaScript
// expression counter) over the same time, which is only as exact as the
// program publishes it.
func frameRate(ctx context.Context, counter string, minFrames int, minTime, timeout time.Duration) (rafFPS, ownFPS float64, err error) {
	sampleJS := `(() => {
		if (!window.__e2eFrames) {
			window.__e2eFrames = {n: 0};
			const tick = () => { window.__e2eFrames.n++; requestAnimationFrame(tick); };
			requestAnimationFrame(tick);
		}
		return {n: window.__e2eFrames.n, t: performance.now(), own: Number(` + counter + `)};
	})()`
	type sample struct {
		N   float64 `json:"n"`
		T   float64 `json:"t"`
		Own float64 `json:"own"`
	}
	start, err := chromedp.Run(ctx, chromedp.Evaluate[sample](sampleJS))
	if err != nil {
		return 0, 0, err
	}
	cond := fmt.Sprintf("window.__e2eFrames.n >= %v && performance.now() - %v >= %v",
		start.N+float64(minFrames), start.T, minTime.Milliseconds())
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(timeout))); err != nil {
		return 0, 0, fmt.Errorf("counting frames: %w", err)
	}
	end, err := chromedp.Run(ctx, chromedp.Evaluate[sample](sampleJS))
	if err != nil {
		return 0, 0, err
	}
	seconds := (end.T - start.T) / 1000
	return (end.N - start.N) / seconds, (end.Own - start.Own) / seconds, nil
}

const (
	// maxDrawMs bounds our own Update and Draw time per frame at 1280×800
	// (p95 over a second, median over drawSamples seconds) on the reference
	// machine; a slower machine gets proportionally more (see drawLimit).
	maxDrawMs   = 4.0
	drawSamples = 7
	// refBenchCPS is what "rnntrain bench" under node measured for the
	// app's model (LSTM-64, batch lab.AppBatch) on the reference machine,
	// the 2-core CI machine maxDrawMs was set on (18.3k to 21.2k chars/s in
	// issue 4's runs, drawMs there 0.9 ms).
	refBenchCPS = 20_000
	// brokenDrawMs is an absolute bound on drawMs far above any reasonable
	// machine's: a frame's own work above it leaves no room for 30 fps.
	brokenDrawMs = 33.0
	// fpsRounds is how many turns each page gets in the frame-rate comparison.
	fpsRounds = 3
	// fpsWarmUp is how long a page runs after its first frame before its
	// frames are counted: Chromium first runs wasm from a quick baseline
	// compile and swaps in optimized code for the hot functions a few
	// seconds later.
	fpsWarmUp = 10 * time.Second
	// fpsWindow is how long each turn counts frames.
	fpsWindow = 6 * time.Second
)

// refStepMs is the time of one of the app's training steps (lab.AppBatch
// lanes of the default sequence length) on the reference machine.
func refStepMs() float64 {
	return 1000 * float64(lab.AppBatch*core.DefaultTrainConfig().Seq) / refBenchCPS
}

// drawLimit is the bound on drawMs for a machine on which one of the app's
// training steps takes stepMs: maxDrawMs on the reference machine or a
// faster one, proportionally more on a slower one, never above brokenDrawMs.
// The step is timed by the app in the same page and the same seconds as
// drawMs, so it meets the same CPU, the same browser and the same other
// work on the machine; a bench run before the browser starts sees none of
// that.
func drawLimit(stepMs float64) float64 {
	return min(maxDrawMs*max(1, stepMs/refStepMs()), brokenDrawMs)
}

// startAllowance is how many milliseconds more than the empty scene, whose
// first frame came after emptyMs, the app may take to its first frame:
// startOverEmpty, or emptyMs when that is more (the app then takes at most
// twice as long as the empty scene).
func startAllowance(emptyMs float64) float64 {
	return max(float64(startOverEmpty.Milliseconds()), emptyMs)
}

// firstFrame opens url and returns the page time, in milliseconds since
// navigation, by which the program named by global (a window property with
// a frames counter) has drawn its first frame.
func firstFrame(ctx context.Context, url, global string) (float64, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, fmt.Errorf("open %s: %w", url, err)
	}
	if err := waitFor(ctx, fmt.Sprintf("window.%s && window.%s.frames >= 1", global, global), loadWait); err != nil {
		return 0, fmt.Errorf("%s: %w", url, err)
	}
	return pageClock(ctx)
}

// median returns the middle value of xs (the upper one of an even count)
// without reordering xs.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}

// frameCount adds up frames and seconds over several turns.
type frameCount struct {
	frames, own, seconds float64
}

// measure loads url, waits until the program named by global (a window
// property with a frames counter) has drawn and warmed up, counts frames,
// adds them up and returns this turn's frame rate.
func (c *frameCount) measure(t *testing.T, ctx context.Context, url, global string) float64 {
	t.Helper()
	first, err := firstFrame(ctx, url, global)
	if err != nil {
		t.Fatal(err)
	}
	// The warm-up counts from the first frame, so a slow start does not
	// eat into it.
	if err := waitFor(ctx, fmt.Sprintf("performance.now() >= %.0f", first+float64(fpsWarmUp.Milliseconds())), loadWait); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	raf, own, err := frameRate(ctx, "window."+global+".frames", 10, fpsWindow, 90*time.Second)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	seconds := time.Since(start).Seconds()
	t.Logf("%s: %.1f fps (own counter %.1f)", global, raf, own)
	c.frames += raf * seconds
	c.own += own * seconds
	c.seconds += seconds
	return raf
}

func (c *frameCount) fps() float64    { return c.frames / c.seconds }
func (c *frameCount) ownFPS() float64 { return c.own / c.seconds }

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	data, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := shotPath(t, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot saved to %s", path)
	b := checkRealContent(t, "browser screenshot", data)
	if b.Dx() != viewportWidth || b.Dy() != viewportHeight {
		t.Errorf("browser screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), viewportWidth, viewportHeight)
	}
}

// trainTo waits until the app has trained to step target. How long that
// takes depends on the machine, so only a stall fails it: no new step for
// stallWait.
func trainTo(t *testing.T, tab context.Context, target float64) error {
	t.Helper()
	for step := readApp(t, tab).Step; step < target; step = readApp(t, tab).Step {
		cond := fmt.Sprintf("window.rnnlab.step >= %v || window.rnnlab.step > %v", target, step)
		if err := waitFor(tab, cond, stallWait); err != nil {
			return fmt.Errorf("training stalls at step %v of %v: %w", step, target, err)
		}
	}
	return nil
}

// quietStep waits until the published step has stayed the same for 1.5 s
// and for at least 10 frames, however slow the machine draws them, and
// returns it.
func quietStep(t *testing.T, tab context.Context) float64 {
	t.Helper()
	s := readApp(t, tab)
	for range 10 {
		now, err := pageClock(tab)
		if err != nil {
			t.Fatal(err)
		}
		cond := fmt.Sprintf("window.rnnlab.frames >= %v && performance.now() >= %.0f", s.Frames+10, now+1500)
		if err := waitFor(tab, cond, loadWait); err != nil {
			t.Fatalf("the app stopped drawing: %v\nstate: %v", err, readApp(t, tab))
		}
		next := readApp(t, tab)
		if next.Step == s.Step {
			return s.Step
		}
		s = next
	}
	t.Fatalf("the step keeps changing while the app is paused: %v", s)
	return 0
}

// checkKeys pauses the app through the URL, taps S a few times as fast as a
// program can (press and release well within one frame) and checks that
// every tap made exactly one step; then T opens the text box without typing
// a "t" into it, and Escape closes it.
func checkKeys(t *testing.T, tab context.Context) {
	t.Helper()
	const taps = 5
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`(location.hash = location.hash.replace(/&?paused=[01]/, "") + "&paused=1", true)`)); err != nil {
		t.Fatalf("pause through the hash: %v", err)
	}
	if err := waitFor(tab, "window.rnnlab.paused === true", react); err != nil {
		t.Fatalf("the app does not pause after paused=1: %v\nstate: %v", err, readApp(t, tab))
	}
	before := quietStep(t, tab) // a step from before the pause may still be on its way
	for range taps {
		if err := chromedp.Do(tab, chromedp.KeyEvent("s")); err != nil {
			t.Fatalf("tap S: %v", err)
		}
	}
	want := before + taps
	if err := waitFor(tab, fmt.Sprintf("window.rnnlab.step >= %v", want), react); err != nil {
		t.Errorf("%d quick taps on S: %v\nstate: %v", taps, err, readApp(t, tab))
	}
	if got := quietStep(t, tab); got != want {
		t.Errorf("%d quick taps on S while paused moved the step from %g to %g, want %g", taps, before, got, want)
	}

	if err := chromedp.Do(tab, chromedp.KeyEvent("t")); err != nil {
		t.Fatalf("press T: %v", err)
	}
	open := `(() => { const b = document.getElementById("textbox"); return !!b && !b.hidden; })()`
	if err := waitFor(tab, open, react); err != nil {
		t.Fatalf("T does not open the text box: %v", err)
	}
	typed, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("tb-text").value`))
	if err != nil {
		t.Fatal(err)
	}
	if typed != "" {
		t.Errorf("the text box opened by T already holds %q", typed)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatalf("press Escape: %v", err)
	}
	if err := waitFor(tab, "!("+open+")", react); err != nil {
		t.Errorf("Escape does not close the text box: %v", err)
	}
}

// checkBadInput feeds the running app nonsense: a link with impossible
// settings, a learning rate that makes the loss diverge, texts it must
// refuse and a tiny window. The app must keep drawing, say what happened
// and keep the user's model.
func checkBadInput(t *testing.T, tab context.Context) {
	t.Helper()
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(tab, chromedp.Evaluate[any](js)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	alive := func(what string) {
		t.Helper()
		frames := readApp(t, tab).Frames
		if err := waitFor(tab, fmt.Sprintf("window.rnnlab.frames > %v", frames), react); err != nil {
			t.Fatalf("after %s the app stopped drawing: %v\nstate: %v", what, err, readApp(t, tab))
		}
	}

	eval(`location.hash = "#hidden=-4&cell=banana&lr=abc"`)
	alive("a nonsense link")
	if err := waitFor(tab, `window.rnnlab.hash.includes("hidden=") && !window.rnnlab.hash.includes("banana")`, react); err != nil {
		t.Errorf("the URL does not show corrected settings: %v", err)
	}
	if s := readApp(t, tab); s.Hidden < 1 || s.Error != "" {
		t.Errorf("after a nonsense link: %v", s)
	}
	if err := waitFor(tab, `window.rnnlab.message.includes("banana")`, react); err != nil {
		t.Errorf("the app does not say what was wrong with the link: %v", err)
	}
	t.Logf("message after a nonsense link: %q", readApp(t, tab).Message)

	eval(`location.hash = "#lr=10"`)
	if err := waitFor(tab, `window.rnnlab.error.includes("learning rate") && window.rnnlab.paused === true`, 2*time.Minute); err != nil {
		t.Errorf("learning rate 10 does not stop training with a message: %v\nstate: %v", err, readApp(t, tab))
	}
	alive("a diverging loss")
	if s := readApp(t, tab); math.IsNaN(s.Loss) || math.IsInf(s.Loss, 0) {
		t.Errorf("after the divergence the loss reads %v", s.Loss)
	}
	eval(`location.hash = ""`) // back to the defaults
	if err := waitFor(tab, `window.rnnlab.error === "" && window.rnnlab.lr < 1`, react); err != nil {
		t.Errorf("the default settings do not clear the divergence: %v\nstate: %v", err, readApp(t, tab))
	}

	for _, bad := range []struct{ name, data, want string }{
		{"empty", `""`, "empty"},
		{"binary", `new Uint8Array(4096).map((_, i) => (i * 7919) % 256)`, ""},
		{"one character", `"a".repeat(500)`, ""},
	} {
		corpus := readApp(t, tab).Corpus
		eval(fmt.Sprintf(`window.rnnlabPage.onText(%q, %s)`, bad.name, bad.data))
		if err := waitFor(tab, `window.rnnlab.notice !== ""`, react); err != nil {
			t.Errorf("a %s text leaves no notice: %v", bad.name, err)
		}
		s := readApp(t, tab)
		if s.Corpus != corpus || s.Error != "" {
			t.Errorf("after a refused %s text the app trains %q (was %q), error %q", bad.name, s.Corpus, corpus, s.Error)
		}
		if !strings.Contains(strings.ToLower(s.Notice), bad.want) {
			t.Errorf("the notice for a %s text is %q, want it to mention %q", bad.name, s.Notice, bad.want)
		}
		t.Logf("%s text: %q", bad.name, s.Notice)
		if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Escape)); err != nil { // dismiss it
			t.Fatal(err)
		}
		if err := waitFor(tab, `window.rnnlab.notice === ""`, react); err != nil {
			t.Errorf("Escape does not dismiss the notice: %v", err)
		}
	}

	if err := chromedp.Do(tab, chromedp.EmulateViewport(60, 40)); err != nil {
		t.Fatal(err)
	}
	alive("a 60×40 window")
	if err := chromedp.Do(tab, chromedp.EmulateViewport(viewportWidth, viewportHeight)); err != nil {
		t.Fatal(err)
	}
	alive("restoring the window")
}

// checkTouch opens the app on an emulated touch screen: the layout is for
// fingers, a tap on the unit rows selects that time step, and a swipe up
// pages through the units.
func checkTouch(t *testing.T, tab context.Context, base string) {
	t.Helper()
	touch := func(on bool) {
		t.Helper()
		if _, err := chromedp.Call(tab, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: on, MaxTouchPoints: 1}); err != nil {
			t.Fatalf("touch emulation %v: %v", on, err)
		}
	}
	finger := func(typ input.DispatchTouchEventType, x, y float64) {
		t.Helper()
		p := input.DispatchTouchEventParams{Type: typ}
		if typ != input.DispatchTouchEventTypeTouchEnd {
			p.TouchPoints = []*input.TouchPoint{{X: x, Y: y}}
		}
		if _, err := chromedp.Call(tab, input.DispatchTouchEvent, p); err != nil {
			t.Fatalf("touch %s: %v", typ, err)
		}
		// A frame or two apart, as a finger would be, however slow the frames.
		time.Sleep(150 * time.Millisecond)
		animationFrames(t, tab, 2)
	}
	touch(true)
	defer touch(false)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"/#paused=1")); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(tab, "window.rnnlab && window.rnnlab.ready && window.rnnlab.selected.t >= 0", loadWait); err != nil {
		t.Fatalf("the app on a touch screen: %v", err)
	}
	s := readApp(t, tab)
	// The unit rows fill the middle of the timeline at this size.
	x, y := 0.3*viewportWidth, 0.45*viewportHeight
	finger(input.DispatchTouchEventTypeTouchStart, x, y)
	finger(input.DispatchTouchEventTypeTouchEnd, 0, 0)
	if err := waitFor(tab, fmt.Sprintf("window.rnnlab.selected.t !== %v", s.Selected.T), react); err != nil {
		t.Errorf("a tap on the rows does not select a time step: %v", err)
	}
	// Emulated touch does not make the pointer coarse, so the layout for
	// fingers comes with the first touch.
	if err := waitFor(tab, "window.rnnlab.touch === true", react); err != nil {
		t.Errorf("a touch does not bring the finger-sized layout: %v", err)
	}
	finger(input.DispatchTouchEventTypeTouchStart, x, y)
	finger(input.DispatchTouchEventTypeTouchMove, x, y-40)
	finger(input.DispatchTouchEventTypeTouchMove, x, y-80)
	finger(input.DispatchTouchEventTypeTouchEnd, 0, 0)
	if err := waitFor(tab, "window.rnnlab.firstUnit > 0", react); err != nil {
		t.Errorf("a swipe up does not show the next units: %v\nstate: %v", err, readApp(t, tab))
	}
	t.Logf("touch: tap selected character %v, swipe shows units from %v", readApp(t, tab).Selected.T, readApp(t, tab).FirstUnit)
}

// TestBrowser drives the wasm app in headless Chromium. Figures it logs:
// wasm size, time to first frame, frame rates of the app and of the empty
// scene, draw time, training share and training speed.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test builds the wasm app and runs Chromium; skipped with -short")
	}
	appPkg := "./wasm"
	if p := os.Getenv("RNNLAB_E2E_APP"); p != "" {
		appPkg = p // another wasm main, when debugging the test itself
	} else if !hasGoFiles(t, "wasm") {
		t.Skip("./wasm has no Go files yet: no browser app to test")
	}
	if _, ok := findChromium(); !ok {
		t.Skip("chromium is not installed (make deps installs it); skipping the browser test")
	}

	sum := &summary{}
	defer sum.log(t)

	// The yardstick for the app's training speed (logged, not asserted),
	// measured before Chromium starts so the two do not share the CPU: the
	// app's default model under node.
	def := lab.DefaultSettings()
	vocab, err := core.NewVocab(assets.Corpora()[0].Text)
	if err != nil {
		t.Fatal(err)
	}
	benchCPS := wasmBench(t, def.Cell.String(), def.Hidden, vocab.Size())
	t.Logf("rnntrain bench under node for the app's model (%s-%d, batch %d, vocab %d): %.0f chars/s",
		def.Cell, def.Hidden, lab.AppBatch, vocab.Size(), benchCPS)

	root := t.TempDir()
	sizes := buildSite(t, root, appPkg)
	buildSite(t, filepath.Join(root, "empty"), "./e2e/emptyscene")
	t.Logf("rnnlab.wasm: %.1f MB raw, %.2f MB gzipped", float64(sizes.raw)/1e6, float64(sizes.gzipped)/1e6)
	sum.figure("rnnlab.wasm %.1f MB raw, %.2f MB gzipped", float64(sizes.raw)/1e6, float64(sizes.gzipped)/1e6)
	sum.check(t, sizes.gzipped <= maxWasmGzipped,
		"download (absolute, a size): rnnlab.wasm %d bytes gzipped, want ≤ %d", sizes.gzipped, maxWasmGzipped)
	base := serveSite(t, root)

	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	tab, console := newBrowser(t, ctx)

	// Time to first frame, against the empty scene. Any program's first
	// load in a browser is slower than its later ones: Chromium sets up
	// SwiftShader on the first WebGL page it shows, and V8 keeps a wasm
	// program's compiled, by then optimized, code for later loads of the
	// same bytes (on a busy 2-core machine the app's first load took 13 s,
	// later ones 6 s). So the empty scene is loaded once in the fresh
	// browser and the app once in the warm one: that first visit is what a
	// new user waits for, reported and bounded only against breakage. Then
	// the two take turns, startRounds loads each, on equal terms: the same
	// browser, both programs compiled before, the same moment on the
	// machine. What the app takes beyond the empty scene just before it is
	// its own start-up; the median over the pairs keeps a load slowed by
	// other work on the machine from deciding. The app's last load stays
	// open for the rest of the test.
	load := func(url, global string) float64 {
		t.Helper()
		ms, err := firstFrame(tab, url, global)
		if err != nil {
			t.Fatalf("%v\nconsole: %q", err, console.list())
		}
		return ms
	}
	emptyFresh := load(base+"/empty/", "emptyscene")
	appFirst := load(base+"/", "rnnlab")
	t.Logf("first frame after navigation: empty scene in a fresh browser %.0f ms, then the app's first visit %.0f ms", emptyFresh, appFirst)
	var emptyStarts, appStarts, extras []float64
	for range startRounds {
		e := load(base+"/empty/", "emptyscene")
		a := load(base+"/", "rnnlab")
		emptyStarts, appStarts, extras = append(emptyStarts, e), append(appStarts, a), append(extras, a-e)
	}
	extra, allowed := median(extras), startAllowance(median(emptyStarts))
	t.Logf("then in turns: empty scene %s ms, app %s ms: the app takes %s ms more, median %.0f ms",
		list("%.0f", emptyStarts), list("%.0f", appStarts), list("%.0f", extras), extra)
	sum.figure("first frame: app's first visit %.0f ms (empty scene in a fresh browser %.0f ms); in turns, app %.0f ms, empty scene %.0f ms, app's own start-up %.0f ms (medians of %d)",
		appFirst, emptyFresh, median(appStarts), median(emptyStarts), extra, startRounds)
	sum.check(t, extra <= allowed,
		"first frame (relative): app %.0f ms after the empty scene's, want ≤ %.0f ms: %v or the empty scene's own %.0f ms, whichever is more (medians of %d turns)",
		extra, allowed, startOverEmpty, median(emptyStarts), startRounds)
	sum.check(t, appFirst <= float64(brokenFirstFrame.Milliseconds()),
		"first frame (absolute, breakage only): app's first visit %.0f ms, want ≤ %v", appFirst, brokenFirstFrame)

	if err := waitFor(tab, "window.rnnlab.ready === true", loadWait); err != nil {
		t.Fatalf("%v\nstate: %v\nconsole: %q", err, readApp(t, tab), console.list())
	}
	if err := waitFor(tab, `document.getElementById("loader").hidden === true`, react); err != nil {
		t.Errorf("the loading screen still covers the running app: %v", err)
	}

	// Training runs and the loss goes down.
	if err := waitFor(tab, "window.rnnlab.step >= 1 && window.rnnlab.loss > 0", loadWait); err != nil {
		t.Fatalf("training does not start: %v\nstate: %v", err, readApp(t, tab))
	}
	start := readApp(t, tab)
	t.Logf("app at start: %v", start)
	if start.Error != "" {
		t.Errorf("app reports an error: %q", start.Error)
	}
	if err := trainTo(t, tab, start.Step+trainSteps); err != nil {
		t.Fatalf("%v\nstate: %v", err, readApp(t, tab))
	}
	trained := readApp(t, tab)
	t.Logf("app after %g steps: %v", trained.Step-start.Step, trained)
	if !(trained.Loss < start.Loss) || math.IsNaN(trained.Loss) {
		t.Errorf("loss went from %.4f at step %g to %.4f at step %g, want it lower", start.Loss, start.Step, trained.Loss, trained.Step)
	}

	running := readApp(t, tab)
	t.Logf("app while training: it reports %.1f fps, drawMs p95 %.1f, trainShare %.2f, %.0f chars/s",
		running.FPS, running.DrawMs, running.TrainShare, running.CharsPerSec)
	// Our own cost per frame: drawMs is the p95 of each second; the median
	// over several seconds keeps one second disturbed by other work on the
	// machine from deciding the test.
	var draws, steps, speeds []float64
	t0 := time.Now()
	s := running
	for range drawSamples {
		s = nextPublish(t, tab, s) // a new second each time
		draws = append(draws, s.DrawMs)
		steps = append(steps, s.StepMs)
		speeds = append(speeds, s.CharsPerSec)
	}
	last := readApp(t, tab)
	elapsed := time.Since(t0).Seconds()
	drawMs, stepMs, speed := median(draws), median(steps), median(speeds)
	t.Logf("drawMs (p95 of each second) over %d seconds: %v, median %.1f ms", drawSamples, draws, drawMs)
	limit := drawLimit(stepMs)
	t.Logf("one training step in the page over the same seconds: %v ms, median %.1f ms: %.2f× the reference machine's %.1f ms",
		steps, stepMs, stepMs/refStepMs(), refStepMs())
	sum.figure("drawMs %.1f (median of %d seconds' p95), one training step %.1f ms, training share %.2f",
		drawMs, drawSamples, stepMs, last.TrainShare)
	sum.check(t, drawMs <= limit,
		"drawMs (relative): %.1f ms, want ≤ %.0f ms × max(1, step %.1f ms / reference step %.1f ms) = %.1f ms (at most %.0f ms, for breakage)",
		drawMs, maxDrawMs, stepMs, refStepMs(), limit, brokenDrawMs)
	// Frames that change nothing draw nothing, so the renderer composites
	// only the frames that paint.
	t.Logf("meanwhile %.1f frames/s, of which %.1f painted",
		(last.Frames-running.Frames)/elapsed, (last.Paints-running.Paints)/elapsed)
	// Logged, not asserted: in software-rendered WebGL on two cores the
	// rasterizer competes with training for the CPU (see the closing note).
	if benchCPS > 0 {
		t.Logf("app trains at %.2f× the wasm bench (median %.0f of %.0f chars/s over %d seconds: %v; the issue asks for ≥ 0.5×)",
			speed/benchCPS, speed, benchCPS, drawSamples, speeds)
		t.Logf("the wasm bench puts this machine at %.2f× the reference machine's time per step", refBenchCPS/benchCPS)
		sum.figure("training %.0f chars/s in the page, %.2f× the wasm bench's %.0f chars/s under node", speed, speed/benchCPS, benchCPS)
	} else {
		sum.figure("training %.0f chars/s in the page (no wasm bench: node is missing)", speed)
	}
	if running.Error != "" {
		t.Errorf("app reports an error: %q", running.Error)
	}

	screenshot(t, tab, "browser.png")

	// A new cell type in the URL hash retrains from scratch.
	before := readApp(t, tab)
	next := "gru"
	if strings.Contains(strings.ToLower(before.Cell), "gru") {
		next = "lstm"
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fmt.Sprintf("(location.hash = %q, true)", "#cell="+next))); err != nil {
		t.Fatalf("set hash: %v", err)
	}
	cond := fmt.Sprintf("window.rnnlab.cell !== %q", before.Cell)
	if err := waitFor(tab, cond, react); err != nil {
		t.Fatalf("cell does not change after #cell=%s: %v\nstate: %v", next, err, readApp(t, tab))
	}
	switched := readApp(t, tab)
	t.Logf("after #cell=%s: %v", next, switched)
	if !strings.Contains(strings.ToLower(switched.Cell), next) {
		t.Errorf("cell is %q after #cell=%s", switched.Cell, next)
	}
	if switched.Step >= before.Step {
		t.Errorf("step is %g after the switch, was %g: training did not restart", switched.Step, before.Step)
	}
	if err := trainTo(t, tab, switched.Step+50); err != nil {
		t.Errorf("the %s: %v\nstate: %v", next, err, readApp(t, tab))
	}
	if s := readApp(t, tab); s.Error != "" {
		t.Errorf("app reports an error after the switch: %q", s.Error)
	}

	checkKeys(t, tab)
	checkBadInput(t, tab)
	checkTouch(t, tab, base)
	checkViews(t, tab, base)
	checkClassify(t, tab, base, sum)

	// Frame rate against the yardstick, the empty scene, in the same
	// browser at the same viewport. Other work on the machine makes single
	// measurements swing by a factor of two or three, so the two pages take
	// turns (empty, app, empty, app, ...), each freshly loaded and given
	// the same warm-up; each turn of the app is compared with the empty
	// scene's just before it, and the median of those shares decides.
	var app, empty frameCount
	var shares []float64
	for range fpsRounds {
		e := empty.measure(t, tab, base+"/empty/", "emptyscene")
		a := app.measure(t, tab, base+"/", "rnnlab")
		shares = append(shares, a/e)
	}
	share := median(shares)
	t.Logf("frame rate at %dx%d over %d turns each: app %.1f fps (own counter %.1f), empty scene %.1f fps (own counter %.1f); app's share of the empty scene's %s, median %.0f%%",
		viewportWidth, viewportHeight, fpsRounds, app.fps(), app.ownFPS(), empty.fps(), empty.ownFPS(), list("%.2f", shares), 100*share)
	sum.figure("frame rate: app %.1f fps, empty scene %.1f fps (%d turns each)", app.fps(), empty.fps(), fpsRounds)
	if slowness := stepMs / refStepMs(); slowness <= maxFPSSlowness {
		sum.check(t, share >= minFPSShare,
			"frame rate (relative): app at %.0f%% of the empty scene's, want ≥ %.0f%% (median of %d turns)", 100*share, 100*minFPSShare, fpsRounds)
	} else {
		sum.check(t, share >= brokenFPSShare,
			"frame rate (relative, breakage only on a machine %.1f× slower than the reference, over %.0f×): app at %.0f%% of the empty scene's, want ≥ %.0f%% (median of %d turns)",
			slowness, maxFPSSlowness, 100*share, 100*brokenFPSShare, fpsRounds)
	}
	if s := readApp(t, tab); s.Error != "" {
		t.Errorf("app reports an error: %q", s.Error)
	}

	for _, e := range console.list() {
		t.Errorf("page console: %s", e)
	}
}
