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

// fonts keeps one face per family and pixel size; text/v2 caches glyphs per
// face, so reusing faces is what keeps text cheap.
type fonts struct {
	regular, mono *text.GoTextFaceSource
	faces         map[faceKey]*text.GoTextFace
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
	return &fonts{regular: r, mono: m, faces: map[faceKey]*text.GoTextFace{}}, nil
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
	return fc
}

// fontFace is the one face type the app uses.
type fontFace = text.GoTextFace

// measureMono is the advance of one monospaced character.
func (f *fonts) measureMono(size float64) float64 {
	return text.Advance("M", f.face(true, size))
}

// measure is ui.Measure for the regular family.
func (f *fonts) measure(s string, size float64) float64 {
	return text.Advance(s, f.face(false, size))
}

// align says where a text's anchor point is.
type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// drawText draws s with its top edge at y; x is the left edge, centre or
// right edge according to a.
func drawText(dst *ebiten.Image, s string, face *text.GoTextFace, x, y float64, a align, c color.Color) {
	var op text.DrawOptions
	op.GeoM.Translate(x, y)
	switch a {
	case alignCenter:
		op.PrimaryAlign = text.AlignCenter
	case alignRight:
		op.PrimaryAlign = text.AlignEnd
	}
	op.ColorScale.ScaleWithColor(c)
	text.Draw(dst, s, face, &op)
}

// drawTextMiddle draws s vertically centred in a band from y to y+h.
func drawTextMiddle(dst *ebiten.Image, s string, face *text.GoTextFace, x, y, h float64, a align, c color.Color) {
	m := face.Metrics()
	th := m.HAscent + m.HDescent
	drawText(dst, s, face, x, y+(h-th)/2, a, c)
}

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
