package labels

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// show writes the characters of text at positions in rs and _ elsewhere.
func show(text string, rs Runs) string {
	var b strings.Builder
	i := 0
	for _, r := range text {
		if rs.Has(i) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		i++
	}
	return b.String()
}

func textLabel(t *testing.T, text, name string) *Label {
	t.Helper()
	l := ByName(FromText(text, 0, utf8.RuneCountInString(text)), name)
	if l == nil {
		t.Fatalf("FromText has no label %q", name)
	}
	return l
}

// shown is a text and a label's set and governed positions in it, drawn
// by show.
type shown struct{ text, set, governs string }

func checkShown(t *testing.T, name string, tests []shown) {
	t.Helper()
	for i, test := range tests {
		l := textLabel(t, test.text, name)
		if got := show(test.text, l.Set); got != test.set {
			t.Errorf("%s %d: %s\n set     %s\n want    %s", name, i, test.text, got, test.set)
		}
		if got := show(test.text, l.Governs); got != test.governs {
			t.Errorf("%s %d: %s\n governs %s\n want    %s", name, i, test.text, got, test.governs)
		}
	}
}

func TestFromTextQuotes(t *testing.T) {
	tests := []shown{
		{`He said "hi" and left.`, `________"hi___________`, `___________"__________`},
		{`"A," "B."`, `"A,__"B._`, `___"____"`},
		{`«Де кіт?» — спитала вона.`, `«Де кіт?_________________`, `________»________________`},
		{`Він сказав: «Читай „Кобзар“ уголос».`, `____________«Читай „Кобзар“ уголос__`, `__________________________“_______»_`},
		{`She said “yes” twice.`, `_________“yes________`, `_____________”_______`},
		{`an "open quote that never closes`, `________________________________`, `________________________________`},
		{"a \"stray\n\nb \"c\" d", "____________\"c___", "______________\"__"}, // a blank line forgets the stray quote
		{`rock 'n' roll "x"`, `______________"x_`, `________________"`},
		{`5" of rain and "snow" too`, `_______________"snow_____`, `____________________"____`}, // an inch mark closes nothing
		{`»stray« guillemets`, `__________________`, `__________________`},
	}
	checkShown(t, "quote", tests)
}

func TestFromTextBrackets(t *testing.T) {
	tests := []shown{
		{`a (b [c] d) e`, `__(b [c] d___`, `_______]__)__`},
		{`1) first, 2) second`, `___________________`, `___________________`},
		{`(a [b) c`, `(a [b___`, `_____)__`}, // ) closes ( and forgets the open [
		{`x (never closed`, `_______________`, `_______________`},
		{`(a (b) c`, `___(b___`, `_____)__`}, // the outer never closes; the inner pair still counts
		{`{k: [1, 2]}`, `{k: [1, 2]_`, `_________]}`},
	}
	checkShown(t, "bracket", tests)
}

func TestFromTextSentences(t *testing.T) {
	tests := []shown{
		{`One. Two! Three`, `___. ___! _____`, `_____T____T____`},
		{"End.\nNext", "___.\n____", "_____N___"},
		{`Pi is 3.14 and e.g. this.`, `_________________________`, `_________________________`},
		{`He left... "Wait," she said.`, `_______... "________________`, `____________W_______________`},
		{`"Go!" he said. Then`, `_____________. ____`, `_______________T___`},
		{`Кінець. Початок`, `______. _______`, `________П______`},
		{`It ended. 42 came.`, `________. ________`, `__________________`}, // a digit starts a sentence but is not a capital
	}
	checkShown(t, "sentence", tests)
}

func TestFromTextWordsVowelsDigits(t *testing.T) {
	text := "Don't stop, п’ять-шість ab12 -x- Éa"
	tests := []struct{ name, want string }{
		{"word", "Don't_stop__п’ять-шість_ab____x__Éa"},
		{"vowel", "_o______o_____я____і____a________Éa"},
		{"digit", "__________________________12_______"},
	}
	for _, test := range tests {
		if got := show(text, textLabel(t, text, test.name).Set); got != test.want {
			t.Errorf("%s:\n got  %s\n want %s", test.name, got, test.want)
		}
	}
	wp := textLabel(t, "ab cde", "wordpos")
	var got []float64
	for i := range 6 {
		got = append(got, wp.Value(i))
	}
	if want := []float64{1, 2, 0, 1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("wordpos %v want %v", got, want)
	}
}

func TestNamed(t *testing.T) {
	if l := Named("quote"); l.Title != "inside quotes" || l.TitleUK == "" || l.Set != nil {
		t.Errorf("Named(quote) = %+v", l)
	}
	if l := Named("no such label"); l.Name != "" {
		t.Errorf("an unknown name gave %+v", l)
	}
}

func TestFromTextEdges(t *testing.T) {
	for _, text := range []string{"", "\"", "(", ".", "a", "\n\n", "« » „ “ ” \" ( ) [ ] . . ."} {
		n := utf8.RuneCountInString(text)
		for _, l := range FromText(text, 0, n) {
			if err := l.Set.Check(n); err != nil {
				t.Errorf("%q %s: %v", text, l.Name, err)
			}
		}
	}
	if ls := FromText("abc", 5, 2); len(ls) != len(textLabels) || ls[2].Set != nil {
		t.Errorf("an empty window gave %v", ls)
	}
}

// randomText mixes words, quotes, brackets and stops, balanced or not.
func randomText(rng *rand.Rand, n int) string {
	pieces := []string{"word", "слово", " ", " ", " ", ". ", "! ", "\n", "\n\n", "\n \n", ". \n\n", ".\"\n\n", `"`, "«", "»", "„", "“", "”", "(", ")", "[", "]", "3", "it's", "Ab"}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// FromText takes linear time: a text a hundred times longer, with a quote
// and a bracket that never close, takes about a hundred times as long. See
// BenchmarkFromText.
func BenchmarkFromText(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := `"(` + randomText(rng, 1<<20)
	n := utf8.RuneCountInString(text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		FromText(text, 0, n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "chars/s")
}

// The flags view's case: 3,000 held-out characters at the end of a 2 MiB
// text with paragraphs. Reading starts at the last blank line before them,
// so this costs little more than the window.
func BenchmarkFromTextWindow(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := randomText(rng, 2<<20)
	n := utf8.RuneCountInString(text)
	from := n - n/10
	for b.Loop() {
		FromText(text, from, from+3000)
	}
	b.ReportMetric(3000*float64(b.N)/b.Elapsed().Seconds(), "chars/s")
}
