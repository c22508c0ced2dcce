package render

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/render/ui"
)

// helpPicture is the help's second part: what each part of the screen
// shows, as pairs of words keys (the part, what it shows).
var helpPicture = [][2]string{
	{"see.columns", "see.columns_text"},
	{"see.guesses", "see.guesses_text"},
	{"see.rows", "see.rows_text"},
	{"see.colours", "see.colours_text"},
	{"see.loss", "see.loss_text"},
	{"see.sample", "see.sample_text"},
	{"see.views", "see.views_text"},
	{"see.cell", "see.cell_text"},
	{"see.gradients", "see.gradients_text"},
	{"see.flags", "see.flags_text"},
	{"see.symbols", "see.symbols_text"},
	{"see.touch", "see.touch_text"},
}

// decidePicture is the same for the "read and decide" task.
var decidePicture = [][2]string{
	{"decide.see.reading", "decide.see.reading_text"},
	{"decide.see.states", "decide.see.states_text"},
	{"decide.see.decision", "decide.see.decision_text"},
	{"decide.see.accuracy", "decide.see.accuracy_text"},
	{"decide.see.confusion", "decide.see.confusion_text"},
	{"decide.see.mistakes", "decide.see.mistakes_text"},
	{"decide.see.data", "decide.see.data_text"},
}

// helpSection is one part of the help: a name and lines of a key (or a
// part of the screen) and what it does.
type helpSection struct {
	name  string
	mono  bool // keys are set in the monospaced face
	lines [][2]string
}

// helpSections makes the help's two parts in the learner's language: the
// keys, from the bindings, and what you see.
func helpSections(g *Game) [2]helpSection {
	keys := helpSection{name: g.word("help.keys"), mono: true}
	for _, l := range helpKeys(g.task) {
		keys.lines = append(keys.lines, [2]string{l.keys, g.text(l.what)})
	}
	see := helpSection{name: g.word("help.see")}
	picture := helpPicture
	if g.task == TaskDecide {
		picture = decidePicture
	}
	for _, kv := range picture {
		see.lines = append(see.lines, [2]string{g.word(kv[0]), g.word(kv[1])})
	}
	return [2]helpSection{keys, see}
}

// helpFit is the help set at one text size in one or two columns.
type helpFit struct {
	size, keyW, descW, lineH float64
	wrapped                  [][][]string // [section][entry] the explanation's lines
}

// fitHelp finds the largest text size at which the help fits the room in
// the given number of columns, the explanations wrapped to a readable width.
func fitHelp(g *Game, secs [2]helpSection, room ui.Rect, columns int) helpFit {
	l := g.layout
	gap := 2 * l.Font
	colW := (room.W - float64(columns-1)*gap) / float64(columns)
	var h helpFit
	for h.size = l.Font * 1.4; ; h.size *= 0.94 {
		h.keyW = 0
		for _, sec := range secs {
			for _, kv := range sec.lines {
				h.keyW = math.Max(h.keyW, g.fonts.width(kv[0], g.face(sec.mono, h.size)))
			}
		}
		h.keyW += 1.2 * h.size
		h.descW = math.Min(colW-h.keyW, 32*h.size)
		h.lineH = h.size * 1.45
		h.wrapped = make([][][]string, len(secs))
		f := g.face(false, h.size)
		var rows [len(secs)]float64
		for i, sec := range secs {
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

// drawHelp covers the screen with the help, in two columns where they fit.
func drawHelp(g *Game, screen *ebiten.Image) {
	l := g.layout
	fillRect(screen, ui.Rect{W: l.W, H: l.H}, ui.Shade)
	fillRect(screen, ui.Rect{W: l.W, H: l.H}, ui.Shade) // twice: the app stays faintly visible, the help readable
	secs := helpSections(g)
	title, footer := g.word("help.title"), g.word("help.footer")
	if g.task == TaskDecide {
		title, footer = g.word("decide.help.title"), g.word("decide.help.footer")
	}
	room := ui.Rect{X: l.Pad, Y: l.Pad, W: l.W - 2*l.Pad, H: l.H - 2*l.Pad}
	columns := 1
	h := fitHelp(g, secs, room, 1)
	if two := fitHelp(g, secs, room, 2); two.size > h.size*1.1 {
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
	for i, sec := range secs {
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
	fs := g.face(false, l.Small)
	for _, line := range g.wrapWords(nil, footer, fs, width) {
		g.fonts.draw(screen, line, fs, x0, bottom, alignLeft, ui.Dim)
		bottom += l.Small * 1.4
	}
}
