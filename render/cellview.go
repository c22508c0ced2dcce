package render

import (
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// cellView is the Cell view, under the strip.
type cellView struct {
	painted cellViewKey
}

// cellViewKey is what the view shows.
type cellViewKey struct {
	window *lab.Window
	sel    Selection
	lang   words.Lang
}

func (p *cellView) name() string         { return "cell" }
func (p *cellView) heavy() bool          { return true }
func (p *cellView) area(g *Game) ui.Rect { return g.viewArea(ViewCell) }

func (p *cellView) key(g *Game) cellViewKey {
	return cellViewKey{window: g.snap.Window, sel: g.sel, lang: g.lang}
}

func (p *cellView) changed(g *Game) bool { return p.key(g) != p.painted }

func (p *cellView) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	c.img.Fill(ui.Panel)
	a := g.bodyArea()
	c.textMiddle(g.word("view.cell"), g.face(false, g.layout.Font), a.X+a.W/2, a.Y, a.H, alignCenter, ui.Dim)
}

func (p *cellView) at(g *Game, x, y float64) (target, bool) { return target{}, false }
func (p *cellView) tip(g *Game, t target) tooltip           { return noTip }
func (p *cellView) click(g *Game, t target)                 {}
