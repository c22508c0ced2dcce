// Command gen writes rnnlab's built-in topic classification data: short
// news-style headlines in four topics (world, sport, business, science) in
// English and Ukrainian, expanded from the templates and word lists in
// en.grammar and uk.grammar, with a fixed held-out split. Everything is
// written by the project; the same seed always gives the same files.
//
// Run it from the repository root:
//
//	go run ./assets/classify/gen
//
// It writes assets/classify/topics-LANG-train.tsv and topics-LANG-test.tsv
// (label<TAB>text per line).
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed en.grammar
var enGrammar string

//go:embed uk.grammar
var ukGrammar string

// Sizes of the generated data, per topic and language.
const (
	perTopic     = 2750
	testPerTopic = 250
	seed         = 20240613
)

// language is one language's grammar and the agreement codes it uses.
type language struct {
	name      string
	src       string
	agreement []string // s/p: singular, plural; m/f/n/p: masculine, feminine, neuter, plural
}

var languages = []language{
	{"en", enGrammar, []string{"s", "p"}},
	{"uk", ukGrammar, []string{"m", "f", "n", "p"}},
}

func main() {
	out := flag.String("out", "assets/classify", "directory to write the TSV files to")
	flag.Parse()
	for i, l := range languages {
		train, test, err := generate(l, uint64(i))
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		for _, f := range []struct {
			name string
			rows []row
		}{{"train", train}, {"test", test}} {
			path := filepath.Join(*out, fmt.Sprintf("topics-%s-%s.tsv", l.name, f.name))
			if err := os.WriteFile(path, []byte(formatTSV(f.rows)), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "gen:", err)
				os.Exit(1)
			}
			fmt.Printf("%s: %d headlines\n", path, len(f.rows))
		}
	}
}

// row is one labelled headline.
type row struct{ label, text string }

// generate expands perTopic distinct headlines for every topic of l and
// splits off testPerTopic of each for the held-out set.
func generate(l language, stream uint64) (train, test []row, err error) {
	g, err := parseGrammar(l.name, l.src, l.agreement)
	if err != nil {
		return nil, nil, err
	}
	rng := rand.New(rand.NewPCG(seed, stream))
	owner := map[string]string{} // text → topic, to drop texts two topics produce
	byTopic := map[string][]string{}
	for _, topic := range g.topics {
		tpls := g.templates[topic]
		seen := map[string]bool{}
		for tries := 0; len(byTopic[topic]) < perTopic; tries++ {
			if tries > 200*perTopic {
				return nil, nil, fmt.Errorf("%s/%s: only %d distinct headlines after %d tries; add templates or words", l.name, topic, len(byTopic[topic]), tries)
			}
			text := polish(g.expand(tpls[rng.IntN(len(tpls))], rng), l.name)
			if seen[text] {
				continue
			}
			seen[text] = true
			if other, ok := owner[text]; ok && other != topic {
				continue
			}
			owner[text] = topic
			byTopic[topic] = append(byTopic[topic], text)
		}
	}
	for _, topic := range g.topics {
		texts := byTopic[topic]
		rng.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
		for i, text := range texts {
			if owner[text] != topic {
				continue
			}
			r := row{topic, text}
			if i < testPerTopic {
				test = append(test, r)
			} else {
				train = append(train, r)
			}
		}
	}
	rng.Shuffle(len(train), func(i, j int) { train[i], train[j] = train[j], train[i] })
	rng.Shuffle(len(test), func(i, j int) { test[i], test[j] = test[j], test[i] })
	return train, test, nil
}

func formatTSV(rows []row) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.label)
		b.WriteByte('\t')
		b.WriteString(r.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// polish tidies an expansion: single spaces, no space before punctuation,
// a capital first letter, and the language's small sound rules (a/an in
// English; у/в and з/зі in Ukrainian).
func polish(s, lang string) string {
	words := strings.Fields(s)
	for i := 1; i < len(words); i++ {
		if r, _ := utf8.DecodeRuneInString(words[i]); strings.ContainsRune(",.:;!?%", r) {
			words[i-1] += words[i]
			words = slices.Delete(words, i, i+1)
			i--
		}
	}
	for i := 0; i+1 < len(words); i++ {
		switch lang {
		case "en":
			words[i] = englishArticle(words[i], words[i+1])
		case "uk":
			words[i] = ukrainianPreposition(words[i], words[i+1])
		}
	}
	s = strings.Join(words, " ")
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// englishArticle turns a into an before a vowel sound, by spelling, with
// the usual exceptions (a European, a one-off, an hour).
func englishArticle(w, next string) string {
	if w != "a" && w != "an" && w != "A" && w != "An" {
		return w
	}
	lower := strings.ToLower(strings.TrimLeft(next, "\"'‘“$"))
	vowel := lower != "" && strings.ContainsRune("aeiou", rune(lower[0]))
	for _, p := range []string{"eu", "one", "uni", "use", "us ", "ukr", "uk "} {
		if strings.HasPrefix(lower+" ", p) {
			vowel = false
		}
	}
	if strings.HasPrefix(lower, "hour") || strings.HasPrefix(lower, "honest") || strings.HasPrefix(lower, "8") || strings.HasPrefix(lower, "11") || strings.HasPrefix(lower, "18") {
		vowel = true
	}
	switch {
	case vowel && w == "a":
		return "an"
	case vowel && w == "A":
		return "An"
	case !vowel && w == "an":
		return "a"
	case !vowel && w == "An":
		return "A"
	}
	return w
}

// ukrainianPreposition applies the alternations у/в (в before a vowel, у
// before a consonant) and з/зі (зі before з, с, ц, ч, ш, щ followed by
// another consonant: зі Швеції, зі збірною, but з шахів).
func ukrainianPreposition(w, next string) string {
	rs := []rune(strings.ToLower(strings.TrimLeft(next, "«\"'")))
	if len(rs) == 0 {
		return w
	}
	r := rs[0]
	vowel := strings.ContainsRune("аеєиіїоуюя", r)
	cluster := len(rs) > 1 && strings.ContainsRune("зсцчшщ", r) && !strings.ContainsRune("аеєиіїоуюяь'", rs[1])
	switch w {
	case "у", "в":
		if vowel {
			return "в"
		}
		return "у"
	case "У", "В":
		if vowel {
			return "В"
		}
		return "У"
	case "з", "зі":
		if cluster {
			return "зі"
		}
		return "з"
	case "З", "Зі":
		if cluster {
			return "Зі"
		}
		return "З"
	}
	return w
}
