package render

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// statusPanel is the line of figures under the buttons: what training is
// doing on the left (or a passing hint), the model on the right.
type statusPanel struct {
	next, painted statusKey
	rightOf       statusRight // what the right side was made from
	right         string
}

// statusRight is what the right side of the line says.
type statusRight struct {
	settings lab.Settings
	params   int
	corpus   string
	lang     words.Lang
}

// statusKey is what the status line shows.
type statusKey struct {
	left, right string
	paused      bool
	tooSmall    bool
}

func (p *statusPanel) name() string         { return "status" }
func (p *statusPanel) heavy() bool          { return false }
func (p *statusPanel) area(g *Game) ui.Rect { return g.forWriting(g.layout.Status) }

func (p *statusPanel) changed(g *Game) bool {
	p.next = p.key(g)
	return p.next != p.painted
}

// key writes the line's two sides, each the longest variant that fits.
func (p *statusPanel) key(g *Game) statusKey {
	s := g.snap
	l := g.layout
	k := statusKey{paused: s.Settings.Paused, tooSmall: l.TooSmall}
	if l.TooSmall {
		return k
	}
	if hint := g.msgs.hintNow(time.Now()); hint != nil {
		k.left = g.fit(l.Font, l.Status.W, hint...)
	} else {
		state := words.M("status.training", s.Step)
		if s.Settings.Paused {
			state = words.M("status.paused", s.Step)
		}
		losses := words.M("status.losses", lossValue(s.Loss), lossValue(s.ValLoss))
		if n := len(s.ValHistory); n > 0 && s.ValHistory[n-1].Step < s.Step {
			// The validation loss is measured every few seconds: say when,
			// so it is not compared with a training loss of a later step.
			losses = words.M("status.losses_at", lossValue(s.Loss), lossValue(s.ValLoss), s.ValHistory[n-1].Step)
		}
		chars := words.M("status.chars", siCount(float64(s.Chars)))
		speed := words.M("status.speed", siCount(s.CharsPerSec))
		fps := words.Msg{}
		if !s.Settings.Paused {
			// Not while paused: a still screen should not be redrawn for a
			// frame rate that wobbles.
			fps = words.M("status.fps", words.Fixed(ebiten.ActualFPS(), 0))
		}
		k.left = g.fit(l.Font, l.Status.W,
			words.Dots(state, chars, speed, fps, losses),
			words.Dots(state, speed, losses),
			words.Dots(state, losses),
			words.Dots(state, words.M("status.loss", lossValue(s.Loss))))
	}
	k.right = p.rightSide(g)
	return k
}

// rightSide names the model and its text, made again only when they change.
func (p *statusPanel) rightSide(g *Game) string {
	s := g.snap
	of := statusRight{s.Settings, s.Params, s.CorpusName, g.lang}
	if of == p.rightOf && p.right != "" {
		return p.right
	}
	units := words.M("status.units", s.Settings.Hidden)
	if s.Settings.Layers > 1 {
		units = words.M("status.layers_units", s.Settings.Layers, s.Settings.Hidden)
	}
	p.rightOf = of
	p.right = g.text(words.Dots(words.Raw(lab.CellLabel(s.Settings.Cell)), units,
		words.M("status.params", siCount(float64(s.Params))), words.Raw(s.CorpusName)))
	return p.right
}

func (p *statusPanel) paint(g *Game, c canvas) {
	p.painted = p.next
	l := g.layout
	c.img.Fill(ui.Background)
	f := g.face(false, l.Font)
	if l.TooSmall {
		c.textMiddle(g.word("status.too_small"), f, l.Status.X+4, l.Status.Y, l.Status.H, alignLeft, ui.Warn)
		return
	}
	col := ui.Text
	if p.painted.paused {
		col = ui.Warn
	}
	left, right := p.painted.left, p.painted.right
	c.textMiddle(left, f, l.Status.X, l.Status.Y, l.Status.H, alignLeft, col)
	if both := g.fonts.measure(left, l.Font) + g.fonts.measure(right, l.Small) + 2*l.Font; both < l.Status.W {
		c.textMiddle(right, g.face(false, l.Small), l.Status.X+l.Status.W, l.Status.Y, l.Status.H, alignRight, ui.Dim)
	}
}

func (p *statusPanel) at(g *Game, x, y float64) (target, bool) { return target{}, false }
func (p *statusPanel) tip(g *Game, t target) tooltip           { return noTip }
func (p *statusPanel) click(g *Game, t target)                 {}

// lossValue is a loss for a message: three decimals, or a dash before it
// is measured.
func lossValue(v float64) any {
	return words.Fixed(v, 3) // NaN is written as a dash
}

// siCount writes 1234567 as 1.23M.
func siCount(v float64) any {
	switch {
	case v >= 1e9:
		return words.M("unit.giga", words.Fixed(v/1e9, 2))
	case v >= 1e6:
		return words.M("unit.mega", words.Fixed(v/1e6, 2))
	case v >= 1e4:
		return words.M("unit.kilo", words.Fixed(v/1e3, 0))
	case v >= 1e3:
		return words.M("unit.kilo", words.Fixed(v/1e3, 1))
	}
	return words.Fixed(v, 0)
}

// fit returns the first of the variants (longest first) that is at most
// width wide at a text size; when none fits, the last one cut short with "…".
// Variants are formatted only as far as needed.
func (g *Game) fit(size, width float64, variants ...words.Msg) string {
	var last string
	for _, v := range variants {
		last = g.text(v)
		if g.fonts.measure(last, size) <= width {
			return last
		}
	}
	return g.fonts.fit(size, width, last)
}
