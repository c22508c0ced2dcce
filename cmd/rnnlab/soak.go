package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render"
	"rnnlab/words"
)

// A soak run (-soak DURATION) changes the cell, size, text, view and
// language every -soak-every and, at the end of each turn, prints a line
// of figures as JSON (memory after a collection, resident size, the turn's
// training speed); it quits after DURATION. The opt-in soak test reads the
// lines to check that an hour of use leaks nothing.
type soak struct {
	game      *render.Game
	out       io.Writer
	start     time.Time
	end       time.Time
	every     time.Duration
	turnStart time.Time
	mark      int64 // characters trained when the turn's speed began to count
	marked    bool
	turn      int
}

// soakTurns are the configurations a soak cycles through: every cell,
// two sizes, both texts, every view and both languages, back to the
// defaults every ninth turn (where the speed is compared).
var soakTurns = []struct {
	cell   core.Cell
	hidden int
	corpus string
	view   render.View
	lang   words.Lang
}{
	{core.LSTM, 64, "patterns", render.ViewTimeline, words.English},
	{core.GRU, 48, "patterns", render.ViewCell, words.Ukrainian},
	{core.RNNTanh, 96, "ukrainian", render.ViewGradients, words.English},
	{core.LSTM, 32, "ukrainian", render.ViewFlags, words.Ukrainian},
	{core.RNNReLU, 64, "patterns", render.ViewTimeline, words.English},
	{core.GRU, 64, "ukrainian", render.ViewFlags, words.Ukrainian},
	{core.LSTM, 48, "patterns", render.ViewGradients, words.English},
	{core.RNNTanh, 32, "patterns", render.ViewCell, words.Ukrainian},
	{core.LSTM, 64, "ukrainian", render.ViewTimeline, words.English},
}

// soakStat is one line of a soak's figures, at the end of a turn.
type soakStat struct {
	Minute      float64 `json:"minute"`
	Turn        int     `json:"turn"`
	Config      int     `json:"config"`      // which of soakTurns
	HeapMB      float64 `json:"heap_mb"`     // Go heap live after a collection
	SysMB       float64 `json:"sys_mb"`      // memory the Go runtime holds from the system
	RSSMB       float64 `json:"rss_mb"`      // resident set of the process
	CharsPerSec float64 `json:"chars_per_s"` // training speed over the turn, after its first third
	Cell        string  `json:"cell"`
	Error       string  `json:"error,omitempty"`
}

func newSoak(game *render.Game, out io.Writer, d, every time.Duration) *soak {
	now := time.Now()
	return &soak{game: game, out: out, start: now, end: now.Add(d), every: every, turnStart: now}
}

// frame runs after every frame: a third into each turn it starts counting
// the characters trained, at the turn's end it prints the figures and
// moves on to the next configuration, and it ends the run on time.
func (s *soak) frame() {
	now := time.Now()
	since := now.Sub(s.turnStart)
	if !s.marked && since >= s.every/3 {
		s.mark, s.marked = s.game.Snapshot().Chars, true
	}
	if since >= s.every {
		s.stat(now, since-s.every/3)
		if now.After(s.end) {
			s.game.Quit()
			return
		}
		s.turnStart, s.marked = now, false
		s.turn++
		t := soakTurns[s.turn%len(soakTurns)]
		s.game.Post(func(g *render.Game) {
			st := g.Session().Settings()
			st.Cell, st.Hidden, st.Corpus, st.Paused = t.cell, t.hidden, t.corpus, false
			g.Session().Apply(st)
			look := g.Look()
			look.View, look.Lang = t.view, t.lang
			g.SetLook(look)
		})
	}
}

// stat prints the figures of the turn that ends, whose speed counted for
// counted.
func (s *soak) stat(now time.Time, counted time.Duration) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	snap := s.game.Snapshot()
	st := soakStat{
		Minute: now.Sub(s.start).Minutes(), Turn: s.turn, Config: s.turn % len(soakTurns),
		HeapMB: float64(ms.HeapAlloc) / (1 << 20), SysMB: float64(ms.Sys) / (1 << 20), RSSMB: residentMB(),
		CharsPerSec: float64(snap.Chars-s.mark) / counted.Seconds(), Cell: lab.CellLabel(snap.Settings.Cell),
	}
	if !snap.Error.IsZero() {
		st.Error = snap.Error.String()
	}
	line, _ := json.Marshal(st)
	fmt.Fprintln(s.out, string(line))
}

// residentMB is the process's resident set size in MiB (0 where /proc is
// not there to tell).
func residentMB() float64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0
	}
	pages, err := strconv.ParseFloat(fields[1], 64)
	if err != nil {
		return 0
	}
	return pages * float64(os.Getpagesize()) / (1 << 20)
}
