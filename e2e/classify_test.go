package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// classifyState is what the page publishes of the "read and decide" task.
type classifyState struct {
	Task        string   `json:"task"`
	Error       string   `json:"error"`
	ValAccuracy *float64 `json:"valAccuracy"`
	Classify    *struct {
		Labels     []string    `json:"labels"`
		Data       string      `json:"data"`
		Step       int         `json:"step"`
		ValHistory [][]float64 `json:"valHistory"` // [update, accuracy, seconds]
		CharsPerS  float64     `json:"charsPerSec"`
	} `json:"classify"`
	Confusion [][]int `json:"confusion"`
}

// classifyReach is how long the classifier may take in the browser to
// decide 80% of the held-out headlines right: an absolute bound that only
// catches breakage (27 s of training on the reference machine, 11 to 15 s
// natively; rnntrain classify measures it without a browser).
const classifyReach = 10 * time.Minute

// checkClassify opens the "read and decide" task from a link: the page
// fetches the built-in headlines beside the app, trains the default
// classifier, and reaches 80% on the held-out ones, with the matrix of its
// decisions published.
func checkClassify(t *testing.T, tab context.Context, base string, sum *summary) {
	t.Helper()
	// A new page (the query differs), not a hash change of the last one.
	if err := chromedp.Do(tab, chromedp.Navigate(base+"/?fresh#task=classify")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := waitFor(tab, `window.rnnlab && window.rnnlab.task === "classify" && window.rnnlab.classify && window.rnnlab.classify.step >= 1`, loadWait); err != nil {
		t.Fatalf("#task=classify does not start training: %v\nstate: %+v", err, readClassify(t, tab))
	}
	loaded := time.Since(start)
	if err := waitFor(tab, "window.rnnlab.valAccuracy >= 0.8", classifyReach); err != nil {
		t.Fatalf("the classifier does not reach 80%% held-out: %v\nstate: %+v", err, readClassify(t, tab))
	}
	s := readClassify(t, tab)
	if s.Error != "" {
		t.Errorf("the page reports %q", s.Error)
	}
	c := s.Classify
	if len(c.Labels) != 4 || c.Data != "en" || len(s.Confusion) != 4 {
		t.Errorf("labels %v, data %q, confusion %v: want the four English topics", c.Labels, c.Data, s.Confusion)
	}
	reached := -1.0
	for _, p := range c.ValHistory {
		if len(p) == 3 && p[1] >= 0.8 {
			reached = p[2]
			break
		}
	}
	screenshot(t, tab, "classify.png")
	sum.figure("read and decide: headlines fetched and training in %.1f s; 80%% held-out after %.1f s of training (%.0f chars/s)",
		loaded.Seconds(), reached, c.CharsPerS)
}

func readClassify(t *testing.T, tab context.Context) classifyState {
	t.Helper()
	s, err := chromedp.Run(tab, chromedp.Evaluate[classifyState]("window.rnnlab"))
	if err != nil {
		t.Fatalf("read window.rnnlab: %v", err)
	}
	return s
}
