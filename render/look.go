package render

import (
	"math"
	"strconv"
	"strings"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// Look is how the app shows what it shows, as a link keeps it beside the
// session's settings: the view under the strip (view=cell) and the
// language (lang=uk).
type Look struct {
	View    View
	Lang    words.Lang // "" for the default: the browser's or system's language
	Light   bool       // the light theme, for bright rooms (theme=light)
	Lecture bool       // only the view, projector-sized (ui=lecture)
	Size    float64    // text size as a multiple of the usual (size=1.2); 0 for 1
	Task    Task       // what is trained: write (the default) or classify (task=classify)
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
		case "task":
			task, ok := ParseTask(strings.ToLower(kv.Value))
			if !ok {
				problems = append(problems, words.M("set.bad_value", kv.Key, kv.Value, words.M("set.want.task")))
				continue
			}
			l.Task = task
		case "theme":
			switch strings.ToLower(kv.Value) {
			case "light":
				l.Light = true
			case "dark":
				l.Light = false
			default:
				problems = append(problems, words.M("set.bad_value", kv.Key, kv.Value, words.M("set.want.theme")))
			}
		case "ui":
			switch strings.ToLower(kv.Value) {
			case "lecture":
				l.Lecture = true
			case "normal", "":
				l.Lecture = false
			default:
				problems = append(problems, words.M("set.bad_value", kv.Key, kv.Value, words.M("set.want.ui")))
			}
		case "size":
			v, err := strconv.ParseFloat(kv.Value, 64)
			if err != nil || !(v >= ui.MinTextScale && v <= ui.MaxTextScale) {
				problems = append(problems, words.M("set.bad_value", kv.Key, kv.Value, words.M("set.want.size", ui.MinTextScale, ui.MaxTextScale)))
				continue
			}
			l.Size = v
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
	if l.Task != TaskWrite {
		parts = append(parts, "task="+l.Task.String())
	}
	if l.Light {
		parts = append(parts, "theme=light")
	}
	if l.Lecture {
		parts = append(parts, "ui=lecture")
	}
	if l.Size != 0 && l.Size != 1 {
		parts = append(parts, "size="+strconv.FormatFloat(l.Size, 'g', 3, 64))
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
func (g *Game) Look() Look {
	return Look{View: g.view, Lang: g.langSet, Light: g.light, Lecture: g.lecture, Size: g.textScale, Task: g.task}
}

// SetLook shows things as l says; a look without a language keeps the
// current one.
func (g *Game) SetLook(l Look) {
	g.SetView(l.View)
	g.SetTask(l.Task)
	if l.Lang != "" {
		g.SetLang(l.Lang)
	}
	g.setTheme(l.Light)
	if l.Lecture != g.lecture || l.Size != g.textScale {
		g.lecture, g.textScale = l.Lecture, l.Size
		g.relayoutNow()
	}
}

// setTheme uses the light or the dark theme.
func (g *Game) setTheme(light bool) {
	if light == g.light && ui.CurrentTheme().Name != "" {
		return
	}
	g.light = light
	if light {
		ui.UseTheme(ui.Light)
	} else {
		ui.UseTheme(ui.Dark)
	}
	g.scales = ui.NewScales()
	g.relayoutNow()
}

// relayoutNow lays the screen out again and paints every panel anew.
func (g *Game) relayoutNow() {
	if g.fonts != nil {
		g.refreshButtons(true)
	}
	g.paint.full, g.paint.interacted = true, true
}

// scaleText makes the text bigger (dir > 0) or smaller by a step.
func (g *Game) scaleText(dir int) {
	s := g.textScale
	if s == 0 {
		s = 1
	}
	s = math.Round(s*math.Pow(1.1, float64(dir))*100) / 100
	s = math.Max(ui.MinTextScale, math.Min(ui.MaxTextScale, s))
	if math.Abs(s-1) < 0.04 {
		s = 1
	}
	g.textScale = s
	g.relayoutNow()
	g.flash(words.M("app.text_size", int(math.Round(s*100))))
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
