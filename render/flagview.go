package render

import (
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// flagView is the Flags view, under the strip.
type flagView struct {
	painted flagViewKey
}

// flagViewKey is what the view shows.
type flagViewKey struct {
	window *lab.Window
	sel    Selection
	lang   words.Lang
}

func (p *flagView) name() string         { return "flags" }
func (p *flagView) heavy() bool          { return true }
func (p *flagView) area(g *Game) ui.Rect { return g.viewArea(ViewFlags) }

func (p *flagView) key(g *Game) flagViewKey {
	return flagViewKey{window: g.snap.Window, sel: g.sel, lang: g.lang}
}

func (p *flagView) changed(g *Game) bool { return p.key(g) != p.painted }

func (p *flagView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	c.img.Fill(ui.Panel)
	a := g.bodyArea()
	c.textMiddle(g.word("view.flags"), g.face(false, g.layout.Font), a.X+a.W/2, a.Y, a.H, alignCenter, ui.Dim)
}

func (p *flagView) at(g *Game, x, y float64) (target, bool) { return target{}, false }
func (p *flagView) tip(g *Game, t target) tooltip           { return noTip }
func (p *flagView) click(g *Game, t target)                 {}
