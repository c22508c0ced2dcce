package render

import (
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// gradView is the Gradients view, under the strip.
type gradView struct {
	painted gradViewKey
}

// gradViewKey is what the view shows.
type gradViewKey struct {
	window *lab.Window
	sel    Selection
	lang   words.Lang
}

func (p *gradView) name() string         { return "gradients" }
func (p *gradView) heavy() bool          { return true }
func (p *gradView) area(g *Game) ui.Rect { return g.viewArea(ViewGradients) }

func (p *gradView) key(g *Game) gradViewKey {
	return gradViewKey{window: g.snap.Window, sel: g.sel, lang: g.lang}
}

func (p *gradView) changed(g *Game) bool { return p.key(g) != p.painted }

func (p *gradView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	c.img.Fill(ui.Panel)
	a := g.bodyArea()
	c.textMiddle(g.word("view.gradients"), g.face(false, g.layout.Font), a.X+a.W/2, a.Y, a.H, alignCenter, ui.Dim)
}

func (p *gradView) at(g *Game, x, y float64) (target, bool) { return target{}, false }
func (p *gradView) tip(g *Game, t target) tooltip           { return noTip }
func (p *gradView) click(g *Game, t target)                 {}
