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
// desktop half as long; at least 15 minutes: two cycles of configurations
// after minute 5).
func soakMinutes(t *testing.T, full float64) float64 {
	t.Helper()
	if os.Getenv("RNNLAB_SOAK") == "" {
		t.Skip("a soak test; set RNNLAB_SOAK=1 to run it")
	}
	m := full
	if v, err := strconv.ParseFloat(os.Getenv("RNNLAB_SOAK_MINUTES"), 64); err == nil && v > 0 {
		m = v * full / 60
	}
	return max(m, 15)
}

// soakPoint is the reading at the end of one turn of a soak: the
// configuration it ran, memory, resident size, and its training speed.
type soakPoint struct {
	minute, memMB, rssMB, charsPerSec float64
	config                            int
}

// soakHashes are the settings a browser soak cycles through every 30 s:
// every cell, two sizes, both texts, every view and both languages (the
// desktop's -soak cycles the same, see cmd/rnnlab/soak.go).
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

// checkSoak compares the end of a soak with its start. Memory depends on
// the configuration, so it compares the most memory over a whole cycle of
// configurations from minute 5 with the most over the last cycle (within
// 10%); speed depends on it too, so it compares the first configuration's
// speed on its first turn with its last (within 20%). It logs the curve.
func checkSoak(t *testing.T, what string, pts []soakPoint) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s soak: minute, configuration, memory MB, resident MB, chars/s\n", what)
	for _, p := range pts {
		fmt.Fprintf(&b, "  %5.1f  %d  %7.1f  %7.1f  %7.0f\n", p.minute, p.config, p.memMB, p.rssMB, p.charsPerSec)
	}
	t.Log(b.String())
	cycle := len(soakHashes)
	first := -1
	for i, p := range pts {
		if p.minute >= 5 {
			first = i
			break
		}
	}
	if first < 0 || len(pts)-first < 2*cycle {
		t.Fatalf("%s soak: %d readings, too few for two cycles after minute 5", what, len(pts))
	}
	most := func(ps []soakPoint) (mem, rss float64) {
		for _, p := range ps {
			mem, rss = max(mem, p.memMB), max(rss, p.rssMB)
		}
		return mem, rss
	}
	mem0, rss0 := most(pts[first : first+cycle])
	mem1, rss1 := most(pts[len(pts)-cycle:])
	t.Logf("%s soak: most memory over a cycle %.1f MB from minute 5, %.1f MB at the end; resident %.1f MB, %.1f MB", what, mem0, mem1, rss0, rss1)
	if mem1 > 1.1*mem0 {
		t.Errorf("%s soak: memory grew from %.1f MB to %.1f MB (more than 10%%)", what, mem0, mem1)
	}
	if rss1 > 1.1*rss0 {
		t.Errorf("%s soak: resident size grew from %.1f MB to %.1f MB (more than 10%%)", what, rss0, rss1)
	}
	var speeds []float64
	for _, p := range pts {
		if p.config == 0 {
			speeds = append(speeds, p.charsPerSec)
		}
	}
	if len(speeds) < 2 {
		t.Fatalf("%s soak: the first configuration ran %d times", what, len(speeds))
	}
	s0, s1 := speeds[0], speeds[len(speeds)-1]
	t.Logf("%s soak: the first configuration trained at %.0f chars/s at the start and %.0f at the end", what, s0, s1)
	if s1 < 0.8*s0 {
		t.Errorf("%s soak: training slowed from %.0f to %.0f chars/s (more than 20%%)", what, s0, s1)
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
	start := time.Now()
	for turn := 0; time.Since(start) < time.Duration(minutes*float64(time.Minute)); turn++ {
		config := turn % len(soakHashes)
		if turn > 0 {
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fmt.Sprintf("(location.hash = %q, true)", soakHashes[config]))); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(10 * time.Second) // the new model's first third of its turn
		c0 := readApp(t, tab).CharsTrained
		time.Sleep(20 * time.Second)
		s := readApp(t, tab)
		if s.Error != "" {
			t.Errorf("minute %.1f: the app reports %q", time.Since(start).Minutes(), s.Error)
		}
		mem, err := chromedp.Run(tab, chromedp.Evaluate[float64]("performance.memory ? performance.memory.usedJSHeapSize : 0"))
		if err != nil {
			t.Fatal(err)
		}
		pts = append(pts, soakPoint{minute: time.Since(start).Minutes(), memMB: mem / (1 << 20),
			rssMB: treeResidentMB(browserPID(browser)), charsPerSec: (s.CharsTrained - c0) / 20, config: config})
	}
	checkSoak(t, "browser", pts)
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
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var l struct {
			Minute      float64 `json:"minute"`
			Config      int     `json:"config"`
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
		pts = append(pts, soakPoint{minute: l.Minute, memMB: l.HeapMB, rssMB: l.RSSMB, charsPerSec: l.CharsPerSec, config: l.Config})
	}
	checkSoak(t, "desktop", pts)
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
