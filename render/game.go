package render

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"io/fs"
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/lab"
	"rnnlab/render/ui"
)

// Options adapt the Game to its platform.
type Options struct {
	// OpenText asks the platform for the learner's own text (the browser
	// shows a paste box and a file picker). Nil on the desktop, where the
	// learner drops a file on the window.
	OpenText func()
	// TextHint tells the learner how to give their own text when OpenText is nil.
	TextHint string
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
}

// Game is the Ebiten game: Update trains a time slice and handles input,
// Draw draws the latest snapshot, Layout follows the window and its pixel
// density.
type Game struct {
	sess  *lab.Session
	opts  Options
	fonts *fonts
	gaps  *fontGaps
	// alphabet is the last text's characters checked against the font.
	alphabet []rune
	fontNote string // what was said about the font and the current text
	lut      *ui.ScaleLUT
	white    *ebiten.Image // 1×1 white source for triangles

	snap          lab.Snapshot
	shownSettings lab.Settings // the settings the buttons show
	shownModel    modelShown
	resetAsked    bool // the next new model comes from Reset, which says so itself
	buttons       []ui.Button
	labels        []string

	// Layout state.
	w, h      int
	scale     float64
	layout    ui.Layout
	layoutGen int
	grid      ui.Grid
	gridKey   gridKey

	// View state.
	selT        int // selected time step
	unitFirst   int // first unit row shown
	hover       ui.Hit
	hoverBtn    int
	mouseX      float64
	mouseY      float64
	mouseIn     bool
	cursorX     int
	cursorY     int
	touchX      float64
	touchY      float64
	touched     bool // the pointer is the last tap, not the mouse
	touchAt     time.Time
	touchSeen   bool // a finger has touched the screen (or the pointer is coarse): lay out for fingers
	touchLayout bool // the layout is for fingers
	swipeID     ebiten.TouchID
	swipeX0     float64
	swipeY0     float64
	swiping     bool // a finger went down on the unit rows
	help        bool
	quit        bool
	inbox       chan func(*Game)
	keyBuf      []KeyPress
	lastHint    string
	hintUntil   time.Time
	// message is the app's own banner (a link it could not follow, a file
	// it could not read); it and the session's notice fade after bannerLife.
	message      string
	messageAt    time.Time
	noticeText   string
	noticeSeenAt time.Time

	// Frame timing.
	build      func() (*lab.Session, error) // see NewDeferred
	lastUpdate time.Time
	lastSlice  time.Time
	frames     int
	paints     int           // frames that changed the screen
	ownTime    time.Duration // this frame's Update time outside training
	timing     frameTimes
	statusKey  statusKey

	// Redrawing only what changed is not enough under a software renderer:
	// every frame that draws anything is composited at full size, which
	// takes the CPU from training. So changes that come from training alone
	// (counters, loss, trace, sample) are drawn together at most every
	// passiveEvery, and a frame without news draws nothing. Input is drawn
	// at once.
	tick       bool      // this frame may draw passive changes
	tickAt     time.Time // the last such frame
	interacted bool      // input since the last frame: draw now
	pending    bool      // a panel waited for its turn: draw next frame too

	// Cached panels, redrawn only when their content changes.
	regions  []*region
	controls *region
	status   *region
	timeline *region
	loss     *region
	sample   *region
	// The overlay on screen and the rectangles it covers.
	overlayKey   overlayKey
	overlayRects []ui.Rect
	// lossShown is the loss plot as drawn, which the loss cursor reads.
	lossShown struct {
		plot         ui.PlotMap
		history, val []lab.LossPoint
	}
	fullRedraw bool
	// helpOnScreen: the help overlay is drawn and nothing under it changes
	// what is seen, so frames draw nothing until it closes.
	helpOnScreen bool
	heavyDone    bool // a costly panel was rendered this frame
	tlTitle      string

	// Tooltip texts, rebuilt only when what they describe changes.
	tipHit          ui.Hit
	tipWin          *lab.Window
	tipText         string
	tipLoss, tipVal lab.LossPoint
	tipLossText     string

	ctrlKey controlsKey
	tlKey   timelineKey
	lsKey   lossKey
	lossAt  time.Time
	smKey   sampleKey

	// PartsMs is the slowest render of each panel in the last full second.
	PartsMs  [len(PartNames)]float64
	partsMax [len(PartNames)]float64
	partsAt  time.Time

	heat    *ebiten.Image
	heatPix []byte
	heatWin *lab.Window
	heatKey gridKey
	lines   []string
	quads   quads
	units   []int
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
		opts.MaxDropBytes = 3 * lab.MaxTextBytes
	}
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	g := &Game{
		opts: opts, lut: ui.NewScaleLUT(),
		white: white.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image),
		scale: 1, hoverBtn: -1, inbox: make(chan func(*Game), 16), fullRedraw: true,
		touchSeen: opts.Touch, touchLayout: opts.Touch,
	}
	g.controls, g.status, g.timeline, g.loss, g.sample = &region{}, &region{}, &region{}, &region{}, &region{}
	g.regions = []*region{g.controls, g.status, g.timeline, g.loss, g.sample}
	g.selT = -1
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

// Quit makes the next Update end the game.
func (g *Game) Quit() { g.quit = true }

// Stats are the figures the app publishes for tests and the curious.
type Stats struct {
	Frames     int
	Paints     int  // frames that changed the screen; the others draw nothing and cost the renderer nothing
	Selected   int  // the selected time step (0-based), -1 before the first trace
	FirstUnit  int  // the first unit row shown
	Touch      bool // laid out for fingers
	FPS        float64
	DrawMs     float64 // p95 of our own Update (without training) + Draw over the last second
	TrainShare float64
	Width      int
	Height     int
}

// Stats reports frame figures.
func (g *Game) Stats() Stats {
	return Stats{Frames: g.frames, Paints: g.paints, FPS: ebiten.ActualFPS(), DrawMs: g.timing.p95(time.Now()),
		TrainShare: g.snap.TrainShare, Width: g.w, Height: g.h,
		Selected: g.selT, FirstUnit: g.unitFirst, Touch: g.touchLayout}
}

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
	for done := false; !done; {
		select {
		case fn := <-g.inbox:
			fn(g)
			g.interacted = true
		default:
			done = true
		}
	}
	g.handleInput()
	g.handleDrops()
	g.expireBanner(start)
	if st := g.sess.Settings(); st != g.shownSettings {
		g.shownSettings = st
		g.refreshButtons(false)
	}
	share := g.sess.Settings().TrainShare
	budget := time.Duration(float64(min(interval, 250*time.Millisecond)) * share)
	if !g.layout.Timeline.Empty() {
		g.sess.SetWindowLen(ui.Columns(g.timelineGridArea(), g.layout.Font))
	}
	own := time.Since(start)
	if g.frames > 0 && !g.opts.TrainAfterFrame { // nothing before the first (cheap) frame is on screen
		g.sess.Advance(budget)
	}
	t1 := time.Now()
	g.snap = g.sess.Snapshot()
	g.noticeNewModel()
	if g.snap.Window != nil && (g.selT < 0 || g.selT >= g.snap.Window.T) {
		g.selT = g.snap.Window.T - 1
	}
	g.ownTime = own + time.Since(t1)
	return nil
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
	share := g.sess.Settings().TrainShare
	g.sess.Advance(time.Duration(float64(min(interval, 250*time.Millisecond)) * share))
}

// noticeNewModel acts when a new model replaces the one shown (a new cell,
// size, seed or text, from a button, a key or a link): it says so, so the
// learner knows why the loss starts over (Reset says so itself), and checks
// the text's characters against the font.
func (g *Game) noticeNewModel() {
	s := g.snap
	prev := g.shownModel
	if prev.gen == s.Generation {
		return
	}
	g.shownModel = modelShown{gen: s.Generation, corpus: s.CorpusName, chars: s.TextChars}
	g.checkFont(s.Alphabet)
	if prev.gen == 0 {
		return // the first model needs no announcement
	}
	if g.resetAsked {
		g.resetAsked = false
		return
	}
	name := fmt.Sprintf("%s with %d units", lab.CellLabel(s.Settings.Cell), s.Settings.Hidden)
	short := fmt.Sprintf("new %s-%d: from scratch", lab.CellLabel(s.Settings.Cell), s.Settings.Hidden)
	if prev.corpus != s.CorpusName || prev.chars != s.TextChars {
		g.flash("new text: a new "+name+" starts learning it from scratch", short)
		return
	}
	g.flash("new "+name+": it starts learning from scratch", short)
}

// modelShown identifies the model and text the views last showed.
type modelShown struct {
	gen    int
	corpus string
	chars  int
}

// checkFont says so when a text has characters the font cannot draw, and
// takes back what it said of the previous text.
func (g *Game) checkFont(alphabet []rune) {
	if slices.Equal(alphabet, g.alphabet) {
		return
	}
	g.alphabet = alphabet
	msg := g.gaps.describe(alphabet)
	if msg != "" {
		g.Say(msg)
	} else if g.message != "" && g.message == g.fontNote {
		g.message = "" // it spoke of the previous text
	}
	g.fontNote = msg
}

// Layout renders at the screen's full pixel density.
func (g *Game) Layout(outsideW, outsideH int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if !(s > 0) {
		s = 1
	}
	w, h := max(1, int(math.Ceil(float64(outsideW)*s))), max(1, int(math.Ceil(float64(outsideH)*s)))
	return w, h
}

// relayout recomputes the layout when the screen size changed.
func (g *Game) relayout(w, h int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if !(s > 0) {
		s = 1
	}
	if w == g.w && h == g.h && s == g.scale && len(g.buttons) > 0 {
		return
	}
	g.w, g.h, g.scale = w, h, s
	g.refreshButtons(true)
	g.layoutGen++
	g.fullRedraw = true
	g.gridKey = gridKey{}
}

// refreshButtons rebuilds the button list; the layout is recomputed when
// a label changed width (or force).
func (g *Game) refreshButtons(force bool) {
	bs := ui.Buttons(g.sess.Settings())
	labels := g.labels[:0]
	for _, b := range bs {
		labels = append(labels, b.Label)
	}
	changed := force || !slices.Equal(labels, g.labels) || len(g.labels) != len(labels)
	g.buttons, g.labels = bs, labels
	if changed {
		compute := ui.Compute
		if g.touchLayout {
			compute = ui.ComputeTouch
		}
		g.layout = compute(g.w, g.h, g.scale, g.labels, g.fonts.measure)
		g.layoutGen++
		g.fullRedraw = true
	}
}

// gridKey identifies a timeline geometry.
type gridKey struct {
	layoutGen, cols, unitFirst int
	groups, units              int
}

// updateGrid lays out the timeline grid for the current window.
func (g *Game) updateGrid() {
	area := g.timelineGridArea()
	cols := ui.Columns(area, g.layout.Font)
	w := g.snap.Window
	key := gridKey{layoutGen: g.layoutGen, cols: cols, unitFirst: g.unitFirst}
	if w != nil {
		key.cols, key.groups, key.units = w.T, len(w.Groups), unitsOf(w)
	}
	if key == g.gridKey {
		return
	}
	g.gridKey = key
	g.units = g.units[:0]
	if w != nil {
		for _, gr := range w.Groups {
			g.units = append(g.units, gr.Units)
		}
	}
	g.grid = ui.LayoutGrid(area, g.layout.Font, g.scale, key.cols, g.units, g.unitFirst)
	if len(g.grid.Groups) > 0 {
		g.unitFirst = g.grid.Groups[0].First
	}
}

func unitsOf(w *lab.Window) int {
	if len(w.Groups) == 0 {
		return 0
	}
	return w.Groups[0].Units
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
			g.Say("could not open " + e.Name() + ": " + err.Error())
			return
		}
		data, err := io.ReadAll(io.LimitReader(f, g.opts.MaxDropBytes))
		f.Close()
		if err != nil {
			g.Say("could not read " + e.Name() + ": " + err.Error())
			return
		}
		g.SubmitText(e.Name(), string(data))
		return
	}
}

// SubmitText trains on the learner's text, or says why it cannot.
func (g *Game) SubmitText(name, text string) {
	if _, err := g.sess.SetText(name, text); err == nil {
		g.selT, g.unitFirst = -1, 0
	}
	g.refreshButtons(false)
}

// bannerLife is how long a notice or message stays unless dismissed: long
// enough to read twice, short enough not to hide the view for good.
const bannerLife = 20 * time.Second

// Say shows a message in a banner over the timeline until the learner
// dismisses it or bannerLife passes.
func (g *Game) Say(s string) {
	g.message, g.messageAt = s, time.Now()
	g.interacted = true
}

// Message is the app's own message on the banner ("" when none), beside
// the session's notice.
func (g *Game) Message() string { return g.message }

// dismiss removes the notice and the message.
func (g *Game) dismiss() {
	g.message = ""
	g.sess.ClearNotice()
}

// expireBanner lets notices and messages fade after bannerLife.
func (g *Game) expireBanner(now time.Time) {
	if g.message != "" && now.Sub(g.messageAt) > bannerLife {
		g.message = ""
	}
	n := g.sess.Snapshot().Notice
	if n != g.noticeText {
		g.noticeText, g.noticeSeenAt = n, now
	} else if n != "" && now.Sub(g.noticeSeenAt) > bannerLife {
		g.sess.ClearNotice()
	}
}

// flash shows a short hint on the status line for a few seconds: the first
// of its variants (longest first) that fits. A hint too long for the status
// line in every variant goes to the banner instead.
func (g *Game) flash(variants ...string) {
	s := variants[0]
	if g.fonts != nil {
		s = ""
		for _, v := range variants {
			if g.fonts.measure(v, g.layout.Font) <= g.layout.Status.W {
				s = v
				break
			}
		}
		if s == "" {
			g.Say(variants[0])
			return
		}
	}
	g.lastHint, g.hintUntil = s, time.Now().Add(4*time.Second)
	g.interacted = true
}

// frameTimes keeps our per-frame cost for the last second or so.
type frameTimes struct {
	at  [256]time.Time
	dur [256]time.Duration
	n   int
}

func (f *frameTimes) add(t time.Time, d time.Duration) {
	i := f.n % len(f.at)
	f.at[i], f.dur[i] = t, d
	f.n++
}

// p95 is the 95th percentile in milliseconds over the last second.
func (f *frameTimes) p95(now time.Time) float64 {
	var buf [256]time.Duration
	ds := buf[:0]
	for i := 0; i < min(f.n, len(f.at)); i++ {
		if now.Sub(f.at[i]) <= time.Second {
			ds = append(ds, f.dur[i])
		}
	}
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	k := int(math.Ceil(0.95*float64(len(ds)))) - 1
	return float64(ds[max(0, k)]) / float64(time.Millisecond)
}
