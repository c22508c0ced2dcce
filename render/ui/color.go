package ui

import (
	"image/color"
	"math"
)

// The dark theme. Contrast is chosen for a projector in a lit room: text is
// near white on near black, accents are saturated and light.
var (
	Background = color.RGBA{0x12, 0x15, 0x1c, 0xff}
	Panel      = color.RGBA{0x1b, 0x20, 0x2a, 0xff}
	PanelEdge  = color.RGBA{0x2e, 0x36, 0x46, 0xff}
	ButtonFill = color.RGBA{0x26, 0x2d, 0x3b, 0xff}
	ButtonSel  = color.RGBA{0x2f, 0x5f, 0x9e, 0xff}
	ButtonHov  = color.RGBA{0x36, 0x40, 0x54, 0xff}
	Text       = color.RGBA{0xec, 0xef, 0xf4, 0xff}
	Dim        = color.RGBA{0xa0, 0xaa, 0xb8, 0xff}
	Faint      = color.RGBA{0x5c, 0x66, 0x75, 0xff}
	Accent     = color.RGBA{0x5f, 0xb3, 0xff, 0xff} // training loss, selection
	Second     = color.RGBA{0xff, 0xa6, 0x4d, 0xff} // validation loss
	Good       = color.RGBA{0x5c, 0xe0, 0x8f, 0xff} // the true next character
	Warn       = color.RGBA{0xff, 0xc8, 0x57, 0xff}
	Bad        = color.RGBA{0xff, 0x6b, 0x6b, 0xff}
	Shade      = color.RGBA{0x08, 0x0a, 0x10, 0xe6} // behind overlays
)

// The diverging scale: blue for negative, a dark neutral for zero, orange
// for positive. The neutral is dark so that a silent unit recedes into the
// background and an active one stands out, whatever its sign.
var (
	scaleNeg  = color.RGBA{0x3d, 0x9b, 0xff, 0xff}
	scaleZero = color.RGBA{0x24, 0x29, 0x33, 0xff}
	scalePos  = color.RGBA{0xff, 0x8c, 0x2e, 0xff}
	scaleNaN  = color.RGBA{0xd0, 0x3c, 0xd0, 0xff}
)

// The sequential scale of gates, from shut (0, the dark neutral) to open
// (1, a light warm yellow). It varies in lightness only, so it reads the
// same to every eye, and its hue is neither of the diverging scale's.
var gateOpen = color.RGBA{0xf4, 0xe7, 0x8e, 0xff}

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
