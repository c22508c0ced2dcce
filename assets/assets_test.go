package assets

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCorpora(t *testing.T) {
	cs := Corpora()
	if len(cs) < 2 || cs[0].Name != "patterns" {
		t.Fatalf("corpora %v: want the default \"patterns\" first", cs)
	}
	for _, c := range cs {
		if len(c.Text) < 50_000 || !utf8.ValidString(c.Text) {
			t.Errorf("%s: %d bytes, valid UTF-8 %v", c.Name, len(c.Text), utf8.ValidString(c.Text))
		}
	}
	if !strings.ContainsFunc(cs[1].Text, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		t.Errorf("the Russian corpus has no Cyrillic")
	}
}

// The structure the model is meant to learn is really there: every line of
// the English text closes its brackets and quotes.
func TestPatternsAreBalanced(t *testing.T) {
	for i, line := range strings.Split(strings.TrimSpace(Corpora()[0].Text), "\n") {
		var stack []rune
		for _, r := range line {
			switch r {
			case '(', '[':
				stack = append(stack, r)
			case ')', ']':
				want := map[rune]rune{')': '(', ']': '['}[r]
				if len(stack) == 0 || stack[len(stack)-1] != want {
					t.Fatalf("line %d: unbalanced %q: %s", i+1, r, line)
				}
				stack = stack[:len(stack)-1]
			}
		}
		if len(stack) > 0 || strings.Count(line, `"`)%2 != 0 {
			t.Fatalf("line %d: unclosed brackets or quotes: %s", i+1, line)
		}
	}
}
