package ui

import (
	"fmt"
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/words"
)

// fakeMeasure is a text width like the app's regular font's: half the size
// per character.
func fakeMeasure(s string, size float64) float64 {
	return 0.5 * size * float64(utf8.RuneCountInString(s))
}

// cellKinds are the cells the view draws, by name.
var cellKinds = []struct {
	name string
	kind CellKind
	relu bool
}{{"tanh RNN", CellRNN, false}, {"ReLU RNN", CellRNN, true}, {"LSTM", CellLSTM, false}, {"GRU", CellGRU, false}}

// cellSpec is a view's spec for a cell kind with units units.
func cellSpec(kind CellKind, relu bool, units int) CellViewSpec {
	eqs := CellEquations(WidestValues(kind, relu), words.English)
	var names []string
	for range eqs {
		names = append(names, "candidate g")
	}
	return CellViewSpec{Kind: kind, ReLU: relu, Units: units, Equations: eqs, Names: names,
		Title: "unit 888", Play: "Pause", Speed: "1.5 chars/s"}
}

// Every cell lays out inside the view's body, from 640×300 to 1920×700
// (and the bodies the app has at 1280×800 and 1920×1080): no shape
// overlaps another, no label overlaps a shape, a wire or another label,
// the diagram, the header, its buttons, the table and the caption keep
// apart, and at the app's sizes every valve and every end has its label.
func TestCellViewLaysOutWithoutOverlap(t *testing.T) {
	bodies := []struct {
		body     Rect
		font     float64
		allLabel bool // every valve and end is labelled
	}{
		{Rect{10, 20, 640, 300}, 11, true},
		{Rect{10, 20, 640, 300}, 13, true},
		{Rect{0, 0, 620, 150}, 11, false}, // the app at 640×480
		{Rect{20, 265, 1240, 235}, 20.6, true},
		{Rect{0, 0, 960, 300}, 16, true},
		{Rect{15, 280, 1880, 358}, 30, true},
		{Rect{0, 0, 1920, 700}, 30, true},
	}
	for _, ck := range cellKinds {
		for _, units := range []int{1, 64, 256} {
			for _, b := range bodies {
				name := fmt.Sprintf("%s, %d units, %v at %v", ck.name, units, b.body, b.font)
				l := LayoutCellView(b.body, b.font, cellSpec(ck.kind, ck.relu, units), fakeMeasure)
				checkCellLayout(t, name, b.body, l, b.allLabel)
			}
		}
	}
}

func checkCellLayout(t *testing.T, name string, body Rect, l CellViewLayout, allLabels bool) {
	t.Helper()
	d := l.Diagram
	if len(d.Nodes) == 0 || len(d.Wires) == 0 {
		t.Errorf("%s: no diagram (unit %.1f)", name, d.Unit)
		return
	}
	if !d.Area.Inside(body) {
		t.Errorf("%s: diagram %v outside the body", name, d.Area)
	}
	for i, n := range d.Nodes {
		if !n.R.Inside(d.Area) || !n.Label.Inside(d.Area) {
			t.Errorf("%s: %q %v or its label %v leaves the diagram %v", name, n.Key, n.R, n.Label, d.Area)
		}
		for j, m := range d.Nodes {
			if i < j && n.R.Overlaps(m.R) {
				t.Errorf("%s: %q %v overlaps %q %v", name, n.Key, n.R, m.Key, m.R)
			}
		}
		if !n.Label.Empty() && d.crowds(n.Label, i) {
			t.Errorf("%s: the label of %q %v overlaps something", name, n.Key, n.Label)
		}
		if allLabels && (n.Part == PartValve || n.Part == PartEnd) && n.Label.Empty() {
			t.Errorf("%s: %q has no label", name, n.Key)
		}
	}
	for _, w := range d.Wires {
		for _, p := range w.Pts {
			if !d.Area.Contains(p.X, p.Y) {
				t.Errorf("%s: a wire of %v leaves the diagram at %v", name, w.Q, p)
			}
		}
	}
	parts := map[string]Rect{"header": l.Header, "play": l.Play, "slower": l.Slower, "speed": l.Speed, "faster": l.Faster, "caption": l.Caption}
	tb := l.Table
	if tb.Rows > 0 {
		parts["table"] = Rect{tb.NameX, tb.Y0, tb.Right - tb.NameX, float64(tb.Rows) * tb.RowH}
	} else {
		t.Errorf("%s: no table", name)
	}
	for a, ra := range parts {
		if !ra.Inside(body) {
			t.Errorf("%s: %s %v leaves the body", name, a, ra)
		}
		if ra.Overlaps(d.Area) {
			t.Errorf("%s: %s %v overlaps the diagram %v", name, a, ra, d.Area)
		}
		for b, rb := range parts {
			if a < b && ra.Overlaps(rb) {
				t.Errorf("%s: %s %v overlaps %s %v", name, a, ra, b, rb)
			}
		}
	}
	if l.Play.Empty() {
		t.Errorf("%s: no Play button", name)
	}
}

// Gates overlap nothing however the diagram is squeezed: labels are left
// out instead, and an area too small draws no diagram at all.
func TestCellDiagramSqueezed(t *testing.T) {
	for _, ck := range cellKinds {
		for _, a := range []Rect{{0, 0, 200, 80}, {0, 0, 300, 400}, {0, 0, 2000, 90}} {
			d := LayoutCellDiagram(ck.kind, ck.relu, a, 20)
			for i, n := range d.Nodes {
				for j, m := range d.Nodes {
					if i < j && n.R.Overlaps(m.R) {
						t.Errorf("%s in %v: %q overlaps %q", ck.name, a, n.Key, m.Key)
					}
				}
				if !n.Label.Empty() && d.crowds(n.Label, i) {
					t.Errorf("%s in %v: the label of %q overlaps something", ck.name, a, n.Key)
				}
			}
		}
		if d := LayoutCellDiagram(ck.kind, ck.relu, Rect{0, 0, 60, 30}, 20); len(d.Nodes) != 0 {
			t.Errorf("%s: a 60×30 area has %d nodes, want none", ck.name, len(d.Nodes))
		}
	}
}

// Each cell has its textbook parts: the valves of its gates, its sums and
// boxes, and its inputs and outputs.
func TestCellDiagramParts(t *testing.T) {
	want := map[string]map[string]CellPart{
		"tanh RNN": {"h₋₁": PartEnd, "x": PartEnd, "h": PartEnd, "Wx": PartBox, "Hh": PartBox, "+": PartSum},
		"LSTM": {"c₋₁": PartEnd, "h₋₁": PartEnd, "x": PartEnd, "c": PartEnd, "h": PartEnd, "f": PartValve, "i": PartValve,
			"o": PartValve, "g": PartBox, "tanh": PartBox, "+": PartSum},
		"GRU": {"h₋₁": PartEnd, "x": PartEnd, "h": PartEnd, "r": PartValve, "z": PartValve, "1−z": PartValve, "n": PartBox, "+": PartSum},
	}
	for _, ck := range cellKinds {
		parts, ok := want[ck.name]
		if !ok {
			continue
		}
		d := LayoutCellDiagram(ck.kind, ck.relu, Rect{0, 0, 800, 300}, 20)
		for key, part := range parts {
			found := false
			for _, n := range d.Nodes {
				found = found || n.Key == key && n.Part == part
			}
			if !found {
				t.Errorf("%s: no %q of part %d", ck.name, key, part)
			}
		}
	}
	relu := LayoutCellDiagram(CellRNN, true, Rect{0, 0, 800, 300}, 20)
	for _, n := range relu.Nodes {
		if n.Key == "h" && n.Part == PartBox && n.Text != "ReLU" {
			t.Errorf("the ReLU RNN's activation reads %q", n.Text)
		}
	}
}

// A unit's equations with its numbers: two decimals, negative operands in
// brackets, and only the formula and result while the split of the sums
// is not known.
func TestCellEquations(t *testing.T) {
	lstm := CellValues{Kind: CellLSTM, Split: true, HPrev: 0.1, H: 0.5, CPrev: 0.81, C: 0.7377}
	lstm.Gates = [4]GateValues{
		{X: 0.31, H: -1.20, Pre: -0.89, Act: 0.12}, // i
		{X: 2.1, H: 1.37, Pre: 3.47, Act: 0.97},    // f
		{X: -0.5, H: 0.08, Pre: -0.42, Act: -0.40}, // g
		{X: 0.6, H: 0.79, Pre: 1.39, Act: 0.8007},  // o
	}
	gru := CellValues{Kind: CellGRU, Split: true, HPrev: 0.5, H: 0.457}
	gru.Gates = [4]GateValues{
		{X: 1, H: 0.2, Pre: 1.2, Act: 0.2},        // r
		{X: 1.5, H: 0.7, Pre: 2.2, Act: 0.9},      // z
		{X: 0.31, H: -1.20, Pre: 0.07, Act: 0.07}, // n
	}
	rnn := CellValues{Kind: CellRNN, Split: true, HPrev: -0.3, H: -0.71}
	rnn.Gates[0] = GateValues{X: 0.31, H: -1.20, Pre: -0.89, Act: -0.71}
	relu := rnn
	relu.ReLU, relu.H, relu.Gates[0].Act = true, 0, 0
	noSplit := lstm
	noSplit.Split = false
	tests := []struct {
		name string
		v    CellValues
		want []string
	}{
		{"LSTM", lstm, []string{
			"f = σ(W·x + U·h + b) = σ(2.10 + 1.37) = σ(3.47) = 0.97",
			"i = σ(W·x + U·h + b) = σ(0.31 + (−1.20)) = σ(−0.89) = 0.12",
			"g = tanh(W·x + U·h + b) = tanh(−0.50 + 0.08) = tanh(−0.42) = −0.40",
			"c = f·c₋₁ + i·g = 0.97·0.81 + 0.12·(−0.40) = 0.74",
			"o = σ(W·x + U·h + b) = σ(0.60 + 0.79) = σ(1.39) = 0.80",
			"h = o·tanh(c) = 0.80·tanh(0.74) = 0.80·0.63 = 0.50",
		}},
		{"LSTM before the split arrives", noSplit, []string{
			"f = σ(W·x + U·h + b) = 0.97",
			"i = σ(W·x + U·h + b) = 0.12",
			"g = tanh(W·x + U·h + b) = −0.40",
			"c = f·c₋₁ + i·g = 0.97·0.81 + 0.12·(−0.40) = 0.74",
			"o = σ(W·x + U·h + b) = 0.80",
			"h = o·tanh(c) = 0.80·tanh(0.74) = 0.80·0.63 = 0.50",
		}},
		{"GRU", gru, []string{
			"h₋₁ = 0.50",
			"r = σ(W·x + U·h + b) = σ(1.00 + 0.20) = σ(1.20) = 0.20",
			"z = σ(W·x + U·h + b) = σ(1.50 + 0.70) = σ(2.20) = 0.90",
			"n = tanh(W·x + r·(U·h + b)) = tanh(0.31 + 0.20·(−1.20)) = tanh(0.07) = 0.07",
			"h = z·h₋₁ + (1−z)·n = 0.90·0.50 + 0.10·0.07 = 0.46",
		}},
		{"tanh RNN", rnn, []string{
			"h₋₁ = −0.30",
			"h = tanh(W·x + H·h + b) = tanh(0.31 + (−1.20)) = tanh(−0.89) = −0.71",
		}},
		{"ReLU RNN", relu, []string{
			"h₋₁ = −0.30",
			"h = ReLU(W·x + H·h + b) = ReLU(0.31 + (−1.20)) = ReLU(−0.89) = 0.00",
		}},
	}
	for _, tc := range tests {
		got := CellEquations(tc.v, words.English)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d equations, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for i, e := range got {
			if s := e.String(); s != tc.want[i] {
				t.Errorf("%s, line %d:\n got %s\nwant %s", tc.name, i, s, tc.want[i])
			}
		}
	}
}

// testWindow is a passage of T steps with one layer of a cell of kind k
// and units units, unit u's values at step t being base + t + u/100.
func testWindow(k CellKind, T, units int) *lab.Window {
	w := &lab.Window{T: T, Runes: []rune("abcdefghijklmnopqrstuvwxyz"[:T])}
	var l lab.Layer
	for _, key := range append([]string{"h", "c"}, gateKeys[k]...) {
		if key == "c" && k != CellLSTM || key == "h" && k == CellRNN && len(l.Groups) > 0 {
			continue
		}
		gr := lab.Group{Key: key, Units: units, Lo: -1, Hi: 1, Values: make([]float64, T*units)}
		for t := 0; t < T; t++ {
			for u := 0; u < units; u++ {
				gr.Values[t*units+u] = float64(len(l.Groups)) + float64(t) + float64(u)/100
			}
		}
		l.Groups = append(l.Groups, gr)
	}
	w.Layers = []lab.Layer{l}
	return w
}

// The values drawn come from the window, and from the step's own numbers
// only when they are for the selected step and unit.
func TestCellValuesAt(t *testing.T) {
	w := testWindow(CellLSTM, 8, 3)
	if k := CellKindOf(w.Layers[0].Groups); k != CellLSTM {
		t.Fatalf("kind %d, want LSTM", k)
	}
	v, ok := CellValuesAt(w, nil, false, 0, 2, 3)
	// groups: h 0, c 1, i 2, f 3, g 4, o 5
	if !ok || v.H != 3.02 || v.HPrev != 2.02 || v.C != 4.02 || v.CPrev != 3.02 || v.Gate("f").Act != 6.02 || v.Split || v.Input != 'd' {
		t.Errorf("unit 2 at step 3: %+v", v)
	}
	if v, _ := CellValuesAt(w, nil, false, 0, 1, 0); v.HPrev != 0 || v.CPrev != 0 {
		t.Errorf("before the passage h₋₁ = %v, c₋₁ = %v, want 0", v.HPrev, v.CPrev)
	}
	step := &lab.CellStep{T: 3, Layer: 0, Unit: 2, Cell: core.LSTM, H: 0.5, HPrev: 0.25,
		Gates: []lab.GateStep{{Key: "i", X: 1, H: 2, Pre: 3, Act: 0.9}, {Key: "f"}, {Key: "g"}, {Key: "o"}}}
	if v, _ := CellValuesAt(w, step, false, 0, 2, 3); !v.Split || v.H != 0.5 || v.Gate("i").Pre != 3 {
		t.Errorf("the step's own numbers are not used: %+v", v)
	}
	for _, other := range []struct{ t, u int }{{4, 2}, {3, 1}} {
		if v, _ := CellValuesAt(w, step, false, 0, other.u, other.t); v.Split {
			t.Errorf("unit %d at step %d took the numbers of unit 2 at step 3", other.u, other.t)
		}
	}
	wrongCell := *step
	wrongCell.Cell = core.GRU
	if v, _ := CellValuesAt(w, &wrongCell, false, 0, 2, 3); v.Split {
		t.Errorf("a GRU's step numbers were read into an LSTM")
	}
	for _, bad := range []struct{ l, u, t int }{{1, 0, 0}, {0, 3, 0}, {0, 0, 8}, {0, 0, -1}, {0, -1, 0}} {
		if _, ok := CellValuesAt(w, nil, false, bad.l, bad.u, bad.t); ok {
			t.Errorf("layer %d unit %d step %d is not in the window but was read", bad.l, bad.u, bad.t)
		}
	}
	if _, ok := CellValuesAt(nil, nil, false, 0, 0, 0); ok {
		t.Errorf("no window, yet values")
	}
	one := testWindow(CellRNN, 8, 1)
	if v, ok := CellValuesAt(one, nil, true, 0, 0, 7); !ok || !v.ReLU || v.Kind != CellRNN || v.Gate("h").Act != v.H {
		t.Errorf("a 1-unit ReLU RNN: %+v", v)
	}
}

// The replay plays one character per beat at its speed, a step taken by
// hand plays one quick beat, and a long gap counts as one beat.
func TestReplay(t *testing.T) {
	var r Replay
	if r.Moving() || r.CharsPerSec() != 2 || r.Flow() != 1 {
		t.Fatalf("the zero replay moves %v at %v chars/s, flow %v", r.Moving(), r.CharsPerSec(), r.Flow())
	}
	r.Play()
	beats := 0
	for i := 0; i < 80; i++ { // 5 s in frames of 1/16 s
		beats += r.Advance(time.Second / 16)
	}
	if beats != 10 {
		t.Errorf("5 s at 2 chars/s gave %d beats, want 10", beats)
	}
	for r.Faster() {
	}
	if r.CharsPerSec() != 10 {
		t.Errorf("the fastest replay is %v chars/s, want 10", r.CharsPerSec())
	}
	for r.Slower() {
	}
	if r.CharsPerSec() != 1 || r.Slower() {
		t.Errorf("the slowest replay is %v chars/s, want 1", r.CharsPerSec())
	}
	r.Phase = 0
	r.Advance(300 * time.Millisecond)
	if f := r.Flow(); math.Abs(f-0.4) > 1e-9 {
		t.Errorf("0.3 s into a beat of 1 s the flow is %v, want 0.3/0.75", f)
	}
	if n := r.Advance(time.Hour); n != 1 {
		t.Errorf("an hour's gap gave %d beats, want 1", n)
	}
	r.Stop()
	r.Beat()
	if !r.Moving() {
		t.Fatalf("a beat by hand does not move")
	}
	if n := r.Advance(time.Second); n != 1 || r.Moving() {
		t.Errorf("a lone beat: %d beats, still moving %v", n, r.Moving())
	}
	if r.Flow() != 1 {
		t.Errorf("after a lone beat the flow is %v, want 1", r.Flow())
	}
}

// A wire's pulse is found along its length, and the strips are hit unit
// by unit.
func TestCellWireAndStrip(t *testing.T) {
	w := CellWire{Pts: []Pt{{0, 0}, {10, 0}, {10, 30}}}
	for _, c := range []struct {
		s    float64
		want Pt
	}{{0, Pt{0, 0}}, {0.25, Pt{10, 0}}, {0.5, Pt{10, 10}}, {1, Pt{10, 30}}, {2, Pt{10, 30}}} {
		if p, _ := w.PointAt(c.s); p != c.want {
			t.Errorf("PointAt(%v) = %v, want %v", c.s, p, c.want)
		}
	}
	if Progress(0.5, 0.2, 0.6) != 0.75 || Progress(0.1, 0.2, 0.6) != 0 || Progress(0.7, 0.2, 0.6) != 1 {
		t.Errorf("Progress is off")
	}
	l := LayoutCellView(Rect{0, 0, 1240, 235}, 20.6, cellSpec(CellLSTM, false, 64), fakeMeasure)
	tb := l.Table
	for _, u := range []int{0, 17, 63} {
		r := tb.StripCell(2, u, 64)
		row, got, ok := tb.HitStrip(r.X+r.W/2, r.Y+r.H/2, 64)
		if !ok || row != 2 || got != u {
			t.Errorf("the middle of unit %d in row 2 hits row %d unit %d (%v)", u, row, got, ok)
		}
	}
	if _, _, ok := tb.HitStrip(tb.StripX-5, tb.Strip(0).Y+2, 64); ok {
		t.Errorf("left of the strips hits a unit")
	}
}
