package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// runInfo describes a training run once, at its start and in the final report.
type runInfo struct {
	Cell       string  `json:"cell"`
	Hidden     int     `json:"hidden"`
	Layers     int     `json:"layers"`
	Embed      int     `json:"embed"`
	Batch      int     `json:"batch"`
	Seq        int     `json:"seq"`
	Optim      string  `json:"optim"`
	BaseLR     float64 `json:"base_lr"`
	Clip       float64 `json:"clip"`
	Vocab      int     `json:"vocab"`
	Params     int     `json:"params"`
	TrainChars int     `json:"train_chars"`
	ValChars   int     `json:"val_chars"`
	Seed       uint64  `json:"seed"`
	Resumed    string  `json:"resumed_from,omitempty"`
}

// trainReport is one progress report; the final one also carries runInfo.
type trainReport struct {
	Event        string   `json:"event"`
	Step         int      `json:"step"`
	Steps        int      `json:"steps"`
	TrainLoss    *float64 `json:"train_loss"`
	ValLoss      *float64 `json:"val_loss"`
	CharsPerS    float64  `json:"chars_per_s"`
	CharsTrained int64    `json:"chars_trained"`
	WallS        float64  `json:"wall_s"`
	LR           float64  `json:"lr"`
	GradNorm     float64  `json:"grad_norm"`
	Sample       string   `json:"sample,omitempty"`
	Checkpoint   string   `json:"checkpoint,omitempty"`
	Interrupted  bool     `json:"interrupted,omitempty"`
	Diverged     bool     `json:"diverged,omitempty"`
	*runInfo
}

// jsonFloat is v, or nil (JSON null) when v is not a finite number.
func jsonFloat(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func finiteOrZero(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// trainOutput writes a run's progress in one of three forms: JSON lines,
// plain lines, or plain lines under a live progress bar on a terminal.
type trainOutput struct {
	w        io.Writer
	json     bool
	bar      bool // live progress bar (a terminal)
	barShown bool
	lastBar  time.Time
}

func newTrainOutput(w io.Writer, asJSON bool) *trainOutput {
	return &trainOutput{w: w, json: asJSON, bar: !asJSON && isTerminal(w)}
}

// isTerminal reports whether w is a character device (a terminal), without cgo.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (o *trainOutput) emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintf(o.w, "{\"event\":\"error\",\"error\":%q}\n", err.Error())
		return
	}
	fmt.Fprintf(o.w, "%s\n", b)
}

func (o *trainOutput) start(info runInfo, step, target int) {
	if o.json {
		o.emit(struct {
			Event string `json:"event"`
			Step  int    `json:"step"`
			Steps int    `json:"steps"`
			runInfo
		}{"start", step, target, info})
		return
	}
	input := "one-hot input"
	if info.Embed > 0 {
		input = fmt.Sprintf("embedding %d", info.Embed)
	}
	clip := "no clipping"
	if info.Clip > 0 {
		clip = fmt.Sprintf("clip %g", info.Clip)
	}
	fmt.Fprintf(o.w, "%s, %d layer(s) × %d hidden, %s, %d characters, %d parameters\n",
		info.Cell, info.Layers, info.Hidden, input, info.Vocab, info.Params)
	fmt.Fprintf(o.w, "%d training and %d validation characters; batch %d × seq %d, %s lr %g, %s\n",
		info.TrainChars, info.ValChars, info.Batch, info.Seq, info.Optim, info.BaseLR, clip)
	if info.Resumed != "" {
		fmt.Fprintf(o.w, "resumed from %s\n", info.Resumed)
	}
}

// progress redraws the terminal progress bar, at most ten times a second.
func (o *trainOutput) progress(step, target int, loss, charsPerS float64, left time.Duration) {
	if !o.bar {
		return
	}
	now := time.Now()
	if step < target && now.Sub(o.lastBar) < 100*time.Millisecond {
		return
	}
	o.lastBar = now
	const width = 24
	filled := width
	if target > 0 {
		filled = min(width, width*step/target)
	}
	bar := strings.Repeat("█", filled) + strings.Repeat("·", width-filled)
	fmt.Fprintf(o.w, "\r%s step %d/%d  loss %.4f  %s chars/s  ETA %s\x1b[K", bar, step, target, loss, humanCount(charsPerS), formatETA(left))
	o.barShown = true
}

func (o *trainOutput) clearBar() {
	if o.barShown {
		fmt.Fprint(o.w, "\r\x1b[K")
		o.barShown = false
	}
}

func (o *trainOutput) report(r trainReport) { o.write("report", r) }

// final is the last report; in text it also names the checkpoint.
func (o *trainOutput) final(r trainReport) { o.write("final", r) }

func (o *trainOutput) write(event string, r trainReport) {
	r.Event = event
	if o.json {
		o.emit(r)
		return
	}
	o.clearBar()
	o.line(r)
	if event == "final" && r.Checkpoint != "" {
		fmt.Fprintf(o.w, "checkpoint: %s\n", r.Checkpoint)
	}
}

// note is a human message; JSON output leaves it out (it goes in the objects).
func (o *trainOutput) note(s string) {
	if o.json {
		return
	}
	o.clearBar()
	fmt.Fprintln(o.w, s)
}

func (o *trainOutput) line(r trainReport) {
	fmt.Fprintf(o.w, "step %d/%d  train %s  val %s  %s chars/s  %d chars  %s elapsed\n",
		r.Step, r.Steps, formatLoss(r.TrainLoss), formatLoss(r.ValLoss), humanCount(r.CharsPerS), r.CharsTrained, formatETA(time.Duration(r.WallS*float64(time.Second))))
	if r.Sample != "" {
		for _, l := range strings.Split(strings.TrimRight(r.Sample, "\n"), "\n") {
			fmt.Fprintf(o.w, "  | %s\n", l)
		}
	}
}

func formatLoss(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.4f", *v)
}

// humanCount prints a rate with three significant digits and a k/M suffix.
func humanCount(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func formatETA(d time.Duration) string {
	if d < 0 {
		return "?"
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	}
	if m > 0 {
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}
