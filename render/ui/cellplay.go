package ui

import "time"

// ReplaySpeeds are the cell view's replay speeds, in characters per second.
var ReplaySpeeds = [...]float64{1, 1.5, 2, 3, 5, 7, 10}

// DefaultReplaySpeed is the index of the speed a replay starts with: two
// characters a second, slow enough to follow the values through the gates.
const DefaultReplaySpeed = 2

// stepBeat is the longest beat of a step taken by hand: a learner pressing
// → sees the values flow once, quickly.
const stepBeat = 0.6 * float64(time.Second)

// flowShare is the part of a beat in which the values flow; in the rest the
// finished step holds still.
const flowShare = 0.75

// Replay is the clock of the cell view's replay: it plays one character
// per beat, and within a beat Phase runs from 0 (the inputs arrive) to 1.
// A step taken by hand plays one beat alone. The zero Replay is at rest at
// the default speed.
type Replay struct {
	Playing bool
	Speed   int     // steps faster (or, below 0, slower) than DefaultReplaySpeed
	Phase   float64 // how far the beat under way is
	beat    bool    // a beat is under way
}

// CharsPerSec is the replay's speed.
func (r *Replay) CharsPerSec() float64 {
	return ReplaySpeeds[r.speedIndex()]
}

func (r *Replay) speedIndex() int {
	return min(max(DefaultReplaySpeed+r.Speed, 0), len(ReplaySpeeds)-1)
}

// Faster plays faster within ReplaySpeeds, and reports whether the speed
// changed.
func (r *Replay) Faster() bool { return r.setSpeed(r.speedIndex() + 1) }

// Slower plays slower (see Faster).
func (r *Replay) Slower() bool { return r.setSpeed(r.speedIndex() - 1) }

func (r *Replay) setSpeed(i int) bool {
	i = min(max(i, 0), len(ReplaySpeeds)-1)
	changed := i != r.speedIndex()
	r.Speed = i - DefaultReplaySpeed
	return changed
}

// Play starts playing with a beat from its beginning.
func (r *Replay) Play() { r.Playing, r.beat, r.Phase = true, true, 0 }

// Pause stops playing after the beat under way.
func (r *Replay) Pause() { r.Playing = false }

// Stop stops at once, the beat finished.
func (r *Replay) Stop() { r.Playing, r.beat, r.Phase = false, false, 0 }

// Beat starts a beat from its beginning.
func (r *Replay) Beat() { r.beat, r.Phase = true, 0 }

// Moving reports whether the picture changes with time: a replay plays or
// a beat is under way.
func (r *Replay) Moving() bool { return r.Playing || r.beat }

// Flow is how far the values have come within the beat (0 … 1): the flow
// takes the first three quarters of a beat, then the step holds. At rest
// it is 1, the step complete.
func (r *Replay) Flow() float64 {
	if !r.Moving() {
		return 1
	}
	return min(1, r.Phase/flowShare)
}

// Advance moves the clock on by dt and returns how many beats ended. While
// playing, a beat that ends starts the next one (the caller moves to the
// next character, or stops the replay); a lone beat ends the movement. A
// long gap (a hidden window) counts as at most one beat.
func (r *Replay) Advance(dt time.Duration) int {
	if !r.Moving() || dt <= 0 {
		return 0
	}
	rate := r.CharsPerSec()
	if !r.Playing {
		rate = max(rate, float64(time.Second)/stepBeat)
	}
	r.Phase += min(dt.Seconds()*rate, 1)
	if r.Phase < 1 {
		return 0
	}
	if !r.Playing {
		r.beat, r.Phase = false, 0
		return 1
	}
	n := int(r.Phase)
	r.Phase -= float64(n)
	return n
}

// Progress is how far a pulse that travels from s0 to s1 within a beat's
// flow has come at flow: 0 before s0, 1 after s1.
func Progress(flow, s0, s1 float64) float64 {
	switch {
	case flow >= s1:
		return 1
	case flow <= s0 || s1 <= s0:
		return 0
	}
	return (flow - s0) / (s1 - s0)
}
