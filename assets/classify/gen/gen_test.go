package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// The checked-in data is exactly what the generator writes: run
// "go run ./assets/classify/gen" after changing a grammar.
func TestDataIsReproducible(t *testing.T) {
	for i, l := range languages {
		train, test, err := generate(l, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		for name, rows := range map[string][]row{"train": train, "test": test} {
			path := filepath.Join("..", "topics-"+l.name+"-"+name+".tsv")
			have, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(have) != formatTSV(rows) {
				t.Errorf("%s is not what the generator writes; run go run ./assets/classify/gen", path)
			}
		}
		if len(test) != 4*testPerTopic || len(train) != 4*(perTopic-testPerTopic) {
			t.Errorf("%s: %d training and %d held-out headlines", l.name, len(train), len(test))
		}
		seen := map[string]bool{}
		for _, r := range append(train, test...) {
			if seen[r.text] {
				t.Errorf("%s: %q appears twice", l.name, r.text)
			}
			seen[r.text] = true
		}
	}
}

// Every headline is tidy: no template syntax left over, no doubled or
// stray spaces, a capital first letter, only the expected characters.
func TestHeadlinesAreTidy(t *testing.T) {
	for i, l := range languages {
		train, test, err := generate(l, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range append(train, test...) {
			s := r.text
			first := []rune(s)[0]
			switch {
			case strings.ContainsAny(s, "{}<>|\\\t"):
				t.Errorf("%s: template syntax left in %q", l.name, s)
			case strings.Contains(s, "  ") || s != strings.TrimSpace(s) || strings.Contains(s, " ,"):
				t.Errorf("%s: bad spacing in %q", l.name, s)
			case unicode.IsLower(first):
				t.Errorf("%s: %q starts in lower case", l.name, s)
			case strings.Contains(s, " у у ") || strings.Contains(s, " в у ") || strings.Contains(s, " a an "):
				t.Errorf("%s: doubled preposition in %q", l.name, s)
			}
		}
	}
}

// The hand-written sets measure generalisation only if the generator does
// not write them: no generated headline may share most of its words with
// one of them (word Jaccard similarity below 0.6).
func TestHandwrittenIsNotGenerated(t *testing.T) {
	for i, l := range languages {
		train, test, err := generate(l, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join("..", "handwritten-"+l.name+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		gen := make([]map[string]bool, 0, len(train)+len(test))
		for _, r := range append(train, test...) {
			gen = append(gen, wordSet(r.text))
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			_, text, _ := strings.Cut(line, "\t")
			h := wordSet(text)
			for j, g := range gen {
				if s := jaccard(h, g); s >= 0.6 {
					all := append(train, test...)
					t.Errorf("%s: hand-written %q is too close (%.2f) to generated %q", l.name, text, s, all[j].text)
					break
				}
			}
		}
	}
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		m[w] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

func TestSoundRules(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"en", "a earthquake hits a European city", "An earthquake hits a European city"},
		{"en", "an rocket puts an satellite into orbit", "A rocket puts a satellite into orbit"},
		{"en", "profit rises 5 % in a hour", "Profit rises 5% in an hour"},
		{"uk", "у Одесі і в Києві", "В Одесі і у Києві"},
		{"uk", "матч з «Шахтарем» і з Швецією", "Матч з «Шахтарем» і зі Швецією"},
		{"uk", "чемпіон з шахів , зі Сербією", "Чемпіон з шахів, з Сербією"},
	} {
		if got := polish(tc.in, tc.lang); got != tc.want {
			t.Errorf("polish(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGrammarFeatures(t *testing.T) {
	src := `
@list team name g
Lions | p
Bear | s
@list verb name
<wins/win> <its/their> match
@list money name
{n:2-2} bn
@topic t
{team} {verb@team} by {money}
{team-!} {team#2~is/are} {team#2.name!} {verb@=p}
`
	g, err := parseGrammar("en", src, []string{"s", "p"})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	seen := map[string]bool{}
	for range 200 {
		seen[g.expand(g.templates["t"][rng.IntN(2)], rng)] = true
	}
	for _, want := range []string{"Lions win their match by 2 bn", "Bear wins its match by 2 bn", "bear are lions win their match", "lions is bear win their match"} {
		if !seen[want] {
			t.Errorf("never expanded to %q; got %v", want, seen)
		}
	}
	for _, bad := range []string{"@list x a b\none\n", "@topic t\n{nolist}\n", "@topic t\n(a|b\n", "@list l name\nx\n@topic t\n{l~a/b}\n", "@topic t\n{n:5-2}\n", "stray line\n"} {
		if _, err := parseGrammar("en", bad, []string{"s", "p"}); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
