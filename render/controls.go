package render

import (
	"slices"

	"rnnlab/lab"
	"rnnlab/render/ui"
)

// controlsPanel is the bar of buttons along the top.
type controlsPanel struct {
	buttons []ui.Button
	labels  []string
	hover   int // the button under the pointer, -1 for none
	painted controlsKey
}

// controlsKey is what the bar shows.
type controlsKey struct {
	settings lab.Settings
	hover    int
}

// rebuild makes the buttons for the current settings and reports whether
// a label changed (so the layout must be computed again).
func (p *controlsPanel) rebuild(g *Game) bool {
	p.buttons = ui.Buttons(g.sess.Settings(), g.lang)
	labels := make([]string, len(p.buttons))
	for i, b := range p.buttons {
		labels[i] = g.text(b.Label)
	}
	changed := !slices.Equal(labels, p.labels)
	p.labels = labels
	return changed
}

func (p *controlsPanel) name() string         { return "controls" }
func (p *controlsPanel) heavy() bool          { return false }
func (p *controlsPanel) area(g *Game) ui.Rect { return g.forWriting(g.layout.Controls) }
func (p *controlsPanel) changed(g *Game) bool { return p.key(g) != p.painted }
func (p *controlsPanel) key(g *Game) controlsKey {
	hover := -1
	if g.hover.owner == panel(p) {
		hover = g.hover.i
	}
	return controlsKey{g.sess.Settings(), hover}
}

func (p *controlsPanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	l := g.layout
	c.img.Fill(ui.Background)
	f := g.face(false, l.BtnFont)
	for i, b := range p.buttons {
		r := l.Buttons[i]
		if r.Empty() || i >= len(p.labels) {
			continue
		}
		drawButton(c, r, b, p.labels[i], f, i == p.painted.hover)
	}
}

// drawButton draws one button of a bar: its background (selected,
// hovered or plain; none for a label that is not a button) and its label.
func drawButton(c canvas, r ui.Rect, b ui.Button, label string, f *fontFace, hover bool) {
	if b.Action != ui.ActNone {
		bg := ui.ButtonFill
		switch {
		case b.On:
			bg = ui.ButtonSel
		case hover:
			bg = ui.ButtonHov
		}
		c.fill(r, bg)
	}
	c.textMiddle(label, f, r.X+r.W/2, r.Y, r.H, alignCenter, ui.Text)
}

func (p *controlsPanel) at(g *Game, x, y float64) (target, bool) {
	for i, r := range g.layout.Buttons {
		if i < len(p.buttons) && r.Contains(x, y) && p.buttons[i].Action != ui.ActNone {
			return target{owner: p, i: i, j: int(p.buttons[i].Action)}, true
		}
	}
	return target{}, false
}

func (p *controlsPanel) tip(g *Game, t target) tooltip {
	b := g.layout.Buttons[t.i]
	return tooltip{text: tipFor(g.lang, ui.Action(t.j)), x: b.X - 14*g.scale, y: b.Y + b.H - 10*g.scale}
}

func (p *controlsPanel) click(g *Game, t target) { g.do(ui.Action(t.j)) }
