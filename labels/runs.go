package labels

import (
	"fmt"
	"slices"
	"sort"
)

// Run is the half-open range of rune positions [Start, End).
type Run struct{ Start, End int }

// Runs is a set of positions held as runs sorted by start that neither
// overlap nor touch. The zero value is the empty set.
type Runs []Run

// Add appends [start, end) to the set, merging it with the last run when the
// two touch or overlap. Ranges must come in order of their start; an empty
// range is ignored. It panics on a range that starts before the last run's
// start (a programming error; use Normalize for runs in any order).
func (rs *Runs) Add(start, end int) {
	if end <= start {
		return
	}
	n := len(*rs)
	if n == 0 {
		*rs = append(*rs, Run{start, end})
		return
	}
	last := &(*rs)[n-1]
	switch {
	case start < last.Start:
		panic(fmt.Sprintf("labels: run [%d,%d) added after [%d,%d)", start, end, last.Start, last.End))
	case start <= last.End:
		last.End = max(last.End, end)
	default:
		*rs = append(*rs, Run{start, end})
	}
}

// Normalize returns the set covered by runs given in any order, overlapping
// or not. It does not modify runs.
func Normalize(runs []Run) Runs {
	sorted := slices.Clone(runs)
	slices.SortFunc(sorted, func(a, b Run) int { return a.Start - b.Start })
	var out Runs
	for _, r := range sorted {
		out.Add(r.Start, r.End)
	}
	return out
}

// Has reports whether position i is in the set, in O(log runs).
func (rs Runs) Has(i int) bool {
	k := sort.Search(len(rs), func(k int) bool { return rs[k].End > i })
	return k < len(rs) && rs[k].Start <= i
}

// Len is the number of positions in the set.
func (rs Runs) Len() int {
	n := 0
	for _, r := range rs {
		n += r.End - r.Start
	}
	return n
}

// Clip returns the part of the set inside [from, to), as a new slice.
func (rs Runs) Clip(from, to int) Runs {
	k := sort.Search(len(rs), func(k int) bool { return rs[k].End > from })
	var out Runs
	for ; k < len(rs) && rs[k].Start < to; k++ {
		out = append(out, Run{max(rs[k].Start, from), min(rs[k].End, to)})
	}
	return out
}

// Positions lists the positions of the set inside [from, to) in order.
func (rs Runs) Positions(from, to int) []int {
	var out []int
	for _, r := range rs.Clip(from, to) {
		for i := r.Start; i < r.End; i++ {
			out = append(out, i)
		}
	}
	return out
}

// Check returns the first way in which rs is not a valid set within [0, n):
// a negative or empty run, runs out of order, overlapping or touching, or a
// run past n.
func (rs Runs) Check(n int) error {
	for k, r := range rs {
		switch {
		case r.Start < 0 || r.End <= r.Start:
			return fmt.Errorf("run %d [%d,%d) is empty or negative", k, r.Start, r.End)
		case r.End > n:
			return fmt.Errorf("run %d [%d,%d) ends past the text's %d characters", k, r.Start, r.End, n)
		case k > 0 && r.Start <= rs[k-1].End:
			return fmt.Errorf("run %d [%d,%d) does not come after run %d [%d,%d)", k, r.Start, r.End, k-1, rs[k-1].Start, rs[k-1].End)
		}
	}
	return nil
}
