package render

import (
	"image/color"
	"math"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// stripPanel is the text strip at the top of the main panel, which every
// view lines up with: the view tabs, a title and the colour legends; the
// passage left to right, one column per character (time step), with the
// model's guesses for the next character between each character and the
// next; and a line of words about the selected character.
type stripPanel struct {
	tabs    [numViews]ui.Rect // the view tabs, as painted
	painted stripKey          // what is on screen: tooltips read it
}

// stripKey is what the strip shows.
type stripKey struct {
	window *lab.Window
	t      int
	layer  int
	view   View
	strip  ui.Strip
	hover  int // the tab under the pointer, -1 for none
	lang   words.Lang
	title  bool // the rows below name their units in the title
	off    int  // units switched off
}

func (p *stripPanel) name() string         { return "strip" }
func (p *stripPanel) heavy() bool          { return true }
func (p *stripPanel) area(g *Game) ui.Rect { return g.forWriting(g.stripArea()) }

func (p *stripPanel) key(g *Game) stripKey {
	hover := -1
	if g.hover.owner == panel(p) && g.hover.kind == stripTab {
		hover = g.hover.i
	}
	return stripKey{window: g.snap.Window, t: g.sel.T, layer: g.sel.Layer, view: g.view, strip: g.strip, hover: hover, lang: g.lang, off: len(g.snap.Ablated)}
}

func (p *stripPanel) changed(g *Game) bool { return p.key(g) != p.painted }

// stripArea is the strip's part of the main panel.
func (g *Game) stripArea() ui.Rect {
	if g.layout.Timeline.Empty() {
		return ui.Rect{}
	}
	b := g.strip.Body()
	a := g.layout.Timeline
	return ui.Rect{X: a.X, Y: a.Y, W: a.W, H: b.Y - a.Y}
}

// mainArea is the main panel's inside, without its padding.
func (g *Game) mainArea() ui.Rect { return g.layout.Timeline.Inset(g.layout.Pad) }

// updateStrip lays out the strip for the current window, layout and zoom.
func (g *Game) updateStrip() {
	area := g.mainArea()
	// The columns keep their width: a passage that ends early at a
	// sentence's end leaves room at the right.
	cols := ui.Columns(area, g.layout.Font, g.zoomed)
	if w := g.snap.Window; w != nil && w.T > cols {
		cols = w.T // a longer passage traced before zooming in: until the next trace
	}
	g.strip = ui.LayoutStrip(area, g.layout.Font, cols, g.zoomed)
}

func (p *stripPanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	l := g.layout
	s := g.strip
	w := g.snap.Window
	c.img.Fill(ui.Panel)
	fs := g.face(false, l.Small)

	// Header: the tabs, the title, the legends.
	h := s.Header
	x := h.X
	tabFont := g.face(false, l.Small)
	for v := View(0); v < numViews; v++ {
		label := g.word(viewTitle(v))
		tw := g.fonts.measure(label, l.Small) + 1.2*l.Small
		r := ui.Rect{X: x, Y: h.Y, W: tw, H: h.H - 0.2*l.Font}
		p.tabs[v] = r
		bg := ui.ButtonFill
		switch {
		case v == g.view:
			bg = ui.ButtonSel
		case int(v) == p.painted.hover:
			bg = ui.ButtonHov
		}
		c.fill(r, bg)
		c.textMiddle(label, tabFont, r.X+r.W/2, r.Y, r.H, alignCenter, ui.Text)
		x += tw + 0.3*l.Small
	}
	// The legends come before the title: they say what the colours mean.
	// The title takes what room is left, if it is enough to say something.
	room := h.X + h.W - (x + l.Small)
	if legendW := drawLegends(g, c, h, false); legendW <= room {
		drawLegends(g, c, h, true)
		room -= legendW
	}
	if room > 5*l.Small {
		title := p.titleText(g, w, room)
		c.textMiddle(title, fs, x+0.6*l.Small, h.Y, h.H-0.2*l.Font, alignLeft, ui.Dim)
	}
	if w == nil {
		return
	}

	// Row labels. The guesses between two characters are for the one on
	// the right, made after reading the one on the left.
	lx := s.Area.X
	if gh := 3 * s.GuessH; gh >= 2.6*l.Small {
		c.textMiddle(g.word("tl.guesses"), fs, lx, s.GuessY+gh/2-1.3*l.Small, 1.3*l.Small, alignLeft, ui.Dim)
		c.textMiddle(g.word("tl.of_next"), fs, lx, s.GuessY+gh/2, 1.3*l.Small, alignLeft, ui.Dim)
	} else if gh > 0 {
		c.textMiddle(g.word("tl.next"), fs, lx, s.GuessY, gh, alignLeft, ui.Dim)
	}
	c.textMiddle(g.word("tl.input"), fs, lx, s.CharY, s.CharH, alignLeft, ui.Dim)

	// Backgrounds first, in one batch: the selected column and the bars of
	// the probability the model gave the true next character, half a column
	// to the right, between the character read and the one guessed.
	sel := g.sel.T
	half := s.ColW / 2
	if sel >= 0 && sel < w.T {
		c.rect(ui.Rect{X: s.ColumnX(sel), Y: s.GuessY, W: s.ColW + half, H: s.CharY + s.CharH - s.GuessY}, ui.ButtonSel)
	}
	for t := 0; t < w.T && t < s.Cols; t++ {
		x := s.ColumnX(t) + half
		c.rect(ui.Rect{X: x + 1, Y: s.BarY, W: math.Max(0, s.ColW-2), H: s.BarH}, ui.ButtonFill)
		c.rect(ui.Rect{X: x + 1, Y: s.BarY, W: math.Max(0, (s.ColW-2)*w.PNext[t]), H: s.BarH}, ui.Good)
	}
	c.flush(false)
	// Guesses and input characters.
	monoSmall := g.face(true, l.Small)
	mono := g.face(true, math.Min(l.Font*1.05, s.CharH*0.8))
	for t := 0; t < w.T && t < s.Cols; t++ {
		cx := s.ColumnX(t) + s.ColW/2
		if s.GuessH > 0 {
			for k, guess := range w.Top[t] {
				col := ui.Dim
				if guess.Rune == w.Next[t] {
					col = ui.Good
				}
				col = fade(col, 0.35+0.65*math.Sqrt(guess.Prob))
				c.textMiddle(charSymbol(guess.Rune), monoSmall, cx+half, s.GuessY+float64(k)*s.GuessH, s.GuessH, alignCenter, col)
			}
		}
		col := ui.Text
		if w.Runes[t] == ' ' || w.Runes[t] == '\n' {
			col = ui.Faint
		}
		c.textMiddle(charSymbol(w.Runes[t]), mono, cx, s.CharY, s.CharH, alignCenter, col)
	}
	if sel >= 0 && sel < w.T {
		c.stroke(ui.Rect{X: s.ColumnX(sel) - 1, Y: s.GuessY, W: s.ColW + 2, H: s.CharY + s.CharH - s.GuessY + 1}, math.Max(1.5, g.scale*1.5), ui.Accent)
	}
	p.drawDetail(g, c, w)
}

// titleText says which model the strip shows, as much as fits in width.
func (p *stripPanel) titleText(g *Game, w *lab.Window, width float64) string {
	l := g.layout
	if w == nil {
		return g.fit(l.Small, width, words.M("tl.waiting"))
	}
	var layer words.Msg
	if len(w.Layers) > 1 {
		layer = words.M("tl.layer", g.sel.Layer+1, len(w.Layers))
	}
	off := offUnits(g.snap.Ablated)
	return g.fit(l.Small, width,
		words.Dots(words.M("tl.reading"), words.M("tl.model", w.Step, words.Fixed(w.Loss, 2)), layer, off),
		words.Dots(words.M("tl.model", w.Step, words.Fixed(w.Loss, 2)), layer, off),
		words.Dots(words.M("tl.step", w.Step), layer, off))
}

// drawLegends draws the colour scales at the right of the header (when
// draw is set) and returns the room they take: the states' diverging scale
// and, for a cell with gates, the gates' own scale from shut to open.
func drawLegends(g *Game, c canvas, h ui.Rect, draw bool) float64 {
	l := g.layout
	x := h.X + h.W
	barW := math.Min(6*l.Font, h.W*0.12)
	legend := func(lo, hi string, lut *ui.ScaleLUT) {
		hiW, loW := g.fonts.measure(hi, l.Small), g.fonts.measure(lo, l.Small)
		x -= hiW
		x1 := x - 0.3*l.Small
		x0 := x1 - barW
		if draw {
			fs := g.face(false, l.Small)
			barH := math.Round(l.Small * 0.7)
			y := h.Y + (h.H-0.2*l.Font-barH)/2
			n := 32
			for i := 0; i < n; i++ {
				v := float64(i)/float64(n-1)*2 - 1
				c.rect(ui.Rect{X: x0 + barW*float64(i)/float64(n), Y: y, W: barW/float64(n) + 1, H: barH}, lut.At(v))
			}
			c.flush(false)
			c.textMiddle(hi, fs, x, h.Y, h.H-0.2*l.Font, alignLeft, ui.Dim)
			c.textMiddle(lo, fs, x0-0.3*l.Small, h.Y, h.H-0.2*l.Font, alignRight, ui.Dim)
		}
		x = x0 - 0.3*l.Small - loW - l.Small
	}
	if cell := g.snap.Settings.Cell; cell == core.LSTM || cell == core.GRU {
		legend(g.word("tl.legend_shut"), g.word("tl.legend_open"), g.scales.Gates)
	}
	legend(g.word("tl.legend_lo"), g.word("tl.legend_hi"), g.scales.States)
	return h.X + h.W - x
}

// drawDetail writes the selected step's guesses with probabilities.
func (p *stripPanel) drawDetail(g *Game, c canvas, w *lab.Window) {
	l := g.layout
	s := g.strip
	t := g.sel.T
	if t < 0 || t >= w.T {
		return
	}
	context := func(n int) string { return charsVisible(w.Runes[max(0, t-n) : t+1]) }
	guess := func(k int) words.Msg {
		gs := w.Top[t][k]
		return words.M("tl.guess", g.charName(gs.Rune), words.Fixed(100*gs.Prob, 0))
	}
	guesses := func(n int) words.Msg {
		if n == 1 {
			return guess(0)
		}
		return words.M("tl.guesses3", guess(0), guess(1), guess(2))
	}
	truth := words.M("tl.truth", g.charName(w.Next[t]), words.Fixed(100*w.PNext[t], 0))
	text := g.fit(l.Font, s.Area.W,
		words.M("tl.detail", t+1, context(12), guesses(3), truth),
		words.M("tl.detail_short", context(6), guesses(3), truth),
		words.M("tl.detail_shorter", context(3), guesses(1), truth))
	c.textMiddle(text, g.face(false, l.Font), s.Area.X, s.DetailY, s.DetailH, alignLeft, ui.Text)
}

// Kinds of strip targets.
const (
	stripTab   = iota + 1 // a view tab
	stripGuess            // the guesses or the probability bar after a character
	stripChar             // a character
)

func (p *stripPanel) at(g *Game, x, y float64) (target, bool) {
	for v, r := range p.tabs {
		if r.Contains(x, y) {
			return target{owner: p, kind: stripTab, i: v}, true
		}
	}
	w := p.painted.window
	s := g.strip
	if w == nil {
		return target{}, false
	}
	// The guesses sit half a column right of their character.
	hit := s.HitTest(x, y)
	if hit.Kind == ui.HitGuess {
		hit = s.HitTest(x-s.ColW/2, y)
		hit.Kind = ui.HitGuess
	}
	if hit.Kind == ui.HitNone || hit.T >= w.T || hit.T < 0 {
		return target{}, false
	}
	kind := stripChar
	if hit.Kind == ui.HitGuess {
		kind = stripGuess
	}
	return target{owner: p, kind: kind, i: hit.T, data: w}, true
}

func (p *stripPanel) tip(g *Game, t target) tooltip {
	if t.kind == stripTab {
		r := p.tabs[t.i]
		return tooltip{text: tipFor(g.lang, viewAction(View(t.i))), x: r.X, y: r.Y + r.H}
	}
	w, _ := t.data.(*lab.Window)
	s := g.strip
	if w == nil || t.i >= w.T {
		return noTip
	}
	top := w.Top[t.i]
	pct := func(v float64) words.Number { return words.Fixed(100*v, 1) }
	return tooltip{
		text: g.word("tl.tip_guess", t.i+1, g.charName(w.Runes[t.i]),
			g.charName(top[0].Rune), pct(top[0].Prob), g.charName(top[1].Rune), pct(top[1].Prob),
			g.charName(top[2].Rune), pct(top[2].Prob), g.charName(w.Next[t.i]), pct(w.PNext[t.i])),
		x: s.ColumnX(t.i+1) + s.ColW/2, y: s.GuessY,
		above: true, // keep the characters under the pointer visible
	}
}

// click picks a view, or selects the time step.
func (p *stripPanel) click(g *Game, t target) {
	if t.kind == stripTab {
		g.SetView(View(t.i))
		return
	}
	g.sel.T = t.i
}

// fade scales a colour's alpha (premultiplied).
func fade(c color.RGBA, a float64) color.RGBA {
	a = math.Max(0, math.Min(1, a))
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
}
