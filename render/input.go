package render

import (
	"fmt"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
)

// tapTipLife is how long a tap's tooltip stays.
const tapTipLife = 8 * time.Second

// keyActions maps keys to actions; the help overlay lists the same keys.
// code is the key's name in the browser's KeyboardEvent.code for letters,
// digits and named keys, which sit in the same place on every layout. For
// punctuation (key -1) it is the character typed, its KeyboardEvent.key:
// punctuation moves between layouts (on a German keyboard "-" is where a
// US one has "/", and "ß" where it has "-"), so the desktop matches it by
// the typed character too.
var keyActions = []struct {
	key    ebiten.Key
	code   string
	action ui.Action
	repeat bool
}{
	{ebiten.KeySpace, "Space", ui.ActPause, false},
	{ebiten.KeyS, "KeyS", ui.ActStep, true},
	{ebiten.KeyR, "KeyR", ui.ActReset, false},
	{ebiten.Key1, "Digit1", ui.ActRNN, false},
	{ebiten.Key2, "Digit2", ui.ActLSTM, false},
	{ebiten.Key3, "Digit3", ui.ActGRU, false},
	{-1, "[", ui.ActHiddenDown, false},
	{-1, "]", ui.ActHiddenUp, false},
	{-1, "-", ui.ActLRDown, false},
	{-1, "=", ui.ActLRUp, false},
	{-1, ",", ui.ActTempDown, true},
	{-1, ".", ui.ActTempUp, true},
	{ebiten.KeyC, "KeyC", ui.ActCorpus, false},
	{ebiten.KeyT, "KeyT", ui.ActText, false},
	{ebiten.KeyH, "KeyH", ui.ActHelp, false},
	{ebiten.KeyF1, "F1", ui.ActHelp, false},
	{ebiten.KeyArrowLeft, "ArrowLeft", ui.ActPrevStep, true},
	{ebiten.KeyArrowRight, "ArrowRight", ui.ActNextStep, true},
	{ebiten.KeyArrowUp, "ArrowUp", ui.ActUnitsUp, true},
	{ebiten.KeyArrowDown, "ArrowDown", ui.ActUnitsDown, true},
	{ebiten.KeyPageUp, "PageUp", ui.ActPrevWindow, false},
	{ebiten.KeyPageDown, "PageDown", ui.ActNextWindow, false},
	{ebiten.KeyL, "KeyL", ui.ActLayer, false},
	{ebiten.KeyEscape, "Escape", ui.ActClose, false},
	{-1, "?", ui.ActHelp, false},
	{-1, "+", ui.ActLRUp, false},
}

// KeyPress is one key press the platform saw, named as in keyActions.
type KeyPress struct {
	Code   string
	Repeat bool // the keyboard's auto-repeat, the key being held down
}

// KeyCodes lists the key names the game acts on, for a platform that
// delivers key presses itself (Options.PendingKeys).
func KeyCodes() []string {
	codes := make([]string, len(keyActions))
	for i, ka := range keyActions {
		codes[i] = ka.code
	}
	return codes
}

// ReleaseKeyCodes lists the keys a platform that queues key presses should
// report when released rather than pressed: T opens a text box, and had it
// opened on the press, the key's own character could land in it.
func ReleaseKeyCodes() []string { return []string{"KeyT"} }

// handleKeyPresses acts on key presses the platform queued. Unlike key
// states polled once per frame, a queue loses no tap, however short the tap
// and however slow the frame.
func (g *Game) handleKeyPresses(presses []KeyPress) {
	for _, p := range presses {
		for _, ka := range keyActions {
			if ka.code == p.Code && (ka.repeat || !p.Repeat) {
				g.do(ka.action)
				break
			}
		}
	}
}

// pressed reports a key press, with auto-repeat for keys held down.
func pressed(k ebiten.Key, repeat bool) bool {
	if inpututil.IsKeyJustPressed(k) {
		return true
	}
	if !repeat {
		return false
	}
	d := inpututil.KeyPressDuration(k)
	return d > 24 && d%4 == 0
}

// handleInput turns keys, clicks, taps and the wheel into actions.
func (g *Game) handleInput() {
	defer func() {
		if g.touchSeen && !g.touchLayout && !g.swiping {
			// Lay out for fingers from the next frame on, once no finger
			// is down: a tap is aimed at what was on screen.
			g.touchLayout = true
			g.refreshButtons(true)
		}
	}()
	if g.opts.PendingKeys != nil {
		g.keyBuf = g.opts.PendingKeys(g.keyBuf[:0])
		g.handleKeyPresses(g.keyBuf)
	} else {
		g.pollKeys()
	}

	mx, my := ebiten.CursorPosition()
	x, y := float64(mx), float64(my)
	click := inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	if mx != g.cursorX || my != g.cursorY || click {
		g.cursorX, g.cursorY, g.touched = mx, my, false // the mouse moved: it points again
		g.interacted = true
	}
	now := time.Now()
	tap := func(x, y float64) {
		g.touchX, g.touchY, g.touched, g.touchAt, click = x, y, true, now, true
		g.interacted = true
	}
	var touches [4]ebiten.TouchID
	for _, id := range inpututil.AppendJustPressedTouchIDs(touches[:0]) {
		g.touchSeen = true
		ix, iy := ebiten.TouchPosition(id)
		tx, ty := float64(ix), float64(iy)
		if g.grid.HitTest(tx, ty).Kind == ui.HitCell {
			// On the unit rows a finger may tap or swipe: which one is
			// known when it lifts. A second finger meanwhile is ignored.
			if !g.swiping {
				g.swipeID, g.swipeX0, g.swipeY0, g.swiping = id, tx, ty, true
			}
			continue
		}
		tap(tx, ty)
	}
	if g.swiping && inpututil.IsTouchJustReleased(g.swipeID) {
		g.swiping = false
		_, ty := inpututil.TouchPositionInPreviousTick(g.swipeID)
		if a := ui.SwipeAction(float64(ty)-g.swipeY0, 24*g.scale); a != ui.ActNone {
			g.do(a)
		} else {
			tap(g.swipeX0, g.swipeY0)
		}
	}
	if g.touched && now.Sub(g.touchAt) > tapTipLife {
		g.touchX, g.touchY = -1, -1 // the tap's tooltip has been read
	}
	if g.touched {
		// A tap keeps its tooltip until the next tap or mouse movement.
		x, y = g.touchX, g.touchY
	}
	g.mouseIn = x >= 0 && y >= 0 && x < float64(g.w) && y < float64(g.h)
	g.mouseX, g.mouseY = x, y
	g.hover = g.grid.HitTest(x, y)
	g.hoverBtn = -1
	for i, r := range g.layout.Buttons {
		if r.Contains(x, y) && g.buttons[i].Action != ui.ActNone {
			g.hoverBtn = i
		}
	}
	if click {
		switch {
		case g.help:
			g.help = false
			g.fullRedraw = true
		case g.hoverBtn >= 0:
			g.do(g.buttons[g.hoverBtn].Action)
			if g.touched {
				// A tapped button needs no tooltip, from this frame on.
				g.touchX, g.touchY = -1, -1
				g.mouseIn, g.hoverBtn = false, -1
			}
		case (g.snap.Notice != "" || g.message != "") && g.layout.Timeline.Contains(x, y):
			g.dismiss() // the banner covers the rows: the first click only dismisses it
		case g.hover.Kind != ui.HitNone:
			g.selT = g.hover.T
		}
	}
	if _, wy := ebiten.Wheel(); wy != 0 && g.layout.Timeline.Contains(x, y) {
		if wy > 0 {
			g.do(ui.ActUnitsUp)
		} else {
			g.do(ui.ActUnitsDown)
		}
	}
}

// pollKeys acts on keys from Ebiten's per-frame key states, and on
// punctuation by the characters typed.
func (g *Game) pollKeys() {
	for _, ka := range keyActions {
		if ka.key >= 0 && pressed(ka.key, ka.repeat) {
			g.do(ka.action)
		}
	}
	var chars [8]rune
	for _, r := range ebiten.AppendInputChars(chars[:0]) {
		for _, ka := range keyActions {
			if ka.key < 0 && ka.code == string(r) {
				g.do(ka.action)
				break
			}
		}
	}
}

// do performs one action.
func (g *Game) do(a ui.Action) {
	g.interacted = true
	st := g.sess.Settings()
	switch a {
	case ui.ActPause:
		st.Paused = !st.Paused
	case ui.ActStep:
		if !st.Paused {
			st.Paused = true
			g.sess.Apply(st)
		}
		g.sess.StepOnce()
		g.refreshButtons(false)
		return
	case ui.ActReset:
		gen := g.sess.Snapshot().Generation
		g.sess.Reset()
		g.resetAsked = g.sess.Snapshot().Generation != gen
		g.flash("reset: the model starts over from random weights", "reset: from random weights")
		return
	case ui.ActRNN:
		st.Cell = core.RNNTanh
	case ui.ActLSTM:
		st.Cell = core.LSTM
	case ui.ActGRU:
		st.Cell = core.GRU
	case ui.ActHiddenDown:
		st.Hidden = ui.StepHidden(st.Hidden, -1)
	case ui.ActHiddenUp:
		limit := lab.MaxHiddenFor(st.Cell, st.Layers)
		if st.Hidden >= limit {
			g.flash(fmt.Sprintf("%d units is the limit for this %s: a bigger one trains too slowly to watch", limit, lab.CellLabel(st.Cell)))
			return
		}
		st.Hidden = min(ui.StepHidden(st.Hidden, 1), limit)
	case ui.ActLRDown:
		st.LR = ui.StepLR(st.LR, -1)
	case ui.ActLRUp:
		st.LR = ui.StepLR(st.LR, 1)
	case ui.ActTempDown:
		st.Temperature = ui.StepTemp(st.Temperature, -1)
	case ui.ActTempUp:
		st.Temperature = ui.StepTemp(st.Temperature, 1)
	case ui.ActCorpus:
		cs := g.sess.Corpora()
		for i, c := range cs {
			if c.Name == st.Corpus {
				st.Corpus = cs[(i+1)%len(cs)].Name
				break
			}
		}
	case ui.ActText:
		if g.opts.OpenText != nil {
			g.opts.OpenText()
		} else {
			g.flash(g.opts.TextHint)
		}
		return
	case ui.ActHelp:
		g.help = !g.help
		g.fullRedraw = true
		return
	case ui.ActPrevStep:
		g.selT = max(0, g.selT-1)
		return
	case ui.ActNextStep:
		if w := g.snap.Window; w != nil {
			g.selT = min(w.T-1, g.selT+1)
		}
		return
	case ui.ActPrevWindow, ui.ActNextWindow:
		dir := 1
		if a == ui.ActPrevWindow {
			dir = -1
		}
		g.sess.MoveWindow(dir)
		return
	case ui.ActLayer:
		if st.Layers < 2 {
			g.flash("this model has one layer; a link with layers=2 gives it more", "one layer only")
			return
		}
		g.sess.NextLayer()
		return
	case ui.ActUnitsUp, ui.ActUnitsDown:
		step := 4
		if len(g.grid.Groups) > 0 {
			step = max(1, g.grid.Groups[0].Shown/2)
		}
		if a == ui.ActUnitsUp {
			g.unitFirst = max(0, g.unitFirst-step)
		} else {
			g.unitFirst += step
		}
		return
	case ui.ActClose:
		if g.help {
			g.help = false
			g.fullRedraw = true
		} else {
			g.dismiss()
		}
		return
	default:
		return
	}
	g.sess.Apply(st)
	g.refreshButtons(false)
}
