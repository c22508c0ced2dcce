package labels

import "sort"

// Label is a property of the characters of one text, in rune positions.
type Label struct {
	Name    string // short key: "quote", "feminine", "wordpos"
	Title   string // what the learner reads, in English: "inside quotes"
	TitleUK string // the same in Ukrainian: "усередині лапок"
	// Counter makes the value count along each run (1, 2, 3, …: the
	// position in the word) instead of being 1 throughout.
	Counter bool
	// Set holds the positions where the label holds: after reading the
	// character there, the text is inside quotes, the subject's verb is
	// still to come, and so on.
	Set Runs
	// Governs holds the positions of the characters the label decides: the
	// closing quote, the capitals inside quotes, a verb's ending after a
	// feminine subject. The model predicts the character at p at step p−1,
	// so that is where switching a flag off shows. Empty when the label
	// decides nothing in particular (a vowel).
	Governs Runs
}

// Value is the label at rune position i: 0 outside Set, 1 inside it, or for
// a counter the place in its run counted from 1.
func (l *Label) Value(i int) float64 {
	k := sort.Search(len(l.Set), func(k int) bool { return l.Set[k].End > i })
	if k == len(l.Set) || l.Set[k].Start > i {
		return 0
	}
	if l.Counter {
		return float64(i - l.Set[k].Start + 1)
	}
	return 1
}

// Values returns the label at positions from to to−1, reusing dst's
// storage, in O(log runs + to−from).
func (l *Label) Values(dst []float64, from, to int) []float64 {
	n := max(0, to-from)
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	clear(dst)
	k := sort.Search(len(l.Set), func(k int) bool { return l.Set[k].End > from })
	for ; k < len(l.Set) && l.Set[k].Start < to; k++ {
		r := l.Set[k]
		for i := max(r.Start, from); i < min(r.End, to); i++ {
			v := 1.0
			if l.Counter {
				v = float64(i - r.Start + 1)
			}
			dst[i-from] = v
		}
	}
	return dst
}

// ByName returns the label named name, or nil.
func ByName(ls []Label, name string) *Label {
	for i := range ls {
		if ls[i].Name == name {
			return &ls[i]
		}
	}
	return nil
}
