package lab

import "math"

// AccPoint is the mean training accuracy of the updates ending at Step, or
// the held-out accuracy of the model after update Step.
type AccPoint struct {
	Step    int
	Seconds float64 // the model's training time up to Step, in seconds of computing
	Acc     float64 // 0 to 1
}

// DecideRun is an earlier classifier's accuracy curves, kept so the
// learner can compare a new one with it on the same data.
type DecideRun struct {
	Label      DecideLabel
	History    []AccPoint
	ValHistory []AccPoint
}

// Reached is the first point at or above acc.
func Reached(pts []AccPoint, acc float64) (AccPoint, bool) {
	for _, p := range pts {
		if p.Acc >= acc {
			return p, true
		}
	}
	return AccPoint{}, false
}

// firstAccEvery is how many updates make one training point at first: one
// batch's accuracy (of 32 texts) is too noisy to plot alone.
const firstAccEvery = 4

// accHistory is the accuracy curves of the classifier in training and of
// the one before it. Its slices are only appended to or replaced by new
// arrays, so snapshots that hold them stay valid.
type accHistory struct {
	train []AccPoint
	sum   float64 // accuracies of updates not yet in a point
	n     int
	every int // updates merged into one point
	val   []AccPoint
	prev  *DecideRun
}

// reset starts a new classifier's curves beside prev (or none).
func (h *accHistory) reset(prev *DecideRun) {
	*h = accHistory{every: firstAccEvery, prev: prev}
}

// run is the history as a previous run.
func (h *accHistory) run(label DecideLabel) *DecideRun {
	return &DecideRun{Label: label, History: h.train, ValHistory: h.val}
}

// addStep records one update's batch accuracy.
func (h *accHistory) addStep(step int, seconds, acc float64) {
	h.sum += acc
	h.n++
	if h.n < h.every {
		return
	}
	p := AccPoint{Step: step, Seconds: seconds, Acc: h.sum / float64(h.n)}
	h.sum, h.n = 0, 0
	if len(h.train) >= maxHistory {
		h.train = halved(h.train, func(a, b AccPoint) AccPoint {
			return AccPoint{Step: b.Step, Seconds: b.Seconds, Acc: (a.Acc + b.Acc) / 2}
		})
		h.every *= 2
	}
	h.train = append(h.train, p)
}

// addVal records a held-out accuracy; the oldest half goes when full.
func (h *accHistory) addVal(p AccPoint) {
	if n := len(h.val); n >= maxHistory {
		h.val = append(append([]AccPoint(nil), h.val[n/2:]...), p)
		return
	}
	h.val = append(h.val, p)
}

// dropAfter forgets the points of updates undone by a restore.
func (h *accHistory) dropAfter(step int) {
	stepAccPoint := func(p AccPoint) int { return p.Step }
	h.train, h.val = upTo(h.train, step, stepAccPoint), upTo(h.val, step, stepAccPoint)
	h.sum, h.n = 0, 0
}

// recent is the mean training accuracy of about the last n updates; NaN
// before the first point.
func (h *accHistory) recent(n int) float64 {
	sum, steps := 0.0, 0
	for i := len(h.train) - 1; i >= 0 && steps < n; i-- {
		sum += h.train[i].Acc * float64(h.every)
		steps += h.every
	}
	if steps == 0 {
		return math.NaN()
	}
	return sum / float64(steps)
}
