package ui

import "math"

// Strip is the geometry of the text strip at the top of the main panel,
// which every view lines up with: a header (the view tabs, a title and the
// legend), the model's guesses, the bar of the probability it gave the true
// next character, the characters themselves and a line of detail about the
// selected one. Below it is the view's body.
type Strip struct {
	Area             Rect // the whole main panel, inside its padding
	Header           Rect
	LabelW           float64 // room for row labels at the left
	X0               float64 // left edge of column 0
	ColW             float64
	Cols             int
	Zoomed           bool    // thin columns, no guesses
	GuessY           float64 // top of the three guess rows
	GuessH           float64 // height of one guess row (0 when zoomed out)
	BarY             float64 // probability bar of the true next character
	BarH             float64
	CharY            float64 // the row of input characters
	CharH            float64
	DetailY, DetailH float64 // the line about the selected character
	Bottom           float64 // where the view's body starts
}

// labelWidth is the room for row labels such as "candidate g".
func labelWidth(font float64) float64 { return math.Round(4.8 * font) }

// Column widths as a share of the text size, and the column counts they allow.
const (
	colShare       = 0.95
	zoomedColShare = 0.33
	MaxColumns     = 80
	MaxZoomed      = 250
)

// Columns is how many characters fit across the strip: between 8 and
// MaxColumns, or, zoomed out to thin columns, up to MaxZoomed.
func Columns(area Rect, font float64, zoomed bool) int {
	share, most := colShare, MaxColumns
	if zoomed {
		share, most = zoomedColShare, MaxZoomed
	}
	n := int((area.W - labelWidth(font)) / (share * font))
	return min(max(n, 8), most)
}

// LayoutStrip places cols columns at the top of area (the main panel).
func LayoutStrip(area Rect, font float64, cols int, zoomed bool) Strip {
	s := Strip{Area: area, Cols: max(cols, 1), Zoomed: zoomed}
	s.LabelW = labelWidth(font)
	s.X0 = area.X + s.LabelW
	s.ColW = math.Max(1, (area.W-s.LabelW)/float64(s.Cols))
	small := math.Round(font * 0.8)
	s.Header = Rect{area.X, area.Y, area.W, math.Round(1.7 * font)}
	y := area.Y + s.Header.H + math.Round(font*0.2)
	s.GuessY = y
	if !zoomed {
		s.GuessH = math.Round(small * 1.05)
	}
	y += 3 * s.GuessH
	s.BarY, s.BarH = y+1, math.Max(2, math.Round(font*0.35))
	y += s.BarH + 2
	s.CharY, s.CharH = y, math.Round(1.35*font)
	if zoomed {
		s.CharH = math.Round(math.Max(small, 1.8*s.ColW))
	}
	y += s.CharH
	s.DetailY, s.DetailH = y, math.Round(1.5*font)
	y += s.DetailH + math.Round(font*0.2)
	s.Bottom = math.Min(y, area.Y+area.H)
	return s
}

// Body is the room of the view under the strip.
func (s Strip) Body() Rect {
	return Rect{s.Area.X, s.Bottom, s.Area.W, math.Max(0, s.Area.Y+s.Area.H-s.Bottom)}
}

// Column returns the column under x.
func (s Strip) Column(x float64) (int, bool) {
	if x < s.X0 || s.ColW <= 0 {
		return 0, false
	}
	t := int((x - s.X0) / s.ColW)
	return t, t < s.Cols
}

// ColumnX is the left edge of column t.
func (s Strip) ColumnX(t int) float64 { return s.X0 + float64(t)*s.ColW }

// Hit is what lies under a point of the strip or the rows.
type Hit struct {
	Kind  HitKind
	T     int // column
	Group int // for cells
	Unit  int // for cells, the unit index in the group
}

// HitKind says which part was hit.
type HitKind int

const (
	HitNone  HitKind = iota
	HitGuess         // the guesses above a character, or its probability bar
	HitChar          // the character itself
	HitCell          // one unit at one step
)

// HitTest finds the column of the guesses or character under (x, y).
func (s Strip) HitTest(x, y float64) Hit {
	t, ok := s.Column(x)
	if !ok || !s.Area.Contains(x, y) {
		return Hit{}
	}
	switch {
	case y >= s.GuessY && y < s.CharY:
		return Hit{Kind: HitGuess, T: t}
	case y >= s.CharY && y < s.CharY+s.CharH:
		return Hit{Kind: HitChar, T: t}
	}
	return Hit{}
}

// Rows is the geometry of the timeline's body: one block of unit rows per
// group, on the strip's columns.
type Rows struct {
	Area   Rect
	X0     float64
	ColW   float64
	Cols   int
	RowH   float64 // height of one unit row
	Groups []GroupBox
}

// GroupBox is where one group's unit rows sit.
type GroupBox struct {
	Y, H         float64 // including the rows only
	First, Shown int     // units First..First+Shown-1 are drawn
	Units        int
}

// MinRowH is the smallest unit row, in pixels per scale unit, that can still
// be pointed at.
const MinRowH = 3

// LayoutRows places the groups (their unit counts) in area on the strip's
// columns. Units that do not fit at MinRowH·scale pixels a row are cut;
// first scrolls through them.
func LayoutRows(area Rect, s Strip, font, scale float64, units []int, first int) Rows {
	r := Rows{Area: area, X0: s.X0, ColW: s.ColW, Cols: s.Cols}
	if len(units) == 0 {
		return r
	}
	gap := math.Round(font * 0.3)
	avail := area.H - gap*float64(len(units)-1)
	perGroup := avail / float64(len(units))
	maxUnits := 0
	for _, u := range units {
		maxUnits = max(maxUnits, u)
	}
	minRow := MinRowH * math.Max(scale, 1)
	shown := min(maxUnits, int(perGroup/minRow))
	if shown < 1 {
		return r // no room for rows at all
	}
	r.RowH = math.Min(math.Floor(perGroup/float64(shown)), 2*font)
	first = max(0, min(first, maxUnits-shown))
	y := area.Y
	for _, u := range units {
		b := GroupBox{Y: y, First: min(first, max(0, u-shown)), Units: u}
		b.Shown = min(shown, u-b.First)
		b.H = float64(b.Shown) * r.RowH
		r.Groups = append(r.Groups, b)
		y += float64(shown)*r.RowH + gap
	}
	return r
}

// HitTest finds the group and unit under (x, y).
func (r Rows) HitTest(x, y float64) Hit {
	if x < r.X0 || r.ColW <= 0 || !r.Area.Contains(x, y) {
		return Hit{}
	}
	t := int((x - r.X0) / r.ColW)
	if t >= r.Cols {
		return Hit{}
	}
	for i, b := range r.Groups {
		if y >= b.Y && y < b.Y+b.H && r.RowH > 0 {
			return Hit{Kind: HitCell, T: t, Group: i, Unit: b.First + int((y-b.Y)/r.RowH)}
		}
	}
	return Hit{}
}

// CellRect is the rectangle of unit u of group i at column t.
func (r Rows) CellRect(i, t, u int) Rect {
	b := r.Groups[i]
	return Rect{r.X0 + float64(t)*r.ColW, b.Y + float64(u-b.First)*r.RowH, r.ColW, r.RowH}
}
