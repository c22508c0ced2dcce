package lab

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"rnnlab/classify"
	"rnnlab/words"
)

// DecideReading is one text read by the classifier, for the reading view:
// a held-out headline or the learner's own text.
type DecideReading struct {
	Typed bool   // the learner's own text, else a held-out headline
	Text  string // as given
	Held  int    // the held-out headline's index, when not Typed
	True  int    // its label; -1 for a typed text
	Step  int    // the update of the model that read it
	// Reading is what the model did, position by position; nil when the
	// text could not be read (Problem says why) or is too long to show
	// position by position (Prediction still holds the decision).
	Reading    *classify.Reading
	Prediction *classify.Prediction
	Problem    words.Msg // why there is no reading or prediction
}

// MaxReadRunes is the longest text the reading view reads position by
// position: a bidirectional model reads every prefix anew, which costs
// the square of the length. Longer texts (up to classify.MaxTextRunes) get
// only the decision.
const MaxReadRunes = 240

// readSource is what the reading view reads.
type readSource struct {
	typed bool
	text  string
	held  int
}

// readText reads src's text with m (after step updates).
func readText(m *classify.Model, src readSource, trueLabel, step int) *DecideReading {
	r := &DecideReading{Typed: src.typed, Text: src.text, Held: src.held, True: trueLabel, Step: step}
	if p := textProblem(m, src.text); !p.IsZero() {
		r.Problem = p
		return r
	}
	if n := utf8.RuneCountInString(src.text); n > MaxReadRunes {
		p, err := m.Predict(src.text)
		if err != nil {
			r.Problem = words.M("decide.text_cannot", words.Raw(err.Error()))
			return r
		}
		r.Prediction = p
		return r
	}
	rd, err := m.Read(src.text)
	if err != nil {
		r.Problem = words.M("decide.text_cannot", words.Raw(err.Error()))
		return r
	}
	r.Reading, r.Prediction = rd, &rd.Prediction
	return r
}

// textProblem explains why m cannot read a text, in the learner's words;
// zero when it can.
func textProblem(m *classify.Model, text string) words.Msg {
	if !utf8.ValidString(text) {
		return words.M("decide.text_binary")
	}
	if n := utf8.RuneCountInString(text); n > classify.MaxTextRunes {
		return words.M("decide.text_long", n, classify.MaxTextRunes)
	}
	_, read, unknown := m.Encode(text)
	letter := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	switch {
	case strings.IndexFunc(string(read), letter) >= 0:
		return words.Msg{}
	case len(unknown) > 0:
		return words.M("decide.text_unknown", quoteRunes(unknown, 8), m.Vocab.Size(), vocabSample(m))
	case strings.TrimSpace(string(read)) == "":
		return words.M("decide.text_empty")
	}
	return words.M("decide.text_no_letter", string(read))
}

// quoteRunes lists up to n characters, quoted, and how many more.
func quoteRunes(rs []rune, n int) words.Msg {
	var parts []words.Msg
	for i, r := range rs {
		if i == n {
			parts = append(parts, words.M("decide.and_more", len(rs)-n))
			break
		}
		parts = append(parts, words.Raw("‘"+string(r)+"’"))
	}
	return words.List(parts)
}

// vocabSample is a few of the letters a model knows.
func vocabSample(m *classify.Model) string {
	var out []rune
	for _, r := range m.Vocab.Runes() {
		if unicode.IsLetter(r) && len(out) < 12 {
			out = append(out, r)
		}
	}
	return string(out)
}
