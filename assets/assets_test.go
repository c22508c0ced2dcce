package assets

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"rnnlab/labels"
)

func TestCorpora(t *testing.T) {
	cs := Corpora()
	if len(cs) < 2 || cs[0].Name != "patterns" {
		t.Fatalf("want the default \"patterns\" first, got %d corpora", len(cs))
	}
	names := map[string]bool{}
	for _, c := range cs {
		if len(c.Text) < 50_000 || !utf8.ValidString(c.Text) {
			t.Errorf("%s: %d bytes, valid UTF-8 %v", c.Name, len(c.Text), utf8.ValidString(c.Text))
		}
		if !norm.NFC.IsNormalString(c.Text) {
			t.Errorf("%s: not in NFC (the app normalises a learner's text; a built-in one must match)", c.Name)
		}
		if c.Name == "" || strings.ContainsAny(c.Name, " &=#") || names[c.Name] {
			t.Errorf("name %q: empty, not URL-safe or repeated", c.Name)
		}
		names[c.Name] = true
		for what, s := range map[string]string{"Title": c.Title, "TitleUK": c.TitleUK, "About": c.About, "AboutUK": c.AboutUK} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: no %s", c.Name, what)
			}
		}
		if !strings.ContainsFunc(c.TitleUK+c.AboutUK, isCyrillic) {
			t.Errorf("%s: the Ukrainian title and description have no Cyrillic", c.Name)
		}
	}
	uk := byName(t, "ukrainian")
	if !strings.ContainsFunc(uk.Text, isCyrillic) {
		t.Errorf("the Ukrainian corpus has no Cyrillic")
	}
	// Letters of Russian that Ukrainian lacks, and the Latin look-alikes
	// a keyboard slip would leave.
	if i := strings.IndexAny(uk.Text, "ыэёъЫЭЁЪaceiopxyACEHIKMOPTX"); i >= 0 {
		t.Errorf("the Ukrainian corpus has a foreign letter: %q", uk.Text[max(0, i-20):i+20])
	}
}

func isCyrillic(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }

func byName(t *testing.T, name string) Corpus {
	t.Helper()
	for _, c := range Corpora() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no corpus %q", name)
	return Corpus{}
}

// The labels fit their text: every run in range, sorted and apart, every
// label with examples and governing something, and every held-out part of
// the text (the app's last tenth) with examples of every label.
func TestLabels(t *testing.T) {
	want := map[string][]string{
		"patterns":  {"quote", "bracket", "singular", "plural", "sentence"},
		"ukrainian": {"quote", "masculine", "feminine", "neuter", "plural", "sentence"},
	}
	for _, c := range Corpora() {
		n := utf8.RuneCountInString(c.Text)
		var names []string
		for _, l := range c.Labels {
			names = append(names, l.Name)
			if l.Title == "" || l.TitleUK == "" {
				t.Errorf("%s/%s: a title is missing", c.Name, l.Name)
			}
			if err := l.Set.Check(n); err != nil {
				t.Errorf("%s/%s set: %v", c.Name, l.Name, err)
			}
			if err := l.Governs.Check(n); err != nil {
				t.Errorf("%s/%s governs: %v", c.Name, l.Name, err)
			}
			held := n - n/10
			if l.Set.Clip(held, n).Len() < 50 || l.Governs.Clip(held, n).Len() < 50 {
				t.Errorf("%s/%s: %d positions and %d governed in the held-out tenth, want 50 or more",
					c.Name, l.Name, l.Set.Clip(held, n).Len(), l.Governs.Clip(held, n).Len())
			}
			if share := float64(l.Set.Len()) / float64(n); share > 0.6 {
				t.Errorf("%s/%s holds at %.0f%% of the text: no contrast to learn", c.Name, l.Name, 100*share)
			}
		}
		if strings.Join(names, " ") != strings.Join(want[c.Name], " ") {
			t.Errorf("%s: labels %v, want %v", c.Name, names, want[c.Name])
		}
	}
}

// The labels say what the text shows: inside the English quotes there are
// capitals only, inside the brackets no spelled numbers; the Ukrainian
// quotes are «»; a sentence label ends at a capital it governs.
func TestLabelsMatchText(t *testing.T) {
	for _, c := range Corpora() {
		runes := []rune(c.Text)
		quote := labels.ByName(c.Labels, "quote")
		for _, r := range quote.Set {
			open, close := runes[r.Start], runes[r.End]
			if !(open == '"' && close == '"' || open == '«' && close == '»') {
				t.Fatalf("%s: quote %d–%d is %q…%q", c.Name, r.Start, r.End, open, close)
			}
			inside := string(runes[r.Start:r.End])
			if c.Name == "patterns" && inside != strings.ToUpper(inside) {
				t.Fatalf("%s: a quote with small letters: %s", c.Name, inside)
			}
		}
		if c.Name == "patterns" {
			for _, r := range labels.ByName(c.Labels, "bracket").Set {
				inside := string(runes[r.Start : r.End+1])
				if inside[0] != '(' || runes[r.End] != ')' || strings.ContainsAny(inside, `"`) ||
					strings.Contains(inside, "two") || strings.Contains(inside, "three") {
					t.Fatalf("%s: bracket %q", c.Name, inside)
				}
			}
		}
		sentence := labels.ByName(c.Labels, "sentence")
		for _, r := range sentence.Set {
			if !strings.ContainsRune(".!?", runes[r.Start]) || !unicode.IsUpper(runes[r.End]) || !sentence.Governs.Has(r.End) {
				t.Fatalf("%s: sentence run %q", c.Name, string(runes[r.Start:r.End+1]))
			}
		}
		for _, l := range c.Labels {
			for _, r := range l.Governs {
				if s := string(runes[r.Start:r.End]); strings.ContainsAny(s, "\n") {
					t.Fatalf("%s/%s governs a line break: %q", c.Name, l.Name, s)
				}
			}
		}
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

func BenchmarkCorpora(b *testing.B) {
	for b.Loop() {
		Corpora()
	}
}
