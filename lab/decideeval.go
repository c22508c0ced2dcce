package lab

import (
	"math/rand/v2"
	"slices"
	"unicode"

	"rnnlab/classify"
	"rnnlab/core"
)

// DecideEval is a classifier's score on (a part of) the held-out set.
type DecideEval struct {
	Step     int     // the update of the model measured
	Seconds  float64 // its training time
	N        int     // headlines read
	Correct  int
	Accuracy float64
	// Confusion[true][predicted] counts the headlines read; unreadable
	// ones (no character the model knows) are mistakes outside it.
	Confusion [][]int
	Mistakes  []DecideMistake // in the order the held-out set lists them
	// Part and Parts: which part of a large held-out set this pass read.
	Part, Parts int
}

// DecideMistake is one held-out headline decided wrong.
type DecideMistake struct {
	Held      int // index into the held-out set
	Text      string
	True      int
	Predicted int     // -1 when nothing in it could be read
	Prob      float64 // the probability given to Predicted
}

const (
	// evalPart is the most held-out headlines one pass reads; a larger set
	// is read a part at a time, the next part each pass. 1,000 headlines
	// (the built-in held-out sets) measure an accuracy to about ±1.3 points
	// and cost about as much as 20 updates of the default classifier.
	// (Halves of them, read in turn, made the curve zigzag by their
	// difference.)
	evalPart = 1000
	// evalChunk is about how many headlines one job reads (whole batches):
	// a few updates' time.
	evalChunk = 64
	// evalBatch is the most headlines of one length read at once.
	evalBatch = 64
)

// heldEval measures held-out accuracy a chunk at a time, between training
// updates, on a frozen copy of the model taken when the pass started, so a
// pass spread over many frames scores one model. The headlines are encoded
// once per vocabulary and read in batches of one length, allocating
// little: a browser's garbage collector made classify.Evaluate's
// per-call work cost twice the reading itself.
type heldEval struct {
	held    *classify.Dataset
	vocab   *core.Vocab // the vocabulary ids and batches are for
	ids     [][]int32   // each held-out headline as the model reads it
	parts   [][][]int   // per part, batches of held-out indices of one length
	part    int         // the part of the pass under way
	next    int         // the next batch of it
	running bool
	model   *classify.Model // the frozen copy
	tokens  []int32         // scratch
	cur     DecideEval      // the pass under way
	last    *DecideEval     // the last complete pass
}

// newHeldEval prepares passes over held.
func newHeldEval(held *classify.Dataset) heldEval { return heldEval{held: held} }

// prepare encodes the held-out headlines for m's vocabulary and cuts each
// part into batches of one length. Headlines with nothing m can read
// (no letter or digit it knows) get no batch: they count as mistakes.
func (e *heldEval) prepare(m *classify.Model) {
	e.vocab = m.Vocab
	n := len(e.held.Examples)
	e.ids = make([][]int32, n)
	e.parts = e.parts[:0]
	for start := 0; start < n; start += evalPart {
		byLen := map[int][]int{}
		for i := start; i < min(start+evalPart, n); i++ {
			ids, read, _ := m.Encode(e.held.Examples[i].Text)
			if !readable(read) {
				ids = nil
			}
			e.ids[i] = ids
			byLen[len(ids)] = append(byLen[len(ids)], i)
		}
		lengths := make([]int, 0, len(byLen))
		for T := range byLen {
			lengths = append(lengths, T)
		}
		slices.Sort(lengths)
		var batches [][]int
		for _, T := range lengths {
			idx := byLen[T]
			step := evalBatch
			if T == 0 {
				step = len(idx) // the unreadable ones, in one go
			}
			for s := 0; s < len(idx); s += step {
				batches = append(batches, idx[s:min(s+step, len(idx))])
			}
		}
		e.parts = append(e.parts, batches)
	}
	e.part = 0
}

// readable reports whether a text has a letter or a digit to read.
func readable(rs []rune) bool {
	return slices.ContainsFunc(rs, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// start begins a pass on a copy of m, which has trained step updates for
// seconds.
func (e *heldEval) start(m *classify.Model, step int, seconds float64) {
	if len(e.held.Examples) == 0 {
		return
	}
	if e.vocab != m.Vocab {
		e.prepare(m)
	}
	e.model = copyModel(e.model, m)
	K := len(m.Labels)
	e.cur = DecideEval{Step: step, Seconds: seconds, Confusion: make([][]int, K), Part: e.part, Parts: len(e.parts)}
	for k := range e.cur.Confusion {
		e.cur.Confusion[k] = make([]int, K)
	}
	e.next, e.running = 0, true
}

// chunk reads the next batches of the pass (about evalChunk headlines) and
// reports whether the pass is complete.
func (e *heldEval) chunk() bool {
	batches := e.parts[e.part]
	c := &e.cur
	K := len(c.Confusion)
	for read := 0; read < evalChunk && e.next < len(batches); e.next++ {
		batch := batches[e.next]
		read += len(batch)
		c.N += len(batch)
		T, B := len(e.ids[batch[0]]), len(batch)
		if T == 0 {
			for _, i := range batch {
				c.Mistakes = append(c.Mistakes, e.mistake(i, -1, 0))
			}
			continue
		}
		e.tokens = slices.Grow(e.tokens[:0], T*B)[:T*B]
		for b, i := range batch {
			for t, id := range e.ids[i] {
				e.tokens[t*B+b] = id
			}
		}
		probs := e.model.Net.ProbsTokens(e.tokens, T, B)
		for b, i := range batch {
			row := probs[b*K : (b+1)*K]
			want, got := e.held.Examples[i].Label, core.Argmax(row)
			c.Confusion[want][got]++
			if got == want {
				c.Correct++
			} else {
				c.Mistakes = append(c.Mistakes, e.mistake(i, got, row[got]))
			}
		}
	}
	if e.next < len(batches) {
		return false
	}
	slices.SortFunc(c.Mistakes, func(a, b DecideMistake) int { return a.Held - b.Held })
	if c.N > 0 {
		c.Accuracy = float64(c.Correct) / float64(c.N)
	}
	done := *c
	e.last = &done
	e.running = false
	e.part = (e.part + 1) % len(e.parts)
	return true
}

// mistake describes held-out headline i decided as got with probability p.
func (e *heldEval) mistake(i, got int, p float64) DecideMistake {
	ex := e.held.Examples[i]
	return DecideMistake{Held: i, Text: ex.Text, True: ex.Label, Predicted: got, Prob: p}
}

// progress is how far the pass under way has come, 0 to 1.
func (e *heldEval) progress() float64 {
	if !e.running || len(e.parts) == 0 {
		return 0
	}
	return float64(e.next) / float64(len(e.parts[e.part]))
}

// copyModel copies src's weights into dst, or into a new model when dst
// has another shape. The vocabulary and labels are shared: nothing
// changes them.
func copyModel(dst, src *classify.Model) *classify.Model {
	if dst == nil || dst.Net.Config != src.Net.Config || dst.Vocab != src.Vocab {
		// The weights are overwritten below; the generator only fills them first.
		net, err := core.NewClassifier(src.Net.Config, rand.New(rand.NewPCG(0, 0)))
		if err != nil {
			panic("lab: a classifier's own configuration is invalid: " + err.Error())
		}
		dst = &classify.Model{Net: net, Vocab: src.Vocab, Labels: src.Labels, Fold: src.Fold}
	}
	from, to := src.Net.Params(), dst.Net.Params()
	for i, p := range from {
		copy(to[i].Value, p.Value)
	}
	return dst
}
