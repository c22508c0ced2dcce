package ui

import (
	"image/color"
	"math"
)

// Theme is a set of colours: one for a dark room and one for a bright one,
// with the same meanings in both (blue negative, orange positive, gates
// from the neutral to a light or dark yellow, green right, red wrong).
type Theme struct {
	Name                                  string
	Background, Panel, PanelEdge          color.RGBA
	ButtonFill, ButtonSel, ButtonHov      color.RGBA
	Text, Dim, Faint                      color.RGBA
	Accent, Second, Good, Warn, Bad       color.RGBA
	Shade                                 color.RGBA // behind overlays
	ScaleNeg, ScaleZero, ScalePos, GateOn color.RGBA
}

// Dark is the default theme. Contrast is chosen for a projector in a dim
// room: text is near white on near black, accents are saturated and light.
var Dark = Theme{
	Name:       "dark",
	Background: color.RGBA{0x12, 0x15, 0x1c, 0xff},
	Panel:      color.RGBA{0x1b, 0x20, 0x2a, 0xff},
	PanelEdge:  color.RGBA{0x2e, 0x36, 0x46, 0xff},
	ButtonFill: color.RGBA{0x26, 0x2d, 0x3b, 0xff},
	ButtonSel:  color.RGBA{0x2f, 0x5f, 0x9e, 0xff},
	ButtonHov:  color.RGBA{0x36, 0x40, 0x54, 0xff},
	Text:       color.RGBA{0xec, 0xef, 0xf4, 0xff},
	Dim:        color.RGBA{0xa0, 0xaa, 0xb8, 0xff},
	Faint:      color.RGBA{0x5c, 0x66, 0x75, 0xff},
	Accent:     color.RGBA{0x5f, 0xb3, 0xff, 0xff}, // training loss, selection
	Second:     color.RGBA{0xff, 0xa6, 0x4d, 0xff}, // validation loss
	Good:       color.RGBA{0x5c, 0xe0, 0x8f, 0xff}, // the true next character
	Warn:       color.RGBA{0xff, 0xc8, 0x57, 0xff},
	Bad:        color.RGBA{0xff, 0x6b, 0x6b, 0xff},
	Shade:      color.RGBA{0x08, 0x0a, 0x10, 0xe6},
	// The diverging scale's neutral is dark, so a silent unit recedes into
	// the background and an active one stands out, whatever its sign.
	ScaleNeg:  color.RGBA{0x3d, 0x9b, 0xff, 0xff},
	ScaleZero: color.RGBA{0x24, 0x29, 0x33, 0xff},
	ScalePos:  color.RGBA{0xff, 0x8c, 0x2e, 0xff},
	GateOn:    color.RGBA{0xf4, 0xe7, 0x8e, 0xff},
}

// Light is the high-contrast theme for bright rooms: dark text on white,
// the same hues darker, and a light neutral that active units stand out
// from in darker colours.
var Light = Theme{
	Name:       "light",
	Background: color.RGBA{0xf4, 0xf5, 0xf7, 0xff},
	Panel:      color.RGBA{0xff, 0xff, 0xff, 0xff},
	PanelEdge:  color.RGBA{0xc3, 0xc9, 0xd4, 0xff},
	ButtonFill: color.RGBA{0xe3, 0xe7, 0xee, 0xff},
	ButtonSel:  color.RGBA{0xa9, 0xcb, 0xf5, 0xff},
	ButtonHov:  color.RGBA{0xd0, 0xd7, 0xe3, 0xff},
	Text:       color.RGBA{0x10, 0x14, 0x1c, 0xff},
	Dim:        color.RGBA{0x44, 0x4c, 0x5a, 0xff},
	Faint:      color.RGBA{0x8a, 0x93, 0xa1, 0xff},
	Accent:     color.RGBA{0x10, 0x5b, 0xc4, 0xff},
	Second:     color.RGBA{0xb3, 0x4d, 0x00, 0xff},
	Good:       color.RGBA{0x15, 0x73, 0x36, 0xff},
	Warn:       color.RGBA{0x80, 0x56, 0x00, 0xff},
	Bad:        color.RGBA{0xb4, 0x1f, 0x1f, 0xff},
	Shade:      color.RGBA{0xf4, 0xf5, 0xf7, 0xee},
	ScaleNeg:   color.RGBA{0x12, 0x5c, 0xd6, 0xff},
	ScaleZero:  color.RGBA{0xe6, 0xe9, 0xef, 0xff},
	ScalePos:   color.RGBA{0xd0, 0x55, 0x00, 0xff},
	GateOn:     color.RGBA{0x5a, 0x47, 0x00, 0xff},
}

// The colours in use, from the theme last chosen with UseTheme. They are
// the app's one piece of process-wide state: a page or a window runs one
// app, and every panel reads the same colours when it paints.
var (
	Background, Panel, PanelEdge     color.RGBA
	ButtonFill, ButtonSel, ButtonHov color.RGBA
	Text, Dim, Faint                 color.RGBA
	Accent, Second, Good, Warn, Bad  color.RGBA
	Shade                            color.RGBA
	scaleNeg, scaleZero, scalePos    color.RGBA
	gateOpen                         color.RGBA
	current                          Theme
)

// scaleNaN marks a value that is not a number; no scale produces it.
var scaleNaN = color.RGBA{0xd0, 0x3c, 0xd0, 0xff}

func init() { UseTheme(Dark) }

// UseTheme makes t the colours in use.
func UseTheme(t Theme) {
	current = t
	Background, Panel, PanelEdge = t.Background, t.Panel, t.PanelEdge
	ButtonFill, ButtonSel, ButtonHov = t.ButtonFill, t.ButtonSel, t.ButtonHov
	Text, Dim, Faint = t.Text, t.Dim, t.Faint
	Accent, Second, Good, Warn, Bad = t.Accent, t.Second, t.Good, t.Warn, t.Bad
	Shade = t.Shade
	scaleNeg, scaleZero, scalePos, gateOpen = t.ScaleNeg, t.ScaleZero, t.ScalePos, t.GateOn
}

// CurrentTheme is the theme in use.
func CurrentTheme() Theme { return current }

// The sequential scale of gates runs from shut (0, the neutral) to open
// (1, the theme's GateOn). It varies in lightness only, so it reads the same
// to every eye, and its hue is neither of the diverging scale's.

// Sequential maps v in [0, 1] to the gates' scale, evenly in lightness;
// values beyond are clamped and NaN is magenta.
func Sequential(v float64) color.RGBA {
	if math.IsNaN(v) {
		return scaleNaN
	}
	v = math.Max(0, math.Min(1, v))
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*v)) }
	return color.RGBA{mix(scaleZero.R, gateOpen.R), mix(scaleZero.G, gateOpen.G), mix(scaleZero.B, gateOpen.B), 0xff}
}

// Diverging maps v in [-1, 1] to the diverging scale; values beyond are
// clamped and NaN is magenta, which the scale never produces otherwise.
// The colour moves from the neutral toward the end colour along sqrt(|v|),
// so small activations are already visible.
func Diverging(v float64) color.RGBA {
	if math.IsNaN(v) {
		return scaleNaN
	}
	v = math.Max(-1, math.Min(1, v))
	end := scalePos
	if v < 0 {
		end = scaleNeg
	}
	return lerpRGB(scaleZero, end, math.Sqrt(math.Abs(v)))
}

// Normalize maps v from [lo, hi] to [-1, 1], the middle of the range to 0.
func Normalize(v, lo, hi float64) float64 {
	if !(hi > lo) {
		return 0
	}
	return 2*(v-lo)/(hi-lo) - 1
}

// lerpRGB mixes a and b in linear light (so the middle is not muddy).
func lerpRGB(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 {
		lx, ly := toLinear(x), toLinear(y)
		return fromLinear(lx + (ly-lx)*t)
	}
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

func toLinear(c uint8) float64 {
	x := float64(c) / 255
	if x <= 0.04045 {
		return x / 12.92
	}
	return math.Pow((x+0.055)/1.055, 2.4)
}

func fromLinear(x float64) uint8 {
	if x <= 0.0031308 {
		x *= 12.92
	} else {
		x = 1.055*math.Pow(x, 1/2.4) - 0.055
	}
	return uint8(math.Round(math.Max(0, math.Min(1, x)) * 255))
}

// Luminance is the relative luminance of c (0 black to 1 white).
func Luminance(c color.RGBA) float64 {
	return 0.2126*toLinear(c.R) + 0.7152*toLinear(c.G) + 0.0722*toLinear(c.B)
}

// ContrastRatio is the WCAG contrast ratio of two colours (1 to 21).
func ContrastRatio(a, b color.RGBA) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ScaleLUT is the diverging scale sampled at 255 points over [-1, 1] (an odd
// count, so 0 is exactly the neutral), so the heatmap can colour thousands of
// cells per refresh without math.Pow.
type ScaleLUT [255]color.RGBA

// NewScaleLUT samples Diverging.
func NewScaleLUT() *ScaleLUT {
	var l ScaleLUT
	for i := range l {
		l[i] = Diverging(float64(i)/127 - 1)
	}
	return &l
}

// NewGateLUT samples Sequential the same way: At(v) for v in [-1, 1] is the
// colour of (v+1)/2, so both tables are read alike.
func NewGateLUT() *ScaleLUT {
	var l ScaleLUT
	for i := range l {
		l[i] = Sequential(float64(i) / 254)
	}
	return &l
}

// Scales are the two colour scales of unit values: states on the diverging
// one, gates (which run from 0 to 1) on the sequential one.
type Scales struct{ States, Gates *ScaleLUT }

// NewScales samples both scales.
func NewScales() Scales { return Scales{NewScaleLUT(), NewGateLUT()} }

// At is the colour of v on the scale of a value ranging over [lo, hi]: a
// range that starts at 0 is a gate's.
func (s Scales) At(v, lo, hi float64) color.RGBA {
	if lo >= 0 {
		return s.Gates.At(Normalize(v, lo, hi))
	}
	return s.States.At(Normalize(v, lo, hi))
}

// At returns the colour of v in [-1, 1] (clamped; NaN as in Diverging).
func (l *ScaleLUT) At(v float64) color.RGBA {
	if v != v {
		return scaleNaN
	}
	i := int(math.Round((v + 1) * 127))
	return l[min(max(i, 0), len(l)-1)]
}
