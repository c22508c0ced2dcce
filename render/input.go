package render

import (
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// tapTipLife is how long a tap's tooltip stays.
const tapTipLife = 8 * time.Second

// pointer is where the learner points: the mouse, or the last tap, which
// keeps its tooltip until the next tap or mouse movement.
type pointer struct {
	x, y             float64
	in               bool // on the screen
	cursorX, cursorY int
	touchX, touchY   float64
	touched          bool // the pointer is the last tap, not the mouse
	touchAt          time.Time
	touchSeen        bool // a finger has touched the screen (or the pointer is coarse): lay out for fingers
	swipeID          ebiten.TouchID
	swipeX0, swipeY0 float64
	swiping          bool // a finger went down on the unit rows
}

// handleInput turns keys, clicks, taps, swipes and the wheel into actions.
func (g *Game) handleInput() {
	defer func() {
		if g.ptr.touchSeen && !g.touchLayout && !g.ptr.swiping {
			// Lay out for fingers from the next frame on, once no finger
			// is down: a tap is aimed at what was on screen.
			g.touchLayout = true
			g.refreshButtons(true)
		}
	}()
	if g.opts.PendingKeys != nil {
		g.keys = g.opts.PendingKeys(g.keys[:0])
		g.handleKeyPresses(g.keys)
	} else {
		g.pollKeys()
	}

	p := &g.ptr
	mx, my := ebiten.CursorPosition()
	x, y := float64(mx), float64(my)
	click := inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	if mx != p.cursorX || my != p.cursorY || click {
		p.cursorX, p.cursorY, p.touched = mx, my, false // the mouse moved: it points again
		g.paint.interacted = true
	}
	now := time.Now()
	tap := func(x, y float64) {
		p.touchX, p.touchY, p.touched, p.touchAt, click = x, y, true, now, true
		g.paint.interacted = true
	}
	var touches [4]ebiten.TouchID
	for _, id := range inpututil.AppendJustPressedTouchIDs(touches[:0]) {
		p.touchSeen = true
		ix, iy := ebiten.TouchPosition(id)
		tx, ty := float64(ix), float64(iy)
		if g.view == ViewTimeline && g.timeline.rows.HitTest(tx, ty).Kind == ui.HitCell {
			// On the unit rows a finger may tap or swipe: which one is
			// known when it lifts. A second finger meanwhile is ignored.
			if !p.swiping {
				p.swipeID, p.swipeX0, p.swipeY0, p.swiping = id, tx, ty, true
			}
			continue
		}
		tap(tx, ty)
	}
	if p.swiping && inpututil.IsTouchJustReleased(p.swipeID) {
		p.swiping = false
		_, ty := inpututil.TouchPositionInPreviousTick(p.swipeID)
		if a := ui.SwipeAction(float64(ty)-p.swipeY0, 24*g.scale); a != ui.ActNone {
			g.do(a)
		} else {
			tap(p.swipeX0, p.swipeY0)
		}
	}
	if p.touched && now.Sub(p.touchAt) > tapTipLife {
		p.touchX, p.touchY = -1, -1 // the tap's tooltip has been read
	}
	if p.touched {
		x, y = p.touchX, p.touchY
	}
	p.in = x >= 0 && y >= 0 && x < float64(g.w) && y < float64(g.h)
	p.x, p.y = x, y
	g.hover = g.pointAt(x, y)
	if click {
		g.click(x, y)
	}
	if _, wy := ebiten.Wheel(); wy != 0 && g.view == ViewTimeline && g.layout.Timeline.Contains(x, y) {
		if wy > 0 {
			g.do(ui.ActUnitsUp)
		} else {
			g.do(ui.ActUnitsDown)
		}
	}
}

// pointAt asks the panels what lies under (x, y).
func (g *Game) pointAt(x, y float64) target {
	if g.layout.TooSmall {
		return target{}
	}
	for _, s := range g.paint.slots {
		if s.p.area(g).Contains(x, y) {
			if t, ok := s.p.at(g, x, y); ok {
				return t
			}
		}
	}
	return target{}
}

// click acts on a click or tap at (x, y): it closes the help, dismisses
// the banner over the view, or goes to the panel under it.
func (g *Game) click(x, y float64) {
	g.paint.interacted = true
	switch {
	case g.help:
		g.help = false
		g.paint.full = true
	case g.hover.owner == panel(g.controls):
		g.hover.owner.click(g, g.hover)
		if g.ptr.touched {
			// A tapped button needs no tooltip, from this frame on.
			g.ptr.touchX, g.ptr.touchY, g.ptr.in = -1, -1, false
			g.hover = target{}
		}
	case g.bannerCovers(x, y):
		g.dismiss() // the banner covers the rows: the first click only dismisses it
	case g.hover.owner != nil:
		g.hover.owner.click(g, g.hover)
	}
}

// handleDrops reads a file dropped on the window (desktop and browser).
func (g *Game) handleDrops() {
	files := ebiten.DroppedFiles()
	if files == nil {
		return
	}
	entries, err := fs.ReadDir(files, ".")
	if err != nil || len(entries) == 0 {
		return
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		f, err := files.Open(e.Name())
		if err != nil {
			g.Say(words.M("app.cannot_open", e.Name(), words.Raw(err.Error())))
			return
		}
		limit := g.opts.MaxDropBytes
		if IsModelFile(e.Name(), nil) {
			limit = lab.MaxModelBytes + 1 // a model may be larger than a text; one too large is refused by name
		}
		data, err := io.ReadAll(io.LimitReader(f, limit))
		f.Close()
		if err != nil {
			g.Say(words.M("app.cannot_read", e.Name(), words.Raw(err.Error())))
			return
		}
		g.SubmitFile(e.Name(), data)
		return
	}
}

// SubmitFile takes a file the learner dropped or picked: a saved model
// (a .safetensors file) is loaded, anything else is their own text.
func (g *Game) SubmitFile(name string, data []byte) {
	if IsModelFile(name, data) {
		if _, err := g.sess.LoadModel(name, data); err == nil {
			g.sel.T, g.sel.First = -1, 0
		}
		g.refreshButtons(false)
		return
	}
	g.SubmitText(name, string(data))
}

// IsModelFile says whether a file is meant as a saved model: its name ends
// in .safetensors, or it starts like one (an 8-byte header length, then
// the header's JSON object).
func IsModelFile(name string, data []byte) bool {
	if strings.HasSuffix(strings.ToLower(name), ".safetensors") {
		return true
	}
	return len(data) > 9 && data[8] == '{' && data[5] == 0 && data[6] == 0 && data[7] == 0
}

// SubmitText trains on the learner's text, or says why it cannot.
func (g *Game) SubmitText(name, text string) {
	if _, err := g.sess.SetText(name, text); err == nil {
		g.sel.T, g.sel.First = -1, 0
	}
	g.refreshButtons(false)
}
