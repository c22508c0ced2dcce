package render

import (
	"rnnlab/render/ui"
)

// View names what fills the main panel under the text strip: the unit
// rows over time, the cell step by step, the gradients flowing back
// through time, or the cell state's flags.
type View int

const (
	ViewTimeline View = iota
	ViewCell
	ViewGradients
	ViewFlags
	numViews
)

// views is every view: its name in links (view=cell), the words key of
// its tab, the action that shows it (bound to a key in bindings.go), and
// its panel. Adding a view is a file with its panel and a line here.
var views = [numViews]struct {
	name, title string
	act         ui.Action
	make        func() panel
}{
	ViewTimeline:  {"timeline", "view.timeline", ui.ActViewTimeline, func() panel { return &timelineView{} }},
	ViewCell:      {"cell", "view.cell", ui.ActViewCell, func() panel { return &cellView{} }},
	ViewGradients: {"gradients", "view.gradients", ui.ActViewGrads, func() panel { return &gradView{} }},
	ViewFlags:     {"flags", "view.flags", ui.ActViewFlags, func() panel { return &flagView{} }},
}

// String is the view's name in links.
func (v View) String() string {
	if v < 0 || v >= numViews {
		return views[ViewTimeline].name
	}
	return views[v].name
}

// ParseView reads a view's name.
func ParseView(s string) (View, bool) {
	for v := range views {
		if views[v].name == s {
			return View(v), true
		}
	}
	return ViewTimeline, false
}

// ViewNames lists the views' names, for messages.
func ViewNames() []string {
	names := make([]string, numViews)
	for v := range views {
		names[v] = views[v].name
	}
	return names
}

// viewTitle is the words key of a view's tab.
func viewTitle(v View) string { return views[v].title }

// viewAction is the action that shows view v.
func viewAction(v View) ui.Action { return views[v].act }

// viewOf is the view an action shows, if it shows one.
func viewOf(a ui.Action) (View, bool) {
	for v := range views {
		if views[v].act == a {
			return View(v), true
		}
	}
	return 0, false
}

// SetView shows view v.
func (g *Game) SetView(v View) {
	if v < 0 || v >= numViews || v == g.view {
		return
	}
	g.view = v
	g.paint.interacted = true
}

// View is the view shown.
func (g *Game) View() View { return g.view }

// bodyArea is where the chosen view goes: the main panel under the strip.
func (g *Game) bodyArea() ui.Rect {
	if g.layout.Timeline.Empty() {
		return ui.Rect{}
	}
	return g.strip.Body()
}

// viewArea is the body for the panel of view v, empty when another view is
// shown.
func (g *Game) viewArea(v View) ui.Rect {
	if g.view != v || g.task != TaskWrite || g.layout.Timeline.Empty() {
		return ui.Rect{}
	}
	// The panel covers the main panel's padding around the body too (its
	// content stays inside bodyArea), so nothing of an earlier, taller strip
	// stays in the margin.
	t := g.layout.Timeline
	top := g.strip.Body().Y
	return ui.Rect{X: t.X, Y: top, W: t.W, H: t.Y + t.H - top}
}

// An actor is a panel with actions of its own: a view's Play, for example.
// It reports whether it took the action.
type actor interface {
	act(g *Game, a ui.Action) bool
}

// An animator is a panel that changes every frame while it animates (a
// replay, the backward pass): the painter draws it every frame meanwhile.
type animator interface {
	animating(g *Game) bool
}

// A ticker is a view with state of its own to move on every Update (a
// replay's clock), before the selection is clamped and sent to the session.
type ticker interface {
	tick(g *Game)
}

// A player is a view that replays something step by step (the cell view's
// Play, the gradients view's backward pass).
type player interface {
	playing() bool
}

// Playing reports whether the view shown is replaying.
func (g *Game) Playing() bool {
	p, ok := g.activeView().(player)
	return ok && p.playing()
}

// activeView is the panel of the view shown.
func (g *Game) activeView() panel { return g.views[g.view] }
