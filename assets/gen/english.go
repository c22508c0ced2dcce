package main

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"rnnlab/labels"
)

// The English text's labels.
var englishLabels = []labels.Label{
	labels.Named("quote"),
	labels.Named("bracket"),
	{Name: "singular", Title: "singular subject, verb to come", TitleUK: "підмет в однині, дієслово попереду"},
	{Name: "plural", Title: "plural subject, verb to come", TitleUK: "підмет у множині, дієслово попереду"},
	labels.Named("sentence"),
}

// pair is a word's singular and plural form (for a verb: the form after
// a singular subject, then after a plural one).
type pair [2]string

var (
	enNouns = []pair{
		{"cat", "cats"}, {"dog", "dogs"}, {"fox", "foxes"}, {"bird", "birds"},
		{"owl", "owls"}, {"frog", "frogs"}, {"goose", "geese"}, {"mouse", "mice"},
		// people from here on
		{"child", "children"}, {"girl", "girls"}, {"boy", "boys"}, {"teacher", "teachers"},
		{"robot", "robots"},
	}
	enAnimals    = 8 // the first 8 nouns are animals
	enAdjectives = []string{"red", "small", "old", "happy", "green", "quiet", "big", "clever", "sleepy", "little"}
	enNames      = []string{"Anna", "Tom", "Maria", "Ivan", "Lee", "Sara", "Oleh", "Emma"}
	enNumbers    = []string{"two", "three", "four", "five", "six", "seven", "eight", "nine"}
	// Verbs that can take a duration: "sleeps (for 3 hours)".
	enLasting = []pair{
		{"sleeps", "sleep"}, {"sings", "sing"}, {"waits", "wait"}, {"dances", "dance"},
		{"swims", "swim"}, {"hides", "hide"}, {"plays", "play"},
	}
	enOther      = []pair{{"runs", "run"}, {"jumps", "jump"}, {"laughs", "laugh"}}
	enBe         = pair{"is", "are"}
	enStates     = []string{"hungry", "happy", "sleepy", "late", "lost", "cold", "ready"}
	enTransitive = []pair{
		{"sees", "see"}, {"likes", "like"}, {"follows", "follow"}, {"finds", "find"},
		{"helps", "help"}, {"watches", "watch"}, {"chases", "chase"},
	}
	enPrepositions = []string{"near", "behind", "with", "next to", "beside"}
	enPlaces       = []string{
		"in the garden", "on the hill", "by the river", "under the table", "at school",
		"in the box", "near the old bridge", "behind the house", "in the rain",
	}
	enShouts = []pair{{"shouts", "shout"}, {"calls", "call"}, {"yells", "yell"}, {"cries", "cry"}}
	enSigns  = []string{
		"NO DOGS IN THE GARDEN", "FRESH EGGS", "KEEP OFF THE GRASS", "MIND THE GEESE",
		"SLOW, CHILDREN PLAY HERE", "THE SHOP IS OPEN", "CLOSE THE GATE",
	}
	enSignPlaces = []string{"on the gate", "by the road", "at the farm", "on the old shop"}
	enColours    = []string{"red", "grey", "white", "black", "brown", "green"}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// english writes the default text: sentences where a property matters for
// the next characters, so an LSTM grows a unit that tracks it. Speech in
// quotes is shouted in capitals; numbers in brackets are digits while the
// rest of the text spells them; verbs agree with a subject that is often a
// phrase or a bracket away. It stops after the line that passes size runes.
func english(rng *rand.Rand, size int) (string, []labels.Label) {
	g := &enGen{grammar{rng, newWriter(englishLabels)}}
	g.w.governWords, g.w.governDigits = true, true
	g.w.paragraphs(rng, size, 2, 5, g.sentence)
	return g.w.result()
}

type enGen struct{ grammar }

func (g *enGen) sentence() {
	w, rng := g.w, g.rng
	w.sentence()
	switch n := rng.IntN(100); {
	case n < 24:
		g.clause()
		w.write(".")
	case n < 32:
		g.clause()
		w.write(pick(rng, []string{" and ", " but ", ", and "}))
		g.clause()
		w.write(".")
	case n < 48: // Anna shouts, "THE DOGS ARE HUNGRY!"
		g.speaker()
		w.write(", ")
		g.shout(pick(rng, []string{"!", "."}))
	case n < 58: // "THE DOGS ARE HUNGRY," shouts Tom.
		g.shout(pick(rng, []string{",", ",", "!"}))
		w.write(" " + pick(rng, enShouts)[0] + " " + pick(rng, enNames) + ".")
	case n < 64: // The sign on the gate says, "FRESH EGGS."
		plural := rng.IntN(3) == 0
		w.write(pick(rng, []string{"the ", "the old "}) + pair{"sign", "signs"}[b2i(plural)])
		end := w.n - 1
		w.write(" " + pick(rng, enSignPlaces) + " ")
		g.verb(plural, end, pair{"says", "say"})
		w.write(", ")
		w.openQuote(`"`)
		w.write(pick(rng, enSigns) + ".")
		w.closeQuote(`"`)
	case n < 76: // Five birds (2 red, 3 grey) sing by the river.
		k := 2 + rng.IntN(len(enNumbers))
		w.write(enNumbers[k-2] + " ")
		if rng.IntN(3) == 0 {
			w.write(pick(rng, enAdjectives) + " ")
		}
		w.write(pick(rng, enNouns[:enAnimals])[1])
		end := w.n - 1
		w.write(" ")
		g.breakdown(k)
		w.write(" ")
		g.predicate(true, end)
		w.write(".")
	case n < 86: // The cat sleeps under the table (for 3 hours).
		plural, end := g.subject()
		w.write(" ")
		g.verb(plural, end, pick(rng, enLasting))
		if rng.IntN(2) == 0 {
			w.write(" " + pick(rng, enPlaces))
		}
		w.write(" ")
		w.openBracket()
		if rng.IntN(2) == 0 {
			k := 1 + rng.IntN(5)
			w.write("for " + strconv.Itoa(k) + " " + pair{"hour", "hours"}[b2i(k > 1)])
		} else {
			w.write("for " + strconv.Itoa(5*(1+rng.IntN(11))) + " minutes")
		}
		w.closeBracket()
		w.write(".")
	case n < 93: // Tom (age 7) dances.
		w.write(pick(rng, enNames))
		end := w.n - 1
		w.write(" ")
		w.openBracket()
		w.write("age " + strconv.Itoa(3+rng.IntN(9)))
		w.closeBracket()
		w.write(" ")
		g.predicate(false, end)
		w.write(".")
	default: // Tom counts: one, two, three.
		plural, end := g.names()
		w.write(" ")
		g.verb(plural, end, pair{"counts", "count"})
		w.write(": one")
		for i := range 1 + rng.IntN(5) {
			w.write(", " + []string{"two", "three", "four", "five", "six"}[i])
		}
		w.write(".")
	}
}

// clause writes subject, maybe a phrase, and a predicate that agrees.
func (g *enGen) clause() {
	if g.rng.IntN(5) == 0 {
		plural, end := g.names()
		g.w.write(" ")
		g.predicate(plural, end)
		return
	}
	plural, end := g.subject()
	g.w.write(" ")
	g.modifier()
	g.predicate(plural, end)
}

// subject writes a noun phrase and returns whether it is plural and the
// position of its head's last letter.
func (g *enGen) subject() (plural bool, end int) {
	plural = g.rng.IntN(2) == 0
	g.nounPhrase(plural)
	return plural, g.w.n - 1
}

// names writes "Anna" or "Anna and Tom".
func (g *enGen) names() (plural bool, end int) {
	a := pick(g.rng, enNames)
	g.w.write(a)
	if g.rng.IntN(3) == 0 {
		b := pick(g.rng, enNames)
		for b == a {
			b = pick(g.rng, enNames)
		}
		g.w.write(" and " + b)
		return true, g.w.n - 1
	}
	return false, g.w.n - 1
}

// nounPhrase writes "the cat", "an old owl", "three small foxes".
func (g *enGen) nounPhrase(plural bool) {
	rng := g.rng
	var det string
	switch {
	case plural && rng.IntN(3) == 0:
		det = pick(rng, enNumbers)
	case plural:
		det = pick(rng, []string{"the", "the", "these", "some"})
	default:
		det = pick(rng, []string{"the", "the", "a", "this"})
	}
	words := []string{det}
	if rng.IntN(3) == 0 {
		words = append(words, pick(rng, enAdjectives))
	}
	words = append(words, pick(rng, enNouns)[b2i(plural)])
	if words[0] == "a" && strings.ContainsRune("aeiou", rune(words[1][0])) {
		words[0] = "an"
	}
	g.w.write(strings.Join(words, " "))
}

// modifier writes, half the time, a phrase between subject and verb: a
// preposition with another noun (of either number, a distractor) or a
// relative clause with its own agreement.
func (g *enGen) modifier() {
	switch g.rng.IntN(6) {
	case 0, 1:
		g.w.write(pick(g.rng, enPrepositions) + " ")
		g.nounPhrase(g.rng.IntN(2) == 0)
		g.w.write(" ")
	case 2:
		g.w.write("that ")
		plural, end := g.subject()
		g.w.write(" ")
		g.verb(plural, end, pick(g.rng, enTransitive))
		g.w.write(" ")
	}
}

// predicate writes a verb that agrees with the subject (whose last letter
// is at end), then an object, a state or a place.
func (g *enGen) predicate(plural bool, end int) {
	w, rng := g.w, g.rng
	switch rng.IntN(4) {
	case 0:
		g.verb(plural, end, enBe)
		w.write(" " + pick(rng, enStates))
	case 1:
		g.verb(plural, end, pick(rng, enTransitive))
		w.write(" ")
		g.nounPhrase(rng.IntN(2) == 0)
	default:
		g.verb(plural, end, pick(rng, append(enLasting, enOther...)))
	}
	if rng.IntN(3) == 0 {
		w.write(" " + pick(rng, enPlaces))
	}
}

// verb writes the form of v that agrees, labelled from the subject's end.
func (g *enGen) verb(plural bool, subjectEnd int, v pair) {
	g.w.verb(englishLabels[2+b2i(plural)].Name, subjectEnd, v[b2i(plural)], v[:])
}

// speaker writes "Anna shouts" or "the children call", with agreement.
func (g *enGen) speaker() {
	plural, end := false, 0
	if g.rng.IntN(3) == 0 {
		plural, end = g.names()
	} else {
		plural, end = g.subject()
	}
	g.w.write(" ")
	g.verb(plural, end, pick(g.rng, enShouts))
}

// shout writes a clause in quotes, in capitals, ending with end.
func (g *enGen) shout(end string) {
	w := g.w
	w.openQuote(`"`)
	w.upper = true
	g.clause()
	w.write(end)
	w.upper = false
	w.closeQuote(`"`)
}

// breakdown writes "(2 red, 3 grey)": k split into colours, in digits.
func (g *enGen) breakdown(k int) {
	w := g.w
	w.openBracket()
	colours := g.rng.Perm(len(enColours))
	for i := 0; k > 0; i++ {
		part := k
		if i == 0 || i == 1 && k > 1 && g.rng.IntN(3) == 0 {
			part = 1 + g.rng.IntN(k-1)
		}
		if i > 0 {
			w.write(", ")
		}
		w.write(strconv.Itoa(part) + " " + enColours[colours[i]])
		k -= part
	}
	w.closeBracket()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
