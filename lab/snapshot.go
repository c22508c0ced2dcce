package lab

import (
	"math"

	"rnnlab/core"
)

// Snapshot is what the views draw. Nothing in it is ever modified after it
// is handed out: slices are either fresh or append-only prefixes.
type Snapshot struct {
	Version    uint64 // changes whenever anything below (except the rates) changes
	Generation int    // changes when a new model is built

	Settings    Settings
	CorpusName  string
	CorpusTitle string
	TextChars   int // characters of the active text
	Vocab       int
	Alphabet    []rune // the model's characters, in vocabulary order; shared, never modified
	Params      int
	Batch, Seq  int

	Step    int
	Chars   int64   // characters trained by this model
	Loss    float64 // last training loss, nats/char; NaN before the first step
	ValLoss float64 // NaN until measured

	History    []LossPoint // training loss, averaged over equal groups of steps
	ValHistory []LossPoint
	Previous   *Run     // the model trained before this one on the same text, for comparison; nil if none
	Blowups    []Blowup // divergences of this model, in order

	CharsPerSec float64 // over about the last second
	TrainShare  float64 // fraction of wall time spent in training steps
	StepMs      float64 // running estimate of one training step

	Sample     string
	SampleTemp float64
	SampleStep int

	Window *Window // nil until the first trace

	Notice string // a correction or warning worth showing
	Error  string // why training stopped; empty when all is well
}

// LossPoint is the mean loss over some steps, ending at Step.
type LossPoint struct {
	Step  int
	Chars int64
	Loss  float64
}

// Run is the loss history of an earlier model, kept so the learner can
// compare a new cell, size or rate with it on the same text.
type Run struct {
	Label      string // "LSTM-64, lr 0.003"
	History    []LossPoint
	ValHistory []LossPoint
}

// Blowup is a divergence: the loss blew up at learning rate LR and the
// model of step Step was restored.
type Blowup struct {
	Step int
	LR   float64
}

// Guess is one candidate for the next character.
type Guess struct {
	Rune rune
	Prob float64
}

// Window is the traced display window: T characters, the model's guesses
// after each one, and the cell's values, one Group per kind of value.
type Window struct {
	Step   int // training step at which it was traced
	T      int
	Runes  []rune     // [t] the input character
	Next   []rune     // [t] the true next character
	PNext  []float64  // [t] probability the model gave the true next character
	Top    [][3]Guess // [t] the three likeliest next characters
	Loss   float64    // mean cross-entropy over the window
	Layer  int        // which layer the groups show, from 0 at the bottom (the top one unless the learner picked another)
	Layers int
	Groups []Group
}

// Group is one kind of value over the window: the hidden state, the cell
// state or one gate.
type Group struct {
	Name   string    // "hidden state", "cell state", "input gate", ...
	Label  string    // a short row label: "hidden h", "forget f", ...
	Short  string    // "h", "c", "i", ...
	Units  int       // H
	Lo, Hi float64   // the range of the colour scale
	Values []float64 // [t·Units + u]
}

// Value returns the value of unit u at step t.
func (g *Group) Value(t, u int) float64 { return g.Values[t*g.Units+u] }

// Mid is the value drawn in the neutral colour.
func (g *Group) Mid() float64 { return (g.Lo + g.Hi) / 2 }

// gateInfo describes each gate for the views. The LSTM's "cell" gate and
// the GRU's "new" gate both propose new content, so both are shown as the
// candidate; their range is tanh's. The names say what a gate near 1 does:
// a GRU whose update gate z is near 0 replaces its state with the candidate
// and one near 1 keeps the old state, so its row is labelled "keep z".
var gateInfo = map[string]struct {
	short, label, name string
	lo, hi             float64
}{
	"input":  {"i", "input i", "input gate (1 writes the candidate)", 0, 1},
	"forget": {"f", "forget f", "forget gate (1 keeps the old cell state)", 0, 1},
	"cell":   {"g", "candidate g", "candidate (cell gate)", -1, 1},
	"output": {"o", "output o", "output gate (1 shows the cell state)", 0, 1},
	"reset":  {"r", "reset r", "reset gate (0 ignores the old state)", 0, 1},
	"update": {"z", "keep z", "update gate (1 keeps the old state, 0 takes the candidate)", 0, 1},
	"new":    {"n", "candidate n", "candidate (new gate)", -1, 1},
}

// newWindow flattens one layer of a trace into groups for the views: layer
// counts from the top (0 is the top layer, 1 the one under it, ...).
func newWindow(wt *core.WindowTrace, vocab *core.Vocab, step, fromTop int) *Window {
	T := len(wt.Probs)
	runes := vocab.Runes()
	w := &Window{Step: step, T: T, Loss: wt.Loss,
		Runes: make([]rune, T), Next: make([]rune, T), PNext: make([]float64, T), Top: make([][3]Guess, T)}
	for t := 0; t < T; t++ {
		w.Runes[t] = runeOf(runes, wt.Tokens[t])
		next := wt.Tokens[t+1]
		w.Next[t] = runeOf(runes, next)
		p := wt.Probs[t]
		if int(next) < len(p) {
			w.PNext[t] = p[next]
		}
		w.Top[t] = top3(p, runes)
	}
	if wt.Trace == nil || len(wt.Dirs) == 0 {
		return w
	}
	D := len(wt.Dirs) / max(1, layersOf(wt.Trace))
	w.Layers = len(wt.Dirs) / max(1, D)
	w.Layer = max(0, w.Layers-1-fromTop%max(1, w.Layers))
	dt := wt.Dirs[w.Layer*D]
	H := wt.H
	flat := func(steps [][]float64) []float64 {
		v := make([]float64, T*H)
		for t := 0; t < T && t < len(steps); t++ {
			copy(v[t*H:(t+1)*H], steps[t])
		}
		return v
	}
	w.Groups = append(w.Groups, Group{Name: "hidden state", Label: "hidden h", Short: "h", Units: H, Lo: -1, Hi: 1, Values: flat(dt.Hidden)})
	if len(dt.CellState) > 0 {
		v := flat(dt.CellState)
		m := 1.0
		for _, x := range v {
			m = math.Max(m, math.Abs(x))
		}
		m = math.Ceil(m)
		w.Groups = append(w.Groups, Group{Name: "cell state", Label: "cell c", Short: "c", Units: H, Lo: -m, Hi: m, Values: v})
	}
	for g, name := range wt.GateNames {
		if g >= len(dt.Gates) {
			break
		}
		info, ok := gateInfo[name]
		if !ok {
			info.short, info.label, info.name, info.lo, info.hi = name[:1], name, name+" gate", -1, 1
		}
		w.Groups = append(w.Groups, Group{Name: info.name, Label: info.label, Short: info.short, Units: H, Lo: info.lo, Hi: info.hi, Values: flat(dt.Gates[g])})
	}
	return w
}

// layersOf counts the layers in a trace from its direction records.
func layersOf(tr *core.Trace) int {
	n := 0
	for _, d := range tr.Dirs {
		n = max(n, d.Layer+1)
	}
	return n
}

func runeOf(runes []rune, id int32) rune {
	if id < 0 || int(id) >= len(runes) {
		return '\uFFFD'
	}
	return runes[id]
}

// top3 returns the three most probable characters, likeliest first.
func top3(p []float64, runes []rune) [3]Guess {
	var g [3]Guess
	for i := range g {
		g[i].Prob = -1
	}
	for id, q := range p {
		switch {
		case q > g[0].Prob:
			g[2], g[1], g[0] = g[1], g[0], Guess{runeOf(runes, int32(id)), q}
		case q > g[1].Prob:
			g[2], g[1] = g[1], Guess{runeOf(runes, int32(id)), q}
		case q > g[2].Prob:
			g[2] = Guess{runeOf(runes, int32(id)), q}
		}
	}
	for i := range g {
		g[i].Prob = max(g[i].Prob, 0)
	}
	return g
}
