package ui

import "rnnlab/lab"

// HeatmapSize is the size of the heat texture for T steps: one pixel per
// column and per shown unit row, the groups stacked in order.
func HeatmapSize(T int, boxes []GroupBox) (width, height int) {
	for _, b := range boxes {
		height += b.Shown
	}
	return T, height
}

// FillHeatmap colours pix (RGBA, width·height·4 bytes as HeatmapSize gives)
// with the groups' values over T steps: pixel (t, row) is one unit at one
// step, on each group's own scale. It allocates nothing.
// Gates are coloured on the sequential scale, states on the diverging one.
// order, when not nil, lists the units in the order their rows are shown.
func FillHeatmap(pix []byte, T int, groups []lab.Group, boxes []GroupBox, sc Scales, order []int) {
	width := T
	row := 0
	for i, b := range boxes {
		if i >= len(groups) {
			break
		}
		g := &groups[i]
		lut := sc.States
		if g.Lo >= 0 {
			lut = sc.Gates
		}
		for k := b.First; k < b.First+b.Shown; k++ {
			u := k
			if k < len(order) {
				u = order[k]
			}
			off := row * width * 4
			for t := 0; t < width; t++ {
				c := lut.At(Normalize(g.Values[t*g.Units+u], g.Lo, g.Hi))
				p := pix[off+4*t : off+4*t+4 : off+4*t+4]
				p[0], p[1], p[2], p[3] = c.R, c.G, c.B, 0xff
			}
			row++
		}
	}
}

// HeatRow is the first texture row of group i.
func HeatRow(boxes []GroupBox, i int) int {
	r := 0
	for j := 0; j < i && j < len(boxes); j++ {
		r += boxes[j].Shown
	}
	return r
}
