package render

import (
	"strings"
	"testing"

	"rnnlab/assets"
	"rnnlab/words"
)

func TestFontGapsNameTheScriptsTheFontLacks(t *testing.T) {
	g, err := newFontGaps()
	if err != nil {
		t.Fatal(err)
	}
	if msg := g.describe([]rune("Hello, Ωμέγα! Съешь же ещё этих булок.\n\t□")); !msg.IsZero() {
		t.Errorf("Latin, Greek and Cyrillic are covered, yet: %q", msg)
	}
	msg := g.describe([]rune("ab 中文字 مرحبا，")).String()
	for _, want := range []string{"9 of this text's 13 different characters", "Arabic", "Chinese characters", "punctuation", "boxes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
	for r, want := range map[rune]bool{'中': true, 'ب': true, 'ж': false, 'a': false, ' ': false, '\n': false, '□': false} {
		if got := g.lacks(r); got != want {
			t.Errorf("lacks(%q) = %v, want %v", r, got, want)
		}
	}
	if strings.Index(msg, "Arabic") > strings.Index(msg, "Chinese") {
		t.Errorf("the script with more missing characters (Arabic, 5) should come first: %q", msg)
	}
}

// Every kind of value a window can hold has its words: a row label and a
// name for tooltips.
func TestEveryGroupHasWords(t *testing.T) {
	for _, lang := range words.Langs() {
		for _, key := range []string{"h", "c", "i", "f", "g", "o", "r", "z", "n"} {
			for _, part := range []string{"label", "name"} {
				if k := "group." + key + "." + part; !words.Has(lang, k) {
					t.Errorf("%s: no words for %s", lang, k)
				}
			}
		}
		// The built-in texts' titles (render/app names them by key).
		for _, c := range assets.Corpora() {
			if k := "corpus." + c.Name; !words.Has(lang, k) {
				t.Errorf("%s: no title for the built-in text %s (%s)", lang, c.Name, k)
			}
		}
	}
}
