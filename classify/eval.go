package classify

import (
	"fmt"
	"math"
	"slices"

	"rnnlab/core"
)

// evalBatch is how many texts of one length Evaluate reads at once.
const evalBatch = 64

// Mistake is one misclassified example.
type Mistake struct {
	Index     int     // into the evaluated Dataset's Examples
	Predicted int     // the label the model chose
	Prob      float64 // the probability it gave that label
}

// Eval is a model's score on a labelled set.
type Eval struct {
	Labels    []string
	N         int     // examples
	Correct   int     // examples decided right
	Accuracy  float64 // Correct / N
	Loss      float64 // mean cross-entropy (nats) over the readable examples
	Confusion [][]int // Confusion[true][predicted]; rows sum to the examples of each label
	Mistakes  []Mistake
	// Skipped counts characters the model never saw, left out of the texts.
	// A text without a letter or digit it knows cannot be read: it is
	// counted wrong, in Unreadable, and not in Confusion.
	Skipped, Unreadable int
}

// Evaluate scores the model on d, whose labels must be the model's (see
// Dataset.Relabel). Texts of one length are read together, so it is much
// faster than a Predict per text.
func (m *Model) Evaluate(d *Dataset) (*Eval, error) {
	if !slices.Equal(d.Labels, m.Labels) {
		return nil, fmt.Errorf("the set's labels %s are not the model's %s (relabel it first)", quoteList(d.Labels), quoteList(m.Labels))
	}
	K := len(m.Labels)
	ev := &Eval{Labels: slices.Clone(m.Labels), N: len(d.Examples), Confusion: make([][]int, K)}
	for k := range ev.Confusion {
		ev.Confusion[k] = make([]int, K)
	}
	if ev.N == 0 {
		return ev, nil
	}
	encoded := make([][]int32, len(d.Examples))
	byLen := map[int][]int{}
	for i, e := range d.Examples {
		ids, read, _ := m.Encode(e.Text)
		ev.Skipped += m.foldedLen(e.Text) - len(read)
		if !readable(read) {
			ev.Unreadable++
			ev.Mistakes = append(ev.Mistakes, Mistake{Index: i, Predicted: -1})
			continue
		}
		encoded[i] = ids
		byLen[len(ids)] = append(byLen[len(ids)], i)
	}
	lengths := make([]int, 0, len(byLen))
	for T := range byLen {
		lengths = append(lengths, T)
	}
	slices.Sort(lengths)
	var lossSum float64
	tokens := []int32{}
	for _, T := range lengths {
		idx := byLen[T]
		for start := 0; start < len(idx); start += evalBatch {
			batch := idx[start:min(start+evalBatch, len(idx))]
			B := len(batch)
			tokens = slices.Grow(tokens[:0], T*B)[:T*B]
			for b, i := range batch {
				for t, id := range encoded[i] {
					tokens[t*B+b] = id
				}
			}
			probs := m.Net.ProbsTokens(tokens, T, B)
			for b, i := range batch {
				row := probs[b*K : (b+1)*K]
				want, got := d.Examples[i].Label, core.Argmax(row)
				lossSum -= math.Log(max(row[want], math.SmallestNonzeroFloat64))
				ev.Confusion[want][got]++
				if got == want {
					ev.Correct++
				} else {
					ev.Mistakes = append(ev.Mistakes, Mistake{Index: i, Predicted: got, Prob: row[got]})
				}
			}
		}
	}
	slices.SortFunc(ev.Mistakes, func(a, b Mistake) int { return a.Index - b.Index })
	ev.Accuracy = float64(ev.Correct) / float64(ev.N)
	if read := ev.N - ev.Unreadable; read > 0 {
		ev.Loss = lossSum / float64(read)
	}
	return ev, nil
}
