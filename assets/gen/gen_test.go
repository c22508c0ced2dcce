package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"rnnlab/labels"
)

// The committed files are what the generator writes today: rerun it
// (go generate ./assets) after changing a grammar.
func TestCommittedFilesAreCurrent(t *testing.T) {
	for _, c := range corpora {
		text, ls := c.make()
		for name, want := range map[string]string{c.name + ".txt": text, c.name + ".labels": labels.Format(ls)} {
			got, err := os.ReadFile(filepath.Join("..", "corpora", name))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("corpora/%s differs from what gen writes now: run go generate ./assets", name)
			}
		}
	}
}

// The generator's quotes, brackets and sentence starts are the ones
// labels.FromText finds in the text: two independent ways to the same runs.
func TestLabelsAgreeWithFromText(t *testing.T) {
	for _, c := range corpora {
		text, ls := c.make()
		found := labels.FromText(text, 0, utf8.RuneCountInString(text))
		for _, name := range []string{"quote", "bracket", "sentence"} {
			gen, txt := labels.ByName(ls, name), labels.ByName(found, name)
			if gen == nil {
				continue
			}
			if !slices.Equal(gen.Set, txt.Set) {
				t.Errorf("%s/%s: the generator's runs differ from FromText's: %s", c.name, name, firstDiff(text, gen.Set, txt.Set))
			}
			for _, r := range txt.Governs { // FromText's closing marks and capitals are governed in both
				if !gen.Governs.Has(r.Start) {
					t.Errorf("%s/%s: %d is governed by FromText's label, not the generator's", c.name, name, r.Start)
					break
				}
			}
		}
	}
}

func firstDiff(text string, a, b labels.Runs) string {
	runes := []rune(text)
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			lo := max(0, min(a[i].Start, b[i].Start)-30)
			return string(runes[lo:min(len(runes), max(a[i].End, b[i].End)+10)])
		}
	}
	return "one has more runs"
}

// Every governed verb ending belongs to a word of the right form: after a
// feminine subject a feminine past tense (прийшла), a singular present
// (спить) or яку; after a plural one a plural form (прийшли, сплять, спимо);
// inside quotes a present form. So the
// labels line up with the text and the grammar agrees.
func TestAgreementForms(t *testing.T) {
	uk := map[string]map[string]bool{}
	add := func(label string, words ...string) {
		if uk[label] == nil {
			uk[label] = map[string]bool{}
		}
		for _, w := range words {
			uk[label][w] = true
			if r := []rune(w); r[0] == 'і' { // й after a vowel
				uk[label]["й"+string(r[1:])] = true
			}
		}
	}
	var verbs []ukVerb
	verbs = append(verbs, ukStaying...)
	verbs = append(verbs, ukGoing...)
	for _, v := range ukRelative {
		verbs = append(verbs, ukVerb{past: v.verb})
	}
	for _, v := range append(ukSaid, ukShouted, ukAsked) {
		verbs = append(verbs, ukVerb{past: v})
	}
	for g, label := range []string{"masculine", "feminine", "neuter", "plural"} {
		add(label, ukWhich[g])
		for _, v := range verbs {
			add(label, v.past[g])
			if v.present[0] != "" {
				add(label, v.present[b2i(g == plural)])
			}
		}
	}
	for _, v := range verbs {
		if v.present[0] != "" {
			add("quote", v.present[:]...)
			add("quote", v.first[:]...)
			add("plural", v.first[1]) // ми
		}
	}
	en := map[string]map[string]bool{"singular": {}, "plural": {}}
	for _, v := range append(append(append(enLasting, enOther...), enTransitive...), enBe, enShouts[0], enShouts[1], enShouts[2], enShouts[3], pair{"says", "say"}, pair{"counts", "count"}) {
		for i, label := range []string{"singular", "plural"} {
			en[label][v[i]] = true
			en[label][strings.ToUpper(v[i])] = true
		}
	}
	for _, c := range corpora {
		text, ls := c.make()
		want := map[string]map[string]map[string]bool{"patterns": en, "ukrainian": uk}[c.name]
		runes := []rune(text)
		for _, l := range ls {
			forms := want[l.Name]
			if forms == nil {
				continue
			}
			for _, r := range l.Governs {
				if l.Name == "quote" && runes[r.Start] == '»' {
					continue // the closing mark
				}
				if w := wordAt(runes, r.Start); !forms[w] {
					t.Fatalf("%s/%s governs %d in %q, not a form it decides: %s", c.name, l.Name, r.Start, w,
						string(runes[max(0, r.Start-40):r.Start+5]))
				}
			}
			for _, r := range l.Set { // a subject's run ends where its verb's ending starts
				if l.Name != "quote" && !l.Governs.Has(r.End) {
					t.Fatalf("%s/%s: run ending at %d is not followed by a governed ending: %s", c.name, l.Name, r.End,
						string(runes[max(0, r.End-40):r.End+3]))
				}
			}
		}
	}
}

// wordAt returns the word holding position i, or (when i is the space or
// mark after a word, as for English "sleep") the word just before it.
func wordAt(runes []rune, i int) string {
	if !unicode.IsLetter(runes[i]) {
		i--
	}
	start, end := i, i
	for start > 0 && unicode.IsLetter(runes[start-1]) {
		start--
	}
	for end < len(runes) && unicode.IsLetter(runes[end]) {
		end++
	}
	return string(runes[start:end])
}
