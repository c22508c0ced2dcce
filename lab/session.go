package lab

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"rnnlab/core"
)

// Corpus is a named text the session can train on.
type Corpus struct {
	Name  string // short name for URLs and flags
	Title string // what the learner sees
	Text  string
}

// Limits on a learner's own text.
const (
	MaxTextBytes = 2 << 20 // longer texts are cut to their first 2 MiB
	MinTextRunes = 64
	MaxVocab     = 1000 // distinct characters; more makes a step too slow to watch
)

// How often the views' data is refreshed while training runs.
const (
	TraceEvery  = 2 * time.Second
	SampleEvery = 3 * time.Second
	ValEvery    = 4 * time.Second

	SampleLen     = 240
	valChars      = 2048 // validation characters evaluated per refresh
	maxHistory    = 600  // loss points kept; older ones are merged pairwise
	DefaultWindow = 64
	MinWindow     = 8
	MaxWindow     = 120
)

// Session owns the corpus, the model, the optimizer and the settings, and
// trains in wall-time slices. It never touches the screen: views read
// Snapshot, which is immutable.
//
// A Session is not safe for concurrent use; the app calls it from its
// update loop only.
type Session struct {
	now      func() time.Time
	corpora  []Corpus
	custom   *Corpus // the learner's own text, kept across rebuilds
	active   Corpus
	settings Settings
	tr       *core.Trainer
	rng      *rand.Rand // sampling
	gen      int        // model generation, bumped on every rebuild

	windowLen, windowStart int

	credit   time.Duration // training time owed to the model
	stepCost time.Duration // running estimate of one step

	hist      []LossPoint
	histSum   float64
	histN     int
	histEvery int // steps merged into one point
	valHist   []LossPoint

	sample     string
	sampleTemp float64
	sampleStep int
	window     *Window

	traceDirty, sampleDirty, valDirty bool
	lastTrace, lastSample, lastVal    time.Time
	valStep                           int // the step of the last validation
	layerFromTop                      int // the layer the window shows: 0 is the top one
	valLoss                           float64
	prev                              *Run
	blowups                           []Blowup

	notice, errMsg string

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
		problems = append(problems, fmt.Sprintf("there is no built-in text %q (they are %s); using %q",
			shorten(settings.Corpus, 20), s.builtinNames(), corpora[0].Name))
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
		problems = append(problems, err.Error()+"; using the default settings")
	}
	s.notice = strings.Join(problems, "; ")
	return s, nil
}

// corpus finds a text by name, including the learner's own.
func (s *Session) corpus(name string) (Corpus, bool) {
	if name == CustomCorpus && s.custom != nil {
		return *s.custom, true
	}
	for _, c := range s.corpora {
		if c.Name == name {
			return c, true
		}
	}
	return Corpus{}, false
}

// builtinNames lists the built-in texts' names for messages: "patterns, russian".
func (s *Session) builtinNames() string {
	names := make([]string, 0, len(s.corpora))
	for _, c := range s.corpora {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// Corpora lists the built-in texts and, if given, the learner's own.
func (s *Session) Corpora() []Corpus {
	out := append([]Corpus(nil), s.corpora...)
	if s.custom != nil {
		out = append(out, *s.custom)
	}
	return out
}

// AppBatch is the number of text lanes per step. Half the core's default:
// a step then takes half as long, so it fits between frames, while the
// characters per second stay within a few percent and the loss falls faster
// per second (more updates); measured natively: 8 lanes 53k chars/s and
// validation loss 0.60 after 6 s, 16 lanes 56k chars/s and 0.71.
const AppBatch = 8

// trainConfig turns settings into a core configuration for a text of n
// characters, shrinking the batch for short texts.
func trainConfig(st Settings, n int) core.TrainConfig {
	cfg := core.DefaultTrainConfig()
	cfg.Batch = AppBatch
	cfg.Model.Cell = st.Cell
	cfg.Model.Hidden = st.Hidden
	cfg.Model.Layers = st.Layers
	cfg.LR = st.LR
	cfg.Seed = st.Seed
	train := n - int(float64(n)*cfg.ValFraction)
	if train-1 < cfg.Batch*cfg.Seq {
		cfg.Seq = min(cfg.Seq, max(1, (train-1)/2))
		cfg.Batch = max(1, min(cfg.Batch, (train-1)/cfg.Seq))
	}
	return cfg
}

// rebuild makes a new model for text c with settings st. On failure nothing
// changes.
func (s *Session) rebuild(c Corpus, st Settings) error {
	cfg := trainConfig(st, utf8.RuneCountInString(c.Text))
	tr, err := core.NewTrainer(c.Text, cfg)
	if err != nil {
		return err
	}
	if tr.Model.Vocab.Size() > MaxVocab {
		return fmt.Errorf("the text has %d different characters; the limit is %d", tr.Model.Vocab.Size(), MaxVocab)
	}
	// On the same text (whatever the seed: the held-out split does not
	// depend on it) the old loss curve is comparable and the passage stays.
	sameText := s.tr != nil && c.Name == s.active.Name && c.Text == s.active.Text
	switch {
	case !sameText:
		s.prev = nil
	case s.tr.Steps >= minPreviousSteps:
		s.prev = &Run{Label: runLabel(s.settings, s.tr.Config.LR), History: s.hist, ValHistory: s.valHist}
	}
	s.tr, s.active, s.settings = tr, c, st
	s.blowups = nil
	s.layerFromTop = min(s.layerFromTop, max(0, st.Layers-1))
	s.rng = rand.New(rand.NewPCG(st.Seed, 0x73616d706c65)) // "sample"
	s.gen++
	s.hist, s.histSum, s.histN, s.histEvery = nil, 0, 0, 1
	s.valHist = nil
	s.valLoss = math.NaN()
	s.sample, s.window = "", nil
	s.credit, s.stepCost = 0, 0
	s.errMsg = ""
	if !sameText { // a new cell or size reads the same passage, so the two can be compared
		s.windowStart = s.pickWindowStart(0)
	}
	s.traceDirty, s.sampleDirty, s.valDirty = true, true, true
	s.version++
	return nil
}

// windowSource is the text the display window is cut from: the held-out
// validation text when it is long enough, so the learner watches the model
// read something it was not trained on.
func (s *Session) windowSource() []int32 {
	if len(s.tr.Val) > s.windowLen+1 {
		return s.tr.Val
	}
	return s.tr.Train
}

// pickWindowStart finds the first line start at or after from, so the window
// begins with a fresh sentence when it can.
func (s *Session) pickWindowStart(from int) int {
	src := s.windowSource()
	n := len(src) - s.windowLen - 1
	if n <= 0 {
		return 0
	}
	from = ((from % n) + n) % n
	nl, ok := s.tr.Model.Vocab.Index('\n')
	if !ok {
		return from
	}
	for i := from; i < n && i < from+400; i++ {
		if src[i] == nl {
			return i + 1
		}
	}
	return from
}

// Apply reconfigures the session. Changing the cell, size, seed or text
// builds a new model; the learning rate, temperature, pause and share apply
// to the running one. It returns the problems it corrected or refused; the
// session keeps working in every case.
func (s *Session) Apply(next Settings) []string {
	next, problems := next.Normalize()
	cur := s.settings
	c := s.active
	if next.Corpus != cur.Corpus {
		if nc, ok := s.corpus(next.Corpus); ok {
			c = nc
		} else {
			problems = append(problems, fmt.Sprintf("there is no text %q (the built-in ones are %s); keeping %q",
				shorten(next.Corpus, 20), s.builtinNames(), cur.Corpus))
			next.Corpus = cur.Corpus
		}
	}
	if !next.SameModel(cur) {
		if err := s.rebuild(c, next); err != nil {
			problems = append(problems, "could not build that model: "+err.Error())
			s.notice = strings.Join(problems, "; ")
			s.version++
			return problems
		}
	}
	if next.LR != s.tr.Config.LR {
		s.tr.Config.LR = next.LR
		s.errMsg = "" // a new rate is the suggested cure for divergence
	}
	if next.Temperature != cur.Temperature {
		s.sampleDirty = true
	}
	if !next.Paused {
		s.credit = min(s.credit, 0)
	}
	s.settings = next
	if len(problems) > 0 {
		s.notice = strings.Join(problems, "; ")
	}
	s.version++
	return problems
}

// Settings returns the current settings.
func (s *Session) Settings() Settings { return s.settings }

// Reset starts the model again from its seed, keeping text and settings.
func (s *Session) Reset() {
	if err := s.rebuild(s.active, s.settings); err != nil {
		s.errMsg = "reset failed: " + err.Error()
		s.version++
	}
}

// SetText validates a learner's text and, if it is usable, trains a new
// model on it. A refused text leaves the previous text and model untouched
// and the returned error says why in one line. A usable text may come with a
// notice (for example that it was cut to the size limit).
func (s *Session) SetText(name, raw string) (notice string, err error) {
	defer func() {
		if err != nil {
			s.notice = "text refused: " + err.Error()
		} else {
			s.notice = notice
		}
		s.version++
	}()
	clean, bad, controls := core.CleanText(raw)
	clean, more := stripControls(clean)
	controls += more
	// Composed form: "é" as one character, not "e" plus an accent the model
	// would have to learn to attach (and the font cannot draw alone).
	clean = norm.NFC.String(clean)
	if junk := bad + controls; junk > 16 && (junk*10 > len(raw) || junk*2 > utf8.RuneCountInString(raw)) {
		return "", fmt.Errorf("this looks like binary data, not text (%s of %s are not text); use plain UTF-8 text",
			groupThousands(junk), plural(utf8.RuneCountInString(raw), "character"))
	}
	if strings.TrimSpace(clean) == "" {
		return "", errors.New("the text is empty")
	}
	var notes []string
	if bad > 0 {
		notes = append(notes, plural(bad, "invalid byte")+" replaced")
	}
	if controls > 0 {
		notes = append(notes, "removed "+plural(controls, "control character"))
	}
	if len(clean) > MaxTextBytes {
		cut := MaxTextBytes
		for cut > 0 && !utf8.RuneStart(clean[cut]) {
			cut--
		}
		if nl := strings.LastIndexByte(clean[:cut], '\n'); nl > cut/2 {
			cut = nl + 1
		}
		notes = append(notes, fmt.Sprintf("the text is %.1f MiB; using its first %.1f MiB", float64(len(clean))/(1<<20), float64(cut)/(1<<20)))
		clean = clean[:cut]
	}
	n := utf8.RuneCountInString(clean)
	if n < MinTextRunes {
		return "", fmt.Errorf("the text has %s; at least %d are needed", plural(n, "character"), MinTextRunes)
	}
	distinct := map[rune]int{}
	for _, r := range clean {
		distinct[r]++
	}
	if len(distinct) > MaxVocab {
		var mark rune
		clean, mark = keepFrequent(clean, distinct, MaxVocab-1)
		notes = append(notes, fmt.Sprintf("kept the %s most frequent of %s different characters; the rest are shown as %c",
			groupThousands(MaxVocab-1), groupThousands(len(distinct)), mark))
	}
	if len(distinct) < 2 {
		return "", errors.New("the text repeats a single character; a model cannot learn anything from it")
	}
	if name == "" {
		name = "your text"
	}
	c := Corpus{Name: CustomCorpus, Title: fmt.Sprintf("%s (%s)", shorten(name, 40), plural(n, "character")), Text: clean}
	st := s.settings
	st.Corpus = CustomCorpus
	if err := s.rebuild(c, st); err != nil {
		return "", err
	}
	s.custom = &c
	return strings.Join(notes, "; "), nil
}

// stripControls removes the control characters core.CleanText keeps:
// C1 controls (U+0080–U+009F). Tab, newline and carriage return stay (a
// CRLF text is not junk). It reports how many went.
func stripControls(s string) (string, int) {
	n := 0
	out := strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && r != '\r' && unicode.IsControl(r) {
			n++
			return -1
		}
		return r
	}, s)
	return out, n
}

// placeholders are visible characters that stand for the rare characters
// dropped from a text with too many; the first not in the text is used.
var placeholders = []rune{'□', '¤', '�', '#'}

// keepFrequent keeps the keep most frequent characters of s (ties go to the
// smaller code point) and replaces every other one by a placeholder that
// does not occur in s, which it returns.
func keepFrequent(s string, counts map[rune]int, keep int) (string, rune) {
	runes := make([]rune, 0, len(counts))
	for r := range counts {
		runes = append(runes, r)
	}
	slices.SortFunc(runes, func(a, b rune) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return int(a - b)
	})
	kept := map[rune]bool{}
	for _, r := range runes[:keep] {
		kept[r] = true
	}
	mark := placeholders[len(placeholders)-1]
	for _, p := range placeholders {
		if counts[p] == 0 {
			mark = p
			break
		}
	}
	return strings.Map(func(r rune) rune {
		if kept[r] {
			return r
		}
		return mark
	}, s), mark
}

// SetWindowLen sets how many characters the trace window shows.
func (s *Session) SetWindowLen(n int) {
	n = min(max(n, MinWindow), MaxWindow)
	if n == s.windowLen {
		return
	}
	s.windowLen = n
	s.windowStart = s.pickWindowStart(s.windowStart)
	s.traceDirty = true
}

// MoveWindow shows the next (dir > 0) or previous (dir < 0) window of text,
// each starting at a line start when there is one nearby.
func (s *Session) MoveWindow(dir int) {
	if dir >= 0 {
		s.windowStart = s.pickWindowStart(s.windowStart + s.windowLen)
	} else {
		s.windowStart = s.pickWindowStartBefore(s.windowStart - s.windowLen)
	}
	s.traceDirty = true
}

// pickWindowStartBefore finds the last line start at or before at.
func (s *Session) pickWindowStartBefore(at int) int {
	src := s.windowSource()
	n := len(src) - s.windowLen - 1
	if n <= 0 || at <= 0 {
		return 0
	}
	at = min(at, n-1)
	nl, ok := s.tr.Model.Vocab.Index('\n')
	if !ok {
		return at
	}
	for i := at - 1; i >= 0 && i >= at-400; i-- {
		if src[i] == nl {
			return i + 1
		}
	}
	return at
}

// NextLayer shows the next layer down in the window, after the bottom one
// the top one again. It does nothing for a one-layer model.
func (s *Session) NextLayer() {
	if s.settings.Layers < 2 {
		return
	}
	s.layerFromTop = (s.layerFromTop + 1) % s.settings.Layers
	s.traceDirty = true
}

// StepOnce does a single training step even when paused.
func (s *Session) StepOnce() {
	t0 := s.now()
	s.step()
	s.busy += s.now().Sub(t0)
	s.traceDirty, s.sampleDirty, s.valDirty = true, true, true
}

// Advance trains for about budget of wall time and refreshes the views'
// data when due. Steps are whole: a step longer than the budget runs once
// enough budget has accumulated over several calls, so training keeps its
// share of wall time however long a frame is.
func (s *Session) Advance(budget time.Duration) {
	start := s.now()
	if !s.settings.Paused && s.tr != nil {
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
	s.meter.add(s.now(), s.totalChars, s.busy)
}

// step runs one training step and records its loss.
func (s *Session) step() {
	before := s.tr.CharsTrained
	loss, err := s.tr.Step()
	if err != nil {
		s.settings.Paused = true
		if errors.Is(err, core.ErrDiverged) {
			restored := fmt.Sprintf("The model of step %d was restored", s.tr.Steps)
			if s.tr.Steps == 0 {
				restored = "The model went back to its starting weights"
			}
			s.blowups = append(s.blowups[:len(s.blowups):len(s.blowups)], Blowup{Step: s.tr.Steps, LR: s.tr.Config.LR})
			s.errMsg = fmt.Sprintf("Training diverged at learning rate %s: the loss blew up. "+
				"%s and training is paused. Lower the learning rate (try %s), then press Space or Run.",
				formatRate(s.tr.Config.LR), restored, formatRate(suggestLR(s.tr.Config.LR)))
		} else {
			s.errMsg = "training stopped: " + err.Error()
		}
		s.dropHistoryAfter(s.tr.Steps)
		s.traceDirty, s.sampleDirty, s.valDirty = true, true, true // show the restored model
		s.version++
		return
	}
	s.errMsg = ""
	s.totalChars += s.tr.CharsTrained - before
	s.histSum += loss
	s.histN++
	if s.histN >= s.histEvery {
		s.pushLoss(LossPoint{Step: s.tr.Steps, Chars: s.tr.CharsTrained, Loss: s.histSum / float64(s.histN)})
		s.histSum, s.histN = 0, 0
	}
	s.version++
}

// minPreviousSteps is how long a model must have trained for its loss curve
// to be kept beside the next model's.
const minPreviousSteps = 20

// runLabel names a model for the loss plot's legend: "LSTM-64, lr 0.003",
// "2×GRU-48, lr 0.01".
func runLabel(st Settings, lr float64) string {
	layers := ""
	if st.Layers > 1 {
		layers = fmt.Sprintf("%d×", st.Layers)
	}
	return fmt.Sprintf("%s%s-%d, lr %s", layers, CellLabel(st.Cell), st.Hidden, formatRate(lr))
}

// suggestLR is a rate well below one that diverged, rounded for reading.
// A tenth of a diverging rate often still diverges on the default corpus
// (1 → 0.1 blows up within a few hundred steps), so it goes down by 30 and
// never above the default rate, which is known to train.
func suggestLR(lr float64) float64 {
	x := math.Min(lr/30, DefaultSettings().LR)
	p := math.Pow(10, math.Floor(math.Log10(x)))
	return math.Round(x/p) * p
}

// formatRate writes a learning rate without float noise: two significant
// digits in plain decimal notation (0.0003, not 3e-04 or 0.00030000000000000003).
func formatRate(lr float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(lr, 'g', 2, 64), 64)
	if err != nil {
		return strconv.FormatFloat(lr, 'g', 2, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// dropHistoryAfter forgets the loss points of steps the trainer undid when
// it restored an earlier model, so blown-up losses do not stretch the chart.
// It builds new slices: snapshots handed out keep the old arrays intact.
func (s *Session) dropHistoryAfter(step int) {
	keep := func(h []LossPoint) []LossPoint {
		var out []LossPoint
		for _, p := range h {
			if p.Step <= step {
				out = append(out, p)
			}
		}
		return out
	}
	s.hist, s.valHist = keep(s.hist), keep(s.valHist)
	s.histSum, s.histN = 0, 0
}

// pushLoss appends to the history. When it is full, pairs of points are
// merged into a new array, so snapshots that hold the old one stay valid.
func (s *Session) pushLoss(p LossPoint) {
	if len(s.hist) >= maxHistory {
		merged := make([]LossPoint, 0, maxHistory)
		for i := 0; i+1 < len(s.hist); i += 2 {
			a, b := s.hist[i], s.hist[i+1]
			merged = append(merged, LossPoint{Step: b.Step, Chars: b.Chars, Loss: (a.Loss + b.Loss) / 2})
		}
		s.hist = merged
		s.histEvery *= 2
	}
	s.hist = append(s.hist, p)
}

// refresh recomputes at most one of trace, sample and validation loss per
// call, so no single frame pays for all three.
func (s *Session) refresh(now time.Time) {
	running := !s.settings.Paused
	switch {
	case s.traceDirty || running && now.Sub(s.lastTrace) >= TraceEvery:
		s.refreshTrace(now)
	case s.sampleDirty || running && now.Sub(s.lastSample) >= SampleEvery:
		s.refreshSample(now)
	case s.valDirty || running && s.valDue(now):
		s.refreshVal(now)
	}
}

func (s *Session) refreshTrace(now time.Time) {
	s.lastTrace, s.traceDirty = now, false
	src := s.windowSource()
	end := min(s.windowStart+s.windowLen+1, len(src))
	ids := src[s.windowStart:end]
	if len(ids) < 2 {
		return
	}
	wt, err := s.tr.Model.TraceWindow(ids, nil)
	if err != nil {
		s.notice = "trace: " + err.Error()
		return
	}
	s.window = newWindow(wt, s.tr.Model.Vocab, s.tr.Steps, s.layerFromTop)
	s.version++
}

func (s *Session) refreshSample(now time.Time) {
	s.lastSample, s.sampleDirty = now, false
	temp := s.settings.Temperature
	out, err := s.tr.Model.Sample(s.rng, core.SampleOptions{N: SampleLen, Temperature: temp})
	if err != nil {
		s.notice = "sample: " + err.Error()
		return
	}
	s.sample, s.sampleTemp, s.sampleStep = out, temp, s.tr.Steps
	s.version++
}

// valDue says when to measure the validation loss again: every ValEvery,
// and early on whenever the step count has doubled (but not more often than
// eight times per ValEvery), so the validation curve follows the fast early
// fall of the loss instead of cutting across it in one straight line.
func (s *Session) valDue(now time.Time) bool {
	since := now.Sub(s.lastVal)
	return since >= ValEvery || since >= ValEvery/8 && s.tr.Steps >= 2*s.valStep+16
}

func (s *Session) refreshVal(now time.Time) {
	s.lastVal, s.valStep, s.valDirty = now, s.tr.Steps, false
	val := s.tr.Val
	if len(val) < 2 {
		return
	}
	val = val[:min(len(val), valChars)]
	loss, err := s.tr.Model.Evaluate(val, 4, 64)
	if err != nil || math.IsNaN(loss) {
		return
	}
	s.valLoss = loss
	p := LossPoint{Step: s.tr.Steps, Chars: s.tr.CharsTrained, Loss: loss}
	if n := len(s.valHist); n > 0 && s.valHist[n-1].Step == p.Step {
		s.valHist = append(s.valHist[:n-1:n-1], p) // new array: snapshots keep theirs
	} else if n >= maxHistory {
		s.valHist = append(append([]LossPoint(nil), s.valHist[n/2:]...), p)
	} else {
		s.valHist = append(s.valHist, p)
	}
	s.version++
}

// Snapshot returns an immutable picture of the session for the views. It is
// rebuilt only when something changed; between changes it costs a copy.
func (s *Session) Snapshot() Snapshot {
	rate, share := s.meter.rates()
	if s.snapVer != s.version || s.snap.Generation != s.gen || s.snap.Version == 0 {
		s.snap = Snapshot{
			Version:     s.version,
			Generation:  s.gen,
			Settings:    s.settings,
			CorpusName:  s.active.Name,
			CorpusTitle: s.active.Title,
			TextChars:   len(s.tr.Train) + len(s.tr.Val),
			Vocab:       s.tr.Model.Vocab.Size(),
			Alphabet:    s.tr.Model.Vocab.Runes(),
			Params:      core.ParamCount(s.tr.Model.Params()),
			Batch:       s.tr.Config.Batch,
			Seq:         s.tr.Config.Seq,
			Step:        s.tr.Steps,
			Chars:       s.tr.CharsTrained,
			Loss:        s.lastLoss(),
			ValLoss:     s.valLoss,
			History:     s.hist[:len(s.hist):len(s.hist)],
			ValHistory:  s.valHist[:len(s.valHist):len(s.valHist)],
			Previous:    s.prev,
			Blowups:     s.blowups,
			Sample:      s.sample,
			SampleTemp:  s.sampleTemp,
			SampleStep:  s.sampleStep,
			Window:      s.window,
			Notice:      s.notice,
			Error:       s.errMsg,
		}
		s.snapVer = s.version
	}
	out := s.snap
	out.CharsPerSec, out.TrainShare = rate, share
	out.StepMs = float64(s.stepCost) / float64(time.Millisecond)
	return out
}

func (s *Session) lastLoss() float64 {
	if s.tr.Steps == 0 {
		return math.NaN()
	}
	return s.tr.LastLoss
}

// ClearNotice removes the notice line (the learner dismissed it).
func (s *Session) ClearNotice() {
	if s.notice != "" {
		s.notice = ""
		s.version++
	}
}

// rateMeter measures characters per second and the training share of wall
// time over roughly the last second.
type rateMeter struct {
	at    [64]time.Time
	chars [64]int64
	busy  [64]time.Duration
	n     int // samples written
}

func (m *rateMeter) add(t time.Time, chars int64, busy time.Duration) {
	i := m.n % len(m.at)
	m.at[i], m.chars[i], m.busy[i] = t, chars, busy
	m.n++
}

// rates compares the newest sample with the oldest one at least a second
// older (or the oldest kept).
func (m *rateMeter) rates() (charsPerSec, share float64) {
	if m.n < 2 {
		return 0, 0
	}
	last := (m.n - 1) % len(m.at)
	oldest := max(0, m.n-len(m.at))
	j := oldest
	for k := m.n - 2; k >= oldest; k-- {
		j = k
		if m.at[last].Sub(m.at[k%len(m.at)]) >= time.Second {
			break
		}
	}
	j %= len(m.at)
	dt := m.at[last].Sub(m.at[j]).Seconds()
	if dt <= 0 {
		return 0, 0
	}
	return float64(m.chars[last]-m.chars[j]) / dt, (m.busy[last] - m.busy[j]).Seconds() / dt
}
