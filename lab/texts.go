package lab

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"rnnlab/core"
	"rnnlab/labels"
	"rnnlab/words"
)

// Corpus is a named text the session can train on.
type Corpus struct {
	Name  string    // short name for URLs and flags
	Title words.Msg // what the learner sees
	Text  string
	// Labels are what each character is, in rune positions of Text (see
	// package labels); nil for the learner's own text, whose labels are
	// computed from it.
	Labels []labels.Label
}

// CustomCorpus names the learner's own text in Settings.Corpus.
const CustomCorpus = "custom"

// PastedName is the name the page gives a text pasted rather than read
// from a file; it is shown as "your text", in the learner's language.
const PastedName = "pasted text"

// Limits on a learner's own text.
const (
	MaxTextBytes = 2 << 20 // longer texts are cut to their first 2 MiB
	// MaxInputBytes is how much of a file or a paste the app reads at all:
	// enough to cut a text to MaxTextBytes after cleaning, not so much that a
	// huge file stalls the page.
	MaxInputBytes = 3 * MaxTextBytes
	MinTextRunes  = 64
	MaxVocab      = 1000 // distinct characters; more makes a step too slow to watch
)

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

// SetText validates a learner's text and, if it is usable, trains a new
// model on it. A refused text leaves the previous text and model untouched;
// the error (a words.Error) says why in one line. A usable text may come
// with notes (for example that it was cut to the size limit).
func (s *Session) SetText(name, raw string) (notes []words.Msg, err error) {
	defer func() {
		if err != nil {
			s.setNotice(words.M("text.refused", errMsg(err)))
		} else {
			s.setNotice(words.Join(notes))
		}
		s.version++
	}()
	clean, notes, err := cleanText(raw)
	if err != nil {
		return nil, err
	}
	title := words.M("text.title", shorten(name, 40), utf8.RuneCountInString(clean))
	if name == "" || name == PastedName {
		title = words.M("text.title_unnamed", utf8.RuneCountInString(clean))
	}
	c := Corpus{Name: CustomCorpus, Title: title, Text: clean}
	st := s.settings
	st.Corpus = CustomCorpus
	if err := s.rebuild(c, st); err != nil {
		return nil, err
	}
	s.custom = &c
	return notes, nil
}

// errMsg is an error as a message: its own if it carries one.
func errMsg(err error) words.Msg {
	if e, ok := err.(words.Error); ok {
		return e.Msg
	}
	return words.Raw(err.Error())
}

// cleanText turns what the learner gave into a text a model can learn, or
// says why it cannot be one. The notes say what it changed.
func cleanText(raw string) (string, []words.Msg, error) {
	clean, bad, controls := core.CleanText(raw)
	clean, more := stripControls(clean)
	controls += more
	// Composed form: "é" as one character, not "e" plus an accent the model
	// would have to learn to attach (and the font cannot draw alone).
	clean = norm.NFC.String(clean)
	if junk := bad + controls; junk > 16 && (junk*10 > len(raw) || junk*2 > utf8.RuneCountInString(raw)) {
		return "", nil, words.E("text.binary", junk, utf8.RuneCountInString(raw))
	}
	if strings.TrimSpace(clean) == "" {
		return "", nil, words.E("text.empty")
	}
	var notes []words.Msg
	if bad > 0 {
		notes = append(notes, words.M("text.bad_bytes", bad))
	}
	if controls > 0 {
		notes = append(notes, words.M("text.controls", controls))
	}
	if len(clean) > MaxTextBytes {
		cut := MaxTextBytes
		for cut > 0 && !utf8.RuneStart(clean[cut]) {
			cut--
		}
		if nl := strings.LastIndexByte(clean[:cut], '\n'); nl > cut/2 {
			cut = nl + 1
		}
		notes = append(notes, words.M("text.cut", words.Fixed(float64(len(clean))/(1<<20), 1), words.Fixed(float64(cut)/(1<<20), 1)))
		clean = clean[:cut]
	}
	n := utf8.RuneCountInString(clean)
	if n < MinTextRunes {
		return "", nil, words.E("text.too_short", n, MinTextRunes)
	}
	distinct := map[rune]int{}
	for _, r := range clean {
		distinct[r]++
	}
	if len(distinct) > MaxVocab {
		var mark rune
		clean, mark = keepFrequent(clean, distinct, MaxVocab-1)
		notes = append(notes, words.M("text.kept_frequent", MaxVocab-1, len(distinct), string(mark)))
	}
	if len(distinct) < 2 {
		return "", nil, words.E("text.one_character")
	}
	return clean, notes, nil
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
