package render

import (
	"rnnlab/lab"
	"rnnlab/render/ui"
)

// Selection is what the learner has picked, shared by every view: a time
// step of the passage, a layer, a group of values (h, c or a gate) and a
// unit in it, and the first unit row shown. The Game owns it and clamps it
// once per Update to what the current window holds.
type Selection struct {
	T     int // time step, -1 before the first trace
	Layer int // from 0 at the bottom
	Group int // index into the layer's groups
	Unit  int
	First int // the first unit row shown
	// Picked says the learner picked the unit (a click on its row, or a
	// key), so the views mark it.
	Picked bool

	layers int // the layer count Layer was picked for
}

// clamp keeps the selection inside window w, whose unit rows are laid out
// in rows. A model with another number of layers starts at its top layer.
func (s *Selection) clamp(w *lab.Window, rows ui.Rows) {
	if w == nil {
		return
	}
	if s.T < 0 || s.T >= w.T {
		s.T = w.T - 1
	}
	if n := len(w.Layers); n != s.layers {
		s.layers, s.Layer = n, n-1
	}
	s.Layer = min(max(s.Layer, 0), max(0, len(w.Layers)-1))
	if len(w.Layers) == 0 {
		return
	}
	groups := w.Layers[s.Layer].Groups
	s.Group = min(max(s.Group, 0), max(0, len(groups)-1))
	if len(groups) > 0 {
		s.Unit = min(max(s.Unit, 0), groups[s.Group].Units-1)
	}
	if len(rows.Groups) > 0 {
		s.First = rows.Groups[0].First
	}
}

// layer is the selected layer of w, nil when w has none.
func (s *Selection) layer(w *lab.Window) *lab.Layer {
	if w == nil || s.Layer < 0 || s.Layer >= len(w.Layers) {
		return nil
	}
	return &w.Layers[s.Layer]
}
