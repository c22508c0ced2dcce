package render

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/render/ui"
)

// A panel is one part of the screen: the controls, the status line, a
// view, the loss plot, the sample. It paints itself into its own image when
// what it shows changed, and names what lies under a point. The painter
// (painter.go) decides when it paints; the Game lists the panels.
type panel interface {
	// name identifies the panel in the published timings.
	name() string
	// area is where the panel sits on screen this frame; empty when it is
	// not shown.
	area(g *Game) ui.Rect
	// changed reports whether what the panel shows differs from what it
	// painted last.
	changed(g *Game) bool
	// heavy panels cost much to paint: at most one paints per frame.
	heavy() bool
	// paint draws the panel into c and remembers what it showed.
	paint(g *Game, c canvas)
	// at names what lies under (x, y), inside the panel's area, or reports
	// false for nothing.
	at(g *Game, x, y float64) (target, bool)
	// tip is the tooltip for a target the panel named.
	tip(g *Game, t target) tooltip
	// click acts on a target the panel named (a click or a tap).
	click(g *Game, t target)
}

// target is something under the pointer, as the panel that owns it names
// it. It is comparable, so an unchanged target draws nothing new.
type target struct {
	owner   panel // the panel that named it
	kind    int   // the owner's own kind of thing
	i, j, k int   // which one
	data    any   // a pointer to what it was read from, so new data redraws it
}

// tooltip is the box of text a target shows, where it points, and the
// marks drawn over the panel (an outline, a cursor line).
type tooltip struct {
	text  string
	x, y  float64
	above bool // above the point, not below it
	marks []mark
}

// mark is a rectangle drawn over a panel with a tooltip: filled, or only
// its edges of width edge.
type mark struct {
	r    ui.Rect
	edge float64
	c    color.RGBA
}

// noTip is the tooltip of a target that explains nothing.
var noTip tooltip

// canvas is a panel's image with drawing in screen coordinates.
type canvas struct {
	img    *ebiten.Image
	fonts  *fonts
	quads  *quads
	white  *ebiten.Image
	ox, oy float64
}

func (c canvas) local(r ui.Rect) ui.Rect {
	return ui.Rect{X: r.X - c.ox, Y: r.Y - c.oy, W: r.W, H: r.H}
}
func (c canvas) fill(r ui.Rect, col color.Color) {
	fillRect(c.img, c.local(r), col)
}
func (c canvas) stroke(r ui.Rect, w float64, col color.Color) {
	strokeRect(c.img, c.local(r), w, col)
}
func (c canvas) text(s string, f *fontFace, x, y float64, a align, col color.RGBA) {
	c.fonts.draw(c.img, s, f, x-c.ox, y-c.oy, a, col)
}
func (c canvas) textMiddle(s string, f *fontFace, x, y, h float64, a align, col color.RGBA) {
	c.fonts.drawMiddle(c.img, s, f, x-c.ox, y-c.oy, h, a, col)
}

// rect queues a filled rectangle (screen coordinates) for the next flush.
func (c canvas) rect(r ui.Rect, col color.RGBA) { c.quads.add(c.local(r), col) }

// segment queues a line of width w (screen coordinates) for the next flush.
func (c canvas) segment(x0, y0, x1, y1, w float64, col color.RGBA) {
	c.quads.addSegment(x0-c.ox, y0-c.oy, x1-c.ox, y1-c.oy, w, col)
}

// flush draws what was queued; smooth edges for slanted lines.
func (c canvas) flush(smooth bool) {
	if smooth {
		c.quads.flushAA(c.img, c.white, true)
	} else {
		c.quads.flush(c.img, c.white)
	}
}

// slot is a panel's cached picture and where it was last put on screen.
type slot struct {
	p         panel
	img       *ebiten.Image
	rect      ui.Rect
	layoutGen int  // the layout the picture was made for
	onScreen  bool // the picture is on the screen and nothing covered it
	slowest   float64
}

// begin sizes the slot's image for rect and returns a canvas on it.
func (s *slot) begin(rect ui.Rect, g *Game) canvas {
	w, h := max(1, int(math.Ceil(rect.W))), max(1, int(math.Ceil(rect.H)))
	if s.img == nil || s.img.Bounds().Dx() != w || s.img.Bounds().Dy() != h {
		if s.img != nil {
			s.img.Deallocate()
		}
		s.img = ebiten.NewImage(w, h)
	}
	s.rect, s.layoutGen, s.onScreen = rect, g.layoutGen, false
	return canvas{img: s.img, fonts: g.fonts, quads: &g.quads, white: g.white, ox: rect.X, oy: rect.Y}
}
