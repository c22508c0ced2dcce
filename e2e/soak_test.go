package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The soak tests run only when asked: RNNLAB_SOAK=1 make test-display, or
// RNNLAB_SOAK=1 xvfb-run -a go test -v -run Soak -timeout 3h ./e2e.
// RNNLAB_SOAK_MINUTES shortens them (the browser soaks that long, the
// desktop half as long; at least 12 minutes, so that the reference after 5
// minutes and the end are apart).
func soakMinutes(t *testing.T, full float64) float64 {
	t.Helper()
	if os.Getenv("RNNLAB_SOAK") == "" {
		t.Skip("a soak test; set RNNLAB_SOAK=1 to run it")
	}
	m := full
	if v, err := strconv.ParseFloat(os.Getenv("RNNLAB_SOAK_MINUTES"), 64); err == nil && v > 0 {
		m = v * full / 60
	}
	return max(m, 12)
}

// soakPoint is one reading of a soak.
type soakPoint struct {
	minute, memMB, rssMB, charsPerSec float64
	turn                              int
}

// soakHashes are the settings a browser soak cycles through every 30 s:
// every cell, two sizes, both texts, every view and both languages, back to
// the defaults every ninth turn (where the speed is compared).
var soakHashes = []string{
	"cell=lstm&hidden=64&corpus=patterns&view=timeline&lang=en",
	"cell=gru&hidden=48&corpus=patterns&view=cell&lang=uk",
	"cell=rnn&hidden=96&corpus=ukrainian&view=gradients&lang=en",
	"cell=lstm&hidden=32&corpus=ukrainian&view=flags&lang=uk",
	"cell=relu&hidden=64&corpus=patterns&view=timeline&lang=en",
	"cell=gru&hidden=64&corpus=ukrainian&view=flags&lang=uk",
	"cell=lstm&hidden=48&corpus=patterns&view=gradients&lang=en",
	"cell=rnn&hidden=32&corpus=patterns&view=cell&lang=uk",
	"cell=lstm&hidden=64&corpus=ukrainian&view=timeline&lang=en",
}

// checkSoak compares the end of a soak with its reference after 5 minutes:
// memory within 10%, and the speed of the first configuration at the end
// within 20% of the start's. It logs the memory curve.
func checkSoak(t *testing.T, what string, pts []soakPoint, firstSpeed, lastSpeed float64) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s soak: minute, memory MB, resident MB, chars/s\n", what)
	var ref *soakPoint
	for i := range pts {
		p := &pts[i]
		fmt.Fprintf(&b, "  %5.1f  %7.1f  %7.1f  %7.0f\n", p.minute, p.memMB, p.rssMB, p.charsPerSec)
		if ref == nil && p.minute >= 5 {
			ref = p
		}
	}
	t.Log(b.String())
	if ref == nil || len(pts) < 2 {
		t.Fatalf("%s soak: too few readings (%d)", what, len(pts))
	}
	end := pts[len(pts)-1]
	for _, m := range []struct {
		name     string
		ref, end float64
	}{{"memory", ref.memMB, end.memMB}, {"resident size", ref.rssMB, end.rssMB}} {
		if m.ref > 0 && m.end > 1.1*m.ref {
			t.Errorf("%s soak: %s grew from %.1f MB after 5 minutes to %.1f MB at the end (more than 10%%)", what, m.name, m.ref, m.end)
		}
	}
	t.Logf("%s soak: speed of the first configuration %.0f chars/s at the start, %.0f at the end", what, firstSpeed, lastSpeed)
	if firstSpeed > 0 && lastSpeed < 0.8*firstSpeed {
		t.Errorf("%s soak: training slowed from %.0f to %.0f chars/s (more than 20%%)", what, firstSpeed, lastSpeed)
	}
}

// TestSoakBrowser trains in the browser for an hour at 1280×800 while the
// settings change every 30 s, and checks that nothing leaks.
func TestSoakBrowser(t *testing.T) {
	minutes := soakMinutes(t, 60)
	if _, ok := findChromium(); !ok {
		t.Skip("chromium is not installed")
	}
	root := t.TempDir()
	buildSite(t, root, "./wasm")
	base := serveSite(t, root)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(minutes+15)*time.Minute)
	defer cancel()
	tab, console := newBrowser(t, ctx, chromedp.Flag("enable-precise-memory-info", true))
	if err := chromedp.Do(tab, chromedp.Navigate(base+"/#"+soakHashes[0])); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(tab, "window.rnnlab && window.rnnlab.ready", 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	browser := chromedp.FromContext(tab).Browser
	var pts []soakPoint
	var firstSpeed, lastSpeed float64
	start := time.Now()
	turn := 0
	for next := start; time.Since(start) < time.Duration(minutes*float64(time.Minute)); next = next.Add(30 * time.Second) {
		time.Sleep(time.Until(next))
		s := readApp(t, tab)
		if s.Error != "" {
			t.Errorf("minute %.1f: the app reports %q", time.Since(start).Minutes(), s.Error)
		}
		if turn%len(soakHashes) == 0 && turn > 0 || turn == 1 {
			// The default configuration has trained for 30 s: its speed.
			if turn == 1 {
				firstSpeed = s.CharsPerSec
			} else {
				lastSpeed = s.CharsPerSec
			}
		}
		mem, err := chromedp.Run(tab, chromedp.Evaluate[float64]("performance.memory ? performance.memory.usedJSHeapSize : 0"))
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, soakPoint{minute: time.Since(start).Minutes(), memMB: mem / (1 << 20),
			rssMB: treeResidentMB(browserPID(browser)), charsPerSec: s.CharsPerSec, turn: turn})
		hash := soakHashes[(turn+1)%len(soakHashes)]
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fmt.Sprintf("(location.hash = %q, true)", hash))); err != nil {
			t.Fatal(err)
		}
		turn++
	}
	checkSoak(t, "browser", pts, firstSpeed, lastSpeed)
	for _, e := range console.list() {
		t.Errorf("page console: %s", e)
	}
}

// TestSoakDesktop runs the desktop app's own soak for half an hour under
// Xvfb (rnnlab -soak), and checks that nothing leaks.
func TestSoakDesktop(t *testing.T) {
	minutes := soakMinutes(t, 30)
	if os.Getenv("DISPLAY") == "" {
		t.Skip("DISPLAY is not set")
	}
	bin := filepath.Join(t.TempDir(), "rnnlab")
	runGo(t, 10*time.Minute, nil, "build", "-o", bin, "./cmd/rnnlab")
	d := time.Duration(minutes * float64(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), d+5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-soak", d.String(), "-soak-every", "30s")
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rnnlab -soak: %v\n%s", err, out)
	}
	var pts []soakPoint
	var firstSpeed, lastSpeed float64
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var l struct {
			Minute      float64 `json:"minute"`
			Turn        int     `json:"turn"`
			HeapMB      float64 `json:"heap_mb"`
			RSSMB       float64 `json:"rss_mb"`
			CharsPerSec float64 `json:"chars_per_s"`
			Error       string  `json:"error"`
		}
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue
		}
		if l.Error != "" {
			t.Errorf("minute %.1f: the app reports %q", l.Minute, l.Error)
		}
		pts = append(pts, soakPoint{minute: l.Minute, memMB: l.HeapMB, rssMB: l.RSSMB, charsPerSec: l.CharsPerSec, turn: l.Turn})
		// The first configuration comes back every ninth turn.
		if l.Turn%len(soakHashes) == 0 && l.Minute > 0.4 {
			if firstSpeed == 0 {
				firstSpeed = l.CharsPerSec
			}
			lastSpeed = l.CharsPerSec
		}
	}
	checkSoak(t, "desktop", pts, firstSpeed, lastSpeed)
}

// browserPID is the process id of the browser a chromedp tab runs in.
func browserPID(b interface{ Process() *os.Process }) int {
	if p := b.Process(); p != nil {
		return p.Pid
	}
	return 0
}

// treeResidentMB sums the resident size of a process and all its
// descendants (the browser, its renderer and its GPU process), in MiB.
func treeResidentMB(root int) float64 {
	if root == 0 {
		return 0
	}
	children := map[int][]int{}
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: the name may hold spaces, so cut after ")".
		s := string(data)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		pid, _ := strconv.Atoi(strings.Fields(s)[0])
		if len(f) > 1 {
			ppid, _ := strconv.Atoi(f[1])
			children[ppid] = append(children[ppid], pid)
		}
	}
	total := 0.0
	for queue := []int{root}; len(queue) > 0; queue = queue[1:] {
		pid := queue[0]
		if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid)); err == nil {
			if f := strings.Fields(string(data)); len(f) > 1 {
				pages, _ := strconv.ParseFloat(f[1], 64)
				total += pages * float64(os.Getpagesize()) / (1 << 20)
			}
		}
		queue = append(queue, children[pid]...)
	}
	return total
}
