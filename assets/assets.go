package assets

import (
	_ "embed"
	"fmt"
	"unicode/utf8"

	"rnnlab/labels"
)

var (
	//go:embed corpora/patterns.txt
	patterns string
	//go:embed corpora/patterns.labels
	patternsLabels string
	//go:embed corpora/ukrainian.txt
	ukrainian string
	//go:embed corpora/ukrainian.labels
	ukrainianLabels string
)

// Corpus is a named built-in text with the labels its generator knew.
type Corpus struct {
	Name    string // short name used in URLs and flags
	Title   string // what the user sees, in English
	TitleUK string // the same in Ukrainian
	About   string // what the text is for, in English
	AboutUK string // the same in Ukrainian
	Text    string
	// Labels are exact, per rune position of Text (see package labels):
	// what holds after each character and which characters each label
	// decides.
	Labels []labels.Label
}

// Corpora lists the built-in texts; the first is the default. Each call
// returns fresh labels, so a caller may keep or change them.
func Corpora() []Corpus {
	return []Corpus{
		{
			Name:    "patterns",
			Title:   "Patterns (English: quotes, brackets, agreement)",
			TitleUK: "Візерунки (англійська: лапки, дужки, узгодження)",
			About: "English sentences where the next letter needs memory: speech in quotes is shouted in CAPITALS, " +
				"numbers in brackets are digits while the rest of the text spells them, and each verb agrees with " +
				"a subject that is often a phrase away. An LSTM grows an “inside quotes” unit within a few hundred " +
				"thousand characters; the flags view finds it.",
			AboutUK: "Англійські речення, де наступну літеру не вгадати без пам’яті: пряма мова в лапках написана " +
				"ВЕЛИКИМИ ЛІТЕРАМИ, числа в дужках — цифрами, а в решті тексту — словами, і дієслово узгоджується " +
				"з підметом, від якого його часто відділяє кілька слів. LSTM вирощує нейрон «усередині лапок» за " +
				"кілька сотень тисяч символів; подання прапорців його знаходить.",
			Text:   patterns,
			Labels: mustParse("patterns", patterns, patternsLabels),
		},
		{
			Name:    "ukrainian",
			Title:   "Ukrainian (gender agreement, «quotes»)",
			TitleUK: "Українська (узгодження роду, «лапки»)",
			About: "Ukrainian sentences where the past-tense verb agrees with its subject's gender and number " +
				"(кіт прийшов, кішка прийшла, кошеня прийшло, діти прийшли), often across a phrase or another noun, " +
				"and speech in «quotes» is in the present tense. A model must remember the subject's gender until " +
				"its verb comes: look for a “feminine subject” unit.",
			AboutUK: "Українські речення, де дієслово минулого часу узгоджується з підметом у роді й числі " +
				"(кіт прийшов, кішка прийшла, кошеня прийшло, діти прийшли), часто через кілька слів або інший " +
				"іменник, а пряма мова в «лапках» — у теперішньому часі. Модель мусить пам’ятати рід підмета, " +
				"доки не прийде дієслово: шукайте нейрон «підмет жіночого роду».",
			Text:   ukrainian,
			Labels: mustParse("ukrainian", ukrainian, ukrainianLabels),
		},
	}
}

// mustParse reads the labels embedded beside a text. They are written by
// ./gen and checked by the tests, so a failure is a broken build.
func mustParse(name, text, data string) []labels.Label {
	ls, err := labels.Parse(data)
	if err == nil {
		n := utf8.RuneCountInString(text)
		for _, l := range ls {
			if err = l.Set.Check(n); err == nil {
				err = l.Governs.Check(n)
			}
			if err != nil {
				err = fmt.Errorf("label %s: %w", l.Name, err)
				break
			}
		}
	}
	if err != nil {
		panic(fmt.Sprintf("assets: the labels of %s are broken: %v", name, err))
	}
	return ls
}
