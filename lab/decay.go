package lab

import (
	"math"
	"time"

	"rnnlab/core"
)

// The decay curve is measured over DecayChars held-out characters, for
// distances up to DecayDist, on DecayPositions positions spread over them,
// and measured again every DecayEvery while training runs.
const (
	DecayDist      = 60
	DecayChars     = 400
	DecayPositions = 120
	DecayEvery     = 8 * time.Second
)

// decayJob measures a model's decay curve a few positions at a time. It
// works on a copy of the model's parameters, so training may go on.
type decayJob struct {
	curve   *core.DecayCurve
	order   []int // the positions to add, spread over the text
	next    int
	label   RunLabel
	step    int
	started time.Time
	done    bool
}

// start begins measuring model m (trained for step steps) over held-out ids.
func (j *decayJob) start(m *core.LM, ids []int32, label RunLabel, step int, now time.Time) error {
	ids = ids[:min(len(ids), DecayChars+1)]
	ft, err := m.Snapshot().ForwardTrace(ids, nil, nil)
	if err != nil {
		return err
	}
	dist := min(DecayDist, ft.T-1)
	curve, err := core.NewDecayCurve(ft, core.DecayOptions{MaxDist: dist})
	if err != nil {
		return err
	}
	// Positions that reach the whole distance back, in an order that covers
	// the text evenly from the first ones on (a stride coprime with their
	// count), so an early curve already speaks for the whole text.
	n := ft.T - dist
	j.order = j.order[:0]
	stride := 37
	for gcd(stride, n) != 1 {
		stride++
	}
	for i := 0; i < min(n, DecayPositions); i++ {
		j.order = append(j.order, dist+(i*stride)%n)
	}
	*j = decayJob{curve: curve, order: j.order, label: label, step: step, started: now}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// work adds positions until the deadline and reports whether the curve got
// new positions.
func (j *decayJob) work(deadline func() bool) bool {
	if j.curve == nil || j.done {
		return false
	}
	added := false
	for j.next < len(j.order) && !deadline() {
		if err := j.curve.Add(j.order[j.next]); err != nil {
			j.done = true
			return added
		}
		j.next++
		added = true
	}
	j.done = j.next >= len(j.order)
	return added
}

// result is the curve so far.
func (j *decayJob) result() *Decay {
	if j.curve == nil || j.curve.Positions() == 0 {
		return nil
	}
	r := j.curve.Curve()
	for d := range r {
		if math.IsNaN(r[d]) {
			r = r[:d]
			break
		}
	}
	return &Decay{Label: j.label, Step: j.step, Ratio: r, Positions: j.curve.Positions()}
}
