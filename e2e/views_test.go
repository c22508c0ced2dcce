package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"rnnlab/core"
)

// viewsState is what the views publish in window.rnnlab.
type viewsState struct {
	View     string `json:"view"`
	Lang     string `json:"lang"`
	Theme    string `json:"theme"`
	UI       string `json:"ui"`
	Playing  bool   `json:"playing"`
	Corpora  []string
	Selected selection `json:"selected"`
	Flags    []struct {
		Label  string  `json:"label"`
		Status string  `json:"status"`
		Unit   int     `json:"unit"`
		Layer  int     `json:"layer"`
		R      float64 `json:"r"`
		Step   int     `json:"step"`
	} `json:"flags"`
	LabelAccuracy []struct {
		Label   string   `json:"label"`
		Governs int      `json:"governs"`
		All     *float64 `json:"all"`
		Off     *float64 `json:"off"`
		P       *float64 `json:"p"`
		POff    *float64 `json:"pOff"`
	} `json:"labelAccuracy"`
	Ablated []struct {
		Layer int `json:"layer"`
		Unit  int `json:"unit"`
	} `json:"ablated"`
	GradDecay *struct {
		Ratio     []*float64 `json:"ratio"`
		Positions int        `json:"positions"`
		Cell      string     `json:"cell"`
	} `json:"gradDecay"`
	CharsTrained float64 `json:"charsTrained"`
	Message      string  `json:"message"`
	Error        string  `json:"error"`
}

func readViews(t *testing.T, tab context.Context) viewsState {
	t.Helper()
	s, err := chromedp.Run(tab, chromedp.Evaluate[viewsState]("window.rnnlab"))
	if err != nil {
		t.Fatalf("read window.rnnlab: %v", err)
	}
	return s
}

// press types keys into the page, a little apart, as a person would.
func press(t *testing.T, tab context.Context, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := chromedp.Do(tab, chromedp.KeyEvent(k)); err != nil {
			t.Fatalf("key %q: %v", k, err)
		}
		time.Sleep(60 * time.Millisecond)
	}
}

// setHash sets the page's link settings.
func setHash(t *testing.T, tab context.Context, hash string) {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](fmt.Sprintf("(location.hash = %q, true)", hash))); err != nil {
		t.Fatal(err)
	}
}

// checkViews drives the views that teach and the classroom's settings: the
// flags view finds the quote flag on the default text and switching its
// unit off is measured, the gradients view publishes a decay curve, Play
// replays the cell, languages, lecture mode and the light theme switch, and
// a model saved in the browser loads elsewhere with the same predictions.
func checkViews(t *testing.T, tab context.Context, base string) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Navigate(base+"/#view=flags")); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(tab, `window.rnnlab && window.rnnlab.ready && window.rnnlab.view === "flags"`, loadWait); err != nil {
		t.Fatalf("#view=flags: %v", err)
	}
	if s := readViews(t, tab); len(s.Corpora) < 2 || s.Corpora[0] != "patterns" {
		t.Errorf("corpora published: %v", s.Corpora)
	}
	// The quote flag appears within 700k characters (100k natively, see
	// lab's TestQuoteFlagAppearsAndMatters).
	start := time.Now()
	quote := `(window.rnnlab.flags || []).find(f => f.label === "quote" && Math.abs(f.r) >= 0.8)`
	if err := waitFor(tab, quote+" !== undefined", 10*time.Minute); err != nil {
		s := readViews(t, tab)
		t.Fatalf("no quote flag with |r| ≥ 0.8 after %.0fk characters: %+v", s.CharsTrained/1000, s.Flags)
	}
	s := readViews(t, tab)
	var unit, layer int
	for _, f := range s.Flags {
		if f.Label == "quote" {
			unit, layer = f.Unit, f.Layer
			t.Logf("flags: quote ≈ unit %d of layer %d, r = %.3f, after %.0fk characters and %v", f.Unit, f.Layer, f.R, s.CharsTrained/1000, time.Since(start).Round(time.Second))
		}
	}
	screenshot(t, tab, "flags.png")
	// Switch the quote unit off with the keys: K selects the next unit (in
	// the rows' order, by number), X switches the selected one off.
	setHash(t, tab, "view=flags&paused=1") // a paused model keeps the flags comparable
	if err := waitFor(tab, "window.rnnlab.paused === true", react); err != nil {
		t.Fatal(err)
	}
	if layer != 0 {
		t.Fatalf("the quote flag is in layer %d of a one-layer model", layer)
	}
	for i := int(readViews(t, tab).Selected.Unit); i != unit; i = (i + 1) % 64 {
		press(t, tab, "k")
	}
	if err := waitFor(tab, fmt.Sprintf("window.rnnlab.selected.unit === %d", unit), react); err != nil {
		t.Fatalf("K does not reach unit %d: %v", unit, err)
	}
	press(t, tab, "x")
	if err := waitFor(tab, fmt.Sprintf("(window.rnnlab.ablated || []).some(u => u.unit === %d)", unit), react); err != nil {
		t.Fatalf("X does not switch unit %d off: %v", unit, err)
	}
	off := `(window.rnnlab.labelAccuracy || []).find(a => a.label === "quote" && a.off !== null)`
	if err := waitFor(tab, off+" !== undefined", 3*time.Minute); err != nil {
		t.Fatalf("no accuracy with the quote unit off: %v", err)
	}
	for _, a := range readViews(t, tab).LabelAccuracy {
		if a.Label == "quote" && a.All != nil && a.Off != nil && a.P != nil && a.POff != nil {
			t.Logf("what quotes govern (%d characters), with unit %d off: guessed right %.0f%% → %.0f%%, probability %.2f → %.2f",
				a.Governs, unit, 100**a.All, 100**a.Off, *a.P, *a.POff)
		}
	}
	screenshot(t, tab, "flags-off.png")
	press(t, tab, "x")
	if err := waitFor(tab, "(window.rnnlab.ablated || []).length === 0", react); err != nil {
		t.Errorf("a second X does not switch the unit back on: %v", err)
	}

	// The gradients view measures a decay curve.
	press(t, tab, "6")
	setHash(t, tab, "view=gradients")
	if err := waitFor(tab, `window.rnnlab.view === "gradients" && window.rnnlab.gradDecay && window.rnnlab.gradDecay.positions > 0`, 3*time.Minute); err != nil {
		t.Fatalf("no decay curve in the gradients view: %v", err)
	}
	if d := readViews(t, tab).GradDecay; d != nil && len(d.Ratio) > 30 && d.Ratio[1] != nil && d.Ratio[30] != nil {
		t.Logf("decay of the %s over %d positions: ratio %.2g at distance 1, %.2g at 30", d.Cell, d.Positions, *d.Ratio[1], *d.Ratio[30])
	}
	press(t, tab, "b")
	screenshot(t, tab, "gradients.png")

	// The cell view replays the passage.
	setHash(t, tab, "view=cell&paused=1")
	if err := waitFor(tab, `window.rnnlab.view === "cell"`, react); err != nil {
		t.Fatal(err)
	}
	before := readViews(t, tab).Selected.T
	press(t, tab, "p")
	if err := waitFor(tab, fmt.Sprintf("window.rnnlab.playing && window.rnnlab.selected.t !== %v", before), react); err != nil {
		t.Errorf("P does not replay the passage: %v", err)
	}
	screenshot(t, tab, "cell-playing.png")
	press(t, tab, "p")
	if err := waitFor(tab, "!window.rnnlab.playing", react); err != nil {
		t.Errorf("a second P does not stop the replay: %v", err)
	}

	// Languages, lecture mode and the light theme, from links.
	setHash(t, tab, "view=timeline&lang=uk&ui=lecture&theme=light&paused=1")
	if err := waitFor(tab, `window.rnnlab.lang === "uk" && window.rnnlab.ui === "lecture" && window.rnnlab.theme === "light"`, react); err != nil {
		t.Errorf("lang, ui and theme from the link: %v, state %+v", err, readViews(t, tab))
	}
	screenshot(t, tab, "lecture-light-uk.png")
	setHash(t, tab, "view=banana&lang=xx&theme=neon&ui=big")
	if err := waitFor(tab, `window.rnnlab.message.includes("banana") && window.rnnlab.message.includes("neon")`, react); err != nil {
		t.Errorf("a link with an unknown view, language, theme and ui: %v, message %q", err, readViews(t, tab).Message)
	}
	setHash(t, tab, "paused=1&lang=en")
	if err := waitFor(tab, `window.rnnlab.paused === true && window.rnnlab.lang === "en"`, react); err != nil {
		t.Fatal(err)
	}

	checkSavedModel(t, tab)
	press(t, tab, kb.Escape)
}

// checkSavedModel saves the model with M, as a learner would, and checks
// that rnntrain reads the download and that the model loaded from it
// predicts what the app predicts.
func checkSavedModel(t *testing.T, tab context.Context) {
	t.Helper()
	press(t, tab, "m")
	if err := waitFor(tab, "window.rnnlabPage.lastSaved !== undefined", react); err != nil {
		t.Fatalf("M saves no model: %v", err)
	}
	saved, err := chromedp.Run(tab, chromedp.Evaluate[struct {
		Name string `json:"name"`
		B64  string `json:"b64"`
	}](`(() => { const s = window.rnnlabPage.lastSaved; let bin = ""; for (const b of s.bytes) bin += String.fromCharCode(b); return {name: s.name, b64: btoa(bin)}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	data, err := base64.StdEncoding.DecodeString(saved.B64)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	model := filepath.Join(dir, saved.Name)
	if err := os.WriteFile(model, data, 0o644); err != nil {
		t.Fatal(err)
	}
	const passage = "The old boys cry, \"THE CATS ARE READY.\" Emma (age 10) helps the robot. Six girls hide.\n"
	text := filepath.Join(dir, "passage.txt")
	if err := os.WriteFile(text, []byte(strings.Repeat(passage, 4)), 0o644); err != nil {
		t.Fatal(err)
	}
	var app struct {
		Probs [][]float64 `json:"probs"`
		Loss  float64     `json:"loss"`
	}
	res, err := chromedp.Run(tab, chromedp.Evaluate[json.RawMessage](fmt.Sprintf("window.rnnlabPage.nextProbs(%q)", passage), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("nextProbs: %v", err)
	}
	if err := json.Unmarshal(res, &app); err != nil {
		t.Fatal(err)
	}
	ck, err := core.LoadCheckpoint(model)
	if err != nil {
		t.Fatalf("the saved model %s does not load: %v", saved.Name, err)
	}
	ids, err := ck.Model.Vocab.Encode(passage)
	if err != nil {
		t.Fatal(err)
	}
	ft, err := ck.Model.ForwardTrace(ids, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for tt, row := range app.Probs {
		for v, p := range row {
			worst = math.Max(worst, math.Abs(p-ft.Probs[tt*ft.V+v]))
		}
	}
	t.Logf("saved %s (%d bytes): next-character probabilities over %d characters agree to %.1g", saved.Name, len(data), len(app.Probs), worst)
	if len(app.Probs) != len(ids)-1 || worst > 1e-6 {
		t.Errorf("the saved model predicts differently: %d positions, worst difference %g", len(app.Probs), worst)
	}
	cmd := exec.Command(goTool(), "run", "./cmd/rnntrain", "eval", "-model", model, "-input", text, "-json")
	cmd.Dir = repoRoot(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("rnntrain eval of the saved model: %v\n%s", err, out)
	}
	t.Logf("rnntrain eval of the browser's model: %s", strings.TrimSpace(string(out)))
}
