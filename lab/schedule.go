package lab

import "time"

// How often the views' data is refreshed while training runs.
const (
	TraceEvery  = 2 * time.Second
	SampleEvery = 3 * time.Second
	ValEvery    = 4 * time.Second
)

// job is one of the refreshes the schedule hands out.
type job int

const (
	noJob job = iota
	traceJob
	sampleJob
	valJob
)

// schedule decides when the trace, the sample and the validation loss are
// computed again: at once when something made them stale (dirty), else
// every so often while training runs. It hands out at most one job per
// call, so no single frame pays for all three.
type schedule struct {
	traceDirty, sampleDirty, valDirty bool
	lastTrace, lastSample, lastVal    time.Time
	valStep                           int // the step of the last validation
}

// stale marks everything for refreshing (a new or restored model).
func (s *schedule) stale() { s.traceDirty, s.sampleDirty, s.valDirty = true, true, true }

// next says which job is due and records that it runs now.
func (s *schedule) next(now time.Time, running bool, step int) job {
	switch {
	case s.traceDirty || running && now.Sub(s.lastTrace) >= TraceEvery:
		s.lastTrace, s.traceDirty = now, false
		return traceJob
	case s.sampleDirty || running && now.Sub(s.lastSample) >= SampleEvery:
		s.lastSample, s.sampleDirty = now, false
		return sampleJob
	case s.valDirty || running && s.valDue(now, step):
		s.lastVal, s.valStep, s.valDirty = now, step, false
		return valJob
	}
	return noJob
}

// valDue says when to measure the validation loss again: every ValEvery,
// and early on whenever the step count has doubled (but not more often than
// eight times per ValEvery), so the validation curve follows the fast early
// fall of the loss instead of cutting across it in one straight line.
func (s *schedule) valDue(now time.Time, step int) bool {
	since := now.Sub(s.lastVal)
	return since >= ValEvery || since >= ValEvery/8 && step >= 2*s.valStep+16
}
