package words

import (
	"embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Lang is a language the app speaks, by its ISO 639-1 code.
type Lang string

const (
	English   Lang = "en"
	Ukrainian Lang = "uk"
)

// Langs lists the languages there are catalogues for, the default first.
func Langs() []Lang {
	out := []Lang{English}
	if _, err := files.Open(string(Ukrainian) + ".txt"); err == nil {
		out = append(out, Ukrainian)
	}
	return out
}

// ParseLang accepts a language code such as "en" or a browser's "en-GB".
func ParseLang(s string) (Lang, bool) {
	code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "-")
	code, _, _ = strings.Cut(code, "_")
	for _, l := range Langs() {
		if string(l) == code {
			return l, true
		}
	}
	return English, false
}

//go:embed *.txt
var files embed.FS

// catalogues are the parsed catalogue files, by language.
var catalogues = mustLoad()

// template is one catalogue text, cut into literal text and placeholders.
type template []piece

// piece is literal text (arg < 0) or a placeholder: the value arg, or, with
// forms, the word that agrees with it.
type piece struct {
	text  string
	arg   int
	forms []string
}

func mustLoad() map[Lang]map[string]template {
	out := map[Lang]map[string]template{}
	for _, l := range Langs() {
		data, err := files.ReadFile(string(l) + ".txt")
		if err != nil {
			panic("words: no catalogue for " + string(l))
		}
		c, err := parseCatalogue(string(data))
		if err != nil {
			panic(fmt.Sprintf("words: %s.txt: %v", l, err))
		}
		out[l] = c
	}
	return out
}

// parseCatalogue reads "key = text" lines; blank lines and lines starting
// with # are skipped. In a text, \n is a line break.
func parseCatalogue(data string) (map[string]template, error) {
	c := map[string]template{}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, text, ok := strings.Cut(line, "=")
		key, text = strings.TrimSpace(key), strings.TrimSpace(text)
		if !ok || key == "" {
			return nil, fmt.Errorf("line %d: want key = text", i+1)
		}
		if _, dup := c[key]; dup {
			return nil, fmt.Errorf("line %d: %s is defined twice", i+1, key)
		}
		t, err := parseTemplate(strings.ReplaceAll(text, `\n`, "\n"))
		if err != nil {
			return nil, fmt.Errorf("line %d (%s): %v", i+1, key, err)
		}
		c[key] = t
	}
	return c, nil
}

func parseTemplate(s string) (template, error) {
	var t template
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			t = append(t, piece{text: s, arg: -1})
			break
		}
		if open > 0 {
			t = append(t, piece{text: s[:open], arg: -1})
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("unclosed {")
		}
		inner := s[open+1 : open+end]
		num, forms, hasForms := strings.Cut(inner, "|")
		n, err := strconv.Atoi(num)
		if err != nil || n < 0 || n > 9 {
			return nil, fmt.Errorf("{%s}: want {0} … {9}, or {0|one|other}", inner)
		}
		p := piece{arg: n}
		if hasForms {
			p.forms = strings.Split(forms, "|")
		}
		t = append(t, p)
		s = s[open+end+1:]
	}
	return t, nil
}

// Has reports whether the catalogue of lang has key.
func Has(lang Lang, key string) bool {
	_, ok := catalogues[lang][key]
	return ok
}

// Keys lists the keys of lang's catalogue, sorted.
func Keys(lang Lang) []string {
	var ks []string
	for k := range catalogues[lang] {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Args returns how many values key's text uses in lang (one more than its
// highest placeholder), and whether the key exists.
func Args(lang Lang, key string) (int, bool) {
	t, ok := catalogues[lang][key]
	n := 0
	for _, p := range t {
		if p.arg >= 0 {
			n = max(n, p.arg+1)
		}
	}
	return n, ok
}

// Format writes m in lang. A key missing from lang's catalogue falls back to
// English, and one missing there too is shown as the key itself in
// brackets, so a gap is visible but never fatal.
func Format(lang Lang, m Msg) string {
	switch m.Key {
	case "":
		return ""
	case rawKey:
		return formatArg(lang, m.Args[0])
	case listKey:
		ms, _ := m.Args[0].([]Msg)
		sep, _ := m.Args[1].(string)
		parts := make([]string, len(ms))
		for i, x := range ms {
			parts[i] = Format(lang, x)
		}
		return joinLines(parts, sep)
	}
	t, ok := catalogues[lang][m.Key]
	if !ok {
		if t, ok = catalogues[English][m.Key]; !ok {
			return "[" + m.Key + "]"
		}
	}
	var b strings.Builder
	for _, p := range t {
		switch {
		case p.arg < 0:
			b.WriteString(p.text)
		case p.arg >= len(m.Args):
			b.WriteString("{?}")
		case p.forms != nil:
			b.WriteString(p.forms[pluralForm(lang, m.Args[p.arg], len(p.forms))])
		default:
			b.WriteString(formatArg(lang, m.Args[p.arg]))
		}
	}
	return b.String()
}

// formatArg writes one value in lang's style.
func formatArg(lang Lang, a any) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return groupDigits(lang, strconv.Itoa(v))
	case int64:
		return groupDigits(lang, strconv.FormatInt(v, 10))
	case uint64:
		return groupDigits(lang, strconv.FormatUint(v, 10))
	case Number:
		s := FormatNumber(lang, v.V, v.Digits)
		if v.Sign && !strings.HasPrefix(s, "−") && s != "–" {
			s = "+" + s
		}
		return s
	case float64:
		return formatShort(lang, v)
	case Msg:
		return Format(lang, v)
	case []Msg:
		return Format(lang, Join(v))
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(a)
}

// separators are lang's thousands separator and decimal point: 1,234.5 in
// English, 1 234,5 in Ukrainian (with a no-break space).
func separators(lang Lang) (thousands, point string) {
	if lang == Ukrainian {
		return "\u00a0", ","
	}
	return ",", "."
}

// groupDigits puts lang's thousands separator into an integer's digits:
// 1,024 and 3,214,567 in English.
func groupDigits(lang Lang, digits string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "−", digits[1:]
	}
	if len(digits) <= 3 {
		return sign + digits
	}
	sep, _ := separators(lang)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return sign + b.String()
}

// FormatNumber writes v with digits after the point in lang's style, with a
// true minus sign.
func FormatNumber(lang Lang, v float64, digits int) string {
	if math.IsNaN(v) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', max(0, digits), 64)
	whole, frac, hasFrac := strings.Cut(s, ".")
	out := groupDigits(lang, whole)
	if strings.HasPrefix(whole, "-") && strings.Trim(whole+frac, "-0") == "" {
		out = strings.TrimPrefix(out, "−") // no "−0.00"
	}
	if hasFrac {
		_, point := separators(lang)
		out += point + frac
	}
	return out
}

// formatShort writes a float without noise: two significant digits in plain
// decimal notation (0.0003, not 3e-04), as learning rates are written.
func formatShort(lang Lang, v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return FormatNumber(lang, v, 0)
	}
	if a := math.Abs(v); a < 1e-5 || a >= 1e9 {
		return strings.Replace(strconv.FormatFloat(v, 'g', 2, 64), "-", "−", 1)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 2, 64), 64)
	s := strconv.FormatFloat(r, 'f', -1, 64)
	digits := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		digits = len(frac)
	}
	return FormatNumber(lang, r, digits)
}

// pluralForm picks which of n forms agrees with the number a in lang.
func pluralForm(lang Lang, a any, n int) int {
	var v float64
	switch x := a.(type) {
	case int:
		v = float64(x)
	case int64:
		v = float64(x)
	case uint64:
		v = float64(x)
	case float64:
		v = x
	case Number:
		v = x.V
		if x.Digits > 0 && lang == Ukrainian {
			return min(3, n-1) // written with decimals: 2,000 ната
		}
		if x.Digits > 0 {
			return min(1, n-1) // 1.0 nats
		}
	}
	if lang == Ukrainian {
		return ukrainianForm(v, n)
	}
	if v == 1 || n < 2 {
		return 0
	}
	return 1
}

// ukrainianForm picks among the forms one (1, 21, 31 …), few (2–4, 22–24
// …), many (0, 5–20, 25–30 …) and, when given, a fourth for fractions
// (1,5 символу); with fewer forms given, the last one stands for the rest.
func ukrainianForm(v float64, n int) int {
	form := 2
	if v != math.Trunc(v) {
		form = 3
	} else {
		i := int64(math.Abs(v))
		switch d, dd := i%10, i%100; {
		case d == 1 && dd != 11:
			form = 0
		case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
			form = 1
		}
	}
	return min(form, n-1)
}

// Value writes one value as a message would: a number with lang's
// separators, a nested message in lang.
func Value(lang Lang, v any) string { return formatArg(lang, v) }
