package render

import (
	"image"
	"image/color"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/assets"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// Options adapt the Game to its platform.
type Options struct {
	// OpenText asks the platform for the learner's own text (the browser
	// shows a paste box and a file picker). Nil on the desktop, where the
	// learner drops a file on the window.
	OpenText func()
	// TextHint tells the learner how to give their own text when OpenText is nil.
	TextHint words.Msg
	// AfterDraw runs at the end of every Draw, with the finished screen
	// (the desktop app's -screenshot uses it).
	AfterDraw func(screen *ebiten.Image, frame int)
	// MaxDropBytes bounds how much of a dropped file is read.
	MaxDropBytes int64
	// TrainAfterFrame moves training out of Update: the platform calls
	// TrainSlice once after each frame has been handed to the GPU. In the
	// browser that lets the GPU draw the frame while the CPU trains, instead
	// of one waiting for the other.
	TrainAfterFrame bool
	// PendingKeys, when set, delivers the key presses since the last call
	// (appended to dst) instead of Ebiten's key states, which miss a tap
	// that starts and ends between two frames.
	PendingKeys func(dst []KeyPress) []KeyPress
	// Touch says the screen is a touch screen (a coarse pointer), so the
	// layout starts with text and buttons big enough for fingers. Without
	// it the first touch switches to that layout.
	Touch bool
	// Lang is the language of every word on screen.
	Lang words.Lang
	// Look is how things are shown at the start (the view).
	Look Look
	// SaveFile hands a file to the learner (the browser downloads it, the
	// desktop writes it) and returns the name it was saved under. Nil when
	// the platform cannot save.
	SaveFile func(name string, data []byte) (string, error)
	// Topics gives the built-in headlines of the "read and decide" task, or
	// assets.ErrTopicsLoading while they are on their way (the browser
	// fetches them beside the app). Nil: the ones built into the program.
	Topics func() ([]assets.Topics, error)
}

// Game is the Ebiten game. It only composes: Update trains a time slice
// and turns input into actions, Draw has the painter bring the screen up
// to date, Layout follows the window and its pixel density. What is on
// screen is a list of panels (panel.go), each in its own file, over which
// overlays are drawn (overlays.go); the keys are one table (bindings.go).
type Game struct {
	sess    *lab.Session
	build   func() (*lab.Session, error) // see NewDeferred
	opts    Options
	lang    words.Lang // the language every word on screen is in
	langSet words.Lang // the language a link or the learner chose ("" for the default)
	quit    bool
	inbox   chan func(*Game)

	fonts  *fonts
	gaps   *fontGaps
	scales ui.Scales
	white  *ebiten.Image // 1×1 white source for triangles
	quads  quads

	snap  lab.Snapshot
	shown lab.Settings // the settings the buttons show
	msgs  messages

	// The screen: its size, the layout of the panels, the panels.
	outW, outH  int
	w, h        int
	scale       float64
	layout      ui.Layout
	layoutGen   int // changes with every new layout
	touchLayout bool
	lecture     bool     // only the view, projector-sized
	light       bool     // the light theme
	textScale   float64  // the text size as a multiple of the usual; 0 for 1
	strip       ui.Strip // the text strip every view lines up with
	zoomed      bool     // thin columns: a longer passage
	controls    *controlsPanel
	status      *statusPanel
	stripP      *stripPanel
	timeline    *timelineView
	loss        *lossPanel
	sample      *samplePanel
	views       [numViews]panel
	view        View // the view under the strip
	paint       painter

	task Task     // what is trained and shown
	cls  taskMode // read and decide: the classifier's part (classify.go)

	sel   Selection
	order unitOrder      // how the timeline sorts its unit rows
	pins  []lab.FlagUnit // units drawn as lines over the text
	ptr   pointer
	hover target // what the pointer rests on
	help  bool
	keys  []KeyPress

	exportWanted bool // the next Draw saves the screen as a PNG

	// Frame timing.
	lastUpdate time.Time
	lastSlice  time.Time
	frames     int
	paints     int           // frames that changed the screen
	ownTime    time.Duration // this frame's Update time outside training
	timing     frameTimes
}

// New makes the game around a session.
func New(sess *lab.Session, opts Options) (*Game, error) {
	g := newGame(opts)
	if err := g.start(sess); err != nil {
		return nil, err
	}
	return g, nil
}

// NewDeferred makes a game that shows its first frame at once and builds
// the session (and parses its fonts) only after that frame, so a page shows
// the app as early as possible. Until then Session returns nil and Ready
// false.
func NewDeferred(build func() (*lab.Session, error), opts Options) *Game {
	g := newGame(opts)
	g.build = build
	return g
}

func newGame(opts Options) *Game {
	if opts.MaxDropBytes <= 0 {
		opts.MaxDropBytes = lab.MaxInputBytes
	}
	if opts.Lang == "" {
		opts.Lang = words.English
	}
	if opts.Look.Lang != "" {
		opts.Lang = opts.Look.Lang
	}
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	g := &Game{
		opts: opts, lang: opts.Lang, scales: ui.NewScales(),
		white: white.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image),
		scale: 1, inbox: make(chan func(*Game), 16),
		touchLayout: opts.Touch,
		controls:    &controlsPanel{hover: -1}, status: &statusPanel{}, stripP: &stripPanel{},
		loss: &lossPanel{}, sample: &samplePanel{},
	}
	for v := range views {
		g.views[v] = views[v].make()
	}
	g.timeline = g.views[ViewTimeline].(*timelineView)
	g.view, g.langSet = opts.Look.View, opts.Look.Lang
	g.lecture, g.textScale, g.task = opts.Look.Lecture, opts.Look.Size, opts.Look.Task
	g.setTheme(opts.Look.Light)
	g.ptr.touchSeen = opts.Touch
	g.sel.T = -1
	g.cls = newClassifyMode()
	panels := []panel{g.controls, g.status, g.stripP}
	panels = append(panels, g.views[:]...)
	panels = append(panels, g.loss, g.sample)
	g.paint = newPainter(append(panels, g.cls.panels()...))
	return g
}

// start attaches the session.
func (g *Game) start(sess *lab.Session) error {
	f, err := newFonts()
	if err != nil {
		return err
	}
	gaps, err := newFontGaps()
	if err != nil {
		return err
	}
	g.fonts, g.gaps, g.sess = f, gaps, sess
	g.snap = sess.Snapshot()
	return nil
}

// Ready reports whether the session runs (see NewDeferred).
func (g *Game) Ready() bool { return g.sess != nil }

// Post runs fn on the game's own loop at the next Update. Platform code that
// runs outside the loop (browser callbacks) talks to the game only this way.
// It never blocks: when the queue is full the request is dropped and false
// is returned.
func (g *Game) Post(fn func(*Game)) bool {
	select {
	case g.inbox <- fn:
		return true
	default:
		return false
	}
}

// Session is the session the game shows; call it from Post callbacks or
// from the game's loop only.
func (g *Game) Session() *lab.Session { return g.sess }

// Snapshot is the snapshot the last Update produced.
func (g *Game) Snapshot() lab.Snapshot { return g.snap }

// Lang is the language the game speaks.
func (g *Game) Lang() words.Lang { return g.lang }

// Quit makes the next Update end the game.
func (g *Game) Quit() { g.quit = true }

// Update trains for its share of the time since the last Update, then
// handles input. With TPS synced to the frame rate it runs once a frame.
func (g *Game) Update() error {
	if g.quit {
		return ebiten.Termination
	}
	if g.sess == nil {
		if g.frames == 0 || g.build == nil {
			return nil
		}
		sess, err := g.build()
		if err == nil {
			err = g.start(sess)
		}
		if err != nil {
			return err
		}
	}
	start := time.Now()
	var interval time.Duration
	if !g.lastUpdate.IsZero() {
		interval = start.Sub(g.lastUpdate)
	}
	g.lastUpdate = start
	g.relayout()
	for done := false; !done; {
		select {
		case fn := <-g.inbox:
			fn(g)
			g.paint.interacted = true
		default:
			done = true
		}
	}
	g.handleInput()
	g.handleDrops()
	if g.task != TaskWrite {
		g.cls.update(g)
		if g.frames > 0 && !g.opts.TrainAfterFrame {
			g.cls.train(g, trainBudget(interval, g.sess.Settings().TrainShare))
		}
		g.ownTime = time.Since(start)
		return nil
	}
	g.msgs.expire(g, start)
	if st := g.sess.Settings(); st != g.shown {
		g.shown = st
		g.refreshButtons(false)
	}
	if !g.layout.Timeline.Empty() {
		g.sess.SetWindowLen(ui.Columns(g.mainArea(), g.layout.Font, g.zoomed))
	}
	own := time.Since(start)
	if g.frames > 0 && !g.opts.TrainAfterFrame { // nothing before the first (cheap) frame is on screen
		g.sess.Advance(trainBudget(interval, g.sess.Settings().TrainShare))
	}
	t1 := time.Now()
	g.snap = g.sess.Snapshot()
	g.noticeNewModel()
	g.updateGeometry()
	if tk, ok := g.activeView().(ticker); ok {
		tk.tick(g)
	}
	g.sel.clamp(g.snap.Window, g.timeline.rows)
	g.sess.SetWatch(lab.Watch{Grads: g.view == ViewGradients,
		Decay: g.view == ViewGradients, Flags: g.view == ViewFlags || g.order == byFlag})
	if g.sess.SetFocus(lab.Focus{T: g.sel.T, Layer: g.sel.Layer, Unit: g.sel.Unit}) {
		g.snap = g.sess.Snapshot() // the focused cell step, at once
	}
	g.ownTime = own + time.Since(t1)
	return nil
}

// trainBudget is training's share of the time since the last slice; a long
// pause (a hidden tab) counts as at most a quarter of a second.
func trainBudget(interval time.Duration, share float64) time.Duration {
	return time.Duration(float64(min(interval, 250*time.Millisecond)) * share)
}

// TrainSlice trains for the session's share of the time since the last
// slice. With Options.TrainAfterFrame the platform calls it once per frame,
// between frames; it touches only the session, which Update reads next.
// (js/wasm has one thread and no preemption, so it never runs in the middle
// of Update or Draw.)
func (g *Game) TrainSlice() {
	now := time.Now()
	var interval time.Duration
	if !g.lastSlice.IsZero() {
		interval = now.Sub(g.lastSlice)
	}
	g.lastSlice = now
	if g.frames == 0 || g.sess == nil {
		return
	}
	if g.task != TaskWrite {
		g.cls.train(g, trainBudget(interval, g.sess.Settings().TrainShare))
		return
	}
	g.sess.Advance(trainBudget(interval, g.sess.Settings().TrainShare))
}

// Draw brings the screen up to date with the latest snapshot: the painter
// paints the panels that changed and copies them, the overlays go on top.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	if g.frames == 0 || g.sess == nil {
		// The first frame only clears the screen, so the page shows the app
		// as early as possible; the panels follow from the next frame on.
		screen.Fill(ui.Background)
		g.frames++
		g.paint.full = true
		if g.opts.AfterDraw != nil {
			g.opts.AfterDraw(screen, g.frames)
		}
		return
	}
	if b := screen.Bounds(); b.Dx() != g.w || b.Dy() != g.h {
		// The screen changed size since Update: lay out for it now.
		g.outW, g.outH = b.Dx(), b.Dy()
		g.relayout()
		g.updateGeometry()
	}
	if g.paint.paint(g, screen, start) {
		g.paints++
	}
	g.finishExport(screen)
	g.frames++
	now := time.Now()
	g.timing.add(now, g.ownTime+now.Sub(start))
	if g.opts.AfterDraw != nil {
		g.opts.AfterDraw(screen, g.frames)
	}
}

// Layout renders at the screen's full pixel density.
func (g *Game) Layout(outsideW, outsideH int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if !(s > 0) {
		s = 1
	}
	g.outW = max(1, int(math.Ceil(float64(outsideW)*s)))
	g.outH = max(1, int(math.Ceil(float64(outsideH)*s)))
	return g.outW, g.outH
}

// relayout recomputes the layout when the screen size changed.
func (g *Game) relayout() {
	s := ebiten.Monitor().DeviceScaleFactor()
	if !(s > 0) {
		s = 1
	}
	if g.outW == 0 || g.fonts == nil || g.outW == g.w && g.outH == g.h && s == g.scale && len(g.controls.buttons) > 0 {
		return
	}
	g.w, g.h, g.scale = g.outW, g.outH, s
	g.refreshButtons(true)
}

// refreshButtons rebuilds the button list; the layout is recomputed when a
// label changed width (or force).
func (g *Game) refreshButtons(force bool) {
	if g.controls.rebuild(g) || force {
		opt := ui.Options{Touch: g.touchLayout, Lecture: g.lecture, TextScale: g.textScale}
		g.layout = ui.ComputeWith(g.w, g.h, g.scale, g.controls.labels, g.fonts.measure, opt)
		g.layoutGen++
		g.paint.full = true
	}
}

// updateGeometry lays out the strip and the timeline's rows for the
// current window.
func (g *Game) updateGeometry() {
	g.updateStrip()
	g.timeline.updateRows(g)
}

func (g *Game) face(mono bool, size float64) *fontFace { return g.fonts.face(mono, size) }
