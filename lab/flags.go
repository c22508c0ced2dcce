package lab

import (
	"math"
	"time"
	"unicode"

	"rnnlab/core"
	"rnnlab/labels"
)

// The flags are found over FlagChars held-out characters (fewer when the
// text is short), measured again every FlagsEvery while training runs.
const (
	FlagChars  = 2400
	FlagsEvery = 8 * time.Second
	flagBest   = 4 // units kept per label: the flag and the next best
	flagChunk  = 32
)

// flagJob finds, a few positions at a time, the unit that follows each
// label of the text best, and how well the model predicts what each label
// governs, with and without the switched-off units. It works on copies of
// the model's parameters, so training may go on.
type flagJob struct {
	step     int
	labels   []labels.Label
	values   [][]float64 // [label][t] the label after reading position t
	ids      []int32     // the held-out characters measured
	runes    []rune      // the vocabulary
	valStart int         // their first one's rune position in the text
	off      []core.Unit // the units switched off for AccOff
	group    string
	ft       *core.ForwardTrace // the trained model
	ftOff    *core.ForwardTrace // with the units switched off, when there are any
	corr     *labels.Correlator
	x, y     []float64
	pos      int
	started  time.Time
	done     bool
}

// start begins a pass over held-out ids (whose first character is at rune
// position valStart of the text) for the text's labels.
func (j *flagJob) start(m *core.LM, ids []int32, valStart int, ls []labels.Label, off []core.Unit, step int, now time.Time) error {
	ids = ids[:min(len(ids), FlagChars+1)]
	ft, err := m.Snapshot().StartForwardTrace(ids, nil, nil)
	if err != nil {
		return err
	}
	*j = flagJob{step: step, labels: ls, ids: ids, runes: m.Vocab.Runes(), valStart: valStart, off: off, ft: ft, started: now, group: "h"}
	if m.Config.Cell == core.LSTM {
		j.group = "c"
	}
	if len(off) > 0 {
		v, err := m.WithAblation(off)
		if err != nil {
			return err
		}
		if j.ftOff, err = v.Snapshot().StartForwardTrace(ids, nil, nil); err != nil {
			return err
		}
	}
	T := len(ids) - 1
	j.values = make([][]float64, len(ls))
	for l := range ls {
		j.values[l] = ls[l].Values(nil, valStart, valStart+T)
	}
	units := m.Config.Layers * m.Config.Hidden
	j.corr = labels.NewCorrelator(units, len(ls))
	j.x, j.y = make([]float64, units), make([]float64, len(ls))
	return nil
}

// work goes on until the deadline and reports whether the pass finished.
func (j *flagJob) work(deadline func() bool) bool {
	if j.ft == nil || j.done {
		return false
	}
	for !deadline() {
		switch {
		case j.ft.N < j.ft.T:
			j.ft.Advance(flagChunk)
		case j.pos < j.ft.T:
			j.correlate(min(j.ft.T, j.pos+4*flagChunk))
		case j.ftOff != nil && j.ftOff.N < j.ftOff.T:
			j.ftOff.Advance(flagChunk)
		default:
			j.done = true
			return true
		}
	}
	return false
}

// progress is how far the pass has come, from 0 to 1.
func (j *flagJob) progress() float64 {
	if j.ft == nil || j.ft.T == 0 {
		return 0
	}
	done, total := j.ft.N+j.pos, 2*j.ft.T
	if j.ftOff != nil {
		done, total = done+j.ftOff.N, total+j.ftOff.T
	}
	return float64(done) / float64(total)
}

// correlate adds positions up to end to the correlator.
func (j *flagJob) correlate(end int) {
	H := j.ft.H
	for ; j.pos < end; j.pos++ {
		for l, lt := range j.ft.Layers {
			vals := lt.Hidden
			if j.group == "c" {
				vals = lt.CellState
			}
			copy(j.x[l*H:(l+1)*H], vals[j.pos*H:(j.pos+1)*H])
		}
		for l := range j.labels {
			j.y[l] = j.values[l][j.pos]
		}
		j.corr.Add(j.x, j.y)
	}
}

// result is what the finished pass found; history holds the earlier
// passes' best |r| of each label, to which it adds this one's.
func (j *flagJob) result(history map[string][]FlagPoint) *Flags {
	H := j.ft.H
	f := &Flags{Step: j.step, Chars: j.ft.T, Group: j.group, Off: j.off}
	for l, lb := range j.labels {
		fl := FlagLabel{Name: lb.Name, Title: lb.Title, TitleUK: lb.TitleUK}
		found := j.corr.Flag(l, flagBest)
		fl.Status = found.Status
		for _, m := range found.Best {
			fl.Best = append(fl.Best, FlagUnit{Layer: m.Unit / H, Unit: m.Unit % H, R: m.R})
		}
		if len(fl.Best) > 0 {
			history[lb.Name] = append(history[lb.Name], FlagPoint{Step: j.step, R: math.Abs(fl.Best[0].R)})
		}
		fl.History = history[lb.Name]
		gov := lb.Governs.Positions(j.valStart+1, j.valStart+j.ft.T+1)
		fl.Governs = len(gov)
		fl.Acc, fl.P, fl.PKind = governedScore(j.ft, gov, j.valStart, j.runes)
		fl.AccOff, fl.POff, fl.PKindOff = math.NaN(), math.NaN(), math.NaN()
		if j.ftOff != nil {
			fl.AccOff, fl.POff, fl.PKindOff = governedScore(j.ftOff, gov, j.valStart, j.runes)
		}
		f.Labels = append(f.Labels, fl)
	}
	return f
}

// governedScore is how well a trace predicts the characters at the given
// rune positions (the trace's first character at valStart; runes is the
// vocabulary): the share guessed right by the likeliest guess, the mean
// probability given to the true character, and the mean probability given
// to its kind (see kindOf), which is what a label such as "inside quotes"
// decides: a capital, not which capital. NaN for no positions.
func governedScore(ft *core.ForwardTrace, positions []int, valStart int, runes []rune) (acc, p, pKind float64) {
	if len(positions) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	V := ft.V
	right := 0
	for _, pos := range positions {
		t := pos - valStart - 1 // the step that predicts it
		probs := ft.Probs[t*V : (t+1)*V]
		want := int(ft.Tokens[t+1])
		best := 0
		for v, q := range probs {
			if q > probs[best] {
				best = v
			}
		}
		if best == want {
			right++
		}
		p += probs[want]
		kind := kindOf(runes[want])
		for v, q := range probs {
			if kindOf(runes[v]) == kind {
				pKind += q
			}
		}
	}
	n := float64(len(positions))
	return float64(right) / n, p / n, pKind / n
}

// kindOf sorts characters into the kinds a label can decide: capitals,
// small letters and digits each form one kind; any other character is a
// kind of its own.
func kindOf(r rune) rune {
	switch {
	case unicode.IsUpper(r):
		return 'A'
	case unicode.IsLower(r):
		return 'a'
	case unicode.IsDigit(r):
		return '0'
	}
	return r
}

// withPassage returns f with each label's values along the passage that
// starts at rune position start, T characters long.
func (f *Flags) withPassage(ls []labels.Label, start, T int) *Flags {
	out := *f
	out.Labels = append([]FlagLabel(nil), f.Labels...)
	for i := range out.Labels {
		if lb := labels.ByName(ls, out.Labels[i].Name); lb != nil {
			out.Labels[i].Passage = lb.Values(nil, start, start+T)
		}
	}
	return &out
}
