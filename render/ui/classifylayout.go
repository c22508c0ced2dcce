package ui

import "math"

// DecideLayout places the "read and decide" task's panels on a screen that
// ComputeWith laid out with the task's buttons: the reading view on top,
// and under it the accuracy plot, the confusion matrix and the list of
// misclassified headlines side by side (stacked on a tall, narrow screen).
// The buttons and the status line are ComputeWith's.
type DecideLayout struct {
	Reading, Accuracy, Confusion, Mistakes Rect
}

// LayoutDecide shares the room under the status line among the panels.
// With little room the reading view comes first, then the plot.
func LayoutDecide(l Layout) DecideLayout {
	var d DecideLayout
	room := l.Timeline
	for _, r := range []Rect{l.Loss, l.Sample} {
		if !r.Empty() {
			room.H = math.Max(room.H, r.Y+r.H-room.Y)
		}
	}
	if room.Empty() {
		return d
	}
	font := l.Font
	gap := math.Round(font * 0.3)
	if room.H < 14*font {
		d.Reading = room
		return d
	}
	portrait := room.H > 1.3*room.W
	if portrait {
		readH := math.Round(room.H * 0.46)
		accH := math.Round((room.H - readH - 2*gap) * 0.4)
		d.Reading = Rect{room.X, room.Y, room.W, readH}
		d.Accuracy = Rect{room.X, room.Y + readH + gap, room.W, accH}
		y := d.Accuracy.Y + accH + gap
		h := room.Y + room.H - y
		confW := math.Round(room.W * 0.45)
		d.Confusion = Rect{room.X, y, confW, h}
		d.Mistakes = Rect{room.X + confW + gap, y, room.W - confW - gap, h}
		return d
	}
	readH := math.Round(room.H * 0.56)
	d.Reading = Rect{room.X, room.Y, room.W, readH}
	y := room.Y + readH + gap
	h := room.Y + room.H - y
	accW := math.Round(room.W * 0.36)
	confW := math.Round(room.W * 0.27)
	d.Accuracy = Rect{room.X, y, accW, h}
	d.Confusion = Rect{room.X + accW + gap, y, confW, h}
	mx := d.Confusion.X + confW + gap
	d.Mistakes = Rect{mx, y, room.X + room.W - mx, h}
	return d
}

// ReadGeom is the geometry of the reading view: a title, the text box, a
// line about the text, then on shared columns (one per character read)
// the characters, one row per class with the probability the model gives
// it if the text ended there, and the unit rows of each reading direction;
// the final decision at the right.
type ReadGeom struct {
	Area     Rect
	Title    Rect
	Box      Rect // the text box
	Info     Rect // one line about the text
	LabelW   float64
	X0, ColW float64
	Cols     int
	CharFont float64 // the characters' size: the text size or less to fit
	CharY    float64
	CharH    float64
	ProbY    float64 // the first class row
	ProbH    float64 // one class row
	Classes  int     // class rows shown
	// Dirs are the unit rows of each reading direction (one or two): a
	// caption line, then the rows.
	Dirs     []DirRows
	Decision Rect
}

// DirRows is where one reading direction's units are drawn.
type DirRows struct {
	CaptionY float64
	Y, RowH  float64
	Units    int // rows shown: the first Units units
}

// Column returns the column under x.
func (g ReadGeom) Column(x float64) (int, bool) {
	if x < g.X0 || g.ColW <= 0 {
		return 0, false
	}
	t := int((x - g.X0) / g.ColW)
	return t, t < g.Cols
}

// ColumnX is the left edge of column t.
func (g ReadGeom) ColumnX(t int) float64 { return g.X0 + float64(t)*g.ColW }

// MaxClassRows is how many class rows the reading view shows; with more
// classes it shows those the model favours most.
const MaxClassRows = 6

// LayoutReading lays out the reading view in area for cols characters,
// classes labels and units per direction (dirs of them), with text of size
// font and rows at least minRow pixels high.
func LayoutReading(area Rect, font, minRow float64, cols, classes, units, dirs int) ReadGeom {
	g := ReadGeom{Area: area, Cols: max(cols, 1)}
	small := math.Round(font * 0.8)
	pad := math.Round(font * 0.5)
	in := area.Inset(pad)
	g.Title = Rect{in.X, in.Y, in.W, math.Round(1.5 * font)}
	y := in.Y + g.Title.H
	g.Box = Rect{in.X, y, in.W, math.Round(1.7 * font)}
	y += g.Box.H + math.Round(0.2*font)
	g.Info = Rect{in.X, y, in.W, math.Round(1.4 * small)}
	y += g.Info.H + math.Round(0.3*font)

	decW := math.Min(math.Round(11*font), math.Round(in.W*0.3))
	g.Decision = Rect{in.X + in.W - decW, y, decW, math.Max(0, in.Y+in.H-y)}
	g.LabelW = math.Round(5.5 * small)
	g.X0 = in.X + g.LabelW
	colsW := math.Max(0, g.Decision.X-math.Round(0.8*font)-g.X0)
	g.ColW = math.Min(math.Round(font*0.95), colsW/float64(g.Cols))
	// Monospaced characters are 0.6 of their size wide.
	g.CharFont = math.Max(6, math.Min(font, math.Floor(g.ColW/0.62)))
	g.CharY, g.CharH = y, math.Round(math.Max(1.3*g.CharFont, 0.9*font))
	y += g.CharH + math.Round(0.2*font)

	g.Classes = min(classes, MaxClassRows)
	g.ProbY, g.ProbH = y, math.Round(1.1*small)
	y += float64(g.Classes)*g.ProbH + math.Round(0.3*font)

	bottom := in.Y + in.H
	dirs = max(dirs, 1)
	caption := math.Round(1.3 * small)
	perDir := (bottom - y - float64(dirs)*caption - float64(dirs-1)*math.Round(0.2*font)) / float64(dirs)
	if units < 1 || perDir < minRow {
		return g
	}
	rowH := math.Min(math.Floor(perDir/float64(units)), math.Round(0.6*font))
	shown := units
	if rowH < minRow {
		rowH = minRow
		shown = int(perDir / minRow)
	}
	for d := 0; d < dirs; d++ {
		r := DirRows{CaptionY: y, Y: y + caption, RowH: rowH, Units: shown}
		g.Dirs = append(g.Dirs, r)
		y = r.Y + float64(shown)*rowH + math.Round(0.2*font)
	}
	return g
}

// Unit returns the direction and unit row under y, if any.
func (g ReadGeom) Unit(y float64) (dir, unit int, ok bool) {
	for d, r := range g.Dirs {
		if y >= r.Y && y < r.Y+float64(r.Units)*r.RowH && r.RowH > 0 {
			return d, int((y - r.Y) / r.RowH), true
		}
	}
	return 0, 0, false
}

// ClassRow returns the class row under y, if any.
func (g ReadGeom) ClassRow(y float64) (int, bool) {
	if y < g.ProbY || g.ProbH <= 0 {
		return 0, false
	}
	k := int((y - g.ProbY) / g.ProbH)
	return k, k < g.Classes
}
