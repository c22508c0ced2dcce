package lab

// maxHistory is how many loss points are kept; older ones are merged pairwise.
const maxHistory = 600

// minPreviousSteps is how long a model must have trained for its loss curve
// to be kept beside the next model's.
const minPreviousSteps = 20

// history is the loss curve of the model in training, its divergences and
// the curve of the model before it. Its slices are only ever appended to or
// replaced by new arrays, so snapshots that hold them stay valid.
type history struct {
	train   []LossPoint
	sum     float64 // losses of steps not yet in a point
	n       int
	every   int // steps merged into one point
	val     []LossPoint
	blowups []Blowup
	prev    *Run
}

// reset starts a new model's history; keep is the previous model's curve
// to show beside it, or nil.
func (h *history) reset(prev *Run) {
	*h = history{every: 1, prev: prev}
}

// run is the history as a previous run, for the next model's plot.
func (h *history) run(label RunLabel) *Run {
	return &Run{Label: label, History: h.train, ValHistory: h.val}
}

// addStep records one training step's loss; every `every` steps make a point.
func (h *history) addStep(step int, chars int64, loss float64) {
	h.sum += loss
	h.n++
	if h.n >= h.every {
		h.push(LossPoint{Step: step, Chars: chars, Loss: h.sum / float64(h.n)})
		h.sum, h.n = 0, 0
	}
}

// push appends a point. When the history is full, pairs of points are
// merged into a new array.
func (h *history) push(p LossPoint) {
	if len(h.train) >= maxHistory {
		h.train = halved(h.train, func(a, b LossPoint) LossPoint {
			return LossPoint{Step: b.Step, Chars: b.Chars, Loss: (a.Loss + b.Loss) / 2}
		})
		h.every *= 2
	}
	h.train = append(h.train, p)
}

// addVal records a validation loss; a second one at the same step replaces
// the first.
func (h *history) addVal(p LossPoint) {
	switch n := len(h.val); {
	case n > 0 && h.val[n-1].Step == p.Step:
		h.val = append(h.val[:n-1:n-1], p) // new array: snapshots keep theirs
	case n >= maxHistory:
		h.val = append(append([]LossPoint(nil), h.val[n/2:]...), p)
	default:
		h.val = append(h.val, p)
	}
}

// blewUp records a divergence after which the model of step b.Step was
// restored.
func (h *history) blewUp(b Blowup) {
	h.blowups = append(h.blowups[:len(h.blowups):len(h.blowups)], b)
	h.dropAfter(b.Step)
}

// dropAfter forgets the points of steps the trainer undid when it restored
// an earlier model, so blown-up losses do not stretch the chart.
func (h *history) dropAfter(step int) {
	stepLossPoint := func(p LossPoint) int { return p.Step }
	h.train, h.val = upTo(h.train, step, stepLossPoint), upTo(h.val, step, stepLossPoint)
	h.sum, h.n = 0, 0
}

// halved merges each pair of neighbouring points into one, in a new array
// with room for as many again.
func halved[P any](pts []P, merge func(a, b P) P) []P {
	out := make([]P, 0, maxHistory)
	for i := 0; i+1 < len(pts); i += 2 {
		out = append(out, merge(pts[i], pts[i+1]))
	}
	return out
}

// upTo is the points of updates up to step, in a new array.
func upTo[P any](pts []P, step int, stepOf func(P) int) []P {
	var out []P
	for _, p := range pts {
		if stepOf(p) <= step {
			out = append(out, p)
		}
	}
	return out
}
