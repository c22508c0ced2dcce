package render

import (
	"fmt"
	"strings"
)

// invisible are the characters that have no visible glyph of their own:
// how a column shows them, and the word for them in running text.
var invisible = map[rune]struct {
	symbol string
	name   string // words key
}{
	' ':  {"·", "char.space"},
	'\n': {"¶", "char.newline"},
	'\t': {"→", "char.tab"},
	'\r': {"\\r", "char.return"},
}

// charSymbol is how a column shows a character: a space as a middle dot, a
// newline as a pilcrow, a tab as an arrow.
func charSymbol(r rune) string {
	if v, ok := invisible[r]; ok {
		return v.symbol
	}
	return string(r)
}

// charName is a character as it is named in running text: ‘a’, space,
// newline. One the font cannot draw is named by its code point, so
// different ones can be told apart.
func (g *Game) charName(r rune) string {
	if v, ok := invisible[r]; ok {
		return g.word(v.name)
	}
	if g.gaps != nil && g.gaps.lacks(r) {
		return fmt.Sprintf("U+%04X", r)
	}
	return g.word("char.quoted", string(r))
}

// charsVisible writes a stretch of text for running text, invisible
// characters as their symbols.
func charsVisible(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if r == '\n' || r == '\t' {
			b.WriteString(charSymbol(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
