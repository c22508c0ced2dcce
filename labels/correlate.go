package labels

import (
	"fmt"
	"math"
)

// Correlator gathers, one position at a time, what Pearson's r of every
// unit with every label needs: the sums Σx, Σx², Σy, Σy² and Σxy. Adding a
// position costs O(units × (1 + labels that are non-zero there)), so a
// view can feed a few hundred positions per frame and read the flags when
// it has enough; a binary label that rarely holds costs next to nothing.
//
// Unit values are shifted by the first position's values before summing,
// which keeps the sums accurate when a unit sits far from zero.
type Correlator struct {
	units, labels int
	n             int
	shift         []float64 // the first position's unit values
	sx, sxx       []float64 // per unit, of the shifted values
	sy, syy       []float64 // per label
	sxy           []float64 // per label and unit, [l·units + u]
	d             []float64 // this position's shifted unit values
	positives     []int     // per label: positions where it is non-zero
}

// NewCorrelator returns an empty correlator of units units and labels labels.
func NewCorrelator(units, labels int) *Correlator {
	return &Correlator{
		units: units, labels: labels,
		shift: make([]float64, units),
		sx:    make([]float64, units), sxx: make([]float64, units),
		sy: make([]float64, labels), syy: make([]float64, labels),
		sxy:       make([]float64, labels*units),
		d:         make([]float64, units),
		positives: make([]int, labels),
	}
}

// Reset forgets every position, keeping the storage.
func (c *Correlator) Reset() {
	c.n = 0
	for _, s := range [][]float64{c.sx, c.sxx, c.sy, c.syy, c.sxy} {
		clear(s)
	}
	clear(c.positives)
}

// N is the number of positions added.
func (c *Correlator) N() int { return c.n }

// Add takes one position: x holds every unit's value there, y every
// label's. It panics when the lengths are not the correlator's sizes.
func (c *Correlator) Add(x, y []float64) {
	if len(x) != c.units || len(y) != c.labels {
		panic(fmt.Sprintf("labels: Correlator.Add with %d units and %d labels, want %d and %d", len(x), len(y), c.units, c.labels))
	}
	if c.n == 0 {
		copy(c.shift, x)
	}
	c.n++
	for u, v := range x {
		d := v - c.shift[u]
		c.d[u] = d
		c.sx[u] += d
		c.sxx[u] += d * d
	}
	for l, w := range y {
		if w == 0 {
			continue
		}
		c.sy[l] += w
		c.syy[l] += w * w
		c.positives[l]++
		sxy := c.sxy[l*c.units : (l+1)*c.units]
		for u, d := range c.d {
			sxy[u] += w * d
		}
	}
}

// R returns Pearson's r of every unit with label l, reusing dst's storage.
// A unit or label that does not vary over the positions (or values that
// are not finite) gives 0.
func (c *Correlator) R(dst []float64, l int) []float64 {
	if cap(dst) < c.units {
		dst = make([]float64, c.units)
	}
	dst = dst[:c.units]
	n := float64(c.n)
	vy := n*c.syy[l] - c.sy[l]*c.sy[l]
	for u := range dst {
		vx := n*c.sxx[u] - c.sx[u]*c.sx[u]
		cov := n*c.sxy[l*c.units+u] - c.sx[u]*c.sy[l]
		r := cov / math.Sqrt(vx*vy)
		if !(vx > 1e-12*n*c.sxx[u] && vy > 1e-12*n*c.syy[l]) || math.IsNaN(r) {
			r = 0
		}
		dst[u] = max(-1, min(1, r))
	}
	return dst
}

// Flag finds the k units that correlate best with label l (largest |r|
// first, the lower unit first on ties), or says why there is none.
func (c *Correlator) Flag(l, k int) Flag {
	f := Flag{N: c.n, Positives: c.positives[l]}
	n := float64(c.n)
	switch vy := n*c.syy[l] - c.sy[l]*c.sy[l]; {
	case f.Positives == 0:
		f.Status = Never
	case !(vy > 1e-12*n*c.syy[l]):
		f.Status = Always
	default:
		f.Best = best(c.R(nil, l), k)
	}
	return f
}

// best returns the k entries of r with the largest |r|, in that order.
func best(r []float64, k int) []Match {
	top := make([]Match, 0, min(k, len(r)))
	for u, v := range r {
		i := len(top)
		for i > 0 && math.Abs(v) > math.Abs(top[i-1].R) {
			i--
		}
		if i >= k {
			continue
		}
		if len(top) < k {
			top = append(top, Match{})
		}
		copy(top[i+1:], top[i:])
		top[i] = Match{Unit: u, R: v}
	}
	return top
}

// Find is the flag of one label over values[t][u] (t a position, u a unit)
// and the label's values label[t]: the k best units, or why there are none.
// It panics when values and label differ in length or the rows in width.
func Find(values [][]float64, label []float64, k int) Flag {
	if len(values) != len(label) {
		panic(fmt.Sprintf("labels: Find with %d positions of values and %d of the label", len(values), len(label)))
	}
	if len(values) == 0 {
		return Flag{Status: Never}
	}
	c := NewCorrelator(len(values[0]), 1)
	for t, x := range values {
		c.Add(x, label[t:t+1])
	}
	return c.Flag(0, k)
}

// Match is a unit and its Pearson correlation with a label.
type Match struct {
	Unit int
	R    float64 // in [−1, 1]; negative when the unit falls where the label holds
}

// Flag is what the finder found for one label.
type Flag struct {
	Status    Status
	N         int     // positions measured
	Positives int     // positions where the label holds
	Best      []Match // the best units, largest |r| first; empty unless Status is Found
}

// Status says whether a label could be correlated at all.
type Status int

const (
	// Found: the label varies over the positions and Best names units.
	Found Status = iota
	// Never: the label holds nowhere in the text measured: no examples.
	Never
	// Always: the label holds everywhere in the text measured, always with
	// the same value, so nothing can correlate with it.
	Always
)

// String says what the status means, for messages.
func (s Status) String() string {
	switch s {
	case Found:
		return "found"
	case Never:
		return "no examples in the text"
	case Always:
		return "holds everywhere in the text"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}
