package render

import (
	"sort"
	"unicode"

	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/sfnt"

	"rnnlab/words"
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
func (g *fontGaps) describe(alphabet []rune) words.Msg {
	miss := g.missing(alphabet)
	if len(miss) == 0 {
		return words.Msg{}
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
	var scripts []words.Msg
	for i, n := range names {
		if i == 3 {
			scripts = append(scripts, words.M("font.other"))
			break
		}
		scripts = append(scripts, scriptName(n))
	}
	return words.M("font.gaps", len(miss), len(alphabet), words.List(scripts))
}

// scriptName is a writing system's name as a message; Unicode's names of
// scripts are shown as they are.
func scriptName(name string) words.Msg {
	switch name {
	case "punctuation":
		return words.M("font.punctuation")
	case "symbols":
		return words.M("font.symbols")
	case "Han":
		return words.M("font.han")
	}
	return words.Raw(name)
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
	return best
}
