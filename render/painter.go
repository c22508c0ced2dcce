package render

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/render/ui"
)

// passiveEvery is how often changes that come from training alone are
// drawn: four times a second keeps the counters and the loss curve lively.
const passiveEvery = 250 * time.Millisecond

// painter decides, frame by frame, which panels paint and what is copied to
// the screen, treating every panel alike.
//
// Redrawing only what changed is not enough under a software renderer:
// every frame that draws anything is composited at full size, which takes
// the CPU from training. So changes that come from training alone
// (counters, loss, trace, sample) are drawn together at most every
// passiveEvery, and a frame without news draws nothing. Input is drawn at
// once. The screen is not cleared between frames; each panel's picture is
// copied to it only when it changed or an overlay covered it.
type painter struct {
	slots      []*slot
	tickAt     time.Time // the last frame that drew passive changes
	interacted bool      // input since the last frame: draw now
	pending    bool      // a panel waited for its turn: draw next frame too
	animated   bool      // the view animated last frame: its last state is drawn at once
	full       bool      // clear the screen and copy every panel
	over       overlays
	partsAt    time.Time
}

// newPainter makes slots for the panels, in drawing order.
func newPainter(panels []panel) painter {
	p := painter{full: true}
	for _, pn := range panels {
		p.slots = append(p.slots, &slot{p: pn})
	}
	return p
}

// paint brings the screen up to date and reports whether it changed it.
func (p *painter) paint(g *Game, screen *ebiten.Image, start time.Time) bool {
	if p.over.modalOnScreen(g) && !p.full {
		return false // the help covers everything and nothing on it changed
	}
	anim, ok := g.activeView().(animator)
	animating := ok && anim.animating(g)
	tick := p.interacted || p.pending || p.full || animating || p.animated || start.Sub(p.tickAt) >= passiveEvery
	p.animated = animating
	if tick {
		p.tickAt, p.interacted, p.pending = start, false, false
	}
	painted, full := p.full, p.full
	if p.full {
		screen.Fill(ui.Background)
		for _, s := range p.slots {
			s.onScreen = false
		}
		p.full = false
	}
	heavyDone := false
	for _, s := range p.slots {
		rect := s.p.area(g)
		if rect.Empty() {
			s.rect = ui.Rect{} // not on screen: never copied back to its old place
			continue
		}
		moved := s.img == nil || s.rect != rect || s.layoutGen != g.layoutGen
		if !moved && (!tick || !s.p.changed(g)) {
			continue
		}
		if s.p.heavy() {
			if heavyDone && !moved { // a moved panel cannot wait: its old place is stale
				p.pending = true
				continue
			}
			heavyDone = true
		}
		t0 := time.Now()
		s.p.paint(g, s.begin(rect, g))
		s.slowest = max(s.slowest, float64(time.Since(t0))/float64(time.Millisecond))
	}
	if p.over.update(g, full, p.slots, screen) {
		painted = true
	}
	for _, s := range p.slots {
		if !s.onScreen && s.img != nil && !s.rect.Empty() {
			var op ebiten.DrawImageOptions
			op.GeoM.Translate(s.rect.X, s.rect.Y)
			screen.DrawImage(s.img, &op)
			s.onScreen = true
			painted = true
		}
	}
	if p.over.draw(g, screen) {
		painted = true
	}
	return painted
}

// partsMs is the slowest paint of each panel over the last full second,
// by panel name.
func (p *painter) partsMs(now time.Time, out map[string]float64) {
	for _, s := range p.slots {
		out[s.p.name()] = s.slowest
	}
	if now.Sub(p.partsAt) > time.Second {
		p.partsAt = now
		for _, s := range p.slots {
			s.slowest = 0
		}
	}
}
