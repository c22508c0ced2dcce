package main

import (
	"math/rand/v2"
	"strings"
	"unicode"

	"rnnlab/labels"
)

// The Ukrainian text's labels. The four subject labels are exclusive: the
// subject's gender, or plural.
var ukrainianLabels = []labels.Label{
	labels.Named("quote"),
	{Name: "masculine", Title: "masculine subject, verb to come", TitleUK: "підмет чоловічого роду, дієслово попереду"},
	{Name: "feminine", Title: "feminine subject, verb to come", TitleUK: "підмет жіночого роду, дієслово попереду"},
	{Name: "neuter", Title: "neuter subject, verb to come", TitleUK: "підмет середнього роду, дієслово попереду"},
	{Name: "plural", Title: "plural subject, verb to come", TitleUK: "підмет у множині, дієслово попереду"},
	labels.Named("sentence"),
}

// Genders, the index of the past-tense form that agrees (він прийшов, вона
// прийшла, воно прийшло, вони прийшли) and of the subject's label.
const (
	masculine = iota
	feminine
	neuter
	plural
)

// What a noun is, for the adjectives that suit it.
const (
	animal = iota
	young  // a young animal: neuter in Ukrainian (кошеня, цуценя)
	kid
	adult
)

type ukNoun struct {
	nom, gen     string // nominative and genitive
	gender, kind int
}

// ukVerb has the past tense by gender (masculine, feminine, neuter,
// plural) and, if it has one, the present tense in the third person
// (singular, plural) and the first (я, ми).
type ukVerb struct {
	past    [4]string
	present [2]string
	first   [2]string
}

var (
	ukNouns = []ukNoun{
		{"кіт", "кота", masculine, animal}, {"пес", "пса", masculine, animal},
		{"їжак", "їжака", masculine, animal}, {"півень", "півня", masculine, animal},
		{"хлопчик", "хлопчика", masculine, kid}, {"дідусь", "дідуся", masculine, adult},
		{"учитель", "учителя", masculine, adult}, {"сусід", "сусіда", masculine, adult},
		{"кішка", "кішки", feminine, animal}, {"сова", "сови", feminine, animal},
		{"лисиця", "лисиці", feminine, animal}, {"коза", "кози", feminine, animal},
		{"дівчинка", "дівчинки", feminine, kid}, {"бабуся", "бабусі", feminine, adult},
		{"учителька", "учительки", feminine, adult}, {"сусідка", "сусідки", feminine, adult},
		{"кошеня", "кошеняти", neuter, young}, {"цуценя", "цуценяти", neuter, young},
		{"каченя", "каченяти", neuter, young}, {"лоша", "лошати", neuter, young},
		{"теля", "теляти", neuter, young}, {"курча", "курчати", neuter, young},
		{"ягня", "ягняти", neuter, young},
		{"діти", "дітей", plural, kid}, {"коти", "котів", plural, animal},
		{"кошенята", "кошенят", plural, young}, {"цуценята", "цуценят", plural, young},
		{"каченята", "каченят", plural, young}, {"дівчата", "дівчат", plural, kid},
		{"хлопці", "хлопців", plural, kid}, {"сусіди", "сусідів", plural, adult},
		{"птахи", "птахів", plural, animal}, {"гуси", "гусей", plural, animal},
	}
	ukNames = []ukNoun{
		{"Оксана", "", feminine, adult}, {"Марія", "", feminine, adult}, {"Олена", "", feminine, adult},
		{"Ірина", "", feminine, adult}, {"Тарас", "", masculine, adult}, {"Петро", "", masculine, adult},
		{"Андрій", "", masculine, adult}, {"Богдан", "", masculine, adult},
	}
	ukPronouns = [4]string{"він", "вона", "воно", "вони"}
	// Hard-stem adjectives by the kind of noun they suit: stem + ий, а, е,
	// і (nominative) or ого, ої, ого, их (genitive).
	ukAdjectives = [4][]string{
		animal: {"маленьк", "руд", "сір", "біл", "сонн", "весел", "стар"},
		young:  {"маленьк", "руд", "сір", "біл", "сонн", "весел"},
		kid:    {"мал", "весел", "сонн", "руд"},
		adult:  {"стар", "добр", "весел", "сив"},
	}
	ukNomEnds = [4]string{"ий", "а", "е", "і"}
	ukGenEnds = [4]string{"ого", "ої", "ого", "их"}

	// Verbs of staying, with a place (біля хати); verbs of going, with a
	// direction (додому).
	ukStaying = []ukVerb{
		{[4]string{"спав", "спала", "спало", "спали"}, [2]string{"спить", "сплять"}, [2]string{"сплю", "спимо"}},
		{[4]string{"грався", "гралася", "гралося", "гралися"}, [2]string{"грається", "граються"}, [2]string{"граюся", "граємося"}},
		{[4]string{"сидів", "сиділа", "сиділо", "сиділи"}, [2]string{"сидить", "сидять"}, [2]string{"сиджу", "сидимо"}},
		{[4]string{"чекав", "чекала", "чекало", "чекали"}, [2]string{"чекає", "чекають"}, [2]string{"чекаю", "чекаємо"}},
		{[4]string{"бігав", "бігала", "бігало", "бігали"}, [2]string{"бігає", "бігають"}, [2]string{"бігаю", "бігаємо"}},
		{[4]string{"стрибав", "стрибала", "стрибало", "стрибали"}, [2]string{"стрибає", "стрибають"}, [2]string{"стрибаю", "стрибаємо"}},
		{[4]string{"гуляв", "гуляла", "гуляло", "гуляли"}, [2]string{"гуляє", "гуляють"}, [2]string{"гуляю", "гуляємо"}},
		{[4]string{"ховався", "ховалася", "ховалося", "ховалися"}, [2]string{"ховається", "ховаються"}, [2]string{"ховаюся", "ховаємося"}},
		{[4]string{"плакав", "плакала", "плакало", "плакали"}, [2]string{"плаче", "плачуть"}, [2]string{"плачу", "плачемо"}},
		{[4]string{"співав", "співала", "співало", "співали"}, [2]string{"співає", "співають"}, [2]string{"співаю", "співаємо"}},
	}
	ukGoing = []ukVerb{
		{past: [4]string{"прийшов", "прийшла", "прийшло", "прийшли"}},
		{past: [4]string{"повернувся", "повернулася", "повернулося", "повернулися"}},
		{past: [4]string{"пішов", "пішла", "пішло", "пішли"}},
		{past: [4]string{"побіг", "побігла", "побігло", "побігли"}},
		{[4]string{"ішов", "ішла", "ішло", "ішли"}, [2]string{"іде", "ідуть"}, [2]string{"іду", "ідемо"}},
		{[4]string{"біг", "бігла", "бігло", "бігли"}, [2]string{"біжить", "біжать"}, [2]string{"біжу", "біжимо"}},
		{[4]string{"повертався", "поверталася", "поверталося", "поверталися"}, [2]string{"повертається", "повертаються"}, [2]string{"повертаюся", "повертаємося"}},
	}
	ukPlaces = []string{
		"біля хати", "у саду", "під деревом", "на печі", "біля річки", "на лузі",
		"за хатою", "на ганку", "у траві", "на сонці", "у лісі",
	}
	ukDirections  = []string{"додому", "до річки", "до хати", "до бабусі", "на луг", "до лісу", "у сад"}
	ukFrom        = []string{"з нашого двору", "з нашої вулиці", "з того берега", "з нашого села", "з великого міста"}
	ukStayAdverbs = []string{"довго", "тихо", "знову", "учора", "увечері", "зранку"}
	ukGoAdverbs   = []string{"знову", "учора", "увечері", "зранку", "швидко", "тихо"}
	// Relative clauses: the pronoun agrees with the subject, and the verb
	// with ми.
	ukWhich    = [4]string{"якого", "яку", "яке", "яких"}
	ukRelative = []struct {
		before string
		verb   [4]string
		after  string
	}{
		{"ми", [4]string{"бачив", "бачила", "бачило", "бачили"}, "учора"},
		{"ми довго", [4]string{"шукав", "шукала", "шукало", "шукали"}, ""},
		{"ми", [4]string{"чекав", "чекала", "чекало", "чекали"}, "зранку"},
	}
	// Speech verbs: said, whispered (statements), shouted (exclamations),
	// asked (questions).
	ukSaid    = [][4]string{{"сказав", "сказала", "сказало", "сказали"}, {"прошепотів", "прошепотіла", "прошепотіло", "прошепотіли"}}
	ukShouted = [4]string{"гукнув", "гукнула", "гукнуло", "гукнули"}
	ukAsked   = [4]string{"спитав", "спитала", "спитало", "спитали"}
)

const ukVowels = "аеєиіїоуюя"

// ukrainian writes a text where the past-tense verb agrees with its
// subject's gender and number, often across a phrase, and direct speech in
// «quotes» is in the present tense, so only the quote tells which tense
// comes. It stops after the line that passes size runes.
func ukrainian(rng *rand.Rand, size int) (string, []labels.Label) {
	g := &ukGen{grammar{rng, newWriter(ukrainianLabels)}}
	g.w.paragraphs(rng, size, 2, 4, g.sentence)
	return g.w.result()
}

type ukGen struct{ grammar }

func (g *ukGen) sentence() {
	w, rng := g.w, g.rng
	w.sentence()
	switch n := rng.IntN(100); {
	case n < 30: // Руде кошеня з нашого двору довго спало на печі.
		g.clause(g.subject())
		w.write(".")
	case n < 40: // Кіт спав, а діти гралися у траві.
		g.clause(g.subject())
		w.write(pick(rng, []string{", а ", ", і ", ", а потім "}))
		g.clause(g.subject())
		w.write(".")
	case n < 58: // Оксана сказала: «Кошеня спить на печі».
		verbs, end := g.speech()
		s := g.speaker(rng.IntN(3) == 0)
		g.past(s, verbs[rng.IntN(len(verbs))])
		w.write(": ")
		g.quote(end, s.word)
		if end == "." {
			w.write(".")
		}
	case n < 72: // «Кошеня спить», — сказала Оксана.
		verbs, end := g.speech()
		s := pick(rng, append(ukNames, g.people()...))
		g.quote(end, s.nom)
		if end == "." {
			w.write(",")
		}
		w.write(" — ")
		v := verbs[rng.IntN(len(verbs))]
		w.write(v[s.gender] + " " + g.noun(s))
		w.write(".")
	case n < 86: // Оксана й Тарас прийшли додому.
		a := g.subject()
		second := g.noun(g.singularOf(a.kind, a.word))
		w.write(" " + g.conjunction(second) + " " + second)
		g.clause(subject{end: w.n - 1, gender: plural, kind: a.kind})
		w.write(".")
	default: // Вона знову прийшла додому.
		gender := rng.IntN(4)
		w.write(ukPronouns[gender])
		g.clause(subject{end: w.n - 1, gender: gender, kind: animal, pronoun: true})
		w.write(".")
	}
}

// subject is what the verb must agree with.
type subject struct {
	end          int // position of the last letter of its head
	gender, kind int
	pronoun      bool   // він, вона: no phrase after it
	word         string // the noun or name
}

// subject writes a noun with perhaps an adjective, or a name.
func (g *ukGen) subject() subject {
	if g.rng.IntN(4) == 0 {
		n := pick(g.rng, ukNames)
		g.w.write(n.nom)
		return subject{end: g.w.n - 1, gender: n.gender, kind: n.kind, word: n.nom}
	}
	n := pick(g.rng, ukNouns)
	g.w.write(g.noun(n))
	return subject{end: g.w.n - 1, gender: n.gender, kind: n.kind, word: n.nom}
}

// singularOf picks a singular noun of the kind given other than first
// (for "Кіт і пес", not "Кіт і кіт").
func (g *ukGen) singularOf(kind int, first string) ukNoun {
	for {
		if n := pick(g.rng, ukNouns); n.kind == kind && n.gender != plural && n.nom != first {
			return n
		}
	}
}

// noun returns n in the nominative, a third of the time with an adjective.
func (g *ukGen) noun(n ukNoun) string {
	if n.gen == "" || g.rng.IntN(3) > 0 { // names take no adjective
		return n.nom
	}
	return pick(g.rng, ukAdjectives[n.kind]) + ukNomEnds[n.gender] + " " + n.nom
}

// people lists the nouns for people, who can speak.
func (g *ukGen) people() []ukNoun {
	var ps []ukNoun
	for _, n := range ukNouns {
		if n.kind == kid || n.kind == adult {
			ps = append(ps, n)
		}
	}
	return ps
}

// speaker writes who speaks, perhaps with a phrase after.
func (g *ukGen) speaker(phrase bool) subject {
	var n ukNoun
	if g.rng.IntN(2) == 0 {
		n = pick(g.rng, ukNames)
	} else {
		n = pick(g.rng, g.people())
	}
	g.w.write(g.noun(n))
	s := subject{end: g.w.n - 1, gender: n.gender, kind: n.kind, word: n.nom}
	g.w.write(" ")
	if phrase {
		g.w.write(g.euphony(pick(g.rng, ukFrom)) + " ")
	}
	return s
}

// clause writes, after a subject, a phrase or an adverb now and then, the
// past-tense verb that agrees, and a place or direction.
func (g *ukGen) clause(s subject) {
	w, rng := g.w, g.rng
	near := false
	choice := rng.IntN(8)
	if s.pronoun {
		choice = 8 // він, вона take no phrase
	}
	switch choice {
	case 0, 1:
		w.write(" " + g.euphony(pick(rng, ukFrom)))
	case 2, 3: // біля старої кішки: a noun of another gender in between
		near = true
		n := pick(rng, ukNouns)
		w.write(" біля ")
		if rng.IntN(2) == 0 {
			w.write(pick(rng, ukAdjectives[n.kind]) + ukGenEnds[n.gender] + " ")
		}
		w.write(n.gen)
	case 4:
		rel := pick(rng, ukRelative)
		w.write(", ")
		w.ending(ukrainianLabels[1+s.gender].Name, ukWhich[s.gender], ukWhich[:])
		w.write(" ")
		we := w.n + 1 // the и of ми, the subject
		w.write(rel.before + " ")
		g.verb(plural, we, rel.verb[plural], rel.verb[:])
		if rel.after != "" {
			w.write(" " + g.euphony(rel.after))
		}
		w.write(",")
	}
	going := rng.IntN(3) == 0
	if rng.IntN(3) == 0 {
		w.write(" " + g.euphony(pick(rng, [2][]string{ukStayAdverbs, ukGoAdverbs}[b2i(going)])))
	}
	w.write(" ")
	if going {
		g.past(s, pick(rng, ukGoing).past)
		w.write(" " + g.euphony(pick(rng, ukDirections)))
		return
	}
	g.past(s, pick(rng, ukStaying).past)
	if rng.IntN(4) > 0 {
		place := pick(rng, ukPlaces)
		for near && strings.HasPrefix(place, "біля") { // not "біля кота … біля хати"
			place = pick(rng, ukPlaces)
		}
		w.write(" " + g.euphony(place))
	}
}

// past writes the form of a past-tense verb that agrees with s.
func (g *ukGen) past(s subject, forms [4]string) {
	g.verb(s.gender, s.end, forms[s.gender], forms[:])
}

// verb writes form, one of forms, as the verb of a subject of gender
// ending at end, with і/й as the sound before asks.
func (g *ukGen) verb(gender, end int, form string, forms []string) {
	fs := make([]string, len(forms))
	for i, f := range forms {
		fs[i] = g.euphony(f)
	}
	g.w.verb(ukrainianLabels[1+gender].Name, end, g.euphony(form), fs)
}

// speech picks what kind of speech comes: the verbs that can introduce it
// and how it ends.
func (g *ukGen) speech() ([][4]string, string) {
	switch g.rng.IntN(5) {
	case 0:
		return [][4]string{ukShouted}, "!"
	case 1:
		return [][4]string{ukAsked}, "?"
	}
	return ukSaid, "."
}

// quote writes «…» in the present tense, ending with end when it is ! or ?
// (a full stop goes after the closing mark). Speech often calls someone
// (Оксано, бабусю: the vocative, found only in quotes) and speaks of
// itself (я сиджу, ми йдемо). The speaker does not call himself.
func (g *ukGen) quote(end, speaker string) {
	w, rng := g.w, g.rng
	w.openQuote("«")
	w.capOnly = true
	if rng.IntN(2) == 0 {
		v := pick(rng, ukVocatives)
		for strings.HasPrefix(speaker, string([]rune(v)[:3])) { // not Богдан: «Богдане, …»
			v = pick(rng, ukVocatives)
		}
		w.write(v + ", ")
	}
	switch {
	case end == "?": // Де кошеня спить? Куди ти біжиш?
		q := rng.IntN(3)
		w.write([]string{"де", "куди", "чому"}[q] + " ")
		g.present(q, true, q == 1)
	case end == "!" && rng.IntN(2) == 0:
		w.write(pick(rng, []string{"дивіться", "ой", "швидше"}) + ", ")
		g.present(rng.IntN(2), false, false)
	default:
		g.present(rng.IntN(2), rng.IntN(3) == 0, true)
		if rng.IntN(4) == 0 {
			w.write(", а ")
			g.present(rng.IntN(2), true, true)
		}
	}
	if end != "." {
		w.write(end)
	}
	w.closeQuote("»")
}

// Who speech calls, in the vocative.
var ukVocatives = []string{
	"Оксано", "Маріє", "Олено", "Ірино", "Тарасе", "Петре", "Андрію", "Богдане",
	"бабусю", "дідусю", "мамо", "тату", "діти",
}

// present writes a present-tense clause with a verb of staying (0),
// going (1) or either (2), and a place or direction unless short. The
// subject is a noun, or now and then (if first) я or ми; the verb agrees
// with it in person and number, and only the quote around it decides that
// it is not past.
func (g *ukGen) present(kind int, short, first bool) {
	w, rng := g.w, g.rng
	person := 3
	var s subject
	n := 4 + rng.IntN(6)
	if first {
		n = rng.IntN(10)
	}
	switch {
	case n < 2:
		person = 1
		w.write("я")
	case n < 4:
		person = 1
		w.write("ми")
		s = subject{end: w.n - 1, gender: plural}
	default:
		s = g.subject()
		if !short && rng.IntN(4) == 0 {
			w.write(" " + g.euphony(pick(rng, ukFrom)))
		}
	}
	w.write(" ")
	going := kind == 1 || kind == 2 && rng.IntN(3) == 0
	verbs := [2][]ukVerb{ukStaying, ukGoing}[b2i(going)]
	v := pick(rng, verbs)
	for v.present[0] == "" {
		v = pick(rng, verbs)
	}
	forms := v.present
	if person == 1 {
		forms = v.first
	}
	for i := range forms {
		forms[i] = g.euphony(forms[i])
	}
	form := forms[b2i(s.gender == plural)]
	start := w.n
	switch {
	case person == 3 || s.gender == plural:
		g.verb(s.gender, s.end, form, forms[:])
	default: // я: no label, as its gender shows only in the past
		w.write(form)
	}
	past := []string{form}
	for _, f := range v.past {
		past = append(past, g.euphony(f))
	}
	p := commonPrefix(past)
	w.governs("quote", start+p, start+max(len([]rune(form)), p+1))
	if short {
		return
	}
	if going {
		w.write(" " + g.euphony(pick(rng, ukDirections)))
	} else if rng.IntN(3) > 0 {
		w.write(" " + g.euphony(pick(rng, ukPlaces)))
	}
}

// euphony applies the alternations у/в, і/й and з/із of Ukrainian to the
// start of word, after the last letter written: в, й and з after a vowel,
// у, і and із after a consonant, у, і and з after a pause.
func (g *ukGen) euphony(word string) string {
	afterVowel := g.w.letter != 0 && strings.ContainsRune(ukVowels, g.w.letter)
	first, rest := []rune(word)[0], string([]rune(word)[1:])
	switch {
	case first == 'у' && (rest == "" || strings.HasPrefix(rest, " ") || rest == "чора" || rest == "вечері"):
		if afterVowel {
			return "в" + rest
		}
	case first == 'і' && !strings.HasPrefix(rest, " ") && rest != "":
		if afterVowel {
			return "й" + rest
		}
	case first == 'з' && strings.HasPrefix(rest, " "):
		if !afterVowel && g.w.letter != 0 {
			return "із" + rest
		}
	}
	return word
}

// conjunction returns "і" or, between a vowel and a consonant, "й".
func (g *ukGen) conjunction(next string) string {
	afterVowel := g.w.letter != 0 && strings.ContainsRune(ukVowels, g.w.letter)
	if afterVowel && !strings.ContainsRune(ukVowels, unicode.ToLower([]rune(next)[0])) {
		return "й"
	}
	return "і"
}
