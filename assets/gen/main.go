package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := "corpora"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	files := map[string]string{
		"patterns.txt": english(rand.New(rand.NewPCG(1, 2)), 110_000),
		"russian.txt":  russian(rand.New(rand.NewPCG(3, 4)), 70_000),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

func pick(rng *rand.Rand, words []string) string { return words[rng.IntN(len(words))] }

// ---- English ----------------------------------------------------------------

type noun struct{ one, many string }

var (
	nouns = []noun{
		{"cat", "cats"}, {"dog", "dogs"}, {"bird", "birds"}, {"fox", "foxes"},
		{"child", "children"}, {"robot", "robots"}, {"teacher", "teachers"},
		{"mouse", "mice"}, {"girl", "girls"}, {"boy", "boys"}, {"whale", "whales"},
	}
	verbs = []noun{ // singular, plural
		{"sleeps", "sleep"}, {"sings", "sing"}, {"runs", "run"}, {"waits", "wait"},
		{"jumps", "jump"}, {"reads", "read"}, {"laughs", "laugh"}, {"dances", "dance"},
	}
	transitive = []noun{
		{"sees", "see"}, {"likes", "like"}, {"follows", "follow"}, {"finds", "find"},
		{"helps", "help"}, {"watches", "watch"},
	}
	adjectives = []string{"red", "small", "old", "happy", "green", "quiet", "big", "clever"}
	places     = []string{"in the garden", "on the hill", "by the river", "under the table", "at school", "in the box"}
	names      = []string{"anna", "tom", "maria", "ivan", "lee", "sara"}
	numbers    = []string{"two", "three", "four", "five", "many"}
	speech     = []string{"said", "asked", "shouted", "whispered"}
)

// nounPhrase returns a noun phrase and whether it is plural.
func nounPhrase(rng *rand.Rand) (string, bool) {
	n := pick2(rng, nouns)
	var b strings.Builder
	plural := rng.IntN(2) == 0
	if plural {
		if rng.IntN(2) == 0 {
			b.WriteString("the ")
		} else {
			b.WriteString(pick(rng, numbers) + " ")
		}
	} else if rng.IntN(3) == 0 {
		b.WriteString("a ")
	} else {
		b.WriteString("the ")
	}
	if rng.IntN(3) == 0 {
		b.WriteString(pick(rng, adjectives) + " ")
	}
	if plural {
		b.WriteString(n.many)
	} else {
		b.WriteString(n.one)
	}
	return fixArticle(b.String()), plural
}

func pick2(rng *rand.Rand, ns []noun) noun { return ns[rng.IntN(len(ns))] }

// fixArticle turns "a old" into "an old".
func fixArticle(s string) string {
	if strings.HasPrefix(s, "a ") && len(s) > 2 && strings.ContainsRune("aeiou", rune(s[2])) {
		return "an " + s[2:]
	}
	return s
}

func verb(rng *rand.Rand, vs []noun, plural bool) string {
	v := pick2(rng, vs)
	if plural {
		return v.many
	}
	return v.one
}

// clause is subject + verb (+ object) (+ place), with agreement.
func clause(rng *rand.Rand) string {
	subj, plural := nounPhrase(rng)
	s := subj + " "
	if rng.IntN(2) == 0 {
		obj, _ := nounPhrase(rng)
		s += verb(rng, transitive, plural) + " " + obj
	} else {
		s += verb(rng, verbs, plural)
	}
	if rng.IntN(3) == 0 {
		s += " " + pick(rng, places)
	}
	return s
}

// bracketed nests round and square brackets up to depth.
func bracketed(rng *rand.Rand, depth int) string {
	inner := clause(rng)
	if depth > 1 && rng.IntN(2) == 0 {
		inner = pick(rng, places) + " " + bracketed(rng, depth-1)
	}
	if depth%2 == 0 {
		return "[" + inner + "]"
	}
	return "(" + inner + ")"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func englishSentence(rng *rand.Rand) string {
	switch rng.IntN(7) {
	case 0, 1:
		return capitalize(clause(rng)) + "."
	case 2:
		return capitalize(clause(rng)) + " and " + clause(rng) + "."
	case 3:
		return "\"" + capitalize(clause(rng)) + ",\" " + pick(rng, speech) + " " + capitalize(pick(rng, names)) + "."
	case 4:
		if rng.IntN(2) == 0 {
			return capitalize(pick(rng, names)) + " asked, \"Is it true that " + clause(rng) + "?\""
		}
		return capitalize(pick(rng, names)) + " " + pick(rng, speech) + ", \"" + capitalize(clause(rng)) + ".\""
	case 5:
		return capitalize(clause(rng)) + " " + bracketed(rng, 1+rng.IntN(3)) + "."
	default:
		n := 2 + rng.IntN(4)
		parts := []string{"one", "two", "three", "four", "five", "six"}[:n]
		return capitalize(pick(rng, names)) + " counts: " + strings.Join(parts, ", ") + "."
	}
}

func english(rng *rand.Rand, size int) string {
	var b strings.Builder
	for b.Len() < size {
		n := 2 + rng.IntN(4)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(englishSentence(rng))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ---- Russian ----------------------------------------------------------------

// A Russian noun with its grammatical gender (0 masculine, 1 feminine, 2
// neuter, 3 plural); adjectives and past-tense verbs agree with it.
type ruNoun struct {
	word   string
	gender int
}

var (
	ruNouns = []ruNoun{
		{"кот", 0}, {"дом", 0}, {"лес", 0}, {"мальчик", 0}, {"учитель", 0},
		{"кошка", 1}, {"река", 1}, {"девочка", 1}, {"птица", 1}, {"книга", 1},
		{"окно", 2}, {"солнце", 2}, {"море", 2}, {"дерево", 2},
		{"дети", 3}, {"птицы", 3}, {"книги", 3}, {"коты", 3},
	}
	ruAdjStems = []string{"стар", "нов", "красн", "бел", "добр", "умн"}
	ruAdjEnds  = [4]string{"ый", "ая", "ое", "ые"}
	ruVerbs    = []string{"спа", "пе", "жда", "игра", "чита", "молча"}
	ruPastEnds = [4]string{"л", "ла", "ло", "ли"}
	ruNames    = []ruNoun{{"Анна", 1}, {"Иван", 0}, {"Мария", 1}, {"Пётр", 0}, {"Ольга", 1}}
)

func ruClause(rng *rand.Rand) string {
	n := ruNouns[rng.IntN(len(ruNouns))]
	s := ""
	if rng.IntN(2) == 0 {
		s = pick(rng, ruAdjStems) + ruAdjEnds[n.gender] + " "
	}
	return s + n.word + " " + pick(rng, ruVerbs) + ruPastEnds[n.gender]
}

func ruCapitalize(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func russian(rng *rand.Rand, size int) string {
	var b strings.Builder
	for b.Len() < size {
		n := 2 + rng.IntN(3)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch rng.IntN(4) {
			case 0:
				name := ruNames[rng.IntN(len(ruNames))]
				b.WriteString("«" + ruCapitalize(ruClause(rng)) + "», — сказал" + [2]string{"", "а"}[name.gender] + " " + name.word + ".")
			case 1:
				b.WriteString(ruCapitalize(ruClause(rng)) + ", а " + ruClause(rng) + ".")
			default:
				b.WriteString(ruCapitalize(ruClause(rng)) + ".")
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
