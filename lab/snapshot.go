package lab

import (
	"math"

	"rnnlab/core"
	"rnnlab/words"
)

// Snapshot is what the views draw. Nothing in it is ever modified after it
// is handed out: slices are either fresh or append-only prefixes.
type Snapshot struct {
	Version    uint64 // changes whenever anything below (except the rates) changes
	Generation int    // changes when a new model is built

	Settings    Settings
	CorpusName  string
	CorpusTitle words.Msg
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

	// What the views that teach read (views.go); nil until computed.
	CellStep  *CellStep // the focused step of the focused unit
	Grads     *Grads    // the gradients of the focused step's prediction
	Decay     *Decay    // how fast this model's gradient fades
	DecayPrev *Decay    // the same for the model before it on the same text
	Flags     *Flags    // the units that follow the text's labels
	// FlagsProgress is how far the flags' pass under way has come, 0 to 1
	// (in steps of 5%): the first flags come when it reaches 1.
	FlagsProgress float64
	Ablated       []core.Unit

	Notice   words.Msg // a correction or warning worth showing
	NoticeID uint64    // changes with every notice given, also an equal one
	Error    words.Msg // why training stopped; zero when all is well
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
	Label      RunLabel
	History    []LossPoint
	ValHistory []LossPoint
}

// RunLabel names a model for the loss plot's legend ("LSTM-64, lr 0.003").
type RunLabel struct {
	Cell           core.Cell
	Hidden, Layers int
	LR             float64
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

// Window is the traced passage: T characters, the model's guesses after
// each one, and the values of every unit of every layer.
type Window struct {
	Step  int // training step at which it was traced
	T     int
	Runes []rune     // [t] the input character
	Next  []rune     // [t] the true next character
	PNext []float64  // [t] probability the model gave the true next character
	Top   [][3]Guess // [t] the three likeliest next characters
	Loss  float64    // mean cross-entropy over the passage
	// Layers holds the values of each layer, the bottom one first.
	Layers []Layer
	// Connect[t] is ‖∂z/∂x_t‖, where z is the last step's logit of the true
	// next character and x_t the input at step t: how strongly the last
	// prediction still depends on each earlier character.
	Connect []float64
}

// Layer is what one layer did over the passage: one Group per kind of
// value, and how the loss gradient flowed back through it.
type Layer struct {
	Groups []Group
	// GradH[t] is ‖∂L/∂h_t‖ and GradC[t] (LSTM only) ‖∂L/∂c_t‖, for L the
	// passage's summed loss.
	GradH, GradC []float64
}

// Group is one kind of value over the passage: the hidden state, the cell
// state or one gate.
type Group struct {
	// Key names the value: "h", "c", or a gate's letter (i, f, g, o for the
	// LSTM; r, z, n for the GRU). The views find its words under it.
	Key    string
	Units  int       // H
	Lo, Hi float64   // the range of the colour scale
	Values []float64 // [t·Units + u]
}

// Value returns the value of unit u at step t.
func (g *Group) Value(t, u int) float64 { return g.Values[t*g.Units+u] }

// gateInfo gives each gate its key and range. The LSTM's "cell" gate and
// the GRU's "new" gate both propose new content, so both are shown as the
// candidate and range over tanh's values.
var gateInfo = map[string]struct {
	key    string
	lo, hi float64
}{
	"input":  {"i", 0, 1},
	"forget": {"f", 0, 1},
	"cell":   {"g", -1, 1},
	"output": {"o", 0, 1},
	"reset":  {"r", 0, 1},
	"update": {"z", 0, 1},
	"new":    {"n", -1, 1},
}

// newWindow turns a core trace of a passage into what the views show.
func newWindow(wt *core.WindowTrace, vocab *core.Vocab, step int) *Window {
	T := len(wt.Probs)
	runes := vocab.Runes()
	w := &Window{Step: step, T: T, Loss: wt.Loss, Connect: wt.Connect,
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
	if wt.Trace == nil {
		return w
	}
	H := wt.H
	flat := func(steps [][]float64) []float64 {
		v := make([]float64, T*H)
		for t := 0; t < T && t < len(steps); t++ {
			copy(v[t*H:(t+1)*H], steps[t])
		}
		return v
	}
	for _, dt := range wt.Dirs {
		if dt.Dir != 0 {
			continue // the app's models read forward only
		}
		l := Layer{GradH: dt.GradHidden, GradC: dt.GradCell}
		l.Groups = append(l.Groups, Group{Key: "h", Units: H, Lo: -1, Hi: 1, Values: flat(dt.Hidden)})
		if len(dt.CellState) > 0 {
			v := flat(dt.CellState)
			m := 1.0
			for _, x := range v {
				m = math.Max(m, math.Abs(x))
			}
			m = math.Ceil(m)
			l.Groups = append(l.Groups, Group{Key: "c", Units: H, Lo: -m, Hi: m, Values: v})
		}
		for g, name := range wt.GateNames {
			if g >= len(dt.Gates) {
				break
			}
			info, ok := gateInfo[name]
			if !ok {
				info.key, info.lo, info.hi = name, -1, 1
			}
			l.Groups = append(l.Groups, Group{Key: info.key, Units: H, Lo: info.lo, Hi: info.hi, Values: flat(dt.Gates[g])})
		}
		w.Layers = append(w.Layers, l)
	}
	return w
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
