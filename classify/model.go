package classify

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"rnnlab/core"
)

// Model is a character-level text classifier: the network, the characters
// it knows and the names of its classes.
//
// A Model is not safe for concurrent use: Predict, Read and Evaluate use the
// network's buffers, as Trainer.Step does. Call them between steps.
type Model struct {
	Net    *core.Classifier
	Vocab  *core.Vocab
	Labels []string
	Fold   bool // texts are folded (see Fold) before they are read
}

// ErrEmptyText is returned for a text with no characters.
var ErrEmptyText = errors.New("the text is empty: type or paste a headline")

// Encode turns text into the ids the model reads: the text is cleaned as
// ParseTSV cleans it, folded if the model folds, and characters the model
// never saw are left out. read is what remains, one rune per id; unknown
// lists the distinct characters left out, in order of appearance.
func (m *Model) Encode(text string) (ids []int32, read []rune, unknown []rune) {
	text = cleanText(text)
	if m.Fold {
		text = Fold(text)
	}
	for _, r := range text {
		if id, ok := m.Vocab.Index(r); ok {
			ids = append(ids, id)
			read = append(read, r)
		} else if !slices.Contains(unknown, r) {
			unknown = append(unknown, r)
		}
	}
	return ids, read, unknown
}

// foldedLen is the number of characters of text as the model sees it
// before unknown ones are left out.
func (m *Model) foldedLen(text string) int { return utf8.RuneCountInString(cleanText(text)) }

// Prediction is the model's decision about one text.
type Prediction struct {
	Class   int       // index into Labels
	Label   string    // the decided label
	Probs   []float64 // the probability of every label, summing to 1
	Read    string    // the text as the model read it (folded, unknown characters left out)
	Unknown []rune    // characters the model never saw, left out
}

// Predict decides one text's label.
func (m *Model) Predict(text string) (*Prediction, error) {
	ids, read, unknown, err := m.prepare(text)
	if err != nil {
		return nil, err
	}
	probs := m.Net.ProbsTokens(ids, len(ids), 1)
	return m.prediction(probs, read, unknown), nil
}

// prepare encodes a typed text and explains why it cannot be read.
func (m *Model) prepare(text string) (ids []int32, read, unknown []rune, err error) {
	if n := utf8.RuneCountInString(text); n > MaxTextRunes {
		return nil, nil, nil, fmt.Errorf("the text is %d characters long; the limit is %d (one headline or sentence)", n, MaxTextRunes)
	}
	if !utf8.ValidString(text) {
		return nil, nil, nil, errors.New("the text is not valid UTF-8")
	}
	ids, read, unknown = m.Encode(text)
	switch {
	case readable(read):
		return ids, read, unknown, nil
	case len(unknown) == 0 && strings.TrimSpace(string(read)) == "":
		return nil, nil, nil, ErrEmptyText
	case len(unknown) == 0:
		return nil, nil, nil, fmt.Errorf("the text %q has no letter or digit to read", string(read))
	}
	return nil, nil, unknown, fmt.Errorf("none of the text's characters (%s) is one the model has seen; it was trained on %s",
		quoteRunes(unknown, 12), describeVocab(m.Vocab))
}

func (m *Model) prediction(probs []float64, read, unknown []rune) *Prediction {
	p := &Prediction{Probs: slices.Clone(probs), Read: string(read), Unknown: unknown}
	p.Class = core.Argmax(p.Probs)
	p.Label = m.Labels[p.Class]
	return p
}

// Reading is what the model did with one text, position by position: the
// material of the "read and decide" view.
type Reading struct {
	Prediction
	Chars []rune // the characters read, one per position t
	// Prefix[t] holds the label probabilities the model gives the text cut
	// after position t: how the decision forms while reading left to right.
	// Prefix[len-1] equals Probs.
	Prefix [][]float64
	// Trace holds every layer's and direction's hidden states (and gates)
	// at each position, as for the language model's timeline. Trace.Dirs
	// is indexed layer·D + d; d = 1 reads right to left, and its state at
	// position t is the state after reading t … end.
	Trace *core.Trace
}

// Read decides one text and records how: the per-position probabilities of
// a left-to-right reading and the network's states. For a bidirectional
// model each prefix is read anew, so this costs about len/2 times Predict.
func (m *Model) Read(text string) (*Reading, error) {
	ids, read, unknown, err := m.prepare(text)
	if err != nil {
		return nil, err
	}
	prefix := m.Net.PrefixProbs(ids)
	st := m.Net.Stack
	st.SetRecording(true)
	probs := m.Net.ProbsTokens(ids, len(ids), 1)
	r := &Reading{Prediction: *m.prediction(probs, read, unknown), Chars: read, Prefix: prefix, Trace: st.Trace()}
	st.SetRecording(false)
	return r, nil
}

// readable reports whether a text has a letter or a digit: spaces and
// punctuation alone say nothing about a topic.
func readable(rs []rune) bool {
	return slices.ContainsFunc(rs, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// quoteRunes lists up to n runes, quoted, then how many more.
func quoteRunes(rs []rune, n int) string {
	var b strings.Builder
	for i, r := range rs {
		if i == n {
			fmt.Fprintf(&b, " and %d more", len(rs)-n)
			break
		}
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%q", r)
	}
	return b.String()
}

// describeVocab names a vocabulary's size and a sample of its letters.
func describeVocab(v *core.Vocab) string {
	var letters []rune
	for _, r := range v.Runes() {
		if r > ' ' && len(letters) < 16 {
			letters = append(letters, r)
		}
	}
	return fmt.Sprintf("%d characters such as %s", v.Size(), string(letters))
}
