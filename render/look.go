package render

import (
	"strings"

	"rnnlab/lab"
	"rnnlab/words"
)

// Look is how the app shows what it shows, as a link keeps it beside the
// session's settings: the view under the strip (view=cell).
type Look struct {
	View View
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
	return strings.Join(parts, "&")
}

// Look is how the game shows things now.
func (g *Game) Look() Look { return Look{View: g.view} }

// SetLook shows things as l says.
func (g *Game) SetLook(l Look) { g.SetView(l.View) }
