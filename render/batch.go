package render

import (
	"image/color"

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

// flush draws the queued rectangles onto dst and empties the queue.
func (q *quads) flush(dst, white *ebiten.Image) {
	if len(q.i) > 0 {
		dst.DrawTriangles(q.v, q.i, white, nil)
	}
	q.v, q.i = q.v[:0], q.i[:0]
}
