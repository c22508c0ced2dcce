package main

import (
	"fmt"
	"image/color"
	"os"

	"github.com/hajimehoshi/ebiten/v2"
)

// scene clears the screen to a slowly changing colour every frame, the same
// full-screen work any app does before drawing anything of its own.
type scene struct {
	frames int
}

func (s *scene) Update() error { return nil }

func (s *scene) Draw(screen *ebiten.Image) {
	s.frames++
	shade := uint8(s.frames % 64)
	screen.Fill(color.RGBA{R: 16 + shade, G: 24, B: 40, A: 255})
	publish(s.frames, ebiten.ActualFPS())
}

// Layout uses the full window resolution, as the app does.
func (s *scene) Layout(outsideWidth, outsideHeight int) (int, int) {
	return outsideWidth, outsideHeight
}

func main() {
	ebiten.SetWindowTitle("empty scene")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := ebiten.RunGame(&scene{}); err != nil {
		fmt.Fprintln(os.Stderr, "emptyscene:", err)
		os.Exit(1)
	}
}
