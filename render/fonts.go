package render

import (
	"bytes"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"rnnlab/render/ui"
)

// fonts keeps one face per family and pixel size, and draws text one
// character at a time: text/v2 caches the shaping of each string, so drawing
// single characters hits that cache every time, while a changing string
// (a step counter) would be shaped again on every change. Shaping is the
// costly part under wasm, and it allocates.
type fonts struct {
	regular, mono *text.GoTextFaceSource
	faces         map[faceKey]*text.GoTextFace
	runes         map[rune]string
	glyphs        map[*text.GoTextFace]map[rune]glyph
	tmp           []text.Glyph
	op            ebiten.DrawImageOptions
	drawn         func(s string) // tests: sees every text drawn
}

// glyph is one character's image, its offset from the pen position and
// its advance. Holding the image keeps it alive after text/v2's own cache
// forgets it.
type glyph struct {
	img    *ebiten.Image
	dx, dy float64
	adv    float64
}

type faceKey struct {
	mono bool
	size int
}

func newFonts() (*fonts, error) {
	r, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		return nil, err
	}
	m, err := text.NewGoTextFaceSource(bytes.NewReader(gomono.TTF))
	if err != nil {
		return nil, err
	}
	return &fonts{regular: r, mono: m, faces: map[faceKey]*text.GoTextFace{},
		runes: map[rune]string{}, glyphs: map[*text.GoTextFace]map[rune]glyph{}}, nil
}

// face returns the face of a family at a size (rounded to whole pixels).
func (f *fonts) face(mono bool, size float64) *text.GoTextFace {
	k := faceKey{mono, max(6, int(math.Round(size)))}
	if fc, ok := f.faces[k]; ok {
		return fc
	}
	src := f.regular
	if mono {
		src = f.mono
	}
	fc := &text.GoTextFace{Source: src, Size: float64(k.size)}
	f.faces[k] = fc
	f.glyphs[fc] = map[rune]glyph{}
	return fc
}

// fontFace is the one face type the app uses.
type fontFace = text.GoTextFace

func (f *fonts) runeString(r rune) string {
	s, ok := f.runes[r]
	if !ok {
		s = string(r)
		f.runes[r] = s
	}
	return s
}

func (f *fonts) glyph(face *fontFace, r rune) glyph {
	m := f.glyphs[face]
	g, ok := m[r]
	if !ok {
		s := f.runeString(r)
		g.adv = text.Advance(s, face)
		f.tmp = text.AppendGlyphs(f.tmp[:0], s, face, nil)
		if len(f.tmp) > 0 && f.tmp[0].Image != nil {
			g.img, g.dx, g.dy = f.tmp[0].Image, f.tmp[0].X, f.tmp[0].Y
		}
		m[r] = g
	}
	return g
}

func (f *fonts) advance(face *fontFace, r rune) float64 { return f.glyph(face, r).adv }

// width is the advance of s drawn character by character.
func (f *fonts) width(s string, face *fontFace) float64 {
	w := 0.0
	for _, r := range s {
		w += f.advance(face, r)
	}
	return w
}

// measureMono is the advance of one monospaced character.
func (f *fonts) measureMono(size float64) float64 {
	return f.advance(f.face(true, size), 'M')
}

// measure is ui.Measure for the regular family.
func (f *fonts) measure(s string, size float64) float64 {
	return f.width(s, f.face(false, size))
}

// draw draws s with its top edge at y; x is the left edge, centre or right
// edge according to a.
func (f *fonts) draw(dst *ebiten.Image, s string, face *fontFace, x, y float64, a align, c color.RGBA) {
	if f.drawn != nil {
		f.drawn(s)
	}
	switch a {
	case alignCenter:
		x -= f.width(s, face) / 2
	case alignRight:
		x -= f.width(s, face)
	}
	op := &f.op
	op.ColorScale.Reset()
	// Scale by the (premultiplied) colour's channels directly: passing it
	// as a color.Color would allocate on every call.
	op.ColorScale.Scale(float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255)
	for _, r := range s {
		g := f.glyph(face, r)
		if g.img != nil {
			op.GeoM.Reset()
			op.GeoM.Translate(math.Round(x+g.dx), math.Round(y+g.dy))
			dst.DrawImage(g.img, op)
		}
		x += g.adv
	}
}

// drawMiddle draws s vertically centred in a band from y to y+h.
func (f *fonts) drawMiddle(dst *ebiten.Image, s string, face *fontFace, x, y, h float64, a align, c color.RGBA) {
	m := face.Metrics()
	f.draw(dst, s, face, x, y+(h-(m.HAscent+m.HDescent))/2, a, c)
}

// align says where a text's anchor point is.
type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

func fillRect(dst *ebiten.Image, r ui.Rect, c color.Color) {
	if r.Empty() {
		return
	}
	vector.DrawFilledRect(dst, float32(r.X), float32(r.Y), float32(r.W), float32(r.H), c, false)
}

func strokeRect(dst *ebiten.Image, r ui.Rect, width float64, c color.Color) {
	if r.Empty() {
		return
	}
	vector.StrokeRect(dst, float32(r.X), float32(r.Y), float32(r.W), float32(r.H), float32(width), c, false)
}

// displayRune shows characters that have no visible glyph: a space as a
// middle dot, a newline as a pilcrow, a tab as an arrow.
func displayRune(r rune) string {
	switch r {
	case ' ':
		return "·"
	case '\n':
		return "¶"
	case '\t':
		return "→"
	case '\r':
		return "\\r"
	}
	return string(r)
}

// fit returns the first of variants (longest first) that is at most width
// wide at a text size; when none fits, the last one cut short with "…".
func (f *fonts) fit(size, width float64, variants ...string) string {
	for _, v := range variants {
		if f.measure(v, size) <= width {
			return v
		}
	}
	last := []rune(variants[len(variants)-1])
	for n := len(last) - 1; n > 0; n-- {
		if v := string(last[:n]) + "…"; f.measure(v, size) <= width {
			return v
		}
	}
	return ""
}
