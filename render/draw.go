package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
)

// region is a panel drawn into its own image and copied to the screen only
// when it changed or an overlay covered it. The screen is not cleared
// between frames, so a quiet frame costs almost nothing.
type region struct {
	rect     ui.Rect
	img      *ebiten.Image
	onScreen bool
}

// canvas is a region image with drawing in screen coordinates.
type canvas struct {
	img    *ebiten.Image
	fonts  *fonts
	ox, oy float64
}

// begin sizes the region's image for rect and returns a canvas on it.
func (r *region) begin(rect ui.Rect, f *fonts) canvas {
	w, h := max(1, int(math.Ceil(rect.W))), max(1, int(math.Ceil(rect.H)))
	if r.img == nil || r.img.Bounds().Dx() != w || r.img.Bounds().Dy() != h {
		if r.img != nil {
			r.img.Deallocate()
		}
		r.img = ebiten.NewImage(w, h)
	}
	r.rect = rect
	r.onScreen = false
	return canvas{img: r.img, fonts: f, ox: rect.X, oy: rect.Y}
}

func (c canvas) local(r ui.Rect) ui.Rect {
	return ui.Rect{X: r.X - c.ox, Y: r.Y - c.oy, W: r.W, H: r.H}
}
func (c canvas) fill(r ui.Rect, col color.Color) {
	fillRect(c.img, c.local(r), col)
}
func (c canvas) stroke(r ui.Rect, w float64, col color.Color) {
	strokeRect(c.img, c.local(r), w, col)
}
func (c canvas) text(s string, f *fontFace, x, y float64, a align, col color.Color) {
	c.fonts.draw(c.img, s, f, x-c.ox, y-c.oy, a, col)
}
func (c canvas) textMiddle(s string, f *fontFace, x, y, h float64, a align, col color.Color) {
	c.fonts.drawMiddle(c.img, s, f, x-c.ox, y-c.oy, h, a, col)
}

// Keys of what each panel shows; a panel is redrawn when its key changes.
type (
	controlsKey struct {
		gen      int
		settings lab.Settings
		hover    int
	}
	timelineKey struct {
		gen, selT, unitFirst int
		window               *lab.Window
		grid                 gridKey
		banner               string
		paused               bool
	}
	lossKey struct {
		gen, n, nv, step, modelGen, blowups int
	}
	statusKey struct {
		left, right string
		paused      bool
	}
	sampleKey struct {
		gen, step, modelGen int
		sample              string
		title               string
	}
)

// Draw draws the latest snapshot. It touches the model only through the
// snapshot and redraws panels only when their content changed.
func (g *Game) Draw(screen *ebiten.Image) {
	start := time.Now()
	if g.frames == 0 || g.sess == nil {
		// The first frame only clears the screen, so the page shows the app
		// as early as possible; the panels follow from the next frame on.
		screen.Fill(ui.Background)
		g.frames++
		g.fullRedraw = true
		if g.opts.AfterDraw != nil {
			g.opts.AfterDraw(screen, g.frames)
		}
		return
	}
	g.heavyDone = false
	g.relayout(screen.Bounds().Dx(), screen.Bounds().Dy())
	g.updateGrid()
	if !g.help {
		g.helpOnScreen = false
	} else if g.helpOnScreen && !g.fullRedraw {
		g.endFrame(screen, start, false)
		return
	}
	g.tick = g.interacted || g.pending || g.fullRedraw || start.Sub(g.tickAt) >= passiveEvery
	if g.tick {
		g.tickAt, g.interacted, g.pending = start, false, false
	}
	painted, full := g.fullRedraw, g.fullRedraw
	if g.fullRedraw {
		screen.Fill(ui.Background)
		for _, r := range g.regions {
			r.onScreen = false
		}
		g.fullRedraw = false
	}

	if g.layout.TooSmall {
		// Only the status line fits; the panels keep their images but are
		// not copied to the screen.
		g.controls.rect, g.timeline.rect, g.loss.rect, g.sample.rect = ui.Rect{}, ui.Rect{}, ui.Rect{}, ui.Rect{}
	} else {
		g.part(0, g.renderControls)
		g.part(1, g.renderTimeline)
		g.part(2, g.renderLoss)
		g.part(3, g.renderSample)
	}
	g.part(4, g.renderStatus)
	// An overlay (a tooltip, the loss cursor) stays on screen until what it
	// shows or what is under it changes; then the panels under it are copied
	// again, and the background it covered is cleared.
	overlay := g.overlayNow()
	redraw := full || overlay != g.overlayKey || g.overlayUnderChanged()
	if redraw {
		for _, o := range g.overlayRects {
			fillRect(screen, o, ui.Background)
			for _, r := range g.regions {
				if r.rect.Overlaps(o) {
					r.onScreen = false
				}
			}
			painted = true
		}
		g.overlayRects = g.overlayRects[:0]
	}
	for _, r := range g.regions {
		if !r.onScreen && r.img != nil && !r.rect.Empty() {
			var op ebiten.DrawImageOptions
			op.GeoM.Translate(r.rect.X, r.rect.Y)
			screen.DrawImage(r.img, &op)
			r.onScreen = true
			painted = true
		}
	}
	if redraw {
		g.overlayKey = overlay
		if !g.layout.TooSmall && g.drawOverlays(screen) {
			painted = true
		}
	}
	g.endFrame(screen, start, painted)
}

// overlayKey is what the overlay on screen shows; the overlay is drawn again
// only when it changes.
type overlayKey struct {
	kind   overlayKind
	button int
	hit    ui.Hit
	window *lab.Window // the trace a cell tooltip reads
	step   int         // the loss point under the cursor
	loss   lossKey     // the loss plot the cursor reads
	ctrl   controlsKey // a button's tip can depend on the settings
	layout int
}

type overlayKind int

const (
	noOverlay overlayKind = iota
	helpOverlay
	buttonTip
	cellTip
	lossCursor
)

// overlayNow says which overlay this frame should show.
func (g *Game) overlayNow() overlayKey {
	k := overlayKey{layout: g.layoutGen}
	switch {
	case g.layout.TooSmall:
	case g.help:
		k.kind = helpOverlay
	case !g.mouseIn:
	case g.hoverBtn >= 0:
		k.kind, k.button, k.ctrl = buttonTip, g.hoverBtn, g.ctrlKey
	case g.hover.Kind != ui.HitNone && g.tlKey.window != nil:
		k.kind, k.hit, k.window = cellTip, g.hover, g.tlKey.window
	case g.lossShown.plot.Area.Contains(g.mouseX, g.mouseY) && len(g.lossShown.history) > 0:
		p, _ := nearest(g.lossShown.history, g.lossShown.plot.Step(g.mouseX))
		k.kind, k.step, k.loss = lossCursor, p.Step, g.lsKey
	}
	return k
}

// overlayUnderChanged reports whether a panel under the overlay was drawn
// again this frame, which means copying it over the overlay.
func (g *Game) overlayUnderChanged() bool {
	for _, o := range g.overlayRects {
		for _, r := range g.regions {
			if !r.onScreen && r.rect.Overlaps(o) {
				return true
			}
		}
	}
	return false
}

// endFrame counts the frame and its cost.
func (g *Game) endFrame(screen *ebiten.Image, start time.Time, painted bool) {
	if painted {
		g.paints++
	}
	g.frames++
	now := time.Now()
	g.timing.add(now, g.ownTime+now.Sub(start))
	if g.opts.AfterDraw != nil {
		g.opts.AfterDraw(screen, g.frames)
	}
}

// part runs one panel's renderer and keeps the slowest time of each part
// over the last second, for the published figures.
func (g *Game) part(i int, fn func()) {
	t0 := time.Now()
	fn()
	d := time.Since(t0)
	if time.Since(g.partsAt) > time.Second {
		g.partsAt = time.Now()
		g.PartsMs = g.partsMax
		g.partsMax = [len(PartNames)]float64{}
	}
	g.partsMax[i] = max(g.partsMax[i], float64(d)/float64(time.Millisecond))
}

// passiveEvery is how often changes that come from training alone are
// drawn: four times a second keeps the counters and the loss curve lively.
const passiveEvery = 250 * time.Millisecond

// quiet reports that a panel keeps its picture this frame: it has one, it
// is where the layout wants it, and this frame draws no passive changes.
func (g *Game) quiet(r *region, rect ui.Rect) bool {
	return !g.tick && r.img != nil && r.rect == rect
}

// mayRender allows one costly panel render per frame, so no single frame
// pays for all of them; a panel that has to wait keeps its old picture for
// a frame. A panel without any picture yet always renders.
func (g *Game) mayRender(r *region, rect ui.Rect) bool {
	if r.img != nil && r.rect == rect && g.heavyDone { // a moved panel cannot wait: its old place is stale
		g.pending = true
		return false
	}
	g.heavyDone = true
	return true
}

// PartNames name the entries of Game.PartsMs.
var PartNames = [...]string{"controls", "timeline", "loss", "sample", "status"}

func (g *Game) face(mono bool, size float64) *fontFace { return g.fonts.face(mono, size) }

// ---- controls ------------------------------------------------------------

func (g *Game) renderControls() {
	l := g.layout
	key := controlsKey{g.layoutGen, g.sess.Settings(), g.hoverBtn}
	if key == g.ctrlKey && g.controls.img != nil || g.quiet(g.controls, l.Controls) {
		return
	}
	g.ctrlKey = key
	c := g.controls.begin(l.Controls, g.fonts)
	c.img.Fill(ui.Background)
	f := g.face(false, l.BtnFont)
	for i, b := range g.buttons {
		r := l.Buttons[i]
		if r.Empty() {
			continue
		}
		if b.Action == ui.ActNone {
			c.textMiddle(b.Label, f, r.X+r.W/2, r.Y, r.H, alignCenter, ui.Text)
			continue
		}
		bg := ui.ButtonFill
		switch {
		case b.On:
			bg = ui.ButtonSel
		case i == g.hoverBtn:
			bg = ui.ButtonHov
		}
		c.fill(r, bg)
		c.textMiddle(b.Label, f, r.X+r.W/2, r.Y, r.H, alignCenter, ui.Text)
	}
}

// ---- status line ---------------------------------------------------------

func (g *Game) renderStatus() {
	if g.quiet(g.status, g.layout.Status) {
		return
	}
	now := time.Now()
	s := g.snap
	var left string
	if g.lastHint != "" && now.Before(g.hintUntil) {
		left = g.fonts.fit(g.layout.Font, g.layout.Status.W, g.lastHint)
	} else {
		state := "training"
		if s.Settings.Paused {
			state = "paused"
		}
		head := fmt.Sprintf("%s · step %d", state, s.Step)
		losses := fmt.Sprintf("loss %s · val %s", lossText(s.Loss), lossText(s.ValLoss))
		if n := len(s.ValHistory); n > 0 && s.ValHistory[n-1].Step < s.Step {
			// The validation loss is measured every few seconds: say when,
			// so it is not compared with a training loss of a later step.
			losses += fmt.Sprintf(" (step %d)", s.ValHistory[n-1].Step)
		}
		chars := siCount(float64(s.Chars)) + " chars"
		speed := siCount(s.CharsPerSec) + " chars/s"
		fps := ""
		if !s.Settings.Paused {
			// Not while paused: a still screen should not be redrawn for a
			// frame rate that wobbles.
			fps = fmt.Sprintf(" · %.0f fps", ebiten.ActualFPS())
		}
		left = g.fonts.fit(g.layout.Font, g.layout.Status.W,
			head+" · "+chars+" · "+speed+fps+" · "+losses,
			head+" · "+speed+" · "+losses,
			head+" · "+losses,
			head+" · loss "+lossText(s.Loss))
	}
	units := fmt.Sprintf("%d units", s.Settings.Hidden)
	if s.Settings.Layers > 1 {
		units = fmt.Sprintf("%d layers × %d units", s.Settings.Layers, s.Settings.Hidden)
	}
	right := fmt.Sprintf("%s · %s · %s params · %s", lab.CellLabel(s.Settings.Cell), units, siCount(float64(s.Params)), s.CorpusName)
	key := statusKey{left, right, s.Settings.Paused}
	if key == g.statusKey && g.status.img != nil && g.status.rect == g.layout.Status {
		return
	}
	g.statusKey = key
	l := g.layout
	c := g.status.begin(l.Status, g.fonts)
	c.img.Fill(ui.Background)
	if l.TooSmall {
		c.textMiddle("window too small", g.face(false, l.Font), l.Status.X+4, l.Status.Y, l.Status.H, alignLeft, ui.Warn)
		return
	}
	f := g.face(false, l.Font)
	col := ui.Text
	if s.Settings.Paused {
		col = ui.Warn
	}
	c.textMiddle(left, f, l.Status.X, l.Status.Y, l.Status.H, alignLeft, col)
	fs := g.face(false, l.Small)
	if both := g.fonts.measure(left, l.Font) + g.fonts.measure(right, l.Small) + 2*l.Font; both < l.Status.W {
		c.textMiddle(right, fs, l.Status.X+l.Status.W, l.Status.Y, l.Status.H, alignRight, ui.Dim)
	}
}

func lossText(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.3f", v)
}

// siCount writes 1234567 as 1.23M.
func siCount(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2fG", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.0fk", v/1e3)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// ---- timeline ------------------------------------------------------------

func (g *Game) timelineGridArea() ui.Rect {
	a := g.layout.Timeline.Inset(g.layout.Pad)
	a.H = math.Max(0, a.H-1.6*g.layout.Font) // the detail line below
	return a
}

func (g *Game) renderTimeline() {
	l := g.layout
	if l.Timeline.Empty() {
		g.timeline.rect = ui.Rect{} // not on screen: never copied back to its old place
		return
	}
	w := g.snap.Window
	key := timelineKey{gen: g.layoutGen, selT: g.selT, unitFirst: g.unitFirst, window: w, grid: g.gridKey,
		banner: g.bannerText(), paused: g.snap.Settings.Paused}
	if key == g.tlKey && g.timeline.img != nil || g.quiet(g.timeline, l.Timeline) || !g.mayRender(g.timeline, l.Timeline) {
		return
	}
	g.tlKey = key
	c := g.timeline.begin(l.Timeline, g.fonts)
	c.img.Fill(ui.Panel)
	gr := g.grid
	f := g.face(false, l.Font)
	fs := g.face(false, l.Small)
	mono := g.face(true, l.Font*1.05)
	monoSmall := g.face(true, l.Small)

	// Header: title on the left, legend on the right.
	h := gr.Header
	title := "Waiting for the first trace…"
	if w != nil {
		model := fmt.Sprintf("model of step %d · loss here %.2f", w.Step, w.Loss)
		var layer, units, unitsShort string
		if w.Layers > 1 {
			layer = fmt.Sprintf(" · layer %d of %d (L)", w.Layer+1, w.Layers)
		}
		if len(gr.Groups) > 0 {
			if b := gr.Groups[0]; b.Shown < b.Units {
				units = fmt.Sprintf(" · units %d–%d of %d (↑↓)", b.First, b.First+b.Shown-1, b.Units)
				unitsShort = fmt.Sprintf(" · units %d–%d/%d", b.First, b.First+b.Shown-1, b.Units)
			}
		}
		title = g.fonts.fit(l.Font, h.W-g.legendWidth(h), // the colour legend always keeps its place
			"Reading held-out text · "+model+layer+units,
			model+layer+units,
			fmt.Sprintf("step %d · loss %.2f", w.Step, w.Loss)+layer+unitsShort,
			fmt.Sprintf("step %d", w.Step)+unitsShort,
			model+layer)
	}
	c.textMiddle(title, f, h.X, h.Y, h.H, alignLeft, ui.Text)
	g.tlTitle = title
	g.drawLegend(c, h)
	if w == nil {
		return
	}

	// Row labels.
	lx := gr.Area.X
	// Each column's guesses are for the character after its input.
	if gh := 3 * gr.GuessH; gh >= 2.6*l.Small {
		c.textMiddle("guesses", fs, lx, gr.GuessY+gh/2-1.3*l.Small, 1.3*l.Small, alignLeft, ui.Dim)
		c.textMiddle("of next ›", fs, lx, gr.GuessY+gh/2, 1.3*l.Small, alignLeft, ui.Dim)
	} else {
		c.textMiddle("next ›", fs, lx, gr.GuessY, gh, alignLeft, ui.Dim)
	}
	c.textMiddle("input", fs, lx, gr.CharY, gr.CharH, alignLeft, ui.Dim)
	for i, b := range gr.Groups {
		if i >= len(w.Groups) || b.Shown == 0 {
			continue
		}
		grp := w.Groups[i]
		name := grp.Label
		if g.fonts.measure(name, l.Small) > gr.LabelW-l.Small*0.5 {
			name = grp.Short
		}
		bh := math.Max(b.H, gr.RowH)
		c.textMiddle(name, fs, lx, b.Y, math.Min(bh, l.Small*1.4), alignLeft, ui.Dim)

	}

	// Backgrounds first, in one batch: the selected column and the bars
	// showing the probability the model gave the true next character.
	q := &g.quads
	if g.selT >= 0 && g.selT < w.T {
		x := gr.X0 + float64(g.selT)*gr.ColW
		q.add(c.local(ui.Rect{X: x, Y: gr.GuessY, W: gr.ColW, H: gr.CharY + gr.CharH - gr.GuessY}), ui.ButtonSel)
	}
	for t := 0; t < w.T && t < gr.Cols; t++ {
		x := gr.X0 + float64(t)*gr.ColW
		q.add(c.local(ui.Rect{X: x + 1, Y: gr.BarY, W: math.Max(0, gr.ColW-2), H: gr.BarH}), ui.ButtonFill)
		q.add(c.local(ui.Rect{X: x + 1, Y: gr.BarY, W: math.Max(0, (gr.ColW-2)*w.PNext[t]), H: gr.BarH}), ui.Good)
	}
	q.flush(c.img, g.white)
	// Guesses and input characters.
	for t := 0; t < w.T && t < gr.Cols; t++ {
		cx := gr.X0 + float64(t)*gr.ColW + gr.ColW/2
		for k, guess := range w.Top[t] {
			col := ui.Dim
			if guess.Rune == w.Next[t] {
				col = ui.Good
			}
			col = fade(col, 0.35+0.65*math.Sqrt(guess.Prob))
			c.textMiddle(displayRune(guess.Rune), monoSmall, cx, gr.GuessY+float64(k)*gr.GuessH, gr.GuessH, alignCenter, col)
		}
		col := ui.Text
		if w.Runes[t] == ' ' || w.Runes[t] == '\n' {
			col = ui.Faint
		}
		c.textMiddle(displayRune(w.Runes[t]), mono, cx, gr.CharY, gr.CharH, alignCenter, col)
	}

	// Unit rows from the heat texture, one draw per group.
	g.updateHeat(w)
	if g.heat != nil {
		for i, b := range gr.Groups {
			if b.Shown == 0 {
				continue
			}
			row := ui.HeatRow(gr.Groups, i)
			sub := g.heat.SubImage(image.Rect(0, row, w.T, row+b.Shown)).(*ebiten.Image)
			var op ebiten.DrawImageOptions
			op.GeoM.Scale(gr.ColW, gr.RowH)
			op.GeoM.Translate(gr.X0-c.ox, b.Y-c.oy)
			c.img.DrawImage(sub, &op)
		}
	}
	// The selected column, framed through all rows.
	if g.selT >= 0 && g.selT < w.T && len(gr.Groups) > 0 {
		last := gr.Groups[len(gr.Groups)-1]
		x := gr.X0 + float64(g.selT)*gr.ColW
		c.stroke(ui.Rect{X: x - 1, Y: gr.GuessY, W: gr.ColW + 2, H: last.Y + last.H - gr.GuessY + 1}, math.Max(1.5, g.scale*1.5), ui.Accent)
	}
	g.drawDetail(c, w)
	g.drawBanner(c)
}

// legendLabels name the ends of the colour scale. Gates run from 0 to 1 over
// the same colours, so with gates the ends also say shut and open.
func (g *Game) legendLabels() (lo, hi string) {
	if g.snap.Settings.Cell == core.RNNTanh || g.snap.Settings.Cell == core.RNNReLU {
		return "−1", "+1"
	}
	return "shut · −1", "+1 · open"
}

// legendSizes are the widths of the colour scale's bar and of its end labels.
func (g *Game) legendSizes(h ui.Rect) (barW, loW, hiW float64) {
	l := g.layout
	lo, hi := g.legendLabels()
	pad := 0.4 * l.Small
	return math.Min(12*l.Font, h.W*0.3), g.fonts.measure(lo, l.Small) + pad, g.fonts.measure(hi, l.Small) + pad
}

// legendWidth is the room the colour scale takes at the right of the header.
func (g *Game) legendWidth(h ui.Rect) float64 {
	barW, loW, hiW := g.legendSizes(h)
	return barW + loW + hiW + g.layout.Small
}

// drawLegend draws the colour scale at the right of the header.
func (g *Game) drawLegend(c canvas, h ui.Rect) {
	l := g.layout
	fs := g.face(false, l.Small)
	barW, loW, hiW := g.legendSizes(h)
	barH := math.Round(l.Small * 0.7)
	x1 := h.X + h.W - hiW
	x0 := x1 - barW
	if x0-loW < h.X+g.fonts.measure(g.tlTitle, l.Font) {
		return // no room beside the title
	}
	y := h.Y + (h.H-barH)/2
	n := 48
	for i := 0; i < n; i++ {
		v := float64(i)/float64(n-1)*2 - 1
		g.quads.add(c.local(ui.Rect{X: x0 + barW*float64(i)/float64(n), Y: y, W: barW/float64(n) + 1, H: barH}), g.lut.At(v))
	}
	g.quads.flush(c.img, g.white)
	lo, hi := g.legendLabels()
	c.textMiddle(hi, fs, x1+0.2*l.Small, h.Y, h.H, alignLeft, ui.Dim)
	c.textMiddle(lo, fs, x0-0.2*l.Small, h.Y, h.H, alignRight, ui.Dim)
	c.fill(ui.Rect{X: x0 + barW/2 - 1, Y: y - 0.25*barH, W: 2, H: 1.5 * barH}, ui.Text)
}

// drawDetail writes the selected step's guesses with probabilities.
func (g *Game) drawDetail(c canvas, w *lab.Window) {
	l := g.layout
	if g.selT < 0 || g.selT >= w.T {
		return
	}
	t := g.selT
	area := g.timelineGridArea()
	y := area.Y + area.H + 0.2*l.Font
	context := func(n int) string { return visible(string(w.Runes[max(0, t-n) : t+1])) }
	guesses := func(n int) string {
		var b strings.Builder
		for k, gs := range w.Top[t][:n] {
			if k > 0 {
				b.WriteString(",  ")
			}
			fmt.Fprintf(&b, "%s %.0f%%", g.runeName(gs.Rune), 100*gs.Prob)
		}
		return b.String()
	}
	truth := fmt.Sprintf("truth: %s (%.0f%%)", g.runeName(w.Next[t]), 100*w.PNext[t])
	text := g.fonts.fit(l.Font, area.W,
		fmt.Sprintf("time step %d: after “%s” the model guesses %s   —   %s", t+1, context(12), guesses(3), truth),
		fmt.Sprintf("after “%s” it guesses %s   —   %s", context(6), guesses(3), truth),
		fmt.Sprintf("after “%s”: %s  —  %s", context(3), guesses(1), truth))
	c.textMiddle(text, g.face(false, l.Font), area.X, y, 1.4*l.Font, alignLeft, ui.Text)
}

// runeName is a character as it is named in running text; one the font
// cannot draw is named by its code point, so different ones can be told
// apart.
func (g *Game) runeName(r rune) string {
	if g.gaps != nil && g.gaps.lacks(r) {
		return fmt.Sprintf("U+%04X", r)
	}
	return runeName(r)
}

// runeName is a character as it is named in running text.
func runeName(r rune) string {
	switch r {
	case ' ':
		return "space"
	case '\n':
		return "newline"
	case '\t':
		return "tab"
	}
	return "‘" + string(r) + "’"
}

// visible replaces invisible characters for display in running text.
func visible(s string) string {
	return strings.NewReplacer("\n", "¶", "\t", "→").Replace(s)
}

const dismissHint = "   (tap, click or Esc to dismiss)"

// bannerText is the message the timeline shows over its unit rows: why
// training stopped, else the session's notice, else the app's own message.
func (g *Game) bannerText() string {
	switch n, m := g.snap.Notice, g.message; {
	case g.snap.Error != "":
		return g.snap.Error
	case n != "" && m != "":
		return n + "; " + m + dismissHint
	case n != "" || m != "":
		return n + m + dismissHint
	}
	return ""
}

// drawBanner shows the banner text over the top of the unit rows, leaving
// the row labels readable.
func (g *Game) drawBanner(c canvas) {
	msg := g.bannerText()
	if msg == "" {
		return
	}
	if r, n := utf8.DecodeRuneInString(msg); unicode.IsLower(r) {
		msg = string(unicode.ToUpper(r)) + msg[n:]
	}
	col := ui.Warn
	if g.snap.Error != "" {
		col = ui.Bad
	}
	l := g.layout
	area := g.timelineGridArea()
	left := math.Max(area.X, g.grid.X0-l.Font*0.25)
	width := area.X + area.W - left
	f := g.face(false, l.Font)
	g.lines = g.wrapWords(g.lines[:0], msg, f, width-1.5*l.Font)
	lineH := 1.3 * l.Font
	box := ui.Rect{X: left, Y: g.grid.CharY + g.grid.CharH + l.Font*0.5, W: width, H: float64(len(g.lines))*lineH + l.Font}
	c.fill(box, ui.Shade)
	c.stroke(box, math.Max(2, g.scale*2), col)
	for i, s := range g.lines {
		c.text(s, f, box.X+l.Font*0.5, box.Y+l.Font*0.5+float64(i)*lineH, alignLeft, col)
	}
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

// updateHeat refills the heat texture when the window or the rows changed.
func (g *Game) updateHeat(w *lab.Window) {
	if w == g.heatWin && g.gridKey == g.heatKey && g.heat != nil {
		return
	}
	g.heatWin, g.heatKey = w, g.gridKey
	tw, th := ui.HeatmapSize(w, g.grid.Groups)
	if tw == 0 || th == 0 {
		return
	}
	if g.heat == nil || g.heat.Bounds().Dx() != tw || g.heat.Bounds().Dy() != th {
		if g.heat != nil {
			g.heat.Deallocate()
		}
		g.heat = ebiten.NewImage(tw, th)
	}
	if cap(g.heatPix) < tw*th*4 {
		g.heatPix = make([]byte, tw*th*4)
	}
	pix := g.heatPix[:tw*th*4]
	ui.FillHeatmap(pix, w, g.grid.Groups, g.lut)
	g.heat.WritePixels(pix)
}

// fade scales a colour's alpha (premultiplied).
func fade(c color.RGBA, a float64) color.RGBA {
	a = math.Max(0, math.Min(1, a))
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
}

// ---- loss plot -------------------------------------------------------------

func (g *Game) lossPlotArea() ui.Rect {
	l := g.layout
	r := l.Loss.Inset(l.Pad)
	top := 1.6 * l.Font
	left := 2.2 * l.Small
	bottom := 1.4 * l.Small
	return ui.Rect{X: r.X + left, Y: r.Y + top, W: math.Max(0, r.W-left-l.Small), H: math.Max(0, r.H-top-bottom)}
}

func (g *Game) plotMap() ui.PlotMap {
	s := g.snap
	first := math.NaN()
	if len(s.History) > 0 {
		first = s.History[0].Loss
	}
	return ui.NewPlotMap(g.lossPlotArea(), max(s.Step, 100), s.Vocab, first)
}

func (g *Game) renderLoss() {
	l := g.layout
	if l.Loss.Empty() {
		g.loss.rect = ui.Rect{} // not on screen: never copied back to its old place
		return
	}
	s := g.snap
	key := lossKey{gen: g.layoutGen, n: len(s.History), nv: len(s.ValHistory), step: s.Step, modelGen: s.Generation, blowups: len(s.Blowups)}
	if g.loss.img != nil && (key == g.lsKey || key.gen == g.lsKey.gen && key.modelGen == g.lsKey.modelGen && time.Since(g.lossAt) < passiveEvery*4/5) ||
		g.quiet(g.loss, l.Loss) || !g.mayRender(g.loss, l.Loss) {
		return
	}
	g.lsKey, g.lossAt = key, time.Now()
	c := g.loss.begin(l.Loss, g.fonts)
	c.img.Fill(ui.Panel)
	f := g.face(false, l.Font)
	fs := g.face(false, l.Small)
	in := l.Loss.Inset(l.Pad)
	legendW := g.fonts.measure("train", l.Small) + g.fonts.measure("validation", l.Small) + 2*l.Small
	var before string // the previous model, named in the legend when it fits
	if s.Previous != nil {
		before = g.fonts.fit(l.Small, in.W-legendW-g.fonts.measure("Loss", l.Font)-l.Small,
			"before: "+s.Previous.Label, s.Previous.Label, "before")
		legendW += g.fonts.measure(before, l.Small) + l.Small
	}
	title := g.fonts.fit(l.Font, in.W-legendW, "Loss, nats per character", "Loss (nats/char)", "Loss")
	c.textMiddle(title, f, in.X, in.Y, 1.3*l.Font, alignLeft, ui.Text)
	lx := in.X + in.W
	c.textMiddle("validation", fs, lx, in.Y, 1.3*l.Font, alignRight, ui.Second)
	lx -= g.fonts.measure("validation", l.Small) + l.Small
	c.textMiddle("train", fs, lx, in.Y, 1.3*l.Font, alignRight, ui.Accent)
	if before != "" {
		lx -= g.fonts.measure("train", l.Small) + l.Small
		c.textMiddle(before, fs, lx, in.Y, 1.3*l.Font, alignRight, ui.Dim)
	}

	pm := g.plotMap()
	g.lossShown.plot, g.lossShown.history, g.lossShown.val = pm, s.History, s.ValHistory
	a := pm.Area
	if a.Empty() {
		return
	}
	// Grid lines and the dashed baseline: rectangles, one batch.
	q := &g.quads
	lw := math.Max(1, g.scale)
	for v := 0.0; v <= pm.Top; v++ {
		_, y := pm.Point(0, v)
		q.add(c.local(ui.Rect{X: a.X, Y: y - lw/2, W: a.W, H: lw}), ui.PanelEdge)
	}
	_, yb := pm.Point(0, pm.Baseline)
	for x := a.X; x < a.X+a.W; x += 12 * g.scale {
		q.add(c.local(ui.Rect{X: x, Y: yb - lw/2, W: math.Min(6*g.scale, a.X+a.W-x), H: lw}), ui.Faint)
	}
	q.flush(c.img, g.white)
	for v := 0.0; v <= pm.Top; v++ {
		_, y := pm.Point(0, v)
		c.textMiddle(digits[int(v)%10], fs, a.X-0.4*l.Small, y-l.Small*0.7, 1.4*l.Small, alignRight, ui.Dim)
	}
	c.text("uniform guess", fs, a.X+a.W, yb+2, alignRight, ui.Faint)
	c.text("0", fs, a.X, a.Y+a.H+0.1*l.Small, alignLeft, ui.Dim)
	c.text(fmt.Sprintf("step %d", int(pm.MaxStep)), fs, a.X+a.W, a.Y+a.H+0.1*l.Small, alignRight, ui.Dim)
	// Where the loss blew up: a red line at the step the model went back to.
	for _, b := range s.Blowups {
		x, _ := pm.Point(b.Step, 0)
		q.add(c.local(ui.Rect{X: x - lw, Y: a.Y, W: 2 * lw, H: a.H}), ui.Bad)
		label := "blew up at lr " + ui.FormatLR(b.LR)
		al, tx := alignLeft, x+0.3*l.Small
		if x > a.X+a.W/2 {
			al, tx = alignRight, x-0.3*l.Small
		}
		c.text(label, fs, tx, a.Y+0.2*l.Small, al, ui.Bad)
	}
	q.flush(c.img, g.white)
	// The previous model's curve, as far as this one has come, then this
	// model's curves and its validation points as small diamonds.
	w := math.Max(2, 2*g.scale)
	if p := s.Previous; p != nil {
		g.curve(c, pm, upTo(p.History, int(pm.MaxStep)), ui.Dim, math.Max(1.5, 1.5*g.scale))
	}
	g.curve(c, pm, s.History, ui.Accent, w)
	g.curve(c, pm, s.ValHistory, ui.Second, w)
	r := float32(math.Max(4, 4*g.scale))
	for _, p := range s.ValHistory {
		x, y := pm.Point(p.Step, p.Loss)
		fx, fy := float32(x-c.ox), float32(y-c.oy)
		q.addQuad([4][2]float32{{fx, fy - r}, {fx + r, fy}, {fx, fy + r}, {fx - r, fy}}, ui.Second)
	}
	q.flushAA(c.img, g.white, true)
}

var digits = [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// upTo is the part of a history up to a step.
func upTo(pts []lab.LossPoint, step int) []lab.LossPoint {
	n := 0
	for n < len(pts) && pts[n].Step <= step {
		n++
	}
	return pts[:n]
}

// curve queues a polyline of loss points as segments.
func (g *Game) curve(c canvas, pm ui.PlotMap, pts []lab.LossPoint, col color.RGBA, width float64) {
	for i := 1; i < len(pts); i++ {
		x0, y0 := pm.Point(pts[i-1].Step, pts[i-1].Loss)
		x1, y1 := pm.Point(pts[i].Step, pts[i].Loss)
		g.quads.addSegment(x0-c.ox, y0-c.oy, x1-c.ox, y1-c.oy, width, col)
	}
}

// ---- sample ----------------------------------------------------------------

func (g *Game) renderSample() {
	l := g.layout
	if l.Sample.Empty() {
		g.sample.rect = ui.Rect{} // not on screen: never copied back to its old place
		return
	}
	s := g.snap
	key := sampleKey{gen: g.layoutGen, step: s.SampleStep, modelGen: s.Generation, sample: s.Sample, title: s.CorpusTitle}
	if key == g.smKey && g.sample.img != nil || g.quiet(g.sample, l.Sample) || !g.mayRender(g.sample, l.Sample) {
		return
	}
	g.smKey = key
	c := g.sample.begin(l.Sample, g.fonts)
	c.img.Fill(ui.Panel)
	in := l.Sample.Inset(l.Pad)
	f := g.face(false, l.Font)
	title := "The model writes…"
	if s.Sample != "" {
		title = g.fonts.fit(l.Font, in.W,
			fmt.Sprintf("The model writes (after step %d, temperature %.1f)", s.SampleStep, s.SampleTemp),
			fmt.Sprintf("The model writes (step %d, temp. %.1f)", s.SampleStep, s.SampleTemp),
			fmt.Sprintf("Sample (step %d, T %.1f)", s.SampleStep, s.SampleTemp))
	}
	c.textMiddle(title, f, in.X, in.Y, 1.3*l.Font, alignLeft, ui.Text)
	mono := g.face(true, l.Small*1.1)
	charW := math.Max(1, g.fonts.measureMono(l.Small*1.1))
	lineH := l.Small * 1.1 * 1.35
	top := in.Y + 1.6*l.Font
	maxLines := int((in.Y+in.H-top-l.Small*1.3)/lineH) - 1
	g.lines = ui.WrapRunes(g.lines[:0], s.Sample, int(in.W/charW))
	for i := 0; i < len(g.lines) && i < maxLines; i++ {
		c.text(g.lines[i], mono, in.X, top+float64(i)*lineH, alignLeft, ui.Text)
	}
	c.text("text: "+s.CorpusTitle, g.face(false, l.Small), in.X, in.Y+in.H-l.Small*1.2, alignLeft, ui.Faint)
}

// ---- overlays ----------------------------------------------------------------

// drawOverlays draws the overlay of overlayKey (a tooltip, the loss cursor)
// or the help over the panels, and reports whether it drew anything. What
// it covers is recorded with markOverlay, to be restored when it changes.
func (g *Game) drawOverlays(screen *ebiten.Image) bool {
	l := g.layout
	if g.help {
		g.drawHelp(screen)
		return true
	}
	switch k := g.overlayKey; k.kind {
	case buttonTip:
		b := l.Buttons[k.button]
		g.tooltip(screen, g.buttons[k.button].Tip, b.X-14*g.scale, b.Y+b.H-10*g.scale, false)
	case cellTip:
		g.cellTooltip(screen, k.window, k.hit)
	case lossCursor:
		g.lossCursor(screen, k.step)
	default:
		return false
	}
	return true
}

// cellTooltip explains the cell, guess or character under the pointer, from
// the trace the timeline shows. It sits at the cell, not at the pointer, so
// moving within a cell draws nothing new.
func (g *Game) cellTooltip(screen *ebiten.Image, w *lab.Window, h ui.Hit) {
	if h.T >= w.T {
		return
	}
	gr := g.grid
	x := gr.X0 + float64(h.T+1)*gr.ColW
	y := gr.GuessY
	if h.Kind == ui.HitCell && h.Group < len(gr.Groups) {
		r := gr.CellRect(h.Group, h.T, h.Unit).Inset(-1)
		g.outline(screen, r, math.Max(1, g.scale), ui.Text)
		g.markOverlay(r.Inset(-2))
		x, y = r.X+r.W, r.Y+r.H
	}
	above := h.Kind != ui.HitCell // guesses and characters: keep the rows under the pointer visible
	if h == g.tipHit && w == g.tipWin {
		g.tooltip(screen, g.tipText, x, y, above)
		return
	}
	var s string
	switch h.Kind {
	case ui.HitCell:
		if h.Group >= len(w.Groups) {
			return
		}
		grp := &w.Groups[h.Group]
		if h.Unit >= grp.Units {
			return
		}
		s = fmt.Sprintf("%s · unit %d · time step %d, input %s · value %+.4f", grp.Name, h.Unit, h.T+1, g.runeName(w.Runes[h.T]), grp.Value(h.T, h.Unit))
	case ui.HitGuess, ui.HitChar:
		top := w.Top[h.T]
		s = fmt.Sprintf("time step %d, input %s: next %s %.1f%%, %s %.1f%%, %s %.1f%% · truth %s %.1f%%", h.T+1, g.runeName(w.Runes[h.T]),
			g.runeName(top[0].Rune), 100*top[0].Prob, g.runeName(top[1].Rune), 100*top[1].Prob,
			g.runeName(top[2].Rune), 100*top[2].Prob, g.runeName(w.Next[h.T]), 100*w.PNext[h.T])
	}
	g.tipHit, g.tipWin, g.tipText = h, w, s
	g.tooltip(screen, s, x, y, above)
}

// outline frames r with four thin rectangles in one batch.
func (g *Game) outline(dst *ebiten.Image, r ui.Rect, w float64, c color.RGBA) {
	g.quads.add(ui.Rect{X: r.X, Y: r.Y, W: r.W, H: w}, c)
	g.quads.add(ui.Rect{X: r.X, Y: r.Y + r.H - w, W: r.W, H: w}, c)
	g.quads.add(ui.Rect{X: r.X, Y: r.Y, W: w, H: r.H}, c)
	g.quads.add(ui.Rect{X: r.X + r.W - w, Y: r.Y, W: w, H: r.H}, c)
	g.quads.flush(dst, g.white)
}

// lossCursor marks the loss point nearest step on the plot as drawn, and
// explains it.
func (g *Game) lossCursor(screen *ebiten.Image, step int) {
	pm := g.lossShown.plot
	tr, okT := nearest(g.lossShown.history, step)
	val, okV := nearest(g.lossShown.val, step)
	if !okT {
		return
	}
	cx, _ := pm.Point(tr.Step, tr.Loss)
	a := pm.Area
	line := ui.Rect{X: cx - math.Max(1, g.scale)/2, Y: a.Y, W: math.Max(1, g.scale), H: a.H}
	g.quads.add(line, ui.Dim)
	g.quads.flush(screen, g.white)
	g.markOverlay(line.Inset(-2))
	if tr != g.tipLoss || val != g.tipVal {
		g.tipLoss, g.tipVal = tr, val
		g.tipLossText = fmt.Sprintf("step %d: training loss %.3f nats/char\nperplexity %.1f: as unsure as a fair pick among %.1f characters",
			tr.Step, tr.Loss, math.Exp(tr.Loss), math.Exp(tr.Loss))
		if okV {
			g.tipLossText += fmt.Sprintf("\nheld-out text at step %d: %.3f nats/char, perplexity %.1f", val.Step, val.Loss, math.Exp(val.Loss))
		}
	}
	g.tooltip(screen, g.tipLossText, cx, a.Y, false)
}

// nearest finds the point closest to step.
func nearest(pts []lab.LossPoint, step int) (lab.LossPoint, bool) {
	if len(pts) == 0 {
		return lab.LossPoint{}, false
	}
	best := pts[0]
	for _, p := range pts[1:] {
		if abs(p.Step-step) < abs(best.Step-step) {
			best = p
		}
	}
	return best, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// tooltip draws a box of one or more lines (split at "\n") next to the
// pointer at (px, py): below and to the right of it, or above it when above
// is set (so it does not hide what the pointer explains), flipped to the
// other side where the screen ends.
func (g *Game) tooltip(screen *ebiten.Image, s string, px, py float64, above bool) {
	if s == "" {
		return
	}
	l := g.layout
	f := g.face(false, l.Small)
	lineH := l.Small * 1.45
	w, n := 0.0, 0
	for rest := s; rest != ""; n++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		w = math.Max(w, g.fonts.measure(line, l.Small))
	}
	w += l.Small
	h := float64(n)*lineH + l.Small*0.3
	gap := 14 * g.scale
	x := px + gap
	if x+w > l.W {
		x = px - gap - w
	}
	x = math.Max(0, math.Min(x, l.W-w))
	y := py + gap
	if above || y+h > l.H {
		y = py - gap/2 - h
	}
	if y < 0 {
		y = py + gap
	}
	y = math.Max(0, math.Min(y, l.H-h))
	r := ui.Rect{X: x, Y: y, W: w, H: h}
	g.quads.add(r, ui.Shade)
	g.quads.flush(screen, g.white)
	g.outline(screen, r, 1, ui.PanelEdge)
	ly := y + l.Small*0.15
	for rest := s; rest != ""; ly += lineH {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		g.fonts.drawMiddle(screen, line, f, x+l.Small/2, ly, lineH, alignLeft, ui.Text)
	}
	g.markOverlay(r)
}

// markOverlay records that r was drawn over, so that it can be restored
// when the overlay changes.
func (g *Game) markOverlay(r ui.Rect) {
	g.overlayRects = append(g.overlayRects, r)
}

// helpSections are the help overlay's two parts.
var helpSections = [...]struct {
	name  string
	mono  bool // keys are set in the monospaced face
	lines [][2]string
}{{"Keys", true, ui.HelpLines}, {"What you see", false, ui.HelpPicture}}

// helpFit is the help set at one text size in one or two columns.
type helpFit struct {
	size, keyW, descW, lineH float64
	wrapped                  [][][]string // [section][entry] the explanation's lines
}

// fitHelp finds the largest text size at which the help fits the room in
// the given number of columns, the explanations wrapped to a readable width.
func (g *Game) fitHelp(room ui.Rect, columns int) helpFit {
	l := g.layout
	gap := 2 * l.Font
	colW := (room.W - float64(columns-1)*gap) / float64(columns)
	var h helpFit
	for h.size = l.Font * 1.4; ; h.size *= 0.94 {
		h.keyW = 0
		for _, sec := range helpSections {
			for _, kv := range sec.lines {
				h.keyW = math.Max(h.keyW, g.fonts.width(kv[0], g.face(sec.mono, h.size)))
			}
		}
		h.keyW += 1.2 * h.size
		h.descW = math.Min(colW-h.keyW, 32*h.size)
		h.lineH = h.size * 1.45
		h.wrapped = make([][][]string, len(helpSections))
		f := g.face(false, h.size)
		var rows [len(helpSections)]float64
		for i, sec := range helpSections {
			rows[i] = 1.6 // the section's name
			for _, kv := range sec.lines {
				w := g.wrapWords(nil, kv[1], f, h.descW)
				h.wrapped[i] = append(h.wrapped[i], w)
				rows[i] += float64(len(w))
			}
		}
		total := rows[0] + rows[1] + 0.5
		if columns > 1 {
			total = math.Max(rows[0], rows[1])
		}
		// The title above and the footer below take about five lines.
		if h.descW > 8*h.size && (total+5)*h.lineH <= room.H || h.size < 8 {
			return h
		}
	}
}

func (g *Game) drawHelp(screen *ebiten.Image) {
	l := g.layout
	fillRect(screen, ui.Rect{W: l.W, H: l.H}, ui.Shade)
	fillRect(screen, ui.Rect{W: l.W, H: l.H}, ui.Shade) // twice: the app stays faintly visible, the help readable
	const title = "rnnlab: watch a recurrent network learn to write"
	const footer = "Hover or tap a coloured cell to read its value. Click a character to see what the model guessed there."
	room := ui.Rect{X: l.Pad, Y: l.Pad, W: l.W - 2*l.Pad, H: l.H - 2*l.Pad}
	columns := 1
	h := g.fitHelp(room, 1)
	if two := g.fitHelp(room, 2); two.size > h.size*1.1 {
		h, columns = two, 2
	}
	gap := 2 * l.Font
	colW := h.keyW + h.descW
	width := float64(columns)*colW + float64(columns-1)*gap
	x0 := math.Max(room.X, l.W/2-width/2)
	titleSize := math.Min(h.size*1.3, h.size*1.3*room.W/math.Max(1, g.fonts.measure(title, h.size*1.3)))
	y0 := room.Y + 0.5*h.lineH
	g.fonts.draw(screen, title, g.face(false, titleSize), x0, y0, alignLeft, ui.Accent)
	y0 += 2.2 * h.lineH
	f := g.face(false, h.size)
	x, y, bottom := x0, y0, y0
	for i, sec := range helpSections {
		if columns > 1 && i > 0 {
			x, y = x0+float64(i)*(colW+gap), y0
		}
		g.fonts.draw(screen, sec.name, f, x, y, alignLeft, ui.Dim)
		y += 1.6 * h.lineH
		kf := g.face(sec.mono, h.size)
		for j, kv := range sec.lines {
			g.fonts.draw(screen, kv[0], kf, x, y, alignLeft, ui.Warn)
			for _, line := range h.wrapped[i][j] {
				g.fonts.draw(screen, line, f, x+h.keyW, y, alignLeft, ui.Text)
				y += h.lineH
			}
		}
		y += 0.5 * h.lineH
		bottom = math.Max(bottom, y)
	}
	g.lines = g.wrapWords(g.lines[:0], footer, g.face(false, l.Small), width)
	for _, line := range g.lines {
		g.fonts.draw(screen, line, g.face(false, l.Small), x0, bottom, alignLeft, ui.Dim)
		bottom += l.Small * 1.4
	}
	g.helpOnScreen = true
}
