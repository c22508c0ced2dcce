package ui

import (
	"image/color"
	"math"
)

// AccMap maps accuracy points (update, accuracy 0…1) to a plot rectangle.
type AccMap struct {
	Area    Rect
	MaxStep float64
}

// NewAccMap fits updates 0..maxStep (at least 100) into area.
func NewAccMap(area Rect, maxStep int) AccMap {
	return AccMap{Area: area, MaxStep: float64(max(maxStep, 100))}
}

// Point is where an accuracy at an update is drawn; accuracies are clamped
// to 0…1.
func (m AccMap) Point(step int, acc float64) (x, y float64) {
	x = m.Area.X + m.Area.W*float64(step)/m.MaxStep
	if math.IsNaN(acc) {
		acc = 0
	}
	acc = math.Max(0, math.Min(1, acc))
	return x, m.Area.Y + m.Area.H*(1-acc)
}

// Step is the update under screen x.
func (m AccMap) Step(x float64) int {
	f := (x - m.Area.X) / m.Area.W
	return int(math.Round(math.Max(0, math.Min(1, f)) * m.MaxStep))
}

// ConfusionGeom is a K×K matrix of square cells: rows are the true labels
// (named at the left), columns the decided ones (named above).
type ConfusionGeom struct {
	X0, Y0 float64 // the top left of cell (0, 0)
	Cell   float64 // a cell's side
	K      int
}

// LayoutConfusion fits the largest square cells into area after room for
// row names (labelW) and column names (headH), centred across.
func LayoutConfusion(area Rect, K int, labelW, headH float64) ConfusionGeom {
	c := ConfusionGeom{K: K}
	if K < 1 {
		return c
	}
	side := math.Floor(math.Min((area.W-labelW)/float64(K), (area.H-headH)/float64(K)))
	if side < 2 {
		return c
	}
	c.Cell = side
	c.X0 = area.X + labelW + math.Floor((area.W-labelW-side*float64(K))/2)
	c.Y0 = area.Y + headH
	return c
}

// CellRect is the cell of true label i, decided label j.
func (c ConfusionGeom) CellRect(i, j int) Rect {
	return Rect{c.X0 + float64(j)*c.Cell, c.Y0 + float64(i)*c.Cell, c.Cell, c.Cell}
}

// At finds the cell under (x, y).
func (c ConfusionGeom) At(x, y float64) (i, j int, ok bool) {
	if c.Cell <= 0 || x < c.X0 || y < c.Y0 {
		return 0, 0, false
	}
	i, j = int((y-c.Y0)/c.Cell), int((x-c.X0)/c.Cell)
	return i, j, i < c.K && j < c.K
}

// ConfusionColor shades a cell by the share of its row (its true label)
// it holds: right decisions toward the theme's Good, wrong ones toward
// Bad, from the panel colour at 0.
func ConfusionColor(share float64, right bool) color.RGBA {
	end := Bad
	if right {
		end = Good
	}
	if math.IsNaN(share) {
		share = 0
	}
	return lerpRGB(Panel, end, math.Sqrt(math.Max(0, math.Min(1, share)))*0.85)
}

// classColors are distinct hues for labels, for each theme: orange,
// purple, green, blue, then pink, yellow, teal and grey.
var (
	classColorsDark = []color.RGBA{
		{0xff, 0xa6, 0x4d, 0xff}, {0xc7, 0x92, 0xea, 0xff}, {0x5c, 0xe0, 0x8f, 0xff}, {0x5f, 0xb3, 0xff, 0xff},
		{0xff, 0x6b, 0x9a, 0xff}, {0xe6, 0xd9, 0x6b, 0xff}, {0x4d, 0xd2, 0xd2, 0xff}, {0xb0, 0xb8, 0xc4, 0xff},
	}
	classColorsLight = []color.RGBA{
		{0xb3, 0x4d, 0x00, 0xff}, {0x7b, 0x3f, 0xb0, 0xff}, {0x15, 0x73, 0x36, 0xff}, {0x10, 0x5b, 0xc4, 0xff},
		{0xb3, 0x24, 0x5a, 0xff}, {0x80, 0x6b, 0x00, 0xff}, {0x0b, 0x7a, 0x7a, 0xff}, {0x55, 0x5e, 0x6b, 0xff},
	}
)

// ClassColor is label k's colour in the current theme; past eight labels
// the colours repeat.
func ClassColor(k int) color.RGBA {
	cs := classColorsDark
	if current.Name == Light.Name {
		cs = classColorsLight
	}
	return cs[((k%len(cs))+len(cs))%len(cs)]
}

// Faded mixes c toward the panel colour, keeping amount of it (0…1).
func Faded(c color.RGBA, amount float64) color.RGBA {
	return lerpRGB(Panel, c, math.Max(0, math.Min(1, amount)))
}
