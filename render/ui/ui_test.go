package ui

import (
	"math"
	"strings"
	"testing"

	"rnnlab/lab"
	"rnnlab/words"
)

func TestDivergingEndsAndMiddle(t *testing.T) {
	if got := Diverging(0); got != scaleZero {
		t.Errorf("Diverging(0) = %v, want the neutral %v", got, scaleZero)
	}
	if got := Diverging(1); got != scalePos {
		t.Errorf("Diverging(1) = %v, want %v", got, scalePos)
	}
	if got := Diverging(-1); got != scaleNeg {
		t.Errorf("Diverging(-1) = %v, want %v", got, scaleNeg)
	}
	if Diverging(7) != Diverging(1) || Diverging(-7) != Diverging(-1) {
		t.Errorf("values beyond ±1 are not clamped")
	}
	if got := Diverging(math.NaN()); got != scaleNaN {
		t.Errorf("NaN gives %v, want the NaN marker", got)
	}
}

// Brightness grows with |v| on both sides: a stronger activation is always
// easier to see, and the sign shows only in the hue.
func TestDivergingBrightnessGrowsWithMagnitude(t *testing.T) {
	prevPos, prevNeg := Luminance(Diverging(0)), Luminance(Diverging(0))
	for i := 1; i <= 20; i++ {
		v := float64(i) / 20
		pos, neg := Luminance(Diverging(v)), Luminance(Diverging(-v))
		if pos <= prevPos || neg <= prevNeg {
			t.Fatalf("luminance not increasing at ±%v: %v→%v, %v→%v", v, prevPos, pos, prevNeg, neg)
		}
		prevPos, prevNeg = pos, neg
	}
	// The two ends are distinguishable by hue: blue against orange.
	if p, n := Diverging(1), Diverging(-1); !(p.R > p.B && n.B > n.R) {
		t.Errorf("positive %v should be warm, negative %v cool", p, n)
	}
}

func TestLUTMatchesScale(t *testing.T) {
	lut := NewScaleLUT()
	for _, v := range []float64{-1, -0.5, 0, 0.25, 1} {
		a, b := lut.At(v), Diverging(v)
		if d := math.Abs(float64(a.R)-float64(b.R)) + math.Abs(float64(a.G)-float64(b.G)) + math.Abs(float64(a.B)-float64(b.B)); d > 12 {
			t.Errorf("LUT at %v = %v, scale %v", v, a, b)
		}
	}
	if lut.At(math.NaN()) != scaleNaN || lut.At(5) != lut.At(1) {
		t.Errorf("LUT does not clamp or mark NaN")
	}
}

func TestNormalize(t *testing.T) {
	for i, tc := range []struct{ v, lo, hi, want float64 }{
		{0, -1, 1, 0}, {1, -1, 1, 1}, {0.5, 0, 1, 0}, {0, 0, 1, -1}, {1, 0, 1, 1}, {3, -3, 3, 1}, {1, 1, 1, 0},
	} {
		if got := Normalize(tc.v, tc.lo, tc.hi); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("test %d: got %v want %v", i, got, tc.want)
		}
	}
}

func TestThemeContrast(t *testing.T) {
	defer UseTheme(Dark)
	for _, th := range []Theme{Dark, Light} {
		UseTheme(th)
		for name, c := range map[string]float64{
			"text": ContrastRatio(Text, Panel), "dim": ContrastRatio(Dim, Panel),
			"accent": ContrastRatio(Accent, Panel), "good": ContrastRatio(Good, Panel), "bad": ContrastRatio(Bad, Panel),
			"second": ContrastRatio(Second, Panel), "warn": ContrastRatio(Warn, Panel),
			"button": ContrastRatio(Text, ButtonFill), "selected": ContrastRatio(Text, ButtonSel),
		} {
			if c < 4.5 {
				t.Errorf("%s theme: %s contrast %.2f is below 4.5:1", th.Name, name, c)
			}
		}
		// The scales' ends stand out from their neutral in both themes,
		// and a half-open gate is halfway between shut and open.
		for name, c := range map[string]float64{
			"negative": ContrastRatio(Diverging(-1), Diverging(0)), "positive": ContrastRatio(Diverging(1), Diverging(0)),
			"gate": ContrastRatio(Sequential(1), Sequential(0)),
		} {
			if c < 3 {
				t.Errorf("%s theme: %s end against the neutral %.2f, below 3:1", th.Name, name, c)
			}
		}
	}
}

func approxMeasure(s string, size float64) float64 { return float64(len([]rune(s))) * size * 0.55 }

func labels() []string {
	var out []string
	for _, b := range Buttons(lab.DefaultSettings(), words.English) {
		out = append(out, b.Label.String())
	}
	return out
}

func TestLayoutFitsWithoutOverlap(t *testing.T) {
	for _, sz := range []struct {
		w, h  int
		scale float64
		full  bool // all panels expected
	}{
		{640, 480, 1, true}, {1280, 800, 1, true}, {1920, 1080, 1, true}, {2560, 1600, 2, true},
		{800, 1200, 1, true}, {3840, 2160, 1.5, true},
		{320, 240, 1, false}, {200, 100, 1, false}, {40, 30, 1, false}, {1, 1, 1, false}, {0, 0, 1, false},
		{2000, 90, 1, false}, {90, 2000, 1, false},
	} {
		l := Compute(sz.w, sz.h, sz.scale, labels(), approxMeasure)
		screen := Rect{0, 0, float64(sz.w), float64(sz.h)}
		parts := l.Parts()
		for i, a := range parts {
			if !a.Inside(screen) {
				t.Errorf("%dx%d: part %d %+v is off screen", sz.w, sz.h, i, a)
			}
			if a.W < 0 || a.H < 0 {
				t.Errorf("%dx%d: part %d has negative size %+v", sz.w, sz.h, i, a)
			}
			for j := i + 1; j < len(parts); j++ {
				if i == 0 && j >= 5 {
					continue // buttons sit inside the control bar
				}
				if a.Overlaps(parts[j]) {
					t.Errorf("%dx%d: parts %d %+v and %d %+v overlap", sz.w, sz.h, i, a, j, parts[j])
				}
			}
		}
		for i, b := range l.Buttons {
			if !b.Inside(l.Controls) && !b.Empty() {
				t.Errorf("%dx%d: button %d %+v outside the bar %+v", sz.w, sz.h, i, b, l.Controls)
			}
		}
		if sz.full {
			for name, r := range map[string]Rect{"timeline": l.Timeline, "loss": l.Loss, "sample": l.Sample, "buttons": l.Buttons[0]} {
				if r.Empty() {
					t.Errorf("%dx%d: %s is missing", sz.w, sz.h, name)
				}
			}
			if l.Font < 11*sz.scale {
				t.Errorf("%dx%d: font %.1f is too small to read", sz.w, sz.h, l.Font)
			}
		}
	}
}

func TestStripAndRowsFitAndHitTest(t *testing.T) {
	area := Rect{10, 100, 1200, 500}
	font := 20.0
	cols := Columns(area, font, false)
	if cols < 40 || cols > MaxColumns {
		t.Errorf("%d columns at 1200 px; want 40-%d", cols, MaxColumns)
	}
	if z := Columns(area, font, true); z < 150 || z > MaxZoomed {
		t.Errorf("zoomed out: %d columns at 1200 px; want 150-%d", z, MaxZoomed)
	}
	s := LayoutStrip(area, font, cols, false)
	body := s.Body()
	if body.Y < s.DetailY+s.DetailH || body.Y+body.H > area.Y+area.H+1e-9 || body.H < area.H/2 {
		t.Errorf("body %+v does not sit under the strip (detail ends %.1f) in %+v", body, s.DetailY+s.DetailH, area)
	}
	units := []int{64, 64, 64, 64, 64, 64}
	g := LayoutRows(body, s, font, 1, units, 0)
	if len(g.Groups) != 6 {
		t.Fatalf("%d groups laid out", len(g.Groups))
	}
	if g.RowH < MinRowH {
		t.Errorf("rows %.1f px high", g.RowH)
	}
	last := g.Groups[5]
	if last.Y+last.H > body.Y+body.H+1e-9 {
		t.Errorf("last group ends at %.1f below the body %.1f", last.Y+last.H, body.Y+body.H)
	}
	if s.X0+float64(cols)*s.ColW > area.X+area.W+1e-6 {
		t.Errorf("columns overflow the area")
	}
	for i := 1; i < len(g.Groups); i++ {
		if g.Groups[i].Y < g.Groups[i-1].Y+g.Groups[i-1].H {
			t.Errorf("groups %d and %d overlap", i-1, i)
		}
	}
	// Every cell's centre hits that cell.
	for i, b := range g.Groups {
		for _, u := range []int{b.First, b.First + b.Shown - 1} {
			for _, tt := range []int{0, cols / 2, cols - 1} {
				r := g.CellRect(i, tt, u)
				h := g.HitTest(r.X+r.W/2, r.Y+r.H/2)
				if h != (Hit{Kind: HitCell, T: tt, Group: i, Unit: u}) {
					t.Errorf("centre of group %d unit %d step %d hit %+v", i, u, tt, h)
				}
			}
		}
	}
	if h := s.HitTest(s.X0+s.ColW*2.5, s.CharY+1); h != (Hit{Kind: HitChar, T: 2}) {
		t.Errorf("character row hit %+v", h)
	}
	if h := s.HitTest(s.X0+s.ColW*3.5, s.GuessY+1); h != (Hit{Kind: HitGuess, T: 3}) {
		t.Errorf("guess row hit %+v", h)
	}
	for _, p := range [][2]float64{{area.X + 1, s.CharY + 1}, {s.X0 + 5, area.Y + area.H + 5}, {-5, -5}} {
		if h := s.HitTest(p[0], p[1]); h.Kind != HitNone {
			t.Errorf("(%v, %v) outside the strip hit %+v", p[0], p[1], h)
		}
		if h := g.HitTest(p[0], p[1]); h.Kind != HitNone {
			t.Errorf("(%v, %v) outside the rows hit %+v", p[0], p[1], h)
		}
	}
	// Scrolling shows later units.
	g2 := LayoutRows(body, s, font, 1, units, 1000)
	if b := g2.Groups[0]; b.First+b.Shown != 64 || b.First == 0 {
		t.Errorf("scrolled to the end: first %d shown %d", b.First, b.Shown)
	}
	// A tiny area degrades to no rows, without panicking or overflowing.
	tiny := LayoutStrip(Rect{0, 0, 50, 30}, 11, 8, false)
	g3 := LayoutRows(tiny.Body(), tiny, 11, 1, units, 0)
	for _, b := range g3.Groups {
		if b.Y+b.H > 30 {
			t.Errorf("tiny rows overflow: %+v", b)
		}
	}
}

func TestHeatmapFill(t *testing.T) {
	groups := []lab.Group{
		{Key: "h", Units: 2, Lo: -1, Hi: 1, Values: []float64{-1, 0, 0, 1, 1, 0}},
		{Key: "f", Units: 2, Lo: 0, Hi: 1, Values: []float64{0, 0.5, 1, 0.5, 0.5, 0.5}},
	}
	boxes := []GroupBox{{First: 0, Shown: 2, Units: 2}, {First: 1, Shown: 1, Units: 2}}
	width, height := HeatmapSize(3, boxes)
	if width != 3 || height != 3 {
		t.Fatalf("size %dx%d, want 3x3", width, height)
	}
	pix := make([]byte, width*height*4)
	sc := NewScales()
	lut := sc.States
	FillHeatmap(pix, 3, groups, boxes, sc, nil)
	at := func(x, y int) [3]byte { o := 4 * (y*width + x); return [3]byte{pix[o], pix[o+1], pix[o+2]} }
	rgb := func(v float64) [3]byte { c := lut.At(v); return [3]byte{c.R, c.G, c.B} }
	// Row 0 is unit 0 of h over t: -1, 0, 1.
	for tt, v := range []float64{-1, 0, 1} {
		if at(tt, 0) != rgb(v) {
			t.Errorf("h unit 0 t %d: %v want %v", tt, at(tt, 0), rgb(v))
		}
	}
	// Row 2 is unit 1 of the gate group (scrolled), on the gates' own
	// scale: 0.5 everywhere is half open, not the states' neutral.
	half := Sequential(0.5)
	for tt := 0; tt < 3; tt++ {
		if at(tt, 2) != [3]byte{half.R, half.G, half.B} || at(tt, 2) == rgb(0) {
			t.Errorf("f unit 1 t %d: %v want the half-open gate colour %v", tt, at(tt, 2), half)
		}
	}
	// A row order shows unit 1 of h in the first row.
	FillHeatmap(pix, 3, groups, boxes, sc, []int{1, 0})
	if at(0, 0) != rgb(0) || at(2, 0) != rgb(0) {
		t.Errorf("reordered row 0 should be h unit 1 (0, 1 → neutral at t 0): %v", at(0, 0))
	}
	if allocs := testing.AllocsPerRun(20, func() { FillHeatmap(pix, 3, groups, boxes, sc, nil) }); allocs != 0 {
		t.Errorf("FillHeatmap allocates %v times per call", allocs)
	}
	if HeatRow(boxes, 1) != 2 {
		t.Errorf("HeatRow(1) = %d, want 2", HeatRow(boxes, 1))
	}
}

func TestLadders(t *testing.T) {
	if got := StepHidden(64, 1); got != 96 {
		t.Errorf("StepHidden(64, +1) = %d", got)
	}
	if got := StepHidden(64, -1); got != 48 {
		t.Errorf("StepHidden(64, -1) = %d", got)
	}
	if got := StepHidden(50, -1); got != 48 {
		t.Errorf("StepHidden(50, -1) = %d", got)
	}
	if StepHidden(512, 1) != 512 || StepHidden(4, -1) != 4 {
		t.Errorf("hidden ladder does not stop at its ends")
	}
	lr := 0.003
	var up []string
	for i := 0; i < 4; i++ {
		lr = StepLR(lr, 1)
		up = append(up, words.Value(words.English, lr))
	}
	if got := strings.Join(up, " "); got != "0.01 0.03 0.1 0.3" {
		t.Errorf("lr ladder up from 0.003: %s", got)
	}
	if got := StepLR(0.003, -1); got != 0.001 {
		t.Errorf("StepLR(0.003, -1) = %v", got)
	}
	if got := StepLR(0.002, -1); got != 0.001 {
		t.Errorf("StepLR(0.002, -1) = %v", got)
	}
	if got := StepLR(0.001, -1); got != 0.0003 {
		t.Errorf("StepLR(0.001, -1) = %v", got)
	}
	if StepLR(lab.MaxLR, 1) != lab.MaxLR || StepLR(lab.MinLR, -1) != lab.MinLR {
		t.Errorf("lr ladder leaves lab's range")
	}
	if StepTemp(0.8, 1) != 0.9 || StepTemp(0, -1) != 0 || StepTemp(3, 1) != 3 {
		t.Errorf("temperature ladder wrong")
	}
}

func TestPlotMap(t *testing.T) {
	p := NewPlotMap(Rect{0, 0, 100, 50}, 200, 40, 3.7)
	x, y := p.Point(0, p.Top)
	if x != 0 || y != 0 {
		t.Errorf("top-left at %v,%v", x, y)
	}
	x, y = p.Point(200, 0)
	if x != 100 || y != 50 {
		t.Errorf("bottom-right at %v,%v", x, y)
	}
	if _, y := p.Point(10, 1e6); y != 0 {
		t.Errorf("a huge loss is not clamped to the top: %v", y)
	}
	if _, y := p.Point(10, math.NaN()); y != 0 {
		t.Errorf("NaN loss at %v", y)
	}
	if s := p.Step(50); s != 100 {
		t.Errorf("Step(50) = %d", s)
	}
}

func TestWrapRunes(t *testing.T) {
	got := WrapRunes(nil, "the cat sat on the mat\nа кошка спала", 10)
	want := []string{"the cat ", "sat on ", "the mat", "а кошка ", "спала"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q want %q", got, want)
	}
	if len(WrapRunes(nil, "abc", 0)) != 0 {
		t.Errorf("zero width should give no lines")
	}
}

func BenchmarkFillHeatmap(b *testing.B) {
	const T, H = 64, 64
	var groups []lab.Group
	var boxes []GroupBox
	for g := 0; g < 6; g++ {
		v := make([]float64, T*H)
		for i := range v {
			v[i] = math.Sin(float64(i))
		}
		groups = append(groups, lab.Group{Units: H, Lo: -1, Hi: 1, Values: v})
		boxes = append(boxes, GroupBox{Shown: 16, Units: H})
	}
	tw, th := HeatmapSize(T, boxes)
	pix := make([]byte, tw*th*4)
	sc := NewScales()
	b.ReportAllocs()
	for b.Loop() {
		FillHeatmap(pix, T, groups, boxes, sc, nil)
	}
}

func BenchmarkLayout(b *testing.B) {
	ls := labels()
	b.ReportAllocs()
	for b.Loop() {
		l := Compute(1280, 800, 1, ls, approxMeasure)
		s := LayoutStrip(l.Timeline, l.Font, Columns(l.Timeline, l.Font, false), false)
		LayoutRows(s.Body(), s, l.Font, 1, []int{64, 64, 64, 64, 64, 64}, 0)
	}
}

// TestLayoutSmallScreens: a row that almost fits shrinks its labels instead
// of wrapping one button; a phone held upright stacks the bottom panels.
func TestLayoutSmallScreens(t *testing.T) {
	ls := labels()
	for _, sz := range [][2]int{{1280, 800}, {1920, 1080}} {
		if l := Compute(sz[0], sz[1], 1, ls, approxMeasure); l.BtnFont < 0.8*l.Font || l.Buttons[len(ls)-1].Y != l.Buttons[0].Y {
			t.Errorf("%d×%d: button font %.1f of %.1f, last button at y %.0f: want one row at nearly the body font", sz[0], sz[1], l.BtnFont, l.Font, l.Buttons[len(ls)-1].Y)
		}
	}
	// At this width the body font is at its minimum and the row is a little
	// too wide for it.
	w := int(rowWidth(ls, 11, 3, approxMeasure)/1.1) + 12
	l := Compute(w, 480, 1, ls, approxMeasure)
	if rowWidth(ls, l.Font, math.Round(l.Font*0.3), approxMeasure) <= l.Controls.W {
		t.Fatalf("the test needs a row that does not fit at the body font")
	}
	if l.BtnFont >= l.Font {
		t.Fatalf("%d×480: buttons keep the body font %.1f though the row does not fit", w, l.Font)
	}
	for i, b := range l.Buttons {
		if b.Y != l.Buttons[0].Y {
			t.Errorf("%d×480: button %d (%q) wrapped to a second row", w, i, ls[i])
		}
	}

	phone := Compute(360, 640, 1, ls, approxMeasure)
	if phone.Loss.Empty() || phone.Sample.Empty() {
		t.Fatalf("360×640: loss %+v or sample %+v missing", phone.Loss, phone.Sample)
	}
	if phone.Loss.W != phone.Timeline.W || phone.Sample.W != phone.Timeline.W || phone.Sample.Y <= phone.Loss.Y {
		t.Errorf("360×640: loss %+v and sample %+v are not stacked full width under the timeline %+v", phone.Loss, phone.Sample, phone.Timeline)
	}
	if land := Compute(640, 360, 1, ls, approxMeasure); !land.Loss.Empty() && land.Loss.Y != land.Sample.Y {
		t.Errorf("640×360: loss and sample stacked on a landscape screen")
	}

	// On a touch screen (here with 3 device pixels per CSS pixel) text and
	// buttons are finger-sized, and everything still fits.
	for _, sz := range [][2]int{{360, 640}, {640, 360}, {768, 1024}} {
		w, h := 3*sz[0], 3*sz[1]
		tl := ComputeTouch(w, h, 3, ls, approxMeasure)
		if tl.Font < 13*3 {
			t.Errorf("touch %dx%d: text %.0f CSS px, want at least 13", sz[0], sz[1], tl.Font/3)
		}
		for i, b := range tl.Buttons {
			if b.Empty() || b.H < 34*3 || b.X+b.W > float64(w) {
				t.Errorf("touch %dx%d: button %q is %+v, want on screen and at least 34 CSS px tall", sz[0], sz[1], ls[i], b)
			}
		}
		if tl.Timeline.Empty() || tl.Status.Y < tl.Controls.Y+tl.Controls.H {
			t.Errorf("touch %dx%d: timeline %+v, status %+v under controls %+v", sz[0], sz[1], tl.Timeline, tl.Status, tl.Controls)
		}
	}
}

// TestLectureLayout: the view fills the screen, with text a class reads
// from the back of the room, and the text size can grow and shrink.
func TestLectureLayout(t *testing.T) {
	ls := labels()
	l := ComputeWith(1920, 1080, 1, ls, approxMeasure, Options{Lecture: true})
	if !l.Controls.Empty() || !l.Status.Empty() || !l.Loss.Empty() || !l.Sample.Empty() {
		t.Errorf("lecture layout keeps panels besides the view: %+v", l)
	}
	if l.Timeline.W < 1800 || l.Timeline.H < 1000 {
		t.Errorf("the view is %+v, want the whole screen", l.Timeline)
	}
	if l.Small < 27 {
		t.Errorf("smallest text %.0f px on a 1080-line projector; want at least 27 (1/40 of the height)", l.Small)
	}
	normal := Compute(1280, 800, 1, ls, approxMeasure)
	big := ComputeWith(1280, 800, 1, ls, approxMeasure, Options{TextScale: 1.5})
	small := ComputeWith(1280, 800, 1, ls, approxMeasure, Options{TextScale: 0.1})
	if !(big.Font > normal.Font*1.4) || small.Font < 11 {
		t.Errorf("text sizes: normal %.1f, ×1.5 %.1f, ×0.1 %.1f (at least the minimum 11)", normal.Font, big.Font, small.Font)
	}
}

func TestSwipeAction(t *testing.T) {
	for _, c := range []struct {
		dy   float64
		want Action
	}{{-30, ActUnitsDown}, {30, ActUnitsUp}, {-23, ActNone}, {10, ActNone}, {0, ActNone}} {
		if got := SwipeAction(c.dy, 24); got != c.want {
			t.Errorf("a swipe of %v px: action %v, want %v", c.dy, got, c.want)
		}
	}
}
