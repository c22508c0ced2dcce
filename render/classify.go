package render

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/assets"
	"rnnlab/classify"
	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// classifyMode is the "read and decide" task: a classifier that reads a
// headline and decides its topic, trained live as the language model is.
// It owns a lab.Decider and six panels: the buttons and the status line
// (classifybar.go), the reading view (classifyread.go), the accuracy plot
// (classifyacc.go), the confusion matrix and the misclassified headlines
// (classifyconf.go). The text box is in classifytext.go. The language
// model's session stays as it is, paused, while this task is shown.
type classifyMode struct {
	dec       *lab.Decider
	err       error // why the task could not start
	snap      lab.DecideSnapshot
	trainedAt time.Time // when train last ran
	updatedAt time.Time // when update last ran

	// The task's own layout: ComputeWith over its buttons' labels, shared
	// among its panels by LayoutDecide.
	layout    ui.Layout
	parts     ui.DecideLayout
	layoutOf  decideLayoutOf
	layoutGen int
	buttons   []ui.Button
	labels    []string

	box textBox // the text box (classifytext.go)

	// The misclassified headlines: which cell of the matrix they come
	// from (-1: all) and the first row shown.
	filterTrue, filterPred int
	loading                bool // the built-in headlines are on their way
	// names are the labels as the learner reads them (namedLabels).
	names        []string
	namesOf      []string
	namesLang    words.Lang
	firstMistake int
	col          int // the column selected with ← →, -1 for none

	// What the learner has been told.
	noticeID   uint64
	errorOf    string
	shownGen   int
	resetAsked bool

	bar      *decideBar
	status   *decideStatus
	reading  *readingPanel
	accuracy *accuracyPanel
	conf     *confusionPanel
	mistakes *mistakesPanel
}

// decideLayoutOf is what the task's layout was computed for.
type decideLayoutOf struct {
	w, h             int
	scale, textScale float64
	touch, lecture   bool
	labels           string
}

func newClassifyMode() *classifyMode {
	m := &classifyMode{filterTrue: -1, filterPred: -1, col: -1}
	m.bar = &decideBar{m: m, hover: -1}
	m.status = &decideStatus{m: m}
	m.reading = &readingPanel{m: m}
	m.accuracy = &accuracyPanel{m: m}
	m.conf = &confusionPanel{m: m}
	m.mistakes = &mistakesPanel{m: m}
	return m
}

func (m *classifyMode) panels() []panel {
	return []panel{m.bar, m.status, m.reading, m.accuracy, m.conf, m.mistakes}
}

// shown reports whether the task is on screen.
func (m *classifyMode) shown(g *Game) bool { return g.task == TaskDecide }

// ensure starts the task's classifier the first time it is needed, on the
// built-in headlines in the language the app speaks.
func (m *classifyMode) ensure(g *Game) {
	if m.dec != nil || m.err != nil {
		return
	}
	topics := assets.TopicSets
	if g.opts.Topics != nil {
		topics = g.opts.Topics
	}
	sets, err := topics()
	m.loading = errors.Is(err, assets.ErrTopicsLoading)
	if m.loading {
		return // asked again next frame
	}
	if err != nil {
		m.err = err
		return
	}
	var data []lab.DecideData
	for _, s := range sets {
		title := words.M("decide.data.en")
		if words.Lang(s.Lang) == words.Ukrainian {
			title = words.M("decide.data.uk")
		}
		d, err := lab.TopicData(s.Lang, title, s.Train, s.Held)
		if err != nil {
			m.err = err
			return
		}
		data = append(data, d)
	}
	st := lab.DefaultDecideSettings()
	if g.lang == words.Ukrainian {
		st.Data = lab.DataUkrainian
	}
	m.dec, m.err = lab.NewDecider(data, st, nil)
	if m.dec != nil {
		m.snap = m.dec.Snapshot()
		m.shownGen = m.snap.Generation
	}
}

// update reads the frame's typing and the classifier's state.
func (m *classifyMode) update(g *Game) {
	m.ensure(g)
	now := time.Now()
	if now.Sub(m.updatedAt) > 3*time.Second {
		m.trainedAt = time.Time{} // back after a while: no burst of training to make up for it
	}
	m.updatedAt = now
	g.msgs.expire(g, now)
	if m.dec == nil {
		m.relayout(g)
		return
	}
	m.box.update(g, m)
	m.wheel(g)
	m.snap = m.dec.Snapshot()
	m.nameLabels(g)
	m.announce(g)
	m.relayout(g)
}

// decideShare is the share of wall time the classifier trains and
// measures. Its updates take 40 to 400 ms (a batch of 32 headlines read
// both ways), several frames' time, so it takes a larger share than the
// language model's quick steps and a longer interval counts: a frame that
// waited for an update still gives the next one its share.
const decideShare = 0.8

// decideMaxInterval is the most time one call counts (a hidden tab's pause
// is not made up for).
const decideMaxInterval = time.Second

// train trains and measures for the task's share of the time since it
// last trained (the Game's budget is for the language model's steps).
func (m *classifyMode) train(g *Game, budget time.Duration) {
	m.ensure(g)
	now := time.Now()
	interval := now.Sub(m.trainedAt)
	if m.trainedAt.IsZero() {
		interval = 0
	}
	m.trainedAt = now
	if m.dec != nil {
		m.dec.Advance(time.Duration(float64(min(interval, decideMaxInterval)) * decideShare))
	}
}

// announce tells the learner about a new classifier, a notice of the
// Decider's and why training stopped.
func (m *classifyMode) announce(g *Game) {
	s := m.snap
	if s.NoticeID != m.noticeID {
		m.noticeID = s.NoticeID
		if !s.Notice.IsZero() {
			g.Say(s.Notice)
			m.dec.ClearNotice()
		}
	}
	if e := s.Error.String(); e != m.errorOf {
		m.errorOf = e
		if e != "" {
			g.Say(s.Error)
		}
	}
	if s.Generation != m.shownGen {
		m.shownGen = s.Generation
		m.firstMistake, m.filterTrue, m.filterPred = 0, -1, -1
		if m.resetAsked || g.layout.Status.Empty() { // before the first layout: nothing to announce
			m.resetAsked = false
			return
		}
		g.flash(words.M("decide.new_model", s.Settings.Label().Msg()), words.M("decide.new_model_short"))
	}
}

// nameLabels names the labels in the app's language: the built-in topics
// have words in the catalogue (topic.sport…); a file's own labels are
// shown as they are written.
func (m *classifyMode) nameLabels(g *Game) {
	s := m.snap
	if m.namesLang == g.lang && slices.Equal(m.namesOf, s.Labels) {
		return
	}
	m.namesOf, m.namesLang = s.Labels, g.lang
	m.names = make([]string, len(s.Labels))
	for i, l := range s.Labels {
		m.names[i] = l
		if s.Data != lab.CustomData && words.Has(g.lang, "topic."+l) {
			m.names[i] = g.word("topic." + l)
		}
	}
}

// relayout lays the task's screen out again when the window, the text
// size or a button's label changed.
func (m *classifyMode) relayout(g *Game) {
	if g.fonts == nil || g.w == 0 {
		return
	}
	st := lab.DefaultDecideSettings()
	if m.dec != nil {
		st = m.dec.Settings()
	}
	m.buttons = ui.DecideButtons(st, m.dataName(), g.lang)
	m.labels = m.labels[:0]
	for _, b := range m.buttons {
		m.labels = append(m.labels, g.text(b.Label))
	}
	of := decideLayoutOf{w: g.w, h: g.h, scale: g.scale, textScale: g.textScale, touch: g.touchLayout, lecture: g.lecture}
	for _, s := range m.labels {
		of.labels += s + "\x00"
	}
	if of == m.layoutOf {
		return
	}
	m.layoutOf = of
	opt := ui.Options{Touch: g.touchLayout, Lecture: g.lecture, TextScale: g.textScale}
	m.layout = ui.ComputeWith(g.w, g.h, g.scale, m.labels, g.fonts.measure, opt)
	m.parts = ui.LayoutDecide(m.layout)
	m.layoutGen++
	g.paint.full = true
}

// dataName is the words of the data shown on its button: English,
// Ukrainian, or the learner's file.
func (m *classifyMode) dataName() words.Msg {
	switch m.snap.Data {
	case lab.DataUkrainian:
		return words.M("decide.data_short.uk")
	case lab.CustomData:
		return words.M("decide.data_short.own")
	}
	return words.M("decide.data_short.en")
}

// act takes the actions of keys and buttons while the task is shown: the
// language model's settings keys set the classifier's, B switches reading
// in both directions, L the layer count, P the pooling, C the data, T the
// text box, PgUp PgDn the held-out headline read, ← → a character, ↑ ↓
// the misclassified list. The app's own actions (language, theme, help,
// task…) go to the Game; the views' keys only say they belong to the other
// task.
func (m *classifyMode) act(g *Game, a ui.Action) bool {
	if m.box.typing {
		if a == ui.ActClose {
			m.box.stop(g, m)
		}
		return true // keys are typed into the box
	}
	switch a {
	case ui.ActLang, ui.ActTask, ui.ActExport, ui.ActFull, ui.ActTheme, ui.ActLecture,
		ui.ActSmaller, ui.ActBigger, ui.ActHelp, ui.ActClose:
		return false
	}
	if m.dec == nil {
		return true
	}
	st := m.dec.Settings()
	switch a {
	case ui.ActPause:
		st.Paused = !st.Paused
	case ui.ActStep:
		if !st.Paused {
			st.Paused = true
			m.dec.Apply(st)
		}
		m.dec.StepOnce()
		return true
	case ui.ActReset:
		m.dec.Reset()
		m.resetAsked = true
		g.flash(words.M("decide.reset"), words.M("app.reset_short"))
		return true
	case ui.ActRNN:
		st.Cell = core.RNNTanh
	case ui.ActReLU:
		st.Cell = core.RNNReLU
	case ui.ActLSTM:
		st.Cell = core.LSTM
	case ui.ActGRU:
		st.Cell = core.GRU
	case ui.ActBackward:
		st.Bidirectional = !st.Bidirectional
	case ui.ActLayer:
		st.Layers = st.Layers%classify.MaxLayers + 1
	case ui.ActPlay:
		if st.Pool == core.PoolMean {
			st.Pool = core.PoolFinal
		} else {
			st.Pool = core.PoolMean
		}
	case ui.ActHiddenDown:
		st.Hidden = max(lab.MinDecideHidden, ui.StepHidden(st.Hidden, -1))
	case ui.ActHiddenUp:
		limit := lab.MaxDecideHidden(st.Cell, st.Bidirectional, st.Layers)
		if st.Hidden >= limit {
			g.flash(words.M("decide.size_limit", limit))
			return true
		}
		st.Hidden = min(ui.StepHidden(st.Hidden, 1), limit)
	case ui.ActLRDown:
		st.LR = ui.StepLR(st.LR, -1)
	case ui.ActLRUp:
		st.LR = ui.StepLR(st.LR, 1)
	case ui.ActCorpus:
		names := m.dec.DataNames()
		st.Data = names[(slices.Index(names, st.Data)+1)%len(names)]
	case ui.ActText:
		m.box.open(g, m)
		return true
	case ui.ActPrevWindow, ui.ActNextWindow:
		d := 1
		if a == ui.ActPrevWindow {
			d = -1
		}
		m.dec.MoveHeld(d)
		m.box.text = ""
		m.col = -1
		return true
	case ui.ActPrevStep, ui.ActNextStep:
		m.moveColumn(a == ui.ActNextStep)
		return true
	case ui.ActUnitsUp:
		m.scrollMistakes(-1)
		return true
	case ui.ActUnitsDown:
		m.scrollMistakes(1)
		return true
	case ui.ActSave:
		m.save(g)
		return true
	default:
		g.flash(words.M("decide.key_elsewhere"))
		return true
	}
	m.dec.Apply(st)
	return true
}

// moveColumn selects the next or previous character of the reading.
func (m *classifyMode) moveColumn(next bool) {
	n := 0
	if r := m.snap.Reading; r != nil && r.Reading != nil {
		n = len(r.Reading.Chars)
	}
	if n == 0 {
		return
	}
	switch {
	case m.col < 0 && next:
		m.col = 0
	case m.col < 0:
		m.col = n - 1
	case next:
		m.col = min(n-1, m.col+1)
	default:
		m.col = max(0, m.col-1)
	}
}

// save hands the classifier to the platform as a safetensors file.
func (m *classifyMode) save(g *Game) { g.saveWith(m.dec.SaveModel) }

// pastedName is the name the page gives text pasted into its text box.
const pastedName = "pasted text"

// takeFile takes a file dropped or picked, or text pasted, while the task
// is shown: pasted text without a tab is a headline to read; anything else
// is a labelled file (label<TAB>text lines) to train on. A file that cannot
// be used is explained and changes nothing.
func (m *classifyMode) takeFile(g *Game, name string, data []byte) {
	m.ensure(g)
	if m.dec == nil {
		return
	}
	switch {
	case IsModelFile(name, data):
		g.Say(words.M("decide.model_file", name))
		return
	case name == pastedName && !bytes.ContainsRune(data, '\t'):
		m.box.text = string(data)
		m.dec.ReadText(m.box.text)
		m.col = -1
		return
	case int64(len(data)) >= g.opts.MaxDropBytes:
		g.Say(words.M("decide.data_refused", name, words.M("decide.file_too_big", g.opts.MaxDropBytes>>20)))
		return
	}
	own, err := lab.OwnData(name, data)
	if err == nil {
		err = m.dec.SetOwnData(own)
	}
	if err != nil {
		g.Say(words.M("decide.data_refused", name, words.Raw(err.Error())))
		return
	}
	m.resetAsked = true // the message below says it all
	g.flash(words.M("decide.data_taken", name, len(own.Train.Labels), len(own.Train.Examples), len(own.Held.Examples)))
}

// scrollMistakes moves the list of misclassified headlines by pages.
func (m *classifyMode) scrollMistakes(dir int) {
	step := max(1, m.mistakes.rows/2)
	m.firstMistake = max(0, m.firstMistake+dir*step)
}

// wheel scrolls the misclassified list under the pointer. (Over the
// reading view the Game turns the wheel into ↑ ↓, which scroll it too.)
func (m *classifyMode) wheel(g *Game) {
	if _, wy := ebiten.Wheel(); wy != 0 && m.parts.Mistakes.Contains(g.ptr.x, g.ptr.y) && !g.layout.Timeline.Contains(g.ptr.x, g.ptr.y) {
		m.scrollMistakes(-int(math.Copysign(1, wy)))
	}
}

// Decide is the "read and decide" task's state, for the platform to
// publish; false before the task has been shown.
func (g *Game) Decide() (lab.DecideSnapshot, bool) {
	m, ok := g.cls.(*classifyMode)
	if !ok || m.dec == nil {
		return lab.DecideSnapshot{}, false
	}
	return m.snap, true
}
