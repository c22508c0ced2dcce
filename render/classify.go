package render

import (
	"time"

	"rnnlab/render/ui"
)

// classifyMode is the "read and decide" task: a classifier that reads a
// headline and decides its topic. (To be built: its panels and training.)
type classifyMode struct{}

func newClassifyMode() *classifyMode { return &classifyMode{} }

func (m *classifyMode) panels() []panel                     { return nil }
func (m *classifyMode) update(g *Game)                      {}
func (m *classifyMode) train(g *Game, budget time.Duration) {}
func (m *classifyMode) act(g *Game, a ui.Action) bool       { return false }
