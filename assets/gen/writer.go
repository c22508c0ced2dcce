package main

import (
	"math/rand/v2"
	"strings"
	"unicode"

	"rnnlab/labels"
)

// writer builds a text and its labels together, in rune positions, so the
// labels are exact: the generator knows where a quote opens, which noun is
// the subject and which letters its verb's ending decides.
type writer struct {
	b       strings.Builder
	n       int  // runes written
	prev    rune // the last rune written
	letter  rune // the last letter written, 0 after a mark (for Ukrainian у/в, і/й)
	capNext bool // the next letter starts a sentence: a capital
	capOnly bool // the next letter is a capital but starts no sentence («Кошеня…»)
	stop    int  // position of the last . ! ?, −1 before the first
	upper   bool // letters in capitals (inside English quotes)

	quoteStart, bracketStart int // where the open quote or bracket began, −1 if none
	// governWords: inside quotes, a word's first letter is governed (its
	// case only the quote decides); governDigits: inside brackets, a
	// number's first digit is (only the bracket makes it a digit).
	governWords, governDigits bool

	labels []labels.Label
	set    map[string][]labels.Run
	govern map[string][]labels.Run
}

// grammar is what every text's generator holds: its random numbers and
// the writer it writes to.
type grammar struct {
	rng *rand.Rand
	w   *writer
}

// newWriter starts a text whose labels are ls (names and titles, in order).
func newWriter(ls []labels.Label) *writer {
	return &writer{stop: -1, quoteStart: -1, bracketStart: -1, labels: ls,
		set: map[string][]labels.Run{}, govern: map[string][]labels.Run{}}
}

// write appends s, capitalising as the sentence and quotes require, and
// keeps the labels that follow from single characters.
func (w *writer) write(s string) {
	for _, r := range s {
		letter := unicode.IsLetter(r)
		if letter && w.capNext {
			if w.stop >= 0 {
				w.mark("sentence", w.stop, w.n)
				w.governs("sentence", w.n, w.n+1)
			}
			w.capNext = false
			r = unicode.ToUpper(r)
		}
		if letter && (w.upper || w.capOnly) {
			r = unicode.ToUpper(r)
			w.capOnly = false
		}
		switch {
		case w.governWords && w.quoteStart >= 0 && letter && w.prev == ' ':
			w.governs("quote", w.n, w.n+1)
		case w.governDigits && w.bracketStart >= 0 && unicode.IsDigit(r) && w.prev == ' ':
			w.governs("bracket", w.n, w.n+1)
		case strings.ContainsRune(".!?", r):
			w.stop = w.n
		}
		w.b.WriteRune(r)
		w.prev = r
		if letter {
			w.letter = unicode.ToLower(r)
		} else if !unicode.IsSpace(r) {
			w.letter = 0 // a mark: a pause, as at the start
		}
		w.n++
	}
}

// paragraphs writes lines of least to most sentences, each written by
// sentence, until the text passes size runes.
func (w *writer) paragraphs(rng *rand.Rand, size, least, most int, sentence func()) {
	for w.n < size {
		for i := range least + rng.IntN(most-least+1) {
			if i > 0 {
				w.write(" ")
			}
			sentence()
		}
		w.write("\n")
	}
}

// sentence starts a sentence: its first letter is a capital, and the
// stretch since the last stop is labelled "sentence".
func (w *writer) sentence() { w.capNext = true }

// mark labels positions [start, end) with name.
func (w *writer) mark(name string, start, end int) {
	w.set[name] = append(w.set[name], labels.Run{Start: start, End: end})
}

// governs records that name decides the characters at [start, end).
func (w *writer) governs(name string, start, end int) {
	w.govern[name] = append(w.govern[name], labels.Run{Start: start, End: end})
}

// openQuote writes an opening quotation mark.
func (w *writer) openQuote(mark string) {
	w.quoteStart = w.n
	w.write(mark)
}

// closeQuote writes the closing mark: the quote label runs from the opening
// mark to just before it, and it governs the closing mark.
func (w *writer) closeQuote(mark string) {
	w.mark("quote", w.quoteStart, w.n)
	w.governs("quote", w.n, w.n+1)
	w.quoteStart = -1
	w.write(mark)
}

func (w *writer) openBracket() {
	w.bracketStart = w.n
	w.write("(")
}

func (w *writer) closeBracket() {
	w.mark("bracket", w.bracketStart, w.n)
	w.governs("bracket", w.n, w.n+1)
	w.bracketStart = -1
	w.write(")")
}

// verb writes form, one of forms (the verb's forms for each kind of
// subject), whose subject ended at subjectEnd (the position of its last
// letter) and is labelled label. The label runs from the subject to the
// first letter where the forms differ; the letters from there to the end
// of form are governed by it (the next character, when form ends there:
// English "sleep" is governed by the space that is not an s).
func (w *writer) verb(label string, subjectEnd int, form string, forms []string) {
	start, p := w.n, commonPrefix(forms)
	end := start + max(len([]rune(form)), p+1)
	w.mark(label, subjectEnd, start+p)
	w.governs(label, start+p, end)
	w.write(form)
}

// ending writes form, one of forms, and records that label governs its
// ending (from where the forms differ) without ending the label's run:
// a relative pronoun that agrees with the subject before its verb.
func (w *writer) ending(label, form string, forms []string) {
	start, p := w.n, commonPrefix(forms)
	w.governs(label, start+p, start+max(len([]rune(form)), p+1))
	w.write(form)
}

// commonPrefix is the number of leading runes all words share.
func commonPrefix(words []string) int {
	first := []rune(words[0])
	n := len(first)
	for _, w := range words[1:] {
		rs := []rune(w)
		k := 0
		for k < n && k < len(rs) && rs[k] == first[k] {
			k++
		}
		n = k
	}
	return n
}

// result returns the text and its labels, runs sorted and merged.
func (w *writer) result() (string, []labels.Label) {
	out := make([]labels.Label, len(w.labels))
	for i, l := range w.labels {
		l.Set = labels.Normalize(w.set[l.Name])
		l.Governs = labels.Normalize(w.govern[l.Name])
		out[i] = l
	}
	return w.b.String(), out
}
