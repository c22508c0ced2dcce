package lab

import (
	"errors"
	"fmt"
	"math"
	"time"

	"rnnlab/classify"
	"rnnlab/words"
)

// Decider is the "read and decide" task's session: a text classifier that
// trains in wall-time slices as Session does, measures itself on held-out
// headlines a few at a time between updates, and reads one text position
// by position for the reading view. Its parts sit in files of their own:
// the settings (decidesettings.go), the data (decidedata.go), the accuracy
// curves (decidehistory.go), the held-out passes (decideeval.go) and the
// reading (decideread.go).
//
// A Decider is not safe for concurrent use; the app calls it from its
// update loop only.
type Decider struct {
	now      func() time.Time
	builtin  []DecideData
	own      *DecideData // the learner's labelled file, kept across rebuilds
	active   DecideData
	settings DecideSettings
	tr       *classify.Trainer
	gen      int

	credit    time.Duration
	cost      [numDecideJobs]time.Duration // running estimate of each job
	trainBusy time.Duration                // this model's time in training updates
	evalBusy  time.Duration                // its time measuring on held-out headlines
	readBusy  time.Duration                // its time reading for the reading view
	busy      time.Duration                // all training time, for the meter
	chars     int64                        // all characters trained on, for the meter
	meter     rateMeter

	hist accHistory
	eval heldEval

	src     readSource
	reading *DecideReading
	readAt  time.Time
	stale   bool // the reading is of another text

	notices
	errMsg words.Msg

	version uint64
	snap    DecideSnapshot
	snapVer uint64
}

// decideJob is a piece of work Advance can do between frames.
type decideJob int

const (
	decideIdle decideJob = iota
	decideTrain
	decideMeasure
	decideRead
	numDecideJobs
)

const (
	// evalShare is the share of the time spent measuring the classifier on
	// held-out headlines (the rest trains): a pass over 1,000 headlines then
	// comes about every 80 updates of the default classifier.
	evalShare = 0.2
	// readEvery is how often at most the reading view reads its text again
	// while the model trains.
	readEvery = 2 * time.Second
)

// NewDecider starts a classifier on the built-in data named in st (else
// the first). The clock is injectable for tests; nil means time.Now.
// Corrected settings are reported in the snapshot's Notice.
func NewDecider(builtin []DecideData, st DecideSettings, now func() time.Time) (*Decider, error) {
	if len(builtin) == 0 {
		return nil, errors.New("lab: no data to classify")
	}
	if now == nil {
		now = time.Now
	}
	d := &Decider{now: now, builtin: builtin}
	st, problems := st.Normalize()
	data, ok := d.dataNamed(st.Data)
	if !ok {
		data = builtin[0]
		st.Data = data.Name
	}
	if err := d.rebuild(data, st); err != nil {
		return nil, err
	}
	d.setNotice(words.Join(problems))
	return d, nil
}

// dataNamed finds a data set by name, including the learner's own.
func (d *Decider) dataNamed(name string) (DecideData, bool) {
	if name == CustomData && d.own != nil {
		return *d.own, true
	}
	for _, b := range d.builtin {
		if b.Name == name {
			return b, true
		}
	}
	return DecideData{}, false
}

// DataNames lists the data sets to switch between: the built-in ones, then
// the learner's own if there is one.
func (d *Decider) DataNames() []string {
	var out []string
	for _, b := range d.builtin {
		out = append(out, b.Name)
	}
	if d.own != nil {
		out = append(out, CustomData)
	}
	return out
}

// rebuild makes a new classifier for data with settings st; on failure
// nothing changes.
func (d *Decider) rebuild(data DecideData, st DecideSettings) error {
	tr, err := classify.NewTrainer(data.Train, st.config())
	if err != nil {
		return err
	}
	sameData := d.tr != nil && data.Train == d.active.Train
	var prev *DecideRun
	switch {
	case !sameData:
	case d.tr.Steps >= minPreviousSteps:
		prev = d.hist.run(d.settings.Label())
	default:
		prev = d.hist.prev
	}
	if !sameData {
		d.eval = newHeldEval(data.Held)
		d.src = readSource{typed: d.src.typed, text: d.src.text}
	} else {
		d.eval.running = false
		d.eval.last = nil
	}
	d.tr, d.active, d.settings = tr, data, st
	d.hist.reset(prev)
	d.gen++
	d.credit, d.cost = 0, [numDecideJobs]time.Duration{}
	d.trainBusy, d.evalBusy, d.readBusy = 0, 0, 0
	d.eval.start(tr.Model, 0, 0) // the first pass scores the untrained model: chance
	d.errMsg = words.Msg{}
	d.stale = true
	d.version++
	return nil
}

// Apply reconfigures the classifier: a new cell, direction, layer count,
// pooling, size, learning rate or data starts a new one from scratch (the
// old one's curves stay beside it); pausing applies to the running one. It
// returns the problems it corrected or refused.
func (d *Decider) Apply(next DecideSettings) []words.Msg {
	next, problems := next.Normalize()
	data := d.active
	if next.Data != d.settings.Data {
		nd, ok := d.dataNamed(next.Data)
		if ok {
			data = nd
		} else {
			problems = append(problems, words.M("decide.no_data", next.Data))
			next.Data = d.settings.Data
		}
	}
	if !next.SameModel(d.settings) {
		if err := d.rebuild(data, next); err != nil {
			problems = append(problems, words.M("train.cannot_build", words.Raw(err.Error())))
			d.setNotice(words.Join(problems))
			d.version++
			return problems
		}
	}
	if !next.Paused {
		d.credit = min(d.credit, 0)
	}
	d.settings = next
	if len(problems) > 0 {
		d.setNotice(words.Join(problems))
	}
	d.version++
	return problems
}

// SetOwnData trains a new classifier on the learner's data. On failure the
// data and the classifier stay as they were.
func (d *Decider) SetOwnData(data DecideData) error {
	st := d.settings
	st.Data = CustomData
	data.Name = CustomData
	if err := d.rebuild(data, st); err != nil {
		return err
	}
	d.own = &data
	return nil
}

// Settings returns the current settings.
func (d *Decider) Settings() DecideSettings { return d.settings }

// Reset starts the classifier again from its seed.
func (d *Decider) Reset() {
	if err := d.rebuild(d.active, d.settings); err != nil {
		d.errMsg = words.M("train.reset_failed", words.Raw(err.Error()))
		d.version++
	}
}

// StepOnce makes one update even when paused.
func (d *Decider) StepOnce() {
	t0 := d.now()
	d.step()
	dt := d.now().Sub(t0)
	d.trainBusy += dt
	d.busy += dt
	d.stale = true // read again with the new weights
}

// Advance works for about budget of wall time: training updates, held-out
// chunks and readings, each whole. A job longer than the budget runs once
// enough budget has accumulated over several calls, so the classifier keeps
// its share of wall time however long a frame is. Nothing to do (paused,
// measured and read) banks no time.
func (d *Decider) Advance(budget time.Duration) {
	budget = max(budget, 0)
	most := max(d.cost[decideTrain], d.cost[decideMeasure], d.cost[decideRead])
	d.credit = min(d.credit+budget, budget+2*most+time.Millisecond)
	for d.credit > 0 {
		j := d.nextJob()
		if j == decideIdle {
			d.credit = 0
			break
		}
		if d.credit < d.cost[j] {
			break
		}
		t0 := d.now()
		d.run(j)
		dt := d.now().Sub(t0)
		d.credit -= dt
		if d.cost[j] == 0 {
			d.cost[j] = dt
		} else {
			d.cost[j] = (3*d.cost[j] + dt) / 4
		}
		switch j {
		case decideTrain:
			d.trainBusy += dt
			d.busy += dt
		case decideMeasure:
			d.evalBusy += dt
		case decideRead:
			d.readBusy += dt
		}
	}
	d.meter.add(d.now(), d.chars, d.busy)
}

// nextJob chooses what to do next: read a text that changed at once, then
// measure while measuring is behind its share of the time (or training is
// paused), else train.
func (d *Decider) nextJob() decideJob {
	if d.stale || (d.reading != nil && d.reading.Step != d.tr.Steps && d.now().Sub(d.readAt) >= d.readInterval()) {
		return decideRead
	}
	paused := d.settings.Paused
	// A pass is under way, or the last one measured an older model.
	measure := d.eval.running || len(d.active.Held.Examples) > 0 && (d.eval.last == nil || d.eval.last.Step != d.tr.Steps)
	behind := float64(d.evalBusy) <= evalShare*float64(d.trainBusy+d.evalBusy)
	switch {
	case measure && (paused || behind):
		return decideMeasure
	case !paused:
		return decideTrain
	}
	return decideIdle
}

// readInterval is how often the reading is renewed while training: every
// readEvery, or rarely enough that reading takes a twentieth of the time.
func (d *Decider) readInterval() time.Duration {
	return max(readEvery, 20*d.cost[decideRead])
}

// run does one job.
func (d *Decider) run(j decideJob) {
	switch j {
	case decideTrain:
		d.step()
	case decideMeasure:
		d.measure()
	case decideRead:
		d.read()
	}
}

// step makes one training update and records its accuracy.
func (d *Decider) step() {
	before := d.tr.Chars
	_, acc, err := d.tr.Step()
	if err != nil {
		d.settings.Paused = true
		if errors.Is(err, classify.ErrDiverged) {
			lr := d.tr.Opt.LR()
			d.errMsg = words.M("decide.diverged", lr, d.tr.Steps, suggestLR(lr))
		} else {
			d.errMsg = words.M("train.stopped", words.Raw(err.Error()))
		}
		d.hist.dropAfter(d.tr.Steps)
		d.version++
		return
	}
	d.errMsg = words.Msg{}
	d.chars += d.tr.Chars - before
	d.hist.addStep(d.tr.Steps, d.trainBusy.Seconds(), acc)
	d.version++
}

// measure reads the next chunk of held-out headlines, starting a pass on
// the current model when none is under way.
func (d *Decider) measure() {
	if !d.eval.running {
		d.eval.start(d.tr.Model, d.tr.Steps, d.trainBusy.Seconds())
		if !d.eval.running {
			return
		}
	}
	if d.eval.chunk() {
		e := d.eval.last
		d.hist.addVal(AccPoint{Step: e.Step, Seconds: e.Seconds, Acc: e.Accuracy})
	}
	d.version++
}

// read reads the reading view's text with the current model.
func (d *Decider) read() {
	src := d.src
	held := d.active.Held.Examples
	trueLabel := -1
	if !src.typed {
		if len(held) == 0 {
			d.stale = false
			return
		}
		src.held = ((src.held % len(held)) + len(held)) % len(held)
		src.text, trueLabel = held[src.held].Text, held[src.held].Label
		d.src.held = src.held
	}
	d.reading = readText(d.tr.Model, src, trueLabel, d.tr.Steps)
	d.readAt, d.stale = d.now(), false
	d.version++
}

// ReadText has the reading view read the learner's own text from now on
// (the model reads it again as it learns). An empty or unreadable text is
// explained in the reading's Problem.
func (d *Decider) ReadText(text string) {
	d.src = readSource{typed: true, text: text, held: d.src.held}
	d.stale = true
	d.version++
}

// ShowHeld has the reading view read held-out headline i (counted round
// the set) instead of the learner's text.
func (d *Decider) ShowHeld(i int) {
	d.src = readSource{held: i}
	d.stale = true
	d.version++
}

// MoveHeld shows the held-out headline delta places on from the one shown;
// when the learner's text is shown, the held-out headline shown before it.
func (d *Decider) MoveHeld(delta int) {
	i := d.src.held
	if !d.src.typed {
		i += delta
	}
	d.ShowHeld(i)
}

// SaveModel encodes the classifier as a safetensors file and names it.
func (d *Decider) SaveModel() (name string, data []byte, err error) {
	data, err = classify.Encode(d.tr.Model, d.tr.Info(), "F32")
	if err != nil {
		return "", nil, err
	}
	st := d.settings
	dir := "lr"
	if st.Bidirectional {
		dir = "bi"
	}
	name = fmt.Sprintf("rnnlab-classifier-%s-%s%d-%s-%s-update-%d.safetensors",
		d.active.Name, st.Cell, st.Hidden, dir, st.Pool, d.tr.Steps)
	return name, data, nil
}

// ClearNotice removes the notice (the learner dismissed it).
func (d *Decider) ClearNotice() {
	if d.clearNotice() {
		d.version++
	}
}

// DecideSnapshot is what the "read and decide" panels draw. Nothing in it
// is modified after it is handed out.
type DecideSnapshot struct {
	Version    uint64 // changes whenever anything below (except the rates) changes
	Generation int    // changes with every new classifier

	Settings   DecideSettings
	Data       string
	DataTitle  words.Msg
	Labels     []string
	TrainTexts int
	HeldTexts  int
	Vocab      int
	Params     int

	Step          int
	Epochs        int
	EpochFraction float64
	Seen, Chars   int64
	Seconds       float64 // the model's training time, in seconds of computing
	Loss          float64 // the last update's loss; NaN before the first
	// Accuracy is the training accuracy over about the last 50 updates,
	// ValAccuracy the last complete held-out pass's; NaN before either.
	Accuracy, ValAccuracy float64
	Eval                  *DecideEval // the last complete held-out pass
	Measuring             float64     // how far the pass under way has come, 0 to 1

	History    []AccPoint
	ValHistory []AccPoint
	Previous   *DecideRun // the classifier before this one on the same data

	Reading *DecideReading

	CharsPerSec float64
	TrainShare  float64
	StepMs      float64

	Notice   words.Msg
	NoticeID uint64
	Error    words.Msg // why training stopped; zero when all is well
}

// Snapshot returns an immutable picture of the task for the panels. It is
// rebuilt only when something changed.
func (d *Decider) Snapshot() DecideSnapshot {
	rate, share := d.meter.rates()
	if d.snapVer != d.version || d.snap.Version == 0 {
		tr := d.tr
		params := 0
		for _, p := range tr.Model.Net.Params() {
			params += len(p.Value)
		}
		loss, val := math.NaN(), math.NaN()
		if tr.Steps > 0 {
			loss = tr.LastLoss
		}
		if e := d.eval.last; e != nil {
			val = e.Accuracy
		}
		h := &d.hist
		d.snap = DecideSnapshot{
			Version: d.version, Generation: d.gen,
			Settings: d.settings, Data: d.active.Name, DataTitle: d.active.Title,
			Labels: tr.Model.Labels, TrainTexts: tr.TrainTexts(), HeldTexts: len(d.active.Held.Examples),
			Vocab: tr.Model.Vocab.Size(), Params: params,
			Step: tr.Steps, Epochs: tr.Epochs, EpochFraction: tr.EpochFraction(), Seen: tr.Seen, Chars: tr.Chars,
			Seconds: d.trainBusy.Seconds(), Loss: loss,
			Accuracy: h.recent(50), ValAccuracy: val, Eval: d.eval.last, Measuring: d.eval.progress(),
			History: h.train[:len(h.train):len(h.train)], ValHistory: h.val[:len(h.val):len(h.val)], Previous: h.prev,
			Reading: d.reading,
			Notice:  d.notice, NoticeID: d.noticeID, Error: d.errMsg,
		}
		d.snapVer = d.version
	}
	out := d.snap
	out.CharsPerSec, out.TrainShare = rate, share
	out.StepMs = float64(d.cost[decideTrain]) / float64(time.Millisecond)
	return out
}
