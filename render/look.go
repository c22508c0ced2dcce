package render

import (
	"strings"

	"rnnlab/lab"
	"rnnlab/words"
)

// Look is how the app shows what it shows, as a link keeps it beside the
// session's settings: the view under the strip (view=cell) and the
// language (lang=uk).
type Look struct {
	View View
	Lang words.Lang // "" for the default: the browser's or system's language
}

// ParseLook reads the keys of a link that are the views' own from rest
// (what lab.ParseHash left), on top of base. It returns the keys it does
// not know either, and what was wrong with the values it knows.
func ParseLook(rest []lab.KeyValue, base Look) (Look, []lab.KeyValue, []words.Msg) {
	l := base
	var unknown []lab.KeyValue
	var problems []words.Msg
	for _, kv := range rest {
		switch kv.Key {
		case "view":
			v, ok := ParseView(strings.ToLower(kv.Value))
			if !ok {
				problems = append(problems, words.M("set.bad_value", kv.Key, kv.Value, words.M("set.want.view", strings.Join(ViewNames(), ", "))))
				continue
			}
			l.View = v
		case "lang":
			lang, ok := words.ParseLang(kv.Value)
			if !ok {
				problems = append(problems, words.M("set.bad_value", kv.Key, kv.Value, words.M("set.want.lang", langNames())))
				continue
			}
			l.Lang = lang
		default:
			unknown = append(unknown, kv)
		}
	}
	return l, unknown, problems
}

// FormatLook writes a look as keys for a link, leaving out what is as it
// starts: "" for the timeline, "view=cell" for the cell view.
func FormatLook(l Look) string {
	var parts []string
	if l.View != ViewTimeline {
		parts = append(parts, "view="+l.View.String())
	}
	if l.Lang != "" {
		parts = append(parts, "lang="+string(l.Lang))
	}
	return strings.Join(parts, "&")
}

// langNames lists the languages' codes for messages: "en, uk".
func langNames() string {
	var names []string
	for _, l := range words.Langs() {
		names = append(names, string(l))
	}
	return strings.Join(names, ", ")
}

// Look is how the game shows things now.
func (g *Game) Look() Look { return Look{View: g.view, Lang: g.langSet} }

// SetLook shows things as l says; a look without a language keeps the
// current one.
func (g *Game) SetLook(l Look) {
	g.SetView(l.View)
	if l.Lang != "" {
		g.SetLang(l.Lang)
	}
}

// SetLang speaks lang from now on: every word on screen is relabelled.
func (g *Game) SetLang(lang words.Lang) {
	g.langSet = lang
	if lang == g.lang {
		return
	}
	g.lang = lang
	if g.fonts != nil {
		g.refreshButtons(true) // new labels, new widths: a new layout, every panel painted again
	}
	g.paint.interacted = true
}

// nextLang switches to the next language there is.
func (g *Game) nextLang() {
	langs := words.Langs()
	for i, l := range langs {
		if l == g.lang {
			g.SetLang(langs[(i+1)%len(langs)])
			return
		}
	}
	g.SetLang(langs[0])
}
