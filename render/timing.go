package render

import (
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// Stats are the figures the app publishes for tests and the curious.
type Stats struct {
	Frames     int
	Paints     int       // frames that changed the screen; the others draw nothing and cost the renderer nothing
	Selected   Selection // what the learner picked
	Touch      bool      // laid out for fingers
	FPS        float64
	DrawMs     float64 // p95 of our own Update (without training) + Draw over the last second
	TrainShare float64
	Width      int
	Height     int
	// PartsMs is the slowest paint of each panel over the last second, by name.
	PartsMs map[string]float64
}

// Stats reports frame figures.
func (g *Game) Stats() Stats {
	now := time.Now()
	s := Stats{Frames: g.frames, Paints: g.paints, FPS: ebiten.ActualFPS(), DrawMs: g.timing.p95(now),
		TrainShare: g.snap.TrainShare, Width: g.w, Height: g.h,
		Selected: g.sel, Touch: g.touchLayout, PartsMs: map[string]float64{}}
	g.paint.partsMs(now, s.PartsMs)
	return s
}

// frameTimes keeps our per-frame cost for the last second or so.
type frameTimes struct {
	at  [256]time.Time
	dur [256]time.Duration
	n   int
}

func (f *frameTimes) add(t time.Time, d time.Duration) {
	i := f.n % len(f.at)
	f.at[i], f.dur[i] = t, d
	f.n++
}

// p95 is the 95th percentile in milliseconds over the last second.
func (f *frameTimes) p95(now time.Time) float64 {
	var buf [256]time.Duration
	ds := buf[:0]
	for i := 0; i < min(f.n, len(f.at)); i++ {
		if now.Sub(f.at[i]) <= time.Second {
			ds = append(ds, f.dur[i])
		}
	}
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	k := int(math.Ceil(0.95*float64(len(ds)))) - 1
	return float64(ds[max(0, k)]) / float64(time.Millisecond)
}
