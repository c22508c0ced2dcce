package render

import (
	"math"
	"strconv"

	"rnnlab/core"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// samplePanel shows text the model writes by itself, and names the text it
// learns from.
type samplePanel struct {
	painted sampleKey
	lines   []string
}

// sampleKey is what the panel shows.
type sampleKey struct {
	step, modelGen int
	sample         string
	corpus         string
	lang           words.Lang
	off            int // units switched off
}

func (p *samplePanel) name() string         { return "sample" }
func (p *samplePanel) heavy() bool          { return true }
func (p *samplePanel) area(g *Game) ui.Rect { return g.forWriting(g.layout.Sample) }

func (p *samplePanel) key(g *Game) sampleKey {
	s := g.snap
	return sampleKey{step: s.SampleStep, modelGen: s.Generation, sample: s.Sample, corpus: s.CorpusName, lang: g.lang, off: len(s.Ablated)}
}

func (p *samplePanel) changed(g *Game) bool { return p.key(g) != p.painted }

func (p *samplePanel) paint(g *Game, c canvas) {
	p.painted = p.key(g)
	s := g.snap
	l := g.layout
	c.img.Fill(ui.Panel)
	in := l.Sample.Inset(l.Pad)
	f := g.face(false, l.Font)
	title := g.word("sample.waiting")
	if s.Sample != "" {
		temp := words.Fixed(s.SampleTemp, 1)
		if off := offUnits(s.Ablated); !off.IsZero() {
			title = g.fit(l.Font, in.W,
				words.M("sample.title_off", s.SampleStep, off),
				words.M("sample.title_off_short", off))
		} else {
			title = g.fit(l.Font, in.W,
				words.M("sample.title", s.SampleStep, temp),
				words.M("sample.title_medium", s.SampleStep, temp),
				words.M("sample.title_short", s.SampleStep, temp))
		}
	}
	c.textMiddle(title, f, in.X, in.Y, 1.3*l.Font, alignLeft, ui.Text)
	mono := g.face(true, l.Small*1.1)
	charW := math.Max(1, g.fonts.measureMono(l.Small*1.1))
	lineH := l.Small * 1.1 * 1.35
	top := in.Y + 1.6*l.Font
	maxLines := int((in.Y+in.H-top-l.Small*1.3)/lineH) - 1
	p.lines = ui.WrapRunes(p.lines[:0], s.Sample, int(in.W/charW))
	for i := 0; i < len(p.lines) && i < maxLines; i++ {
		c.text(p.lines[i], mono, in.X, top+float64(i)*lineH, alignLeft, ui.Text)
	}
	c.text(g.word("sample.text", s.CorpusTitle), g.face(false, l.Small), in.X, in.Y+in.H-l.Small*1.2, alignLeft, ui.Faint)
}

// offUnits names the switched-off units: "unit 13 off", "units 13, 40 off".
func offUnits(us []core.Unit) words.Msg {
	if len(us) == 0 {
		return words.Msg{}
	}
	names := make([]words.Msg, len(us))
	for i, u := range us {
		names[i] = words.Raw(strconv.Itoa(u.Index))
		if u.Layer > 0 {
			names[i] = words.M("app.unit_of_layer", u.Index, u.Layer+1)
		}
	}
	return words.M("app.units_off", len(us), words.List(names))
}

func (p *samplePanel) at(g *Game, x, y float64) (target, bool) { return target{}, false }
func (p *samplePanel) tip(g *Game, t target) tooltip           { return noTip }
func (p *samplePanel) click(g *Game, t target)                 {}
