package lab

import (
	"rnnlab/core"
	"rnnlab/labels"
)

// What the views that teach (the cell step by step, gradients flowing back
// through time, the cell state's flags) read from a Snapshot. Each is
// computed by a job of its own file (cellstep.go, grads.go, decay.go,
// flags.go), only while a view needs it (see Watch), and spread over
// frames within the time budget.

// Focus is what the views look at closely: a time step of the passage, a
// layer (from 0 at the bottom) and a unit of it.
type Focus struct{ T, Layer, Unit int }

// Watch says which costly measurements the open views need.
type Watch struct {
	Grads bool // the gradients of the focused step
	Decay bool // the decay curve
	Flags bool // the flags over held-out text
}

// CellStep is every number of one step of one unit: what went into each
// gate and what came out, so a view can fill in the cell's equations.
type CellStep struct {
	T, Layer, Unit int
	Cell           core.Cell
	Input          rune    // the character read at T
	HPrev, H       float64 // h_{T−1} (0 before the passage) and h_T
	CPrev, C       float64 // the LSTM's c_{T−1} and c_T
	// Gates are the cell's blocks in core's order (LSTM i f g o, GRU r z
	// n); a plain RNN has one block, "h", whose activation is h_T.
	Gates []GateStep
}

// GateStep is one gate of one unit at one step.
type GateStep struct {
	Key string  // "i", "f", "g", "o", "r", "z", "n" or "h"
	X   float64 // W_ih[row]·x_T + b_ih[row]: what the input adds
	H   float64 // W_hh[row]·h_{T−1} + b_hh[row]: what the previous state adds
	Pre float64 // what the activation reads: X + H (the GRU's n: X + r·H)
	Act float64 // σ(Pre) for a gate, tanh(Pre) for a candidate (ReLU for a ReLU RNN)
}

// Grads is how the loss of one prediction depends on everything before it:
// for the target step T, L_T is the loss of predicting the character after
// T, and for each earlier step k ≤ T the size of ∂L_T/∂h_k (and ∂L_T/∂c_k).
type Grads struct {
	Step   int  // the model's training step
	T      int  // the target step
	Target rune // the character after T, which L_T scores
	Loss   float64
	Layers []GradLayer // bottom first
	// Connect[k] is ‖∂z_T/∂x_k‖, z_T the logit of the true next character:
	// how much the character at k still moves this prediction.
	Connect []float64
}

// GradLayer is one layer's part of Grads, for k = 0 … T.
type GradLayer struct {
	NormH, NormC []float64 // ‖∂L_T/∂h_k‖, ‖∂L_T/∂c_k‖ (LSTM)
	UnitH, UnitC []float64 // ∂L_T/∂h_k and ∂L_T/∂c_k of the focused unit
	Forget       []float64 // the focused unit's forget gate f_k (LSTM)
}

// Decay is how fast a model's gradient fades with distance: Ratio[d] is the
// geometric mean over held-out positions t of ‖∂L_t/∂h_{t−d}‖ / ‖∂L_t/∂h_t‖.
type Decay struct {
	Label     RunLabel
	Step      int
	Ratio     []float64 // [d], d = 0 … DecayDist
	Positions int       // positions averaged
}

// Flags is what the flag finder found over held-out text: for each label of
// the text, the units whose value follows it best.
type Flags struct {
	Step   int    // the model's training step
	Chars  int    // held-out characters read
	Group  string // the values searched: "c" for an LSTM, else "h"
	Labels []FlagLabel
}

// FlagLabel is one label and the units that follow it.
type FlagLabel struct {
	Name, Title, TitleUK string
	Status               labels.Status
	Best                 []FlagUnit  // best |r| first
	History              []FlagPoint // the best |r| as training went on
	// Passage is the label's value at each step of the passage on screen.
	Passage []float64
	// Governs counts the held-out characters the label decides (the
	// closing quote, a verb's ending); Acc is the share of them the model
	// guesses right, and AccOff the same with the switched-off units off
	// (NaN when none are off, or the label decides nothing).
	Governs     int
	Acc, AccOff float64
}

// FlagUnit is a unit and its Pearson correlation with a label.
type FlagUnit struct {
	Layer, Unit int
	R           float64
}

// SetFocus tells the session what the views look at closely.
func (s *Session) SetFocus(f Focus) {
	if f != s.focus {
		s.focus = f
		s.focusDirty = true
	}
}

// SetWatch tells the session which costly measurements the open views need.
func (s *Session) SetWatch(w Watch) { s.watch = w }

// SetAblated switches units off in the model that makes the guesses, the
// traces and the sample (never in training); an empty list switches every
// unit back on. Units outside the model are refused with an error, and
// nothing changes.
func (s *Session) SetAblated(units []core.Unit) error {
	if err := s.lm.switchOff(units); err != nil {
		return err
	}
	s.ablated = s.lm.infer.Ablated()
	s.sched.traceDirty, s.sched.sampleDirty = true, true
	s.version++
	return nil
}

// Ablated lists the units switched off.
func (s *Session) Ablated() []core.Unit { return s.ablated }

// FlagPoint is the best |r| of a label at a training step.
type FlagPoint struct {
	Step int
	R    float64
}
