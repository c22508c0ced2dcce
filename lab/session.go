package lab

import (
	"errors"
	"math"
	"strconv"
	"time"

	"rnnlab/core"
	"rnnlab/words"
)

// Session owns the text, the model, the optimizer and the settings, and
// trains in wall-time slices. It never touches the screen: views read
// Snapshot, which is immutable.
//
// Its jobs sit in files of their own: the texts (texts.go), the passage the
// views show (passage.go), when views' data is refreshed (schedule.go), the
// loss history (history.go), the speed meter (meter.go) and what is trained
// (learner.go). This file ties them together.
//
// A Session is not safe for concurrent use; the app calls it from its
// update loop only.
type Session struct {
	now      func() time.Time
	corpora  []Corpus
	custom   *Corpus // the learner's own text, kept across rebuilds
	active   Corpus
	settings Settings
	lm       *langModel
	gen      int // model generation, bumped on every rebuild

	windowLen, windowStart int

	credit   time.Duration // training time owed to the model
	stepCost time.Duration // running estimate of one step

	hist  history
	sched schedule

	focus      Focus // what the views look at closely
	focusDirty bool
	watch      Watch // which costly measurements the open views need
	ablated    []core.Unit
	views      views // what the views that teach measure (views.go)

	sample     string
	sampleTemp float64
	sampleStep int
	window     *Window
	valLoss    float64

	notices
	errMsg words.Msg

	totalChars int64         // characters trained over all models
	busy       time.Duration // time spent in training steps
	meter      rateMeter

	version uint64
	snap    Snapshot
	snapVer uint64
}

// New starts a session on the corpus named in settings (falling back to the
// first corpus). The clock is injectable for tests; nil means time.Now.
// Problems with the settings are reported in the snapshot's Notice, not as an
// error: only an unusable corpus list fails.
func New(corpora []Corpus, settings Settings, now func() time.Time) (*Session, error) {
	if len(corpora) == 0 {
		return nil, errors.New("lab: no corpus to train on")
	}
	if now == nil {
		now = time.Now
	}
	s := &Session{now: now, corpora: corpora, windowLen: DefaultWindow}
	settings, problems := settings.Normalize()
	c, ok := s.corpus(settings.Corpus)
	if !ok {
		problems = append(problems, words.M("set.no_builtin", shorten(settings.Corpus, 20), s.builtinNames(), corpora[0].Name))
		c = corpora[0]
		settings.Corpus = c.Name
	}
	if err := s.rebuild(c, settings); err != nil {
		// Fall back to the defaults on the first corpus before giving up.
		d := DefaultSettings()
		d.Corpus = corpora[0].Name
		if err2 := s.rebuild(corpora[0], d); err2 != nil {
			return nil, err
		}
		problems = append(problems, words.M("set.defaults_instead", errMsg(err)))
	}
	s.setNotice(words.Join(problems))
	return s, nil
}

// rebuild makes a new model for text c with settings st. On failure nothing
// changes.
func (s *Session) rebuild(c Corpus, st Settings) error {
	lm, err := newLangModel(c.Text, st)
	if err != nil {
		return err
	}
	s.install(lm, c, st)
	return nil
}

// install makes lm, trained on text c with settings st, the session's model.
func (s *Session) install(lm *langModel, c Corpus, st Settings) {
	// On the same text (whatever the seed: the held-out split does not
	// depend on it) the old loss curve is comparable and the passage stays.
	sameText := s.lm != nil && c.Name == s.active.Name && c.Text == s.active.Text
	var prev *Run
	switch {
	case !sameText:
	case s.lm.Steps() >= minPreviousSteps:
		prev = s.hist.run(RunLabel{s.settings.Cell, s.settings.Hidden, s.settings.Layers, s.lm.LR()})
	default:
		prev = s.hist.prev
	}
	s.lm, s.active, s.settings = lm, c, st
	s.ablated = nil // a new model's units are all on
	s.resetViews(sameText)
	s.hist.reset(prev)
	s.gen++
	s.valLoss = math.NaN()
	s.sample, s.window = "", nil
	s.credit, s.stepCost = 0, 0
	s.errMsg = words.Msg{}
	if !sameText { // a new cell or size reads the same passage, so the two can be compared
		s.windowStart = s.passageStart(0, 1)
	}
	s.sched.stale()
	s.version++
}

// Apply reconfigures the session. Changing the cell, size, seed or text
// builds a new model; the learning rate, temperature, pause and share apply
// to the running one. It returns the problems it corrected or refused; the
// session keeps working in every case.
func (s *Session) Apply(next Settings) []words.Msg {
	next, problems := next.Normalize()
	cur := s.settings
	c := s.active
	if next.Corpus != cur.Corpus {
		if nc, ok := s.corpus(next.Corpus); ok {
			c = nc
		} else {
			problems = append(problems, words.M("set.no_text", shorten(next.Corpus, 20), s.builtinNames(), cur.Corpus))
			next.Corpus = cur.Corpus
		}
	}
	if !next.SameModel(cur) {
		if err := s.rebuild(c, next); err != nil {
			problems = append(problems, words.M("train.cannot_build", errMsg(err)))
			s.setNotice(words.Join(problems))
			s.version++
			return problems
		}
	}
	if next.LR != s.lm.LR() {
		s.lm.SetLR(next.LR)
		s.errMsg = words.Msg{} // a new rate is the suggested cure for divergence
	}
	if next.Temperature != cur.Temperature {
		s.sched.sampleDirty = true
	}
	if !next.Paused {
		s.credit = min(s.credit, 0)
	}
	s.settings = next
	if len(problems) > 0 {
		s.setNotice(words.Join(problems))
	}
	s.version++
	return problems
}

// Settings returns the current settings.
func (s *Session) Settings() Settings { return s.settings }

// Reset starts the model again from its seed, keeping text and settings.
func (s *Session) Reset() {
	if err := s.rebuild(s.active, s.settings); err != nil {
		s.errMsg = words.M("train.reset_failed", errMsg(err))
		s.version++
	}
}

// StepOnce does a single training step even when paused.
func (s *Session) StepOnce() {
	t0 := s.now()
	s.step()
	s.busy += s.now().Sub(t0)
	s.sched.stale()
}

// Advance trains for about budget of wall time and refreshes the views'
// data when due. Steps are whole: a step longer than the budget runs once
// enough budget has accumulated over several calls, so training keeps its
// share of wall time however long a frame is.
func (s *Session) Advance(budget time.Duration) {
	start := s.now()
	if !s.settings.Paused {
		budget = max(budget, 0)
		s.credit = min(s.credit+budget, budget+2*s.stepCost+time.Millisecond)
		for s.credit > 0 && s.credit >= s.stepCost && !s.settings.Paused {
			t0 := s.now()
			s.step()
			d := s.now().Sub(t0)
			s.credit -= d
			s.busy += d
			if s.stepCost == 0 {
				s.stepCost = d
			} else {
				s.stepCost = (3*s.stepCost + d) / 4
			}
		}
	} else {
		s.credit = 0
	}
	s.refresh(start)
	s.advanceViews(s.now())
	s.meter.add(s.now(), s.totalChars, s.busy)
}

// step runs one training step and records its loss.
func (s *Session) step() {
	before := s.lm.Chars()
	loss, err := s.lm.Step()
	if err != nil {
		s.settings.Paused = true
		steps := s.lm.Steps()
		if errors.Is(err, core.ErrDiverged) {
			restored := words.M("train.restored", steps)
			if steps == 0 {
				restored = words.M("train.restored_start")
			}
			s.hist.blewUp(Blowup{Step: steps, LR: s.lm.LR()})
			s.errMsg = words.M("train.diverged", s.lm.LR(), restored, suggestLR(s.lm.LR()))
		} else {
			s.hist.dropAfter(steps)
			s.errMsg = words.M("train.stopped", words.Raw(err.Error()))
		}
		s.sched.stale() // show the restored model
		s.version++
		return
	}
	s.errMsg = words.Msg{}
	s.totalChars += s.lm.Chars() - before
	s.hist.addStep(s.lm.Steps(), s.lm.Chars(), loss)
	s.version++
}

// suggestLR is a rate well below one that diverged, rounded for reading.
// A tenth of a diverging rate often still diverges on the default corpus
// (1 → 0.1 blows up within a few hundred steps), so it goes down by 30 and
// never above the default rate, which is known to train.
func suggestLR(lr float64) float64 {
	x := math.Min(lr/30, DefaultSettings().LR)
	p := math.Pow(10, math.Floor(math.Log10(x)))
	r, _ := strconv.ParseFloat(strconv.FormatFloat(math.Round(x/p)*p, 'g', 2, 64), 64)
	return r
}

// refresh recomputes at most one of trace, sample and validation loss per
// call, so no single frame pays for all three.
func (s *Session) refresh(now time.Time) {
	switch s.sched.next(now, !s.settings.Paused, s.lm.Steps()) {
	case traceJob:
		s.refreshTrace()
	case sampleJob:
		s.refreshSample()
	case valJob:
		s.refreshVal()
	}
}

func (s *Session) refreshTrace() {
	ids := s.passage()
	if len(ids) < 2 {
		return
	}
	tp, err := s.lm.trace(ids)
	if err != nil {
		s.setNotice(words.M("train.trace_failed", words.Raw(err.Error())))
		return
	}
	s.window = tp.window
	s.views.trace, s.views.stepDirty, s.views.shown = tp, true, nil
	s.version++
}

func (s *Session) refreshSample() {
	temp := s.settings.Temperature
	out, err := s.lm.sample(temp)
	if err != nil {
		s.setNotice(words.M("train.sample_failed", words.Raw(err.Error())))
		return
	}
	s.sample, s.sampleTemp, s.sampleStep = out, temp, s.lm.Steps()
	s.version++
}

func (s *Session) refreshVal() {
	loss, err := s.lm.Validate()
	if err != nil || math.IsNaN(loss) {
		return
	}
	s.valLoss = loss
	s.hist.addVal(LossPoint{Step: s.lm.Steps(), Chars: s.lm.Chars(), Loss: loss})
	s.version++
}

// Snapshot returns an immutable picture of the session for the views. It is
// rebuilt only when something changed; between changes it costs a copy.
func (s *Session) Snapshot() Snapshot {
	rate, share := s.meter.rates()
	if s.snapVer != s.version || s.snap.Generation != s.gen || s.snap.Version == 0 {
		h := &s.hist
		tr := s.lm.tr
		s.snap = Snapshot{
			Version:       s.version,
			Generation:    s.gen,
			Settings:      s.settings,
			CorpusName:    s.active.Name,
			CorpusTitle:   s.active.Title,
			TextChars:     len(tr.Train) + len(tr.Val),
			Vocab:         s.lm.vocab().Size(),
			Alphabet:      s.lm.vocab().Runes(),
			Params:        s.lm.Params(),
			Batch:         tr.Config.Batch,
			Seq:           tr.Config.Seq,
			Step:          s.lm.Steps(),
			Chars:         s.lm.Chars(),
			Loss:          s.lastLoss(),
			ValLoss:       s.valLoss,
			History:       h.train[:len(h.train):len(h.train)],
			ValHistory:    h.val[:len(h.val):len(h.val)],
			Previous:      h.prev,
			Blowups:       h.blowups,
			Sample:        s.sample,
			SampleTemp:    s.sampleTemp,
			SampleStep:    s.sampleStep,
			Window:        s.window,
			Ablated:       s.ablated,
			CellStep:      s.views.cellStep,
			Grads:         s.views.grads,
			Decay:         s.views.decayCur,
			DecayPrev:     s.views.decayPrev,
			Flags:         s.views.shown,
			FlagsProgress: s.views.flagsDone,
			Notice:        s.notice,
			NoticeID:      s.noticeID,
			Error:         s.errMsg,
		}
		s.snapVer = s.version
	}
	out := s.snap
	out.CharsPerSec, out.TrainShare = rate, share
	out.StepMs = float64(s.stepCost) / float64(time.Millisecond)
	return out
}

func (s *Session) lastLoss() float64 {
	if s.lm.Steps() == 0 {
		return math.NaN()
	}
	return s.lm.LastLoss()
}

// ClearNotice removes the notice (the learner dismissed it).
func (s *Session) ClearNotice() {
	if s.clearNotice() {
		s.version++
	}
}
