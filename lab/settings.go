package lab

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"rnnlab/core"
)

// Settings is everything a learner can change. It is a plain value: the
// session compares old and new settings to decide what to rebuild.
type Settings struct {
	Cell        core.Cell
	Hidden      int
	Layers      int
	LR          float64 // learning rate
	Temperature float64 // of the live sample; 0 is greedy
	Seed        uint64
	Corpus      string // name of a built-in corpus, or CustomCorpus
	Paused      bool
	TrainShare  float64 // fraction of wall time given to training
}

// CustomCorpus names the learner's own text in Settings.Corpus.
const CustomCorpus = "custom"

// Ranges the app accepts. They keep a step short enough for a frame budget.
const (
	MinHidden, MaxHidden = 4, 256 // the largest MaxHiddenFor allows; see there
	MinLayers, MaxLayers = 1, 3
	MinLR, MaxLR         = 1e-5, 10.0
	MinTemp, MaxTemp     = 0, 3
	MinShare, MaxShare   = 0.05, 0.95
)

// MaxHiddenFor is the largest hidden size for which one training step of
// the app's batch stays near 60 ms under Node's wasm (a browser is about 15%
// slower), so the page keeps drawing. Cost grows with the gates per cell,
// the layers and H². Measured with BenchmarkStep (GOOS=js GOARCH=wasm, 8
// lanes): LSTM 144/1 53 ms, 88/2 59 ms, 72/3 65 ms (so 64), GRU 176/1
// 55 ms, 104/2 58 ms, 80/3 59 ms, tanh RNN 256/1 39 ms, 176/2 52 ms,
// 144/3 56 ms; for comparison LSTM 512/3 took 2.5 s and 256/1 170 ms.
func MaxHiddenFor(c core.Cell, layers int) int {
	caps := [MaxLayers][3]int{ // RNN, GRU, LSTM
		{256, 176, 144},
		{176, 104, 88},
		{144, 80, 64},
	}
	l := min(max(layers, MinLayers), MaxLayers) - 1
	switch c {
	case core.LSTM:
		return caps[l][2]
	case core.GRU:
		return caps[l][1]
	}
	return caps[l][0]
}

// stepTargetMs is the step time MaxHiddenFor aims at, for messages.
const stepTargetMs = 55.0

// DefaultSettings is a small LSTM that learns the default corpus in a minute.
// Training takes 60% of each frame interval: measured in headless SwiftShader,
// it trains about a fifth faster than at 50%, and the frame rate stays above
// an empty scene's.
func DefaultSettings() Settings {
	return Settings{
		Cell: core.LSTM, Hidden: 64, Layers: 1, LR: 0.003, Temperature: 0.8,
		Seed: 1, Corpus: "patterns", TrainShare: 0.6,
	}
}

// Normalize brings every field into range and lists what it had to change.
func (s Settings) Normalize() (Settings, []string) {
	var problems []string
	d := DefaultSettings()
	if s.Cell < core.RNNTanh || s.Cell > core.GRU {
		problems = append(problems, fmt.Sprintf("unknown cell %d; using %s", int(s.Cell), CellLabel(d.Cell)))
		s.Cell = d.Cell
	}
	clampInt := func(name string, v *int, lo, hi int) {
		if *v < lo || *v > hi {
			c := min(max(*v, lo), hi)
			problems = append(problems, fmt.Sprintf("%s %d is out of range (%d to %d); using %d", name, *v, lo, hi, c))
			*v = c
		}
	}
	clampFloat := func(name string, v *float64, lo, hi, def float64) {
		switch {
		case math.IsNaN(*v) || math.IsInf(*v, 0):
			problems = append(problems, fmt.Sprintf("%s %v is not a number; using %g", name, *v, def))
			*v = def
		case *v < lo || *v > hi:
			c := math.Min(math.Max(*v, lo), hi)
			problems = append(problems, fmt.Sprintf("%s %g is out of range (%g to %g); using %g", name, *v, lo, hi, c))
			*v = c
		}
	}
	clampInt("hidden size", &s.Hidden, MinHidden, MaxHidden)
	clampInt("layers", &s.Layers, MinLayers, MaxLayers)
	if hc := MaxHiddenFor(s.Cell, s.Layers); s.Hidden > hc {
		ratio := float64(s.Hidden) / float64(hc)
		problems = append(problems, fmt.Sprintf("%s with hidden size %d and %s would make a training step take about %s and freeze the page; using hidden size %d",
			CellLabel(s.Cell), s.Hidden, plural(s.Layers, "layer"), formatDuration(stepTargetMs*ratio*ratio), hc))
		s.Hidden = hc
	}
	clampFloat("learning rate", &s.LR, MinLR, MaxLR, d.LR)
	clampFloat("temperature", &s.Temperature, MinTemp, MaxTemp, d.Temperature)
	clampFloat("training share", &s.TrainShare, MinShare, MaxShare, d.TrainShare)
	if s.Corpus == "" {
		s.Corpus = d.Corpus
	}
	return s, problems
}

// SameModel reports whether two settings describe the same model: changing
// the cell, size, layers, seed or text starts training over, while the
// learning rate, temperature, pause and share apply to the running model.
func (s Settings) SameModel(o Settings) bool {
	return s.Cell == o.Cell && s.Hidden == o.Hidden && s.Layers == o.Layers &&
		s.Seed == o.Seed && s.Corpus == o.Corpus
}

// CellLabel is the name a learner sees: "tanh RNN", "LSTM", "GRU".
func CellLabel(c core.Cell) string {
	switch c {
	case core.RNNTanh:
		return "tanh RNN"
	case core.RNNReLU:
		return "ReLU RNN"
	case core.LSTM:
		return "LSTM"
	case core.GRU:
		return "GRU"
	}
	return c.String()
}

// hashCell is the short cell name used in URLs.
func hashCell(c core.Cell) string {
	if c == core.RNNTanh {
		return "rnn"
	}
	return c.String()
}

// FormatHash writes s as a URL fragment without the leading '#', in a fixed
// key order, for example "cell=gru&hidden=64&lr=0.002&seed=3&temp=0.8".
// The custom corpus is left out: a link cannot carry the learner's text.
func FormatHash(s Settings) string {
	var b strings.Builder
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	add("cell", hashCell(s.Cell))
	add("hidden", strconv.Itoa(s.Hidden))
	if s.Layers != 1 {
		add("layers", strconv.Itoa(s.Layers))
	}
	add("lr", strconv.FormatFloat(s.LR, 'g', -1, 64))
	add("seed", strconv.FormatUint(s.Seed, 10))
	add("temp", strconv.FormatFloat(s.Temperature, 'g', -1, 64))
	if s.Corpus != "" && s.Corpus != CustomCorpus {
		add("corpus", s.Corpus)
	}
	if s.TrainShare != DefaultSettings().TrainShare {
		add("share", strconv.FormatFloat(s.TrainShare, 'g', -1, 64))
	}
	if s.Paused {
		add("paused", "1")
	}
	return b.String()
}

// ParseHash reads a URL fragment (with or without the leading '#') on top of
// base. Keys it does not know and values it cannot use are reported and
// ignored, never fatal: a shared link with a typo still opens the app.
// Keys missing from the fragment keep base's values.
func ParseHash(hash string, base Settings) (Settings, []string) {
	s := base
	var problems []string
	hash = strings.TrimPrefix(hash, "#")
	for _, part := range strings.Split(hash, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		bad := func(want string) {
			problems = append(problems, fmt.Sprintf("%s=%q is not %s; ignored", k, shorten(v, 20), want))
		}
		switch k {
		case "cell":
			c, err := core.ParseCell(strings.ToLower(v))
			if err != nil {
				bad("rnn, lstm or gru")
				continue
			}
			s.Cell = c
		case "hidden":
			n, err := strconv.Atoi(v)
			if err != nil || n < MinHidden || n > MaxHidden {
				bad(fmt.Sprintf("a hidden size from %d to %d", MinHidden, MaxHidden))
				continue
			}
			s.Hidden = n
		case "layers":
			n, err := strconv.Atoi(v)
			if err != nil || n < MinLayers || n > MaxLayers {
				bad(fmt.Sprintf("a layer count from %d to %d", MinLayers, MaxLayers))
				continue
			}
			s.Layers = n
		case "lr":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f >= MinLR && f <= MaxLR) {
				bad(fmt.Sprintf("a learning rate from %g to %g", MinLR, MaxLR))
				continue
			}
			s.LR = f
		case "temp", "temperature":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f >= MinTemp && f <= MaxTemp) {
				bad(fmt.Sprintf("a temperature from %g to %g", float64(MinTemp), float64(MaxTemp)))
				continue
			}
			s.Temperature = f
		case "seed":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				bad("a whole number ≥ 0")
				continue
			}
			s.Seed = n
		case "share":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f >= MinShare && f <= MaxShare) {
				bad(fmt.Sprintf("a training share from %g to %g", MinShare, MaxShare))
				continue
			}
			s.TrainShare = f
		case "paused":
			switch strings.ToLower(v) {
			case "1", "true", "yes", "on", "":
				s.Paused = true
			case "0", "false", "no", "off":
				s.Paused = false
			default:
				bad("1 or 0")
			}
		case "corpus", "text":
			if v == "" {
				bad("a corpus name")
				continue
			}
			s.Corpus = strings.ToLower(v)
		default:
			problems = append(problems, fmt.Sprintf("unknown setting %q; ignored", shorten(k, 20)))
		}
	}
	s, more := s.Normalize()
	return s, append(problems, more...)
}

// shorten cuts s to at most n runes for messages.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// plural writes a count with its noun: "1 layer", "3 layers", "1,024 characters".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return groupThousands(n) + " " + noun + "s"
}

// groupThousands writes n with commas between groups of three digits.
func groupThousands(n int) string {
	d := strconv.Itoa(n)
	neg := strings.HasPrefix(d, "-")
	d = strings.TrimPrefix(d, "-")
	var b strings.Builder
	for i, r := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatDuration writes ms milliseconds roughly: "300 ms", "2 s".
func formatDuration(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.0f s", ms/1000)
}
