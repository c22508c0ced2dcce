package ui

import (
	"math"
	"testing"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/words"
)

// measureChars is a Measure of 0.55 em per character.
func measureChars(s string, size float64) float64 { return 0.55 * size * float64(len([]rune(s))) }

func TestLayoutDecideSharesTheScreen(t *testing.T) {
	labels := make([]string, 20)
	for i := range labels {
		labels[i] = "Button"
	}
	for _, tc := range []struct {
		w, h     int
		lecture  bool
		all      bool // every panel shown
		portrait bool
	}{
		{1280, 800, false, true, false},
		{1920, 1080, false, true, false},
		{1280, 800, true, true, false},
		{800, 1300, false, true, true},
		{640, 200, false, false, false},
	} {
		l := ComputeWith(tc.w, tc.h, 1, labels, measureChars, Options{Lecture: tc.lecture})
		d := LayoutDecide(l)
		screen := Rect{0, 0, float64(tc.w), float64(tc.h)}
		parts := map[string]Rect{"reading": d.Reading, "accuracy": d.Accuracy, "confusion": d.Confusion, "mistakes": d.Mistakes}
		for name, r := range parts {
			if r.Empty() != (!tc.all && name != "reading") {
				t.Errorf("%dx%d: %s is %v", tc.w, tc.h, name, r)
			}
			if !r.Inside(screen) || r.Overlaps(l.Controls) || r.Overlaps(l.Status) {
				t.Errorf("%dx%d: %s %v is off screen or over the bar", tc.w, tc.h, name, r)
			}
			for other, o := range parts {
				if other != name && r.Overlaps(o) {
					t.Errorf("%dx%d: %s overlaps %s", tc.w, tc.h, name, other)
				}
			}
		}
		if tc.portrait && !(d.Accuracy.W == d.Reading.W && d.Confusion.Y > d.Accuracy.Y) {
			t.Errorf("%dx%d: the plot is not stacked under the reading view: %+v", tc.w, tc.h, d)
		}
		if tc.all && !tc.portrait && !(d.Reading.H > 0.5*(d.Reading.H+d.Accuracy.H)) {
			t.Errorf("%dx%d: the reading view has %v of %v", tc.w, tc.h, d.Reading.H, d.Reading.H+d.Accuracy.H)
		}
	}
}

func TestLayoutReading(t *testing.T) {
	area := Rect{10, 100, 1260, 440}
	for _, tc := range []struct {
		cols, classes, units, dirs int
		wantUnits                  int
	}{
		{40, 4, 64, 2, 64},  // the default model: every unit
		{120, 4, 64, 2, 64}, // a long headline: thin columns
		{60, 4, 256, 2, 0},  // too many units for the room: the first ones (0: computed)
		{60, 12, 32, 1, 32}, // many classes: six rows
		{1, 2, 4, 1, 4},     // one character
		{60, 4, 0, 1, 0},    // no trace
		{60, 4, 64, 2, 64},  // again, for the hit tests below
	} {
		g := LayoutReading(area, 20, 1, tc.cols, tc.classes, tc.units, tc.dirs)
		if g.ColumnX(g.Cols) > g.Decision.X || g.ColW <= 0 || g.ColW > 19 {
			t.Errorf("%+v: columns end at %v, the decision starts at %v (column %v)", tc, g.ColumnX(g.Cols), g.Decision.X, g.ColW)
		}
		if g.CharFont > 20 || 0.62*g.CharFont > g.ColW+1 && g.CharFont > 6 {
			t.Errorf("%+v: characters of %v in columns of %v", tc, g.CharFont, g.ColW)
		}
		if g.Classes != min(tc.classes, MaxClassRows) {
			t.Errorf("%+v: %d class rows", tc, g.Classes)
		}
		bottom := area.Y + area.H
		if tc.units > 0 && len(g.Dirs) != tc.dirs {
			t.Fatalf("%+v: %d directions", tc, len(g.Dirs))
		}
		for _, d := range g.Dirs {
			if end := d.Y + float64(d.Units)*d.RowH; end > bottom+0.01 || d.CaptionY < g.ProbY+float64(g.Classes)*g.ProbH {
				t.Errorf("%+v: rows from %v to %v, the area ends at %v", tc, d.Y, end, bottom)
			}
			if tc.wantUnits > 0 && d.Units != tc.wantUnits || d.Units > tc.units || d.Units < 1 {
				t.Errorf("%+v: %d units shown", tc, d.Units)
			}
		}
	}
	g := LayoutReading(area, 20, 1, 60, 4, 64, 2)
	if c, ok := g.Column(g.ColumnX(7) + 1); !ok || c != 7 {
		t.Errorf("column at column 7's left edge: %d %v", c, ok)
	}
	if _, ok := g.Column(g.X0 - 1); ok {
		t.Error("a column left of the first")
	}
	d := g.Dirs[1]
	if dir, u, ok := g.Unit(d.Y + 5.5*d.RowH); !ok || dir != 1 || u != 5 {
		t.Errorf("unit row 5 of the second direction: %d %d %v", dir, u, ok)
	}
	if k, ok := g.ClassRow(g.ProbY + 2.5*g.ProbH); !ok || k != 2 {
		t.Errorf("class row 2: %d %v", k, ok)
	}
	if _, ok := g.ClassRow(g.ProbY + 4.5*g.ProbH); ok {
		t.Error("a class row below the last")
	}
}

func TestAccMap(t *testing.T) {
	m := NewAccMap(Rect{100, 50, 400, 200}, 40)
	if m.MaxStep != 100 {
		t.Errorf("max update %v, want at least 100", m.MaxStep)
	}
	for _, tc := range []struct {
		step   int
		acc    float64
		x, y   float64
		stepAt int
	}{
		{0, 0, 100, 250, 0},
		{100, 1, 500, 50, 100},
		{50, 0.5, 300, 150, 50},
		{25, 2, 200, 50, 25},
		{25, math.NaN(), 200, 250, 25},
	} {
		x, y := m.Point(tc.step, tc.acc)
		if x != tc.x || y != tc.y || m.Step(x) != tc.stepAt {
			t.Errorf("update %d, accuracy %v: (%v, %v) back to %d; want (%v, %v)", tc.step, tc.acc, x, y, m.Step(x), tc.x, tc.y)
		}
	}
}

func TestConfusionGeom(t *testing.T) {
	area := Rect{0, 0, 300, 220}
	c := LayoutConfusion(area, 4, 80, 20)
	if c.Cell != 50 || c.Y0 != 20 || c.X0 < 80 || c.X0+4*c.Cell > 300 {
		t.Fatalf("cells %+v; want 50 px squares after the names", c)
	}
	for i := range 4 {
		for j := range 4 {
			r := c.CellRect(i, j)
			if gi, gj, ok := c.At(r.X+r.W/2, r.Y+r.H/2); !ok || gi != i || gj != j || !r.Inside(area) {
				t.Errorf("cell (%d, %d) at %v: found (%d, %d) %v", i, j, r, gi, gj, ok)
			}
		}
	}
	if _, _, ok := c.At(c.X0+4*c.Cell+1, c.Y0+1); ok {
		t.Error("a cell right of the last column")
	}
	if tiny := LayoutConfusion(Rect{0, 0, 30, 30}, 40, 20, 10); tiny.Cell != 0 {
		t.Errorf("40 labels in 30 px: cells of %v", tiny.Cell)
	}
	if ConfusionColor(0, true) != Panel || ConfusionColor(0, false) != Panel {
		t.Error("an empty cell is not the panel's colour")
	}
	right, wrong := ConfusionColor(1, true), ConfusionColor(1, false)
	if !(right.G > right.R && wrong.R > wrong.G) || ConfusionColor(0.5, true) == ConfusionColor(0.9, true) {
		t.Errorf("right %v, wrong %v", right, wrong)
	}
}

func TestClassColorsAreDistinct(t *testing.T) {
	for _, th := range []Theme{Dark, Light} {
		UseTheme(th)
		seen := map[[3]uint8]bool{}
		for k := range 8 {
			c := ClassColor(k)
			seen[[3]uint8{c.R, c.G, c.B}] = true
			if ContrastRatio(c, th.Panel) < 3 {
				t.Errorf("%s: label %d's colour %v is faint on the panel (%.1f)", th.Name, k, c, ContrastRatio(c, th.Panel))
			}
		}
		if len(seen) != 8 || ClassColor(8) != ClassColor(0) {
			t.Errorf("%s: %d distinct colours", th.Name, len(seen))
		}
	}
	UseTheme(Dark)
}

func TestDecideButtons(t *testing.T) {
	s := lab.DefaultDecideSettings()
	bs := DecideButtons(s, words.Raw("EN"), words.English)
	on := map[Action]bool{}
	acts := map[Action]bool{}
	for _, b := range bs {
		on[b.Action] = b.On
		acts[b.Action] = true
	}
	for _, a := range []Action{ActPause, ActStep, ActReset, ActRNN, ActLSTM, ActGRU, ActBackward, ActLayer, ActPlay,
		ActHiddenDown, ActHiddenUp, ActLRDown, ActLRUp, ActCorpus, ActText, ActTask, ActLang, ActHelp} {
		if !acts[a] {
			t.Errorf("no button for action %d", a)
		}
	}
	if !on[ActGRU] || on[ActLSTM] || on[ActBackward] || on[ActPause] {
		t.Errorf("the default's buttons: %v", on)
	}
	s.Bidirectional, s.Cell, s.Paused, s.Pool = true, core.LSTM, true, core.PoolFinal
	for _, b := range DecideButtons(s, words.Raw("UK"), words.Ukrainian) {
		switch b.Action {
		case ActBackward:
			if !b.On {
				t.Error("both ways not drawn as selected")
			}
		case ActPlay:
			if b.Label.Key != "decide.btn.pool_final" {
				t.Errorf("pool label %q", b.Label.Key)
			}
		case ActLang:
			if b.Label.String() != "UK" {
				t.Errorf("language %q", b.Label)
			}
		}
	}
}
