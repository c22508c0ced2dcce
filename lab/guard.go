package lab

import (
	"maps"

	"rnnlab/core"
)

// lossGuard keeps a copy of the last healthy model. The core restores its
// own copy when the loss stops being a number; a learning rate that is too
// high can also make the loss explode to huge but finite values, which the
// guard catches: three steps in a row far above the loss of a uniform guess.
type lossGuard struct {
	limit   float64 // a loss above this is an explosion
	high    int     // consecutive steps above the limit
	recent  int     // consecutive healthy steps
	values  [][]float64
	optSet  map[string]string
	optBufs map[string][]float64
	valid   bool
}

func (g *lossGuard) exploded(loss float64) bool {
	if loss > g.limit {
		g.high++
		g.recent = 0
	} else {
		g.high = 0
		g.recent++
	}
	return g.high >= 3 && g.valid
}

// saveIfHealthy copies the model when the recent steps were all healthy.
func (g *lossGuard) saveIfHealthy(tr *core.Trainer) {
	if g.recent >= 10 {
		g.save(tr)
	}
}

func (g *lossGuard) save(tr *core.Trainer) {
	ps := tr.Model.Params()
	if len(g.values) != len(ps) {
		g.values = make([][]float64, len(ps))
	}
	for i, p := range ps {
		g.values[i] = append(g.values[i][:0], p.Value...)
	}
	set, bufs := tr.Opt.State()
	g.optSet = maps.Clone(set)
	if g.optBufs == nil {
		g.optBufs = map[string][]float64{}
	}
	for k, v := range bufs {
		g.optBufs[k] = append(g.optBufs[k][:0], v...)
	}
	g.valid = true
}

func (g *lossGuard) restore(tr *core.Trainer) {
	ps := tr.Model.Params()
	for i, p := range ps {
		copy(p.Value, g.values[i])
	}
	// Hand the optimizer copies, so the saved buffers stay ours.
	bufs := make(map[string][]float64, len(g.optBufs))
	for k, v := range g.optBufs {
		bufs[k] = append([]float64(nil), v...)
	}
	_ = tr.Opt.SetState(maps.Clone(g.optSet), bufs, ps)
	g.high = 0
}
