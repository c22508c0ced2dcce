package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// A grammar file has three kinds of lines (blank lines and lines starting
// with # are skipped):
//
//	@list NAME FIELD...   starts a word list; each following line is an entry
//	                      whose |-separated values fill FIELD... in order
//	@union NAME LIST...   a list of every entry of the named lists (same fields)
//	@topic LABEL          starts the templates of a topic, one per line
//
// A template is text with
//
//	(a|b|c)               one alternative, chosen uniformly (may nest; (a|) is optional a)
//	{list}                the first field of a random entry of list
//	{list.field}          a named field of that entry
//	{list#2...}           a second, different entry of the same list
//	{list~f1/f2/...}      the form that agrees with the entry's g field: the
//	                      position of g in the language's agreement codes
//	{n:LO-HI}             a whole number in [LO, HI]
//	{n:LO-HI~one/few/many} the number followed by the noun form it needs
//	{d:LO-HI}             a number with one decimal, LO ≤ x < HI
//	{list@other}          a value whose <a/b/…> groups agree with the g field
//	                      of the pick other ({list@=p}: with the code p)
//	{list.field!}         the value with its first letter in lower case
//	                      (unless the word is an acronym such as UN)
//	{list.field-}         the value without a leading article (The, A, An)
//
// A template line starting with x2 … x9 is chosen that many times as often.
// One expansion keeps its picks: {team} and {team~won/...} name the same
// entry. \( \) \| \{ \} stand for the characters themselves.

// grammar is one language's lists and topic templates.
type grammar struct {
	lang      string
	agreement []string // the g codes in the order agreement forms are listed
	lists     map[string]*list
	topics    []string           // in file order
	templates map[string][]*node // a template of weight w appears w times
}

// list is a word list with named fields. A value may itself be a template
// ({n:1-9} млн, (a|b)); parsed holds it expanded on use, nil for plain text.
type list struct {
	name    string
	fields  []string
	entries [][]string
	parsed  map[*string]*node
}

func (l *list) field(name string) int {
	for i, f := range l.fields {
		if f == name {
			return i
		}
	}
	return -1
}

// node is one piece of a template: literal text, a choice between
// sequences, or a slot.
type node struct {
	text    string
	choices [][]*node
	slot    *slot
}

// slot is one {…} reference.
type slot struct {
	list   string
	pick   string // list#n: which pick of the list
	field  int    // index into the list's fields
	agree  []string
	with   string // @pick: the pick whose g field selects in <a/b/…>
	code   string // @=code: the code that selects
	lower  bool   // !: first letter in lower case
	bare   bool   // -: no leading article
	number bool   // {n:…} or {d:…}
	lo, hi int
	forms  []string // noun forms after a number
	dec    bool
}

// parseGrammar reads a grammar file. Errors name the line.
func parseGrammar(lang, src string, agreement []string) (*grammar, error) {
	g := &grammar{lang: lang, agreement: agreement, lists: map[string]*list{}, templates: map[string][]*node{}}
	var cur *list
	topic := ""
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	var pending []struct {
		line int
		text string
		tpl  *node
	}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "@list "); ok {
			f := strings.Fields(rest)
			if len(f) < 2 {
				return nil, fmt.Errorf("%s line %d: @list needs a name and at least one field", lang, n)
			}
			if g.lists[f[0]] != nil {
				return nil, fmt.Errorf("%s line %d: list %s defined twice", lang, n, f[0])
			}
			cur = &list{name: f[0], fields: f[1:]}
			g.lists[f[0]] = cur
			topic = ""
			continue
		}
		if rest, ok := strings.CutPrefix(line, "@union "); ok {
			f := strings.Fields(rest)
			if len(f) < 2 || g.lists[f[0]] != nil {
				return nil, fmt.Errorf("%s line %d: @union needs a new name and lists", lang, n)
			}
			u := &list{name: f[0]}
			for _, name := range f[1:] {
				l := g.lists[name]
				if l == nil || u.fields != nil && !slices.Equal(l.fields, u.fields) {
					return nil, fmt.Errorf("%s line %d: @union of %s: list %s is unknown or has other fields", lang, n, f[0], name)
				}
				u.fields = l.fields
				u.entries = append(u.entries, l.entries...)
				for k, v := range l.parsed {
					if u.parsed == nil {
						u.parsed = map[*string]*node{}
					}
					u.parsed[k] = v
				}
			}
			g.lists[f[0]] = u
			cur, topic = nil, ""
			continue
		}
		if rest, ok := strings.CutPrefix(line, "@topic "); ok {
			topic, cur = strings.TrimSpace(rest), nil
			if _, seen := g.templates[topic]; !seen {
				g.topics = append(g.topics, topic)
			}
			continue
		}
		switch {
		case cur != nil:
			vals := strings.Split(line, "|")
			for i := range vals {
				vals[i] = strings.TrimSpace(vals[i])
			}
			if len(vals) != len(cur.fields) {
				return nil, fmt.Errorf("%s line %d: list %s wants %d fields, got %d: %q", lang, n, cur.name, len(cur.fields), len(vals), line)
			}
			for i := range vals {
				if !strings.ContainsAny(vals[i], "{(") {
					continue
				}
				nodes, rest, err := parseSeq(vals[i], false)
				if err != nil || rest != "" {
					return nil, fmt.Errorf("%s line %d: %v (at %q)", lang, n, err, rest)
				}
				if cur.parsed == nil {
					cur.parsed = map[*string]*node{}
				}
				cur.parsed[&vals[i]] = &node{choices: [][]*node{nodes}}
			}
			cur.entries = append(cur.entries, vals)
		case topic != "":
			weight := 1
			if len(line) > 3 && line[0] == 'x' && line[1] >= '2' && line[1] <= '9' && line[2] == ' ' {
				weight, line = int(line[1]-'0'), line[3:]
			}
			nodes, rest, err := parseSeq(line, false)
			if err != nil || rest != "" {
				return nil, fmt.Errorf("%s line %d: %v (at %q)", lang, n, err, rest)
			}
			tpl := &node{choices: [][]*node{nodes}}
			for range weight {
				g.templates[topic] = append(g.templates[topic], tpl)
			}
			pending = append(pending, struct {
				line int
				text string
				tpl  *node
			}{n, line, tpl})
		default:
			return nil, fmt.Errorf("%s line %d: a line outside any @list or @topic: %q", lang, n, line)
		}
	}
	// Resolve list and field names now that every list is known.
	for _, l := range g.lists {
		for _, tpl := range l.parsed {
			if err := g.resolve(tpl); err != nil {
				return nil, fmt.Errorf("%s: list %s: %v", lang, l.name, err)
			}
		}
	}
	for _, p := range pending {
		if err := g.resolve(p.tpl); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", lang, p.line, err)
		}
	}
	return g, nil
}

// parseSeq parses a sequence up to an unmatched | or ) (inside a choice)
// or the end of s, returning the rest.
func parseSeq(s string, inChoice bool) ([]*node, string, error) {
	var nodes []*node
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			nodes = append(nodes, &node{text: text.String()})
			text.Reset()
		}
	}
	for s != "" {
		c := s[0]
		switch {
		case c == '\\' && len(s) > 1:
			text.WriteByte(s[1])
			s = s[2:]
		case c == '(':
			flush()
			var choices [][]*node
			s = s[1:]
			for {
				seq, rest, err := parseSeq(s, true)
				if err != nil {
					return nil, s, err
				}
				choices = append(choices, seq)
				if rest == "" {
					return nil, s, fmt.Errorf("unclosed (")
				}
				s = rest[1:]
				if rest[0] == ')' {
					break
				}
			}
			nodes = append(nodes, &node{choices: choices})
		case c == '|' || c == ')':
			if !inChoice {
				return nil, s, fmt.Errorf("unexpected %c", c)
			}
			flush()
			return nodes, s, nil
		case c == '{':
			flush()
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return nil, s, fmt.Errorf("unclosed {")
			}
			sl, err := parseSlot(s[1:end])
			if err != nil {
				return nil, s, err
			}
			nodes = append(nodes, &node{slot: sl})
			s = s[end+1:]
		case c == '}':
			return nil, s, fmt.Errorf("unexpected }")
		default:
			text.WriteByte(c)
			s = s[1:]
		}
	}
	flush()
	return nodes, "", nil
}

// parseSlot parses the inside of {…}; list and field names are checked later.
func parseSlot(s string) (*slot, error) {
	body, agree, hasAgree := strings.Cut(s, "~")
	if kind, rng, ok := strings.Cut(body, ":"); ok {
		if kind != "n" && kind != "d" {
			return nil, fmt.Errorf("unknown number kind %q", kind)
		}
		los, his, ok := strings.Cut(rng, "-")
		lo, err1 := strconv.Atoi(los)
		hi, err2 := strconv.Atoi(his)
		if !ok || err1 != nil || err2 != nil || hi < lo {
			return nil, fmt.Errorf("bad number range %q", rng)
		}
		sl := &slot{number: true, lo: lo, hi: hi, dec: kind == "d"}
		if hasAgree {
			sl.forms = strings.Split(agree, "/")
		}
		return sl, nil
	}
	sl := &slot{}
	if hasAgree {
		sl.agree = strings.Split(agree, "/")
	}
	for strings.HasSuffix(body, "!") || strings.HasSuffix(body, "-") {
		switch body[len(body)-1] {
		case '!':
			sl.lower = true
		case '-':
			sl.bare = true
		}
		body = body[:len(body)-1]
	}
	if b, with, ok := strings.Cut(body, "@"); ok {
		body = b
		if code, ok := strings.CutPrefix(with, "="); ok {
			sl.code = code
		} else {
			sl.with = with
		}
	}
	ref, field, hasField := strings.Cut(body, ".")
	sl.list, sl.pick = ref, ref
	if name, _, ok := strings.Cut(ref, "#"); ok {
		sl.list = name
	}
	if hasField {
		sl.pick += "." + field // resolved into an index by resolve
	}
	return sl, nil
}

// resolve checks every slot's list, field and agreement forms.
func (g *grammar) resolve(n *node) error {
	if n.slot != nil && !n.slot.number {
		sl := n.slot
		l := g.lists[sl.list]
		if l == nil {
			return fmt.Errorf("unknown list %q", sl.list)
		}
		pick, field, hasField := strings.Cut(sl.pick, ".")
		sl.pick = pick
		if hasField {
			if sl.field = l.field(field); sl.field < 0 {
				return fmt.Errorf("list %s has no field %q (it has %v)", l.name, field, l.fields)
			}
		}
		if sl.with != "" {
			other, _, _ := strings.Cut(sl.with, "#")
			if ol := g.lists[other]; ol == nil || ol.field("g") < 0 {
				return fmt.Errorf("@%s: no list %q with a g field", sl.with, other)
			}
		}
		if sl.code != "" && !slices.Contains(g.agreement, sl.code) {
			return fmt.Errorf("@=%s: not one of the codes %v", sl.code, g.agreement)
		}
		if sl.agree != nil {
			if l.field("g") < 0 {
				return fmt.Errorf("list %s has no g field to agree with", l.name)
			}
			if len(sl.agree) != len(g.agreement) {
				return fmt.Errorf("agreement %v needs %d forms (%v)", sl.agree, len(g.agreement), g.agreement)
			}
		}
	}
	if n.slot != nil && n.slot.forms != nil && len(n.slot.forms) != 3 {
		return fmt.Errorf("a number's noun needs three forms (one/few/many), got %v", n.slot.forms)
	}
	for _, seq := range n.choices {
		for _, c := range seq {
			if err := g.resolve(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// expansion is one template being filled: the entries picked so far.
type expansion struct {
	g     *grammar
	rng   *rand.Rand
	picks map[string][]string
	out   strings.Builder
}

// expand fills one template.
func (g *grammar) expand(tpl *node, rng *rand.Rand) string {
	e := &expansion{g: g, rng: rng, picks: map[string][]string{}}
	e.node(tpl)
	return e.out.String()
}

func (e *expansion) node(n *node) {
	switch {
	case n.slot != nil:
		e.slot(n.slot)
	case n.choices != nil:
		for _, c := range n.choices[e.rng.IntN(len(n.choices))] {
			e.node(c)
		}
	default:
		e.out.WriteString(n.text)
	}
}

func (e *expansion) slot(sl *slot) {
	if sl.number {
		e.out.WriteString(e.number(sl))
		return
	}
	entry := e.entry(sl)
	if sl.agree != nil {
		l := e.g.lists[sl.list]
		code := entry[l.field("g")]
		for i, a := range e.g.agreement {
			if a == code {
				e.out.WriteString(sl.agree[i])
				return
			}
		}
		panic(fmt.Sprintf("%s: entry %v of list %s has agreement code %q, not one of %v", e.g.lang, entry, l.name, code, e.g.agreement))
	}
	var v string
	if tpl := e.g.lists[sl.list].parsed[&entry[sl.field]]; tpl != nil {
		sub := &expansion{g: e.g, rng: e.rng, picks: e.picks}
		sub.node(tpl)
		v = sub.out.String()
	} else {
		v = entry[sl.field]
	}
	if sl.with != "" || sl.code != "" {
		v = e.agreeGroups(v, sl)
	}
	if sl.bare {
		for _, article := range []string{"The ", "A ", "An "} {
			v = strings.TrimPrefix(v, article)
		}
	}
	if sl.lower {
		v = lowerFirst(v)
	}
	e.out.WriteString(v)
}

// agreeGroups replaces every <a/b/…> group in v by the form at the position
// of the agreement code: sl.code, or the g field of the pick sl.with.
func (e *expansion) agreeGroups(v string, sl *slot) string {
	code := sl.code
	if code == "" {
		name, _, _ := strings.Cut(sl.with, "#")
		l := e.g.lists[name]
		code = e.entry(&slot{list: name, pick: sl.with})[l.field("g")]
	}
	at := slices.Index(e.g.agreement, code)
	var b strings.Builder
	for {
		open := strings.IndexByte(v, '<')
		end := strings.IndexByte(v, '>')
		if open < 0 || end < open {
			b.WriteString(v)
			return b.String()
		}
		forms := strings.Split(v[open+1:end], "/")
		if len(forms) != len(e.g.agreement) {
			panic(fmt.Sprintf("%s: %q has %d forms, want %d (%v)", e.g.lang, v, len(forms), len(e.g.agreement), e.g.agreement))
		}
		b.WriteString(v[:open])
		b.WriteString(forms[at])
		v = v[end+1:]
	}
}

// lowerFirst puts the first letter of s in lower case unless the second is
// a capital too (an acronym such as UN or ЄС).
func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) > 1 && unicode.IsUpper(rs[1]) {
		return s
	}
	if len(rs) > 0 {
		rs[0] = unicode.ToLower(rs[0])
	}
	return string(rs)
}

// entry returns the pick named sl.pick, choosing it on first use so that it
// differs from the other picks of the same list.
func (e *expansion) entry(sl *slot) []string {
	if p, ok := e.picks[sl.pick]; ok {
		return p
	}
	l := e.g.lists[sl.list]
	for try := 0; ; try++ {
		p := l.entries[e.rng.IntN(len(l.entries))]
		taken := false
		for name, q := range e.picks {
			if strings.HasPrefix(name+"#", sl.list+"#") && &q[0] == &p[0] {
				taken = true
			}
		}
		if !taken || try > 20 {
			e.picks[sl.pick] = p
			return p
		}
	}
}

// number formats a {n:…} or {d:…} slot in the language's way.
func (e *expansion) number(sl *slot) string {
	if sl.dec {
		tenths := sl.lo*10 + e.rng.IntN((sl.hi-sl.lo)*10)
		s := fmt.Sprintf("%d.%d", tenths/10, tenths%10)
		if e.g.lang == "uk" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	v := sl.lo + e.rng.IntN(sl.hi-sl.lo+1)
	s := groupDigits(v, e.g.lang)
	if sl.forms != nil {
		s += " " + sl.forms[pluralForm(v)]
	}
	return s
}

// groupDigits writes v with thousands separated: 12,500 in English and
// 12 500 in Ukrainian (numbers below 10 000 stay whole in Ukrainian).
func groupDigits(v int, lang string) string {
	s := strconv.Itoa(v)
	sep := ","
	if lang == "uk" {
		if v < 10000 {
			return s
		}
		sep = " "
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// pluralForm picks the noun form after a number: 0 for one (1, 21, 31 …),
// 1 for few (2-4, 22-24 …), 2 for many (0, 5-20, 25-30 …). English lists
// the same form for few and many.
func pluralForm(v int) int {
	switch {
	case v%10 == 1 && v%100 != 11:
		return 0
	case v%10 >= 2 && v%10 <= 4 && (v%100 < 12 || v%100 > 14):
		return 1
	}
	return 2
}
