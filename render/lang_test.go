package render

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"rnnlab/assets"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// namesKept are the Latin words a Ukrainian screen may show: names of
// cells, keys, programs and file formats, which stay as they are, and the
// name English has in English (the language switch names each language in
// its own words).
var namesKept = []string{"English", "RNN", "LSTM", "GRU", "ReLU", "tanh", "PgUp", "PgDn", "Space", "Esc", "Enter",
	"rnnlab", "rnntrain", "classify", "safetensors", "PyTorch", "PNG", "TSV", "TAB", "lr", "UK", "EN"}

// Nothing on screen stays in English when the app speaks Ukrainian: every
// view, the read-and-decide task and both helps are drawn in Ukrainian on
// the Ukrainian text and headlines, and every Latin word drawn must be a
// name kept as it is or come from the headlines themselves.
func TestUkrainianScreensHaveNoEnglish(t *testing.T) {
	st := lab.DefaultSettings()
	st.Corpus = "ukrainian"
	g := newTestGame(t, st)
	g.SetLang(words.Ukrainian)
	for i := 0; i < 60; i++ {
		run(t, g, 1280, 800, 5, nil)
		if s := g.snap; s.Window != nil && s.Sample != "" && !math.IsNaN(s.ValLoss) {
			break
		}
	}
	g.do(ui.ActPause)
	kept := map[string]bool{}
	for _, n := range namesKept {
		kept[n] = true
	}
	sets, err := assets.TopicSets()
	if err != nil {
		t.Fatal(err)
	}
	latin := regexp.MustCompile(`[A-Za-z]{2,}`)
	for _, w := range latin.FindAllString(string(sets[1].Train)+string(sets[1].Held), -1) {
		kept[w] = true
	}
	found := map[string]string{} // an English word → a text it was drawn in
	g.fonts.drawn = func(s string) {
		for _, w := range latin.FindAllString(s, -1) {
			if !kept[w] {
				found[w] = s
			}
		}
	}
	look := func(what string) {
		g.paint.full = true
		run(t, g, 1280, 800, 10, nil)
		g.do(ui.ActHelp)
		run(t, g, 1280, 800, 5, nil)
		g.do(ui.ActClose)
		run(t, g, 1280, 800, 5, nil)
		if len(found) > 0 {
			var ws []string
			for w, s := range found {
				ws = append(ws, w+" in «"+s+"»")
			}
			slices.Sort(ws)
			t.Errorf("%s in Ukrainian shows English: %s", what, strings.Join(ws, "; "))
			clear(found)
		}
	}
	for _, v := range []View{ViewTimeline, ViewCell, ViewGradients, ViewFlags} {
		g.SetView(v)
		run(t, g, 1280, 800, 30, nil) // what the view computes comes in
		look(v.String())
	}
	g.SetTask(TaskDecide)
	m := g.cls.(*classifyMode)
	for i := 0; i < 200 && (m.dec == nil || m.snap.Eval == nil || m.snap.Reading == nil); i++ {
		run(t, g, 1280, 800, 5, nil)
	}
	if m.snap.Eval == nil {
		t.Fatal("the classifier measured nothing after 1,000 frames")
	}
	look("read and decide")
}
