package ui

import "math"

// CellViewSpec is what the cell view's layout depends on besides its room.
type CellViewSpec struct {
	Kind      CellKind
	ReLU      bool
	Units     int        // units in the layer: cells per strip
	Equations []Equation // one table row each
	Names     []string   // each row's name ("forget f"), in the same order
	Title     string     // the shortest title the header must hold ("unit 17")
	Play      string     // the widest of the Play button's labels
	Speed     string     // the widest speed ("10 chars/s")
}

// CellViewLayout is where the parts of the cell view go in its body: the
// diagram at the left; at the right a header with the unit's name and the
// replay's buttons, the table of equations (each row with a strip of all
// units) and a caption.
type CellViewLayout struct {
	Diagram CellDiagram
	Header  Rect // the title, left of the buttons
	Play    Rect
	Slower  Rect
	Speed   Rect // the speed, between Slower and Faster
	Faster  Rect
	Table   EquationTable
	Caption Rect // empty when there is no room
}

// EquationTable is the geometry of the equations: one row per equation,
// each with its name, a strip of every unit's value of it at this step,
// and the equation's parts in columns.
type EquationTable struct {
	Rows           int
	Size           float64 // text size
	Y0, RowH       float64
	NameX, NameW   float64 // 0 wide when the names are left out
	StripX, StripW float64
	ColX           [EquationParts]float64 // where each part starts
	Show           [EquationParts]bool    // which parts are written
	Right          float64                // the table's right edge
}

// Row is the rectangle of row i.
func (t EquationTable) Row(i int) Rect {
	return Rect{t.NameX, t.Y0 + float64(i)*t.RowH, t.Right - t.NameX, t.RowH}
}

// Strip is the strip of row i.
func (t EquationTable) Strip(i int) Rect {
	r := t.Row(i)
	inset := math.Round(t.RowH * 0.18)
	return Rect{t.StripX, r.Y + inset, t.StripW, r.H - 2*inset}
}

// StripCell is the rectangle of unit u of n in row i's strip.
func (t EquationTable) StripCell(i, u, n int) Rect {
	s := t.Strip(i)
	w := s.W / float64(max(n, 1))
	return Rect{s.X + float64(u)*w, s.Y, w, s.H}
}

// HitStrip finds the row and the unit (of n) under (x, y) in the strips.
func (t EquationTable) HitStrip(x, y float64, n int) (row, unit int, ok bool) {
	for i := 0; i < t.Rows; i++ {
		s := t.Strip(i)
		if s.Inset(-1).Contains(x, y) && n > 0 {
			u := int((x - s.X) / s.W * float64(n))
			return i, min(max(u, 0), n-1), true
		}
	}
	return 0, 0, false
}

// HitRow is the row under (x, y), or -1.
func (t EquationTable) HitRow(x, y float64) int {
	for i := 0; i < t.Rows; i++ {
		if t.Row(i).Contains(x, y) {
			return i
		}
	}
	return -1
}

// tableOption is one way to write the table: which parts, how big, with
// the rows' names or not.
type tableOption struct {
	cols  [EquationParts]bool
	big   bool // the body's text size, not the smaller one
	names bool
}

// tableOptions lists the ways to write the table.
var tableOptions = func() []tableOption {
	var out []tableOption
	for _, numbers := range []bool{true, false} {
		for _, formula := range []bool{true, false} {
			for _, big := range []bool{true, false} {
				for _, names := range []bool{true, false} {
					for _, worked := range []bool{true, false} {
						if !numbers && worked {
							continue
						}
						out = append(out, tableOption{cols: [EquationParts]bool{formula, numbers, worked, true}, big: big, names: names})
					}
				}
			}
		}
	}
	return out
}()

// tableScore ranks a way to write the table, given the text size it reads
// in (the smaller of the table's and the diagram's): the numbers put in
// matter most, then the formula, then that both can be read, then the
// rows' names, then the sum worked out.
func tableScore(o tableOption, readable float64) float64 {
	s := 0.0
	if o.cols[PartNumbers] {
		s += 1e6
	}
	if o.cols[PartFormula] {
		s += 1e5
	}
	s += 100 * math.Floor(readable)
	if o.names {
		s += 10
	}
	if o.cols[PartWorked] {
		s++
	}
	return s
}

// LayoutCellView places the cell view's parts in body at text size font.
// The table takes the room its equations need, writing as much of them as
// fits (the whole equations, big, first), the diagram the rest.
func LayoutCellView(body Rect, font float64, spec CellViewSpec, measure Measure) CellViewLayout {
	var l CellViewLayout
	small := math.Round(font * 0.8)
	gap := math.Round(font * 1.2)
	headerH := math.Round(font * 1.7)
	captionH := math.Round(small * 1.4)
	maxTable := body.W - DiagramMinWidth(spec.Kind, font) - gap
	if maxTable < 0.45*body.W {
		maxTable = math.Round(0.45 * body.W)
	}

	// The header: the title, then Play, slower, the speed, faster.
	bh := headerH - math.Round(font*0.3)
	playW := math.Ceil(measure(spec.Play, small) + 2.2*small)
	speedW := math.Ceil(measure(spec.Speed, small) + 0.8*small)
	buttonsW := playW + 2*bh + speedW + math.Round(font*0.6)
	headerW := buttonsW + math.Ceil(measure(spec.Title, font)) + font

	stripW := math.Round(math.Min(4.5*font, math.Max(2.5*font, float64(spec.Units)*0.1*font)))
	rows := len(spec.Equations)
	t := EquationTable{Rows: rows}
	fits, best := false, -1.0
	for _, o := range tableOptions {
		size := small
		if o.big {
			size = font
			if rows <= 2 {
				size = math.Round(font * 1.2) // one or two rows: room to write them bigger
			}
		}
		c := tableFor(spec, o.cols, size, o.names, stripW, measure)
		w := math.Max(c.Right, headerW)
		if c.Right > maxTable || headerH+float64(rows)*c.RowH+math.Round(font*0.3) > body.H {
			continue
		}
		readable := math.Min(size, 0.8*diagramUnit(spec.Kind, Rect{W: body.W - w - gap, H: body.H}, font))
		if sc := tableScore(o, readable); sc > best {
			t, fits, best = c, true, sc
		}
	}
	tableW := math.Max(t.Right, headerW)
	if !fits || tableW > maxTable {
		tableW = math.Min(tableW, maxTable)
	}
	x0 := body.X + body.W - tableW
	if !fits {
		t = EquationTable{} // no room for equations: the header and the diagram only
	}
	t.Y0 = body.Y + headerH + math.Round(font*0.3)
	t.NameX += x0
	t.StripX += x0
	for i := range t.ColX {
		t.ColX[i] += x0
	}
	t.Right += x0
	l.Table = t

	// The header's buttons at its right, the title in what is left.
	y := body.Y + math.Round((headerH-bh)/2)
	x := body.X + body.W
	place := func(w float64) Rect {
		x -= w
		r := Rect{x, y, w, bh}
		x -= math.Round(font * 0.2)
		return r
	}
	if buttonsW <= tableW {
		l.Faster = place(bh)
		l.Speed = place(speedW)
		l.Slower = place(bh)
		l.Play = place(playW)
	}
	l.Header = Rect{x0, body.Y, math.Max(0, x-x0), headerH}

	if bottom := t.Y0 + float64(rows)*t.RowH; body.Y+body.H-bottom >= captionH {
		l.Caption = Rect{x0, body.Y + body.H - captionH, tableW, captionH}
	}
	l.Diagram = LayoutCellDiagram(spec.Kind, spec.ReLU, Rect{body.X, body.Y, math.Max(0, body.W-tableW-gap), body.H}, font)
	return l
}

// tableFor measures a table of spec's equations with the parts cols at
// text size size, with or without the rows' names; x from 0.
func tableFor(spec CellViewSpec, cols [EquationParts]bool, size float64, names bool, stripW float64, measure Measure) EquationTable {
	t := EquationTable{Rows: len(spec.Equations), Size: size, RowH: math.Round(size * 1.5), StripW: stripW, Show: cols}
	space := math.Round(size * 0.35)
	x := 0.0
	if names {
		for _, n := range spec.Names {
			t.NameW = math.Max(t.NameW, math.Ceil(measure(n, size)))
		}
		x += t.NameW + space
	}
	t.StripX = x
	x += stripW + size
	// The formula and the result are columns; the numbers and the worked
	// sum between them flow as one.
	widest := func(j int) float64 {
		w := 0.0
		for _, e := range spec.Equations {
			if e.Parts[j] != "" {
				w = math.Max(w, math.Ceil(measure(e.Parts[j], size)))
			}
		}
		return w
	}
	// Without its formula a row still says what it computes: its key.
	t.ColX[PartFormula] = x
	if cols[PartFormula] {
		x += widest(PartFormula) + space
	} else {
		w := 0.0
		for _, e := range spec.Equations {
			w = math.Max(w, math.Ceil(measure(e.Key, size)))
		}
		x += w + space
	}
	middle := 0.0
	for _, e := range spec.Equations {
		w := 0.0
		for _, j := range []int{PartNumbers, PartWorked} {
			if cols[j] && e.Parts[j] != "" {
				w += math.Ceil(measure(e.Parts[j], size)) + space
			}
		}
		middle = math.Max(middle, w)
	}
	t.ColX[PartNumbers] = x
	x += middle
	t.ColX[PartResult] = x
	t.Right = x + widest(PartResult)
	return t
}
