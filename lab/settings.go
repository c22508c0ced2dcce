package lab

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"rnnlab/core"
	"rnnlab/words"
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
func (s Settings) Normalize() (Settings, []words.Msg) {
	var problems []words.Msg
	d := DefaultSettings()
	if s.Cell < core.RNNTanh || s.Cell > core.GRU {
		problems = append(problems, words.M("set.unknown_cell", int(s.Cell), CellLabel(d.Cell)))
		s.Cell = d.Cell
	}
	clampInt := func(name words.Msg, v *int, lo, hi int) {
		if *v < lo || *v > hi {
			c := min(max(*v, lo), hi)
			problems = append(problems, words.M("set.out_of_range", name, *v, lo, hi, c))
			*v = c
		}
	}
	clampFloat := func(name words.Msg, v *float64, lo, hi, def float64) {
		switch {
		case math.IsNaN(*v) || math.IsInf(*v, 0):
			problems = append(problems, words.M("set.not_a_number", name, fmt.Sprint(*v), def))
			*v = def
		case *v < lo || *v > hi:
			c := math.Min(math.Max(*v, lo), hi)
			problems = append(problems, words.M("set.out_of_range", name, *v, lo, hi, c))
			*v = c
		}
	}
	clampInt(words.M("set.name.hidden"), &s.Hidden, MinHidden, MaxHidden)
	clampInt(words.M("set.name.layers"), &s.Layers, MinLayers, MaxLayers)
	if hc := MaxHiddenFor(s.Cell, s.Layers); s.Hidden > hc {
		ratio := float64(s.Hidden) / float64(hc)
		problems = append(problems, words.M("set.too_slow",
			CellLabel(s.Cell), s.Hidden, s.Layers, stepDuration(stepTargetMs*ratio*ratio), hc))
		s.Hidden = hc
	}
	clampFloat(words.M("set.name.lr"), &s.LR, MinLR, MaxLR, d.LR)
	clampFloat(words.M("set.name.temp"), &s.Temperature, MinTemp, MaxTemp, d.Temperature)
	clampFloat(words.M("set.name.share"), &s.TrainShare, MinShare, MaxShare, d.TrainShare)
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
// Keys missing from the fragment keep base's values. Keys it does not know
// are returned in rest, in order, for the views to read theirs and report
// the others (see UnknownKeys).
func ParseHash(hash string, base Settings) (s Settings, rest []KeyValue, problems []words.Msg) {
	s = base
	for _, kv := range SplitHash(hash) {
		k, v := kv.Key, kv.Value
		bad := func(want words.Msg) {
			problems = append(problems, words.M("set.bad_value", k, shorten(v, 20), want))
		}
		switch k {
		case "cell":
			c, err := core.ParseCell(strings.ToLower(v))
			if err != nil {
				bad(words.M("set.want.cell"))
				continue
			}
			s.Cell = c
		case "hidden":
			n, err := strconv.Atoi(v)
			if err != nil || n < MinHidden || n > MaxHidden {
				bad(words.M("set.want.hidden", MinHidden, MaxHidden))
				continue
			}
			s.Hidden = n
		case "layers":
			n, err := strconv.Atoi(v)
			if err != nil || n < MinLayers || n > MaxLayers {
				bad(words.M("set.want.layers", MinLayers, MaxLayers))
				continue
			}
			s.Layers = n
		case "lr":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f >= MinLR && f <= MaxLR) {
				bad(words.M("set.want.lr", MinLR, MaxLR))
				continue
			}
			s.LR = f
		case "temp", "temperature":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f >= MinTemp && f <= MaxTemp) {
				bad(words.M("set.want.temp", float64(MinTemp), float64(MaxTemp)))
				continue
			}
			s.Temperature = f
		case "seed":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				bad(words.M("set.want.seed"))
				continue
			}
			s.Seed = n
		case "share":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || !(f >= MinShare && f <= MaxShare) {
				bad(words.M("set.want.share", MinShare, MaxShare))
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
				bad(words.M("set.want.flag"))
			}
		case "corpus", "text":
			if v == "" {
				bad(words.M("set.want.corpus"))
				continue
			}
			s.Corpus = strings.ToLower(v)
		default:
			rest = append(rest, kv)
		}
	}
	s, more := s.Normalize()
	return s, rest, append(problems, more...)
}

// UnknownKeys says that the keys of rest mean nothing here.
func UnknownKeys(rest []KeyValue) []words.Msg {
	var out []words.Msg
	for _, kv := range rest {
		out = append(out, words.M("set.unknown_key", shorten(kv.Key, 20)))
	}
	return out
}

// KeyValue is one setting of a URL fragment.
type KeyValue struct{ Key, Value string }

// SplitHash cuts a URL fragment into its settings, keys in lower case,
// values unescaped and trimmed, in order.
func SplitHash(hash string) []KeyValue {
	var out []KeyValue
	for _, part := range strings.Split(strings.TrimPrefix(hash, "#"), "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if uv, err := url.QueryUnescape(v); err == nil {
			v = uv
		}
		out = append(out, KeyValue{strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)})
	}
	return out
}

// stepDuration is a step time as a message: "300 ms", "2 s".
func stepDuration(ms float64) words.Msg {
	if ms < 1000 {
		return words.M("unit.ms", int(math.Round(ms)))
	}
	return words.M("unit.s", int(math.Round(ms/1000)))
}

// shorten cuts s to at most n runes for messages.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
