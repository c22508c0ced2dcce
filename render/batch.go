package render

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/render/ui"
)

// quads collects filled rectangles and draws them with one DrawTriangles
// call, instead of one call each.
type quads struct {
	v []ebiten.Vertex
	i []uint16
}

// add queues r (in the destination's coordinates) in colour c.
func (q *quads) add(r ui.Rect, c color.RGBA) {
	if r.Empty() {
		return
	}
	if len(q.v)+4 > 65535 {
		return // the caller flushes long before this
	}
	n := uint16(len(q.v))
	cr, cg, cb, ca := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255
	x0, y0, x1, y1 := float32(r.X), float32(r.Y), float32(r.X+r.W), float32(r.Y+r.H)
	for _, p := range [4][2]float32{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		q.v = append(q.v, ebiten.Vertex{DstX: p[0], DstY: p[1], SrcX: 1, SrcY: 1, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca})
	}
	q.i = append(q.i, n, n+1, n+2, n+1, n+3, n+2)
}

// addQuad queues a quadrilateral given by its corners in order around it.
func (q *quads) addQuad(p [4][2]float32, c color.RGBA) {
	if len(q.v)+4 > 65535 {
		return
	}
	n := uint16(len(q.v))
	cr, cg, cb, ca := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255
	for _, pt := range p {
		q.v = append(q.v, ebiten.Vertex{DstX: pt[0], DstY: pt[1], SrcX: 1, SrcY: 1, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca})
	}
	q.i = append(q.i, n, n+1, n+2, n, n+2, n+3)
}

// addSegment queues a line from (x0, y0) to (x1, y1) of width w, extended
// by w/2 at both ends so consecutive segments of a polyline join without gaps.
func (q *quads) addSegment(x0, y0, x1, y1, w float64, c color.RGBA) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	ux, uy := dx/l*w/2, dy/l*w/2 // along the line, half the width
	nx, ny := -uy, ux            // across
	ax, ay, bx, by := x0-ux, y0-uy, x1+ux, y1+uy
	q.addQuad([4][2]float32{
		{float32(ax + nx), float32(ay + ny)}, {float32(bx + nx), float32(by + ny)},
		{float32(bx - nx), float32(by - ny)}, {float32(ax - nx), float32(ay - ny)},
	}, c)
}

// flush draws the queued shapes onto dst and empties the queue.
func (q *quads) flush(dst, white *ebiten.Image) { q.flushAA(dst, white, false) }

// flushAA is flush with antialiasing (for slanted lines).
func (q *quads) flushAA(dst, white *ebiten.Image, aa bool) {
	if len(q.i) > 0 {
		dst.DrawTriangles(q.v, q.i, white, &ebiten.DrawTrianglesOptions{AntiAlias: aa})
	}
	q.v, q.i = q.v[:0], q.i[:0]
}
