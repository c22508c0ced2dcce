package labels

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The labels FromText computes, in this order.
var textLabels = []Label{
	{Name: "quote", Title: "inside quotes", TitleUK: "усередині лапок"},
	{Name: "bracket", Title: "inside brackets", TitleUK: "усередині дужок"},
	{Name: "word", Title: "inside a word", TitleUK: "усередині слова"},
	{Name: "wordpos", Title: "position in the word", TitleUK: "місце в слові", Counter: true},
	{Name: "sentence", Title: "after a full stop", TitleUK: "після крапки"},
	{Name: "vowel", Title: "vowel", TitleUK: "голосна"},
	{Name: "digit", Title: "digit", TitleUK: "цифра"},
}

// Named returns the label FromText computes under name, with its titles and
// no positions (the zero Label for a name it does not compute), so that a
// generator labelling the same thing uses the same name and words.
func Named(name string) Label {
	if l := ByName(textLabels, name); l != nil {
		return *l
	}
	return Label{}
}

// FromText labels a learner's text: inside quotes (straight, “”, „“, «»),
// inside brackets ((), [], {}), inside a word, the position in the word
// (a counter), after a full stop (from a sentence's closing mark to the next
// sentence's first letter, which it governs), vowel (Latin and Cyrillic) and
// digit. Quotes and brackets govern their closing marks.
//
// from and to are rune positions: only runs that reach into [from, to) are
// kept (whole, so counters stay right). An unbalanced quote or bracket is
// forgotten at the next blank line or after 2,000 characters, so reading
// starts after the last blank line before from, where nothing can be open,
// and stops 2,000 characters after to: the labels are the same as if the
// whole text had been read, in time linear in the text read and memory
// linear in the runs kept.
func FromText(text string, from, to int) []Label {
	from = max(from, 0)
	to = min(to, len(text)) // a text has at most as many runes as bytes
	ls := make([]Label, len(textLabels))
	copy(ls, textLabels)
	quote, bracket, word, wordpos, sentence, vowel, digit := &ls[0], &ls[1], &ls[2], &ls[3], &ls[4], &ls[5], &ls[6]
	emit := func(l *Label) *emitter { return &emitter{l: l, from: from, to: to} }
	s := scanner{
		quotes:   pairs{out: emit(quote)},
		brackets: pairs{out: emit(bracket)},
		word:     emit(word), sentence: emit(sentence), vowel: emit(vowel), digit: emit(digit),
		wordStart: -1, sentStart: -1, blankLine: true,
	}
	b, pos := resume(text, from)
	prev := rune(-1)
	if b > 0 {
		prev = '\n'
		s.sentStart = pendingStop(text[:b], pos)
		s.sawSpace = true
	}
	rest := text[b:]
	cur, size := utf8.DecodeRuneInString(rest)
	for ; len(rest) > 0 && pos < to+maxSpan+2; pos++ {
		rest = rest[size:]
		next, nextSize := rune(-1), 0
		if len(rest) > 0 {
			next, nextSize = utf8.DecodeRuneInString(rest)
		}
		s.step(prev, cur, next, pos)
		prev, cur, size = cur, next, nextSize
	}
	s.end(pos)
	wordpos.Set = word.Set
	return ls
}

// resume returns the byte offset and rune position just after the last
// blank line before rune position from (0, 0 if there is none): there every
// quote and bracket has been forgotten, so reading can start there.
func resume(text string, from int) (offset, pos int) {
	b, i := 0, 0
	for ; b < len(text) && i < from; i++ {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	for j := b - 1; j >= 0; j-- {
		if text[j] != '\n' {
			continue
		}
		k := j - 1
		for k >= 0 && strings.IndexByte(" \t\r", text[k]) >= 0 {
			k--
		}
		if k >= 0 && text[k] == '\n' {
			return j + 1, i - utf8.RuneCountInString(text[j+1:b])
		}
	}
	return 0, 0
}

// pendingStop returns where the "after a full stop" run that reaches the
// end of before (rune position end) started, or −1 if none does: the first
// stop of the last group of stops and marks, if only spaces and marks follow
// it.
func pendingStop(before string, end int) int {
	start, pos := -1, end
	for len(before) > 0 {
		r, size := utf8.DecodeLastRuneInString(before)
		before, pos = before[:len(before)-size], pos-1
		switch {
		case strings.ContainsRune(stops, r):
			start = pos
		case strings.ContainsRune(marks, r):
		case unicode.IsSpace(r) && start < 0:
		default:
			return start
		}
	}
	return start
}

// emitter adds runs to a label, keeping those that reach into [from, to).
type emitter struct {
	l        *Label
	from, to int
}

func (e *emitter) run(start, end int) {
	if end > e.from && start < e.to {
		e.l.Set.Add(start, end)
	}
}

func (e *emitter) governs(pos int) {
	if pos >= e.from && pos < e.to {
		e.l.Governs.Add(pos, pos+1)
	}
}

// scanner is FromText's state between characters.
type scanner struct {
	quotes, brackets             pairs
	word, sentence, vowel, digit *emitter
	wordStart                    int  // −1 outside a word
	sentStart                    int  // −1 unless a sentence just ended
	sawSpace                     bool // a space came since the sentence ended
	blankLine                    bool // nothing but spaces since the last newline
}

// step reads r at pos, between prev and next (−1 at the ends of the text).
func (s *scanner) step(prev, r, next rune, pos int) {
	if r == '\n' {
		if s.blankLine { // a blank line ends a paragraph and any stray quote
			s.quotes.drop()
			s.brackets.drop()
		}
		s.blankLine = true
	} else if !unicode.IsSpace(r) {
		s.blankLine = false
	}
	s.quotes.check(pos)
	s.brackets.check(pos)
	isMark := s.quotes.quote(r, prev, next, pos) || s.brackets.bracket(r, pos)

	if inWord(prev, r, next, s.wordStart >= 0) {
		if s.wordStart < 0 {
			s.wordStart = pos
		}
	} else if s.wordStart >= 0 {
		s.word.run(s.wordStart, pos)
		s.wordStart = -1
	}
	s.sentenceStep(r, pos, isMark)
	if isVowel(r) {
		s.vowel.run(pos, pos+1)
	}
	if unicode.IsDigit(r) {
		s.digit.run(pos, pos+1)
	}
}

// sentenceStep keeps the "after a full stop" run: it starts at . ! ? or …,
// goes on over more of them, spaces, quotes, brackets and dashes, and counts
// if, after a space, a capital letter (or an uncased letter, or a digit)
// comes; anything else (e.g. "3.14", "e.g. this") cancels it.
func (s *scanner) sentenceStep(r rune, pos int, isMark bool) {
	switch {
	case strings.ContainsRune(stops, r):
		if s.sentStart < 0 || s.sawSpace {
			s.sentStart, s.sawSpace = pos, false
		}
		return
	case s.sentStart < 0:
		return
	case unicode.IsSpace(r):
		s.sawSpace = true
		return
	case isMark || strings.ContainsRune(marks, r):
		return
	}
	if s.sawSpace && (unicode.IsDigit(r) || unicode.IsLetter(r) && !unicode.IsLower(r)) {
		s.sentence.run(s.sentStart, pos)
		if unicode.IsUpper(r) {
			s.sentence.governs(pos)
		}
	}
	s.sentStart = -1
}

// end closes a word still open when the text (or the reading) ends at pos.
func (s *scanner) end(pos int) {
	if s.wordStart >= 0 {
		s.word.run(s.wordStart, pos)
	}
	s.quotes.drop()
	s.brackets.drop()
}

// inWord: letters and combining marks are in a word, and so are an
// apostrophe or hyphen between letters (don't, п’ять, well-known).
func inWord(prev, r, next rune, wordOpen bool) bool {
	if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
		return true
	}
	return wordOpen && strings.ContainsRune("'’ʼ-", r) && unicode.IsLetter(prev) && unicode.IsLetter(next)
}

// stops end a sentence; marks (quotes, brackets, dashes, apostrophes) may
// stand between it and the next one.
const (
	stops = ".!?…"
	marks = `"«»„“”()[]{}—–-'’`
)

// vowels are the vowel letters of Latin and Cyrillic alphabets, lower case.
const vowels = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ" + "аеєиіїоуюяыэё"

func isVowel(r rune) bool {
	return r < utf8.RuneSelf && strings.IndexByte("aeiouyAEIOUY", byte(r)) >= 0 ||
		r >= utf8.RuneSelf && strings.ContainsRune(vowels, unicode.ToLower(r))
}

func spaceOrEnd(r rune) bool { return r < 0 || unicode.IsSpace(r) }
