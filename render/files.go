package render

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/words"
)

// saveModel hands the current model to the platform as a file (a download
// in the browser, a file beside the app on the desktop).
func (g *Game) saveModel() { g.saveWith(g.sess.SaveModel) }

// saveWith hands the file that model makes to the platform and says where
// it went, or why it could not.
func (g *Game) saveWith(model func() (name string, data []byte, err error)) {
	if g.opts.SaveFile == nil {
		g.flash(words.M("app.cannot_save"))
		return
	}
	name, data, err := model()
	if err == nil {
		name, err = g.opts.SaveFile(name, data)
	}
	if err != nil {
		g.Say(words.M("app.save_failed", words.Raw(err.Error())))
		return
	}
	g.flash(words.M("save.done", name))
}

// exportScreen asks for the screen as a PNG after the next Draw.
func (g *Game) exportScreen() {
	if g.opts.SaveFile == nil {
		g.flash(words.M("app.cannot_save"))
		return
	}
	g.exportWanted = true
	g.paint.interacted = true
}

// finishExport writes the screen just drawn as a PNG named with the date
// and the update, "rnnlab-2026-12-01-1530-update-1200.png".
func (g *Game) finishExport(screen *ebiten.Image) {
	if !g.exportWanted {
		return
	}
	g.exportWanted = false
	b := screen.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	screen.ReadPixels(img.Pix)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		g.Say(words.M("app.save_failed", words.Raw(err.Error())))
		return
	}
	name := fmt.Sprintf("rnnlab-%s-update-%d.png", time.Now().Format("2006-01-02-1504"), g.snap.Step)
	name, err := g.opts.SaveFile(name, buf.Bytes())
	if err != nil {
		g.Say(words.M("app.save_failed", words.Raw(err.Error())))
		return
	}
	g.flash(words.M("app.exported", name))
}

// toggleFullscreen fills the screen with the app, or leaves that.
func (g *Game) toggleFullscreen() {
	ebiten.SetFullscreen(!ebiten.IsFullscreen())
}
