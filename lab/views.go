package lab

import (
	"math"
	"slices"
	"time"

	"rnnlab/core"
	"rnnlab/labels"
	"rnnlab/words"
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
	Step   int // the model's training step
	T      int // the target step
	Layer  int // the focused layer and unit when they were computed
	Unit   int
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
	Off    []core.Unit // the units switched off when AccOff and POff were measured
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
	// closing quote, a verb's ending). Acc is the share of them the model
	// guesses right (its likeliest guess), P the mean probability it gives
	// them; AccOff and POff are the same with the switched-off units off
	// (NaN when none are off). All NaN when the label decides nothing.
	// PKind is the mean probability given to the right kind of character
	// (a capital, a small letter, a digit, or that very mark): what a label
	// like "inside quotes" decides is the case, not the letter.
	Governs         int
	Acc, AccOff     float64
	P, POff         float64
	PKind, PKindOff float64
}

// FlagUnit is a unit and its Pearson correlation with a label.
type FlagUnit struct {
	Layer, Unit int
	R           float64
}

// SetFocus tells the session what the views look at closely. The focused
// cell step (cheap: one unit's sums) is worked out at once, and SetFocus
// reports whether the snapshot changed; the gradients follow at the next
// Advance.
func (s *Session) SetFocus(f Focus) bool {
	if f == s.focus {
		return false
	}
	s.focus = f
	s.focusDirty = true
	v := &s.views
	if tp := v.trace; tp != nil && f.T >= 0 && f.T < tp.window.T {
		if cs, err := cellStepOf(tp.model, tp.window, tp.ids, f); err == nil {
			v.cellStep = cs
			s.version++
			return true
		}
	}
	return false
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
	s.remeasureFlags()
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

// viewBudget is the time the views' measurements may take per Advance,
// beside training's share: small enough that no frame stalls.
const viewBudget = 4 * time.Millisecond

// views is the state of the measurements the views read.
type views struct {
	trace     *traced // the passage as last traced
	cellStep  *CellStep
	grads     *Grads
	stepDirty bool // the focus or the trace changed: the cell step and gradients are stale
	decay     decayJob
	decayCur  *Decay
	decayPrev *Decay
	flag      flagJob
	flags     *Flags // as found, without the passage's values
	shown     *Flags // with them, for the passage on screen
	flagHist  map[string][]FlagPoint
	flagsDone float64        // how far the pass under way has come, 0 to 1, in twentieths
	textLabs  []labels.Label // the labels of the active text
	shownFlag bool           // the passage was moved to show the strongest flag since the flags were opened
}

// resetViews forgets what was measured of the previous model; on the same
// text its decay curve stays for comparison.
func (s *Session) resetViews(sameText bool) {
	v := &s.views
	prev := v.decayPrev
	switch {
	case !sameText:
		prev = nil
	case v.decayCur != nil:
		prev = v.decayCur
	}
	labs := v.textLabs
	if !sameText {
		labs = s.active.Labels
	}
	*v = views{decayPrev: prev, flagHist: map[string][]FlagPoint{}, textLabs: labs}
}

// textLabels are the labels of the active text: its generator's for a
// built-in text, computed from the held-out part for the learner's own.
func (s *Session) textLabels() []labels.Label {
	v := &s.views
	if v.textLabs == nil {
		start := len(s.lm.tr.Train)
		v.textLabs = labels.FromText(s.active.Text, start, start+len(s.lm.tr.Val))
	}
	return v.textLabs
}

// passageRune is the rune position in the text of the passage's first character.
func (s *Session) passageRune() int { return s.passageRuneAt(s.windowStart) }

// passageRuneAt is the rune position in the text of a passage starting at start.
func (s *Session) passageRuneAt(start int) int {
	if len(s.lm.tr.Val) > s.windowLen+1 {
		return len(s.lm.tr.Train) + start
	}
	return start
}

// advanceViews does the measurements the open views need, within the views'
// budget: the focused cell step and its gradients when the focus or the
// trace changed, then a little of the decay curve and of the flags.
func (s *Session) advanceViews(start time.Time) {
	v := &s.views
	deadline := func() bool { return s.now().Sub(start) >= viewBudget }
	tp := v.trace
	if tp != nil && (v.stepDirty || s.focusDirty) {
		v.stepDirty, s.focusDirty = false, false
		f := s.focus
		if f.T >= 0 && f.T < tp.window.T {
			if cs, err := cellStepOf(tp.model, tp.window, tp.ids, f); err == nil {
				v.cellStep = cs
			}
			if s.watch.Grads {
				if g, err := tp.gradsOf(f); err == nil {
					v.grads = g
				} else {
					s.setNotice(words.M("view.failed", words.Raw(err.Error())))
				}
			} else {
				v.grads = nil
			}
			s.version++
		}
	}
	running := !s.settings.Paused
	if s.watch.Decay && !deadline() {
		j := &v.decay
		due := j.curve == nil || j.done && running && s.now().Sub(j.started) >= DecayEvery && s.lm.Steps() > j.step
		if due {
			st := s.settings
			if err := j.start(s.lm.tr.Model, s.lm.tr.Val, RunLabel{st.Cell, st.Hidden, st.Layers, s.lm.LR()}, s.lm.Steps(), s.now()); err != nil {
				j.done = true
			}
		}
		// The first curve grows as positions come in; a later one replaces
		// the last only when complete, so the curve on screen never goes
		// back to a few noisy positions.
		if j.work(deadline) && (j.done || v.decayCur == nil || v.decayCur.Step == j.step) {
			v.decayCur = j.result()
			s.version++
		}
	}
	if !s.watch.Flags {
		v.shownFlag = false
	}
	if s.watch.Flags && !deadline() {
		j := &v.flag
		due := j.ft == nil || j.done && running && s.now().Sub(j.started) >= FlagsEvery && s.lm.Steps() > j.step
		if due {
			if err := j.start(s.lm.tr.Model, s.lm.tr.Val, len(s.lm.tr.Train), s.textLabels(), s.ablated, s.lm.Steps(), s.now()); err != nil {
				j.done = true
			}
		}
		if j.work(deadline) {
			v.flags = j.result(v.flagHist)
			v.shown = nil
			if !v.shownFlag {
				v.shownFlag = s.showStrongestFlag()
			}
			s.version++
		}
		if p := math.Floor(j.progress()*20) / 20; p != v.flagsDone {
			v.flagsDone = p
			s.version++
		}
	}
	if v.flags != nil && v.shown == nil && tp != nil {
		v.shown = v.flags.withPassage(s.textLabels(), s.passageRune(), tp.window.T)
		s.version++
	}
}

// showStrongestFlag moves the passage, if it has no example of the
// strongest flag's label, to the next one that has, so the flags view
// opens on something to see. It reports false while there is no flag yet
// (no unit with |r| ≥ 0.5), to be asked again with the next flags.
func (s *Session) showStrongestFlag() bool {
	f := s.views.flags
	var best *FlagLabel
	for i := range f.Labels {
		l := &f.Labels[i]
		if len(l.Best) > 0 && math.Abs(l.Best[0].R) >= 0.5 && (best == nil || math.Abs(l.Best[0].R) > math.Abs(best.Best[0].R)) {
			best = l
		}
	}
	if best == nil {
		return false
	}
	lb := labels.ByName(s.textLabels(), best.Name)
	if lb == nil {
		return true
	}
	start := s.windowStart
	for range 60 {
		from := s.passageRuneAt(start)
		n := s.passageEnd(start)
		if vals := lb.Values(nil, from, from+n*2/3); slices.ContainsFunc(vals, func(v float64) bool { return v != 0 }) {
			if start != s.windowStart {
				s.windowStart = start
				s.sched.traceDirty = true
			}
			return true
		}
		next := s.passageStart(start+s.windowLen, 1)
		if next <= start {
			return true // wrapped around: no passage has one
		}
		start = next
	}
	return true
}

// remeasureFlags starts the flags again at once (the switched-off units changed).
func (s *Session) remeasureFlags() {
	s.views.flag = flagJob{}
}
