package classify

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Example is one labelled text. Label indexes Dataset.Labels.
type Example struct {
	Label int
	Text  string
}

// Dataset is a list of labelled texts and the names of their labels, in
// sorted order.
type Dataset struct {
	Labels   []string
	Examples []Example
}

// Counts returns the number of examples of each label.
func (d *Dataset) Counts() []int {
	n := make([]int, len(d.Labels))
	for _, e := range d.Examples {
		n[e.Label]++
	}
	return n
}

// Relabel returns d with its label indices changed to those of labels (a
// model's), or an error naming the labels the model does not know.
func (d *Dataset) Relabel(labels []string) (*Dataset, error) {
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	var unknown []string
	to := make([]int, len(d.Labels))
	for i, l := range d.Labels {
		j, ok := index[l]
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q", l))
		}
		to[i] = j
	}
	if unknown != nil {
		return nil, fmt.Errorf("the file has labels the model does not know: %s (the model knows %s)", strings.Join(unknown, ", "), quoteList(labels))
	}
	out := &Dataset{Labels: slices.Clone(labels), Examples: make([]Example, len(d.Examples))}
	for i, e := range d.Examples {
		out.Examples[i] = Example{Label: to[e.Label], Text: e.Text}
	}
	return out, nil
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// Split moves a fraction of each label's examples, chosen by rng, into a
// held-out set, so both parts keep the label proportions. Every label keeps
// at least one training example.
func (d *Dataset) Split(fraction float64, rng *rand.Rand) (train, held *Dataset) {
	train = &Dataset{Labels: slices.Clone(d.Labels)}
	held = &Dataset{Labels: slices.Clone(d.Labels)}
	byLabel := make([][]Example, len(d.Labels))
	for _, e := range d.Examples {
		byLabel[e.Label] = append(byLabel[e.Label], e)
	}
	for _, exs := range byLabel {
		rng.Shuffle(len(exs), func(i, j int) { exs[i], exs[j] = exs[j], exs[i] })
		n := min(int(fraction*float64(len(exs))+0.5), len(exs)-1)
		held.Examples = append(held.Examples, exs[:max(n, 0)]...)
		train.Examples = append(train.Examples, exs[max(n, 0):]...)
	}
	rng.Shuffle(len(train.Examples), func(i, j int) { train.Examples[i], train.Examples[j] = train.Examples[j], train.Examples[i] })
	rng.Shuffle(len(held.Examples), func(i, j int) { held.Examples[i], held.Examples[j] = held.Examples[j], held.Examples[i] })
	return train, held
}
