package render

import (
	"slices"
	"time"

	"rnnlab/lab"
	"rnnlab/words"
)

// bannerLife is how long a notice or message stays unless dismissed: long
// enough to read twice, short enough not to hide the view for good.
const bannerLife = 20 * time.Second

// hintLife is how long a hint stays on the status line.
const hintLife = 4 * time.Second

// messages is what the app says: the banner (why training stopped, the
// session's notice, the app's own message) and short hints on the status
// line. Messages are kept as keys and formatted when drawn, so they follow
// a change of language.
type messages struct {
	message   words.Msg // the app's own banner message
	messageAt time.Time
	noticeID  uint64      // the session's notice on screen
	noticeAt  time.Time   // when it came
	hint      []words.Msg // variants, longest first
	hintUntil time.Time

	// The banner as formatted for the screen, and what it was made from.
	bannerText string
	bannerOf   bannerSource

	alphabet   []rune    // the last text's characters checked against the font
	fontNote   words.Msg // what was said about the font and the current text
	shownModel modelShown
	resetAsked bool // the next new model comes from Reset, which says so itself
}

// bannerSource is what the formatted banner was made from.
type bannerSource struct {
	notice    uint64
	errorOf   uint64 // the snapshot version, while there is an error
	messageAt time.Time
	lang      words.Lang
}

// Say shows a message in a banner over the view until the learner
// dismisses it or bannerLife passes.
func (g *Game) Say(m words.Msg) {
	g.msgs.setMessage(m)
	g.paint.interacted = true
}

// setMessage puts m on the banner (a zero m takes the message away).
func (m *messages) setMessage(msg words.Msg) { m.message, m.messageAt = msg, time.Now() }

// Message is the app's own banner message in the learner's language ("" when
// none), beside the session's notice.
func (g *Game) Message() string { return g.text(g.msgs.message) }

// dismiss removes the notice and the message.
func (g *Game) dismiss() {
	g.msgs.setMessage(words.Msg{})
	g.sess.ClearNotice()
}

// expire lets notices and messages fade after bannerLife.
func (m *messages) expire(g *Game, now time.Time) {
	if !m.message.IsZero() && now.Sub(m.messageAt) > bannerLife {
		m.setMessage(words.Msg{})
	}
	switch s := g.snap; {
	case s.NoticeID != m.noticeID:
		m.noticeID, m.noticeAt = s.NoticeID, now
	case !s.Notice.IsZero() && now.Sub(m.noticeAt) > bannerLife:
		g.sess.ClearNotice()
	}
}

// banner is the text over the view: why training stopped, else the
// session's notice and the app's message; "" when there is none.
func (m *messages) banner(g *Game) string {
	s := g.snap
	src := bannerSource{notice: s.NoticeID, messageAt: m.messageAt, lang: g.lang}
	if !s.Error.IsZero() {
		src.errorOf = s.Version
	}
	if src == m.bannerOf {
		return m.bannerText
	}
	m.bannerOf = src
	switch {
	case !s.Error.IsZero():
		m.bannerText = g.text(s.Error)
	case !s.Notice.IsZero() || !m.message.IsZero():
		m.bannerText = g.word("app.banner", words.Join([]words.Msg{s.Notice, m.message}))
	default:
		m.bannerText = ""
	}
	return m.bannerText
}

// flash shows a short hint on the status line for a few seconds: the first
// of its variants (longest first) that fits. A hint too long for the status
// line in every variant goes to the banner instead.
func (g *Game) flash(variants ...words.Msg) {
	if g.fonts != nil {
		fits := false
		for _, v := range variants {
			if g.fonts.measure(g.text(v), g.layout.Font) <= g.layout.Status.W {
				fits = true
			}
		}
		if !fits {
			g.Say(variants[0])
			return
		}
	}
	g.msgs.hint, g.msgs.hintUntil = variants, time.Now().Add(hintLife)
	g.paint.interacted = true
}

// hintNow is the hint to show on the status line, nil when none.
func (m *messages) hintNow(now time.Time) []words.Msg {
	if now.Before(m.hintUntil) {
		return m.hint
	}
	return nil
}

// modelShown identifies the model and text the views last showed.
type modelShown struct {
	gen    int
	corpus string
	chars  int
}

// noticeNewModel acts when a new model replaces the one shown (a new cell,
// size, seed or text, from a button, a key or a link): it says so, so the
// learner knows why the loss starts over (Reset says so itself), and checks
// the text's characters against the font.
func (g *Game) noticeNewModel() {
	s := g.snap
	m := &g.msgs
	prev := m.shownModel
	if prev.gen == s.Generation {
		return
	}
	m.shownModel = modelShown{gen: s.Generation, corpus: s.CorpusName, chars: s.TextChars}
	g.checkFont(s.Alphabet)
	if prev.gen == 0 {
		return // the first model needs no announcement
	}
	if m.resetAsked {
		m.resetAsked = false
		return
	}
	cell, hidden := lab.CellLabel(s.Settings.Cell), s.Settings.Hidden
	short := words.M("app.new_model_short", cell, hidden)
	if prev.corpus != s.CorpusName || prev.chars != s.TextChars {
		g.flash(words.M("app.new_text", cell, hidden), short)
		return
	}
	g.flash(words.M("app.new_model", cell, hidden), short)
}

// checkFont says so when a text has characters the font cannot draw, and
// takes back what it said of the previous text.
func (g *Game) checkFont(alphabet []rune) {
	m := &g.msgs
	if slices.Equal(alphabet, m.alphabet) {
		return
	}
	m.alphabet = alphabet
	note := g.gaps.describe(alphabet)
	if !note.IsZero() {
		g.Say(note)
	} else if !m.message.IsZero() && m.message.String() == m.fontNote.String() {
		m.setMessage(words.Msg{}) // it spoke of the previous text
	}
	m.fontNote = note
}
