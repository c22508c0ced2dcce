package app

import (
	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/assets"
	"rnnlab/lab"
	"rnnlab/render"
	"rnnlab/words"
)

// Corpora converts the embedded texts for the session. Their titles are in
// the words catalogue under "corpus." and the text's name.
func Corpora() []lab.Corpus {
	var cs []lab.Corpus
	for _, c := range assets.Corpora() {
		cs = append(cs, lab.Corpus{Name: c.Name, Title: words.M("corpus." + c.Name), Text: c.Text, Labels: c.Labels})
	}
	return cs
}

// New builds a session from settings and the Game around it.
func New(settings lab.Settings, opts render.Options) (*render.Game, error) {
	sess, err := lab.New(Corpora(), settings, nil)
	if err != nil {
		return nil, err
	}
	return render.New(sess, opts)
}

// NewDeferred is New with the session built after the first frame (see
// render.NewDeferred).
func NewDeferred(settings lab.Settings, opts render.Options) *render.Game {
	return render.NewDeferred(func() (*lab.Session, error) {
		return lab.New(Corpora(), settings, nil)
	}, opts)
}

// Configure sets up Ebiten for the Game: one Update per frame (training is
// budgeted by wall time), a screen that is not cleared between frames (the
// Game repaints only what changed), a resizable window.
func Configure(title string) {
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetWindowTitle(title)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
}
