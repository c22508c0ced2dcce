package main

import (
	"fmt"
	"image/color"
	"os"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// scene does the least an Ebiten app can do and still show a new frame
// each time: the screen is not cleared between frames (as in the app), it
// is filled once, and each frame redraws one small square.
type scene struct {
	frames int
}

func (s *scene) Update() error { return nil }

func (s *scene) Draw(screen *ebiten.Image) {
	if s.frames == 0 {
		screen.Fill(color.RGBA{R: 16, G: 20, B: 28, A: 255})
	}
	s.frames++
	shade := uint8(64 + s.frames%128)
	vector.DrawFilledRect(screen, 8, 8, 16, 16, color.RGBA{R: shade, G: 96, B: 160, A: 255}, false)
	publish(s.frames, ebiten.ActualFPS())
}

// Layout uses the full window resolution, as the app does.
func (s *scene) Layout(outsideWidth, outsideHeight int) (int, int) {
	return outsideWidth, outsideHeight
}

func main() {
	// One Update per frame and no clearing, as the app runs.
	ebiten.SetTPS(ebiten.SyncWithFPS)
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetWindowTitle("empty scene")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := ebiten.RunGame(&scene{}); err != nil {
		fmt.Fprintln(os.Stderr, "emptyscene:", err)
		os.Exit(1)
	}
}
