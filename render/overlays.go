package render

import (
	"image/color"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/render/ui"
	"rnnlab/words"
)

// overlays are drawn straight onto the screen, over the panels: the
// banner, the tooltip of what the pointer rests on, and the help, which
// covers everything. They stay on screen until what they show or what is
// under them changes; then the panels under them are copied again and they
// are drawn anew.
type overlays struct {
	key          overlayKey
	rects        []ui.Rect // what they covered on screen
	redraw       bool      // update decided to draw them this frame
	tipOf        target    // the target whose tooltip is made
	tipLayout    int       // the layout (and language) it was made for
	tip          tooltip
	lines        []string // scratch: the tooltip's lines
	helpOnScreen bool
	bannerBox    ui.Rect // where the banner was last drawn
}

// overlayKey is everything the overlays show.
type overlayKey struct {
	help   bool
	banner string
	target target
	layout int
}

// now is what the overlays should show this frame.
func (o *overlays) now(g *Game) overlayKey {
	k := overlayKey{layout: g.layoutGen}
	if g.layout.TooSmall {
		return k
	}
	k.help = g.help
	k.banner = g.msgs.banner(g)
	if g.ptr.in {
		k.target = g.hover
	}
	return k
}

// modalOnScreen reports that the help is drawn and nothing under it can be
// seen, so frames need draw nothing until it closes.
func (o *overlays) modalOnScreen(g *Game) bool {
	if !g.help {
		o.helpOnScreen = false
	}
	return o.helpOnScreen
}

// update decides whether the overlays are drawn again this frame: when
// what they show changed, or a panel under them was painted. If so, it
// clears what they covered and marks the panels there to be copied again,
// and reports that it changed the screen.
func (o *overlays) update(g *Game, full bool, slots []*slot, screen *ebiten.Image) bool {
	key := o.now(g)
	o.redraw = full || key != o.key
	for _, r := range o.rects {
		for _, s := range slots {
			if !s.onScreen && s.rect.Overlaps(r) {
				o.redraw = true
			}
		}
	}
	if !o.redraw {
		return false
	}
	o.key = key
	cleared := len(o.rects) > 0
	for _, r := range o.rects {
		fillRect(screen, r, ui.Background)
		for _, s := range slots {
			if s.rect.Overlaps(r) {
				s.onScreen = false
			}
		}
	}
	o.rects = o.rects[:0]
	return cleared
}

// draw draws the overlays if update said so, and reports whether it drew.
func (o *overlays) draw(g *Game, screen *ebiten.Image) bool {
	if !o.redraw {
		return false
	}
	o.redraw = false
	k := o.key
	drew := false
	if k.banner != "" {
		drew = o.drawBanner(g, screen, k.banner) || drew
	}
	if t := k.target; t.owner != nil && !k.help {
		if t != o.tipOf || k.layout != o.tipLayout {
			o.tipOf, o.tipLayout, o.tip = t, k.layout, t.owner.tip(g, t)
		}
		drew = o.drawTooltip(g, screen, o.tip) || drew
	}
	if k.help {
		drawHelp(g, screen)
		o.helpOnScreen = true
		drew = true
	}
	return drew
}

// cover records that r was drawn over, to be restored when the overlays change.
func (o *overlays) cover(r ui.Rect) { o.rects = append(o.rects, r) }

// drawBanner shows a message over the top of the current view, leaving its
// row labels readable. It reports false when there is no room for it.
func (o *overlays) drawBanner(g *Game, screen *ebiten.Image, msg string) bool {
	area, ok := g.bannerArea()
	if !ok {
		return false
	}
	if r, n := utf8.DecodeRuneInString(msg); unicode.IsLower(r) {
		msg = string(unicode.ToUpper(r)) + msg[n:]
	}
	col := ui.Warn
	if !g.snap.Error.IsZero() {
		col = ui.Bad
	}
	l := g.layout
	f := g.face(false, l.Font)
	lines := g.wrapWords(nil, msg, f, area.W-1.5*l.Font)
	lineH := 1.3 * l.Font
	box := ui.Rect{X: area.X, Y: area.Y, W: area.W, H: float64(len(lines))*lineH + l.Font}
	fillRect(screen, box, ui.Shade)
	strokeRect(screen, box, math.Max(2, g.scale*2), col)
	for i, s := range lines {
		g.fonts.draw(screen, s, f, box.X+l.Font*0.5, box.Y+l.Font*0.5+float64(i)*lineH, alignLeft, col)
	}
	o.cover(box.Inset(-2))
	o.bannerBox = box
	return true
}

// bannerCovers reports whether a click at (x, y) lands on what the banner
// hides, so that it only dismisses the banner: the rows under it in the
// writing task, the banner itself in the other.
func (g *Game) bannerCovers(x, y float64) bool {
	if g.msgs.banner(g) == "" {
		return false
	}
	if g.task == TaskDecide {
		return g.paint.over.bannerBox.Contains(x, y)
	}
	return g.layout.Timeline.Contains(x, y)
}

// drawTooltip draws a tooltip's marks and its box of one or more lines
// (split at "\n") next to the point it explains: below and to the right of
// it, or above it when asked (so it does not hide what it explains),
// flipped to the other side where the screen ends.
func (o *overlays) drawTooltip(g *Game, screen *ebiten.Image, tt tooltip) bool {
	for _, m := range tt.marks {
		if m.edge > 0 {
			g.outline(screen, m.r, m.edge, m.c)
		} else {
			g.quads.add(m.r, m.c)
			g.quads.flush(screen, g.white)
		}
		o.cover(m.r.Inset(-2))
	}
	if tt.text == "" {
		return len(tt.marks) > 0
	}
	l := g.layout
	f := g.face(false, l.Small)
	lineH := l.Small * 1.45
	// Lines wider than most of the screen are wrapped at spaces.
	o.lines = o.lines[:0]
	for rest := tt.text; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if g.fonts.measure(line, l.Small) > 0.7*l.W {
			o.lines = g.wrapWords(o.lines, line, f, 0.7*l.W)
		} else {
			o.lines = append(o.lines, line)
		}
	}
	w, n := 0.0, len(o.lines)
	for _, line := range o.lines {
		w = math.Max(w, g.fonts.measure(line, l.Small))
	}
	w += l.Small
	h := float64(n)*lineH + l.Small*0.3
	gap := 14 * g.scale
	x := tt.x + gap
	if x+w > l.W {
		x = tt.x - gap - w
	}
	x = math.Max(0, math.Min(x, l.W-w))
	y := tt.y + gap
	if tt.above || y+h > l.H {
		y = tt.y - gap/2 - h
	}
	if y < 0 {
		y = tt.y + gap
	}
	y = math.Max(0, math.Min(y, l.H-h))
	r := ui.Rect{X: x, Y: y, W: w, H: h}
	g.quads.add(r, ui.Shade)
	g.quads.flush(screen, g.white)
	g.outline(screen, r, 1, ui.PanelEdge)
	ly := y + l.Small*0.15
	for _, line := range o.lines {
		g.fonts.drawMiddle(screen, line, f, x+l.Small/2, ly, lineH, alignLeft, ui.Text)
		ly += lineH
	}
	o.cover(r)
	return true
}

// bannerArea is where the banner goes: over the top of the view under the
// strip, leaving its row labels readable.
func (g *Game) bannerArea() (ui.Rect, bool) {
	b := g.bodyArea()
	if b.Empty() {
		return ui.Rect{}, false
	}
	l := g.layout
	left := math.Max(b.X, g.strip.X0-l.Font*0.25)
	return ui.Rect{X: left, Y: b.Y + l.Font*0.3, W: b.X + b.W - left}, true
}

// outline frames r with four thin rectangles in one batch.
func (g *Game) outline(dst *ebiten.Image, r ui.Rect, w float64, c color.RGBA) {
	g.quads.add(ui.Rect{X: r.X, Y: r.Y, W: r.W, H: w}, c)
	g.quads.add(ui.Rect{X: r.X, Y: r.Y + r.H - w, W: r.W, H: w}, c)
	g.quads.add(ui.Rect{X: r.X, Y: r.Y, W: w, H: r.H}, c)
	g.quads.add(ui.Rect{X: r.X + r.W - w, Y: r.Y, W: w, H: r.H}, c)
	g.quads.flush(dst, g.white)
}

// wrapWords breaks s into lines no wider than width, at spaces.
func (g *Game) wrapWords(dst []string, s string, f *fontFace, width float64) []string {
	line, lineW := "", 0.0
	space := g.fonts.width(" ", f)
	for _, word := range strings.Fields(s) {
		ww := g.fonts.width(word, f)
		if line != "" && lineW+space+ww > width {
			dst = append(dst, line)
			line, lineW = "", 0
		}
		if line != "" {
			line += " "
			lineW += space
		}
		line += word
		lineW += ww
	}
	if line != "" {
		dst = append(dst, line)
	}
	return dst
}

// text formats a message in the learner's language.
func (g *Game) text(m words.Msg) string { return words.Format(g.lang, m) }

// word formats a catalogue key with its values in the learner's language.
func (g *Game) word(key string, args ...any) string {
	return words.Format(g.lang, words.M(key, args...))
}
