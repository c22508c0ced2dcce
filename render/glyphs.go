package render

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/sfnt"
)

// fontGaps finds the characters of a text's alphabet that the app's font
// cannot draw, so the app can say why they show as boxes: the Go fonts cover
// Latin, Greek and Cyrillic, not Chinese, Arabic or Devanagari.
type fontGaps struct {
	font  *sfnt.Font
	buf   sfnt.Buffer
	known map[rune]bool // lacks, remembered
}

func newFontGaps() (*fontGaps, error) {
	f, err := sfnt.Parse(gomono.TTF)
	if err != nil {
		return nil, err
	}
	return &fontGaps{font: f, known: map[rune]bool{}}, nil
}

// lacks reports whether the font has no glyph for a visible character.
// Spaces and control characters, which the views draw as symbols, and the
// box that stands for dropped characters are never lacking.
func (g *fontGaps) lacks(r rune) bool {
	if r == '□' || !unicode.IsGraphic(r) || unicode.IsSpace(r) {
		return false
	}
	lack, ok := g.known[r]
	if !ok {
		i, err := g.font.GlyphIndex(&g.buf, r)
		lack = err != nil || i == 0
		g.known[r] = lack
	}
	return lack
}

// missing returns the characters of alphabet without a glyph.
func (g *fontGaps) missing(alphabet []rune) []rune {
	var out []rune
	for _, r := range alphabet {
		if g.lacks(r) {
			out = append(out, r)
		}
	}
	return out
}

// describe says in one line which characters cannot be shown, naming their
// writing systems; "" when all of them can.
func (g *fontGaps) describe(alphabet []rune) string {
	miss := g.missing(alphabet)
	if len(miss) == 0 {
		return ""
	}
	count := map[string]int{}
	for _, r := range miss {
		count[scriptOf(r)]++
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if count[names[i]] != count[names[j]] {
			return count[names[i]] > count[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > 3 {
		names = append(names[:3], "other")
	}
	return fmt.Sprintf("the font has no shapes for %d of this text's %d different characters (%s): they show as boxes, but the model learns them all the same",
		len(miss), len(alphabet), strings.Join(names, ", "))
}

// scriptOf names the writing system of a character, or says it is
// punctuation or a symbol.
func scriptOf(r rune) string {
	best := ""
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) && (best == "" || name < best) {
			best = name
		}
	}
	switch {
	case best == "" && unicode.IsPunct(r):
		return "punctuation"
	case best == "":
		return "symbols"
	}
	if best == "Han" {
		return "Chinese characters"
	}
	return best
}
