package ui

import (
	"fmt"
	"math"
	"strconv"

	"rnnlab/core"
	"rnnlab/lab"
)

// Action is something a learner can ask for, by key or by button.
type Action int

const (
	ActNone Action = iota
	ActPause
	ActStep
	ActReset
	ActRNN
	ActLSTM
	ActGRU
	ActHiddenDown
	ActHiddenUp
	ActLRDown
	ActLRUp
	ActTempDown
	ActTempUp
	ActCorpus
	ActText
	ActHelp
	ActPrevStep
	ActNextStep
	ActPrevWindow
	ActNextWindow
	ActUnitsUp
	ActUnitsDown
	ActLayer
	ActClose
)

// Button is one control in the bar.
type Button struct {
	Action Action
	Label  string
	On     bool   // drawn as selected
	Tip    string // shown on hover, with the key
}

// Buttons lists the bar for the current settings.
func Buttons(s lab.Settings) []Button {
	run := "Pause"
	if s.Paused {
		run = "Run"
	}
	return []Button{
		{ActPause, run, s.Paused, "pause or resume training [Space]"},
		{ActStep, "Step", false, "one training step [S]"},
		{ActReset, "Reset", false, "start again from random weights [R]"},
		{ActRNN, "RNN", s.Cell == core.RNNTanh, "vanilla tanh RNN [1]"},
		{ActLSTM, "LSTM", s.Cell == core.LSTM, "long short-term memory [2]"},
		{ActGRU, "GRU", s.Cell == core.GRU, "gated recurrent unit [3]"},
		{ActHiddenDown, "−", false, "fewer hidden units [ [ ]"},
		{ActNone, strconv.Itoa(s.Hidden) + " units", false, "hidden size"},
		{ActHiddenUp, "+", false, "more hidden units [ ] ]"},
		{ActLRDown, "−", false, "lower learning rate [-]"},
		{ActNone, "lr " + FormatLR(s.LR), false, "learning rate"},
		{ActLRUp, "+", false, "higher learning rate [=]"},
		{ActTempDown, "−", false, "colder, safer samples [,]"},
		{ActNone, fmt.Sprintf("temp %.1f", s.Temperature), false, "sampling temperature"},
		{ActTempUp, "+", false, "hotter, wilder samples [.]"},
		{ActCorpus, "Next text", false, "next built-in text [C]"},
		{ActText, "My text…", s.Corpus == lab.CustomCorpus, "train on your own text [T]"},
		{ActHelp, "?", false, "keys and help [H]"},
	}
}

// FormatLR writes a learning rate briefly: 0.003, 1e-05.
func FormatLR(lr float64) string { return strconv.FormatFloat(lr, 'g', 3, 64) }

var hiddenSizes = []int{4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512}

// StepHidden moves to the next size in a short ladder (dir > 0 larger).
func StepHidden(h, dir int) int {
	for i, s := range hiddenSizes {
		if dir > 0 && s > h || dir < 0 && s >= h {
			if dir > 0 {
				return s
			}
			return hiddenSizes[max(0, i-1)]
		}
	}
	if dir > 0 {
		return hiddenSizes[len(hiddenSizes)-1]
	}
	return hiddenSizes[len(hiddenSizes)-2]
}

// StepLR moves along 1, 3, 10, 30, ... × 10^k (dir > 0 larger), within lab's range.
func StepLR(lr float64, dir int) float64 {
	if !(lr > 0) {
		return lab.DefaultSettings().LR
	}
	e := math.Floor(math.Log10(lr))
	m := lr / math.Pow(10, e) // 1 ≤ m < 10
	var next float64
	switch {
	case dir > 0 && m < 2.99:
		next = 3 * math.Pow(10, e)
	case dir > 0:
		next = math.Pow(10, e+1)
	case m > 3.01:
		next = 3 * math.Pow(10, e)
	case m > 1.01:
		next = math.Pow(10, e)
	default:
		next = 3 * math.Pow(10, e-1)
	}
	next, _ = strconv.ParseFloat(strconv.FormatFloat(next, 'g', 3, 64), 64)
	return math.Max(lab.MinLR, math.Min(lab.MaxLR, next))
}

// StepTemp changes the temperature by 0.1 within lab's range.
func StepTemp(t float64, dir int) float64 {
	t = math.Round((t+0.1*float64(dir))*10) / 10
	return math.Max(lab.MinTemp, math.Min(lab.MaxTemp, t))
}

// SwipeAction turns a finger's vertical travel over the unit rows into a
// page of units, like a scroll: a swipe up shows the next units. Travel
// shorter than minTravel is a tap, not a swipe.
func SwipeAction(dy, minTravel float64) Action {
	switch {
	case dy <= -minTravel:
		return ActUnitsDown
	case dy >= minTravel:
		return ActUnitsUp
	}
	return ActNone
}

// HelpPicture is the help overlay's second part: what each part of the
// screen shows.
var HelpPicture = [][2]string{
	{"columns", "one character of held-out text per column (a time step), read left to right"},
	{"guesses", "above each character, the model's three likeliest guesses for the one after it; green when right; the bar is the probability it gave the true one"},
	{"rows", "one row per unit: the hidden state h, an LSTM's cell state c, then each gate: how much of something passes at that step"},
	{"colours", "blue negative, orange positive; a gate is blue when shut (0) and orange when open (1)"},
	{"loss", "how surprised the model is by each next character, in nats: on training text (blue) and held-out text (orange); lower is better, the dashed line is a blind guess"},
	{"sample", "text the model writes by itself, one character at a time"},
	{"touch", "the buttons do what the keys do; tap a cell or character to read it, swipe the rows to see more units"},
}

// HelpLines is the help overlay: key, then what it does.
var HelpLines = [][2]string{
	{"Space", "pause / resume training"},
	{"S", "one training step"},
	{"R", "reset: start over from random weights"},
	{"1  2  3", "tanh RNN, LSTM, GRU"},
	{"[  ]", "fewer / more hidden units"},
	{"-  =", "lower / higher learning rate"},
	{",  .", "colder / hotter samples"},
	{"←  →", "select a character (time step)"},
	{"↑  ↓", "scroll through the units (or the mouse wheel, or swipe the rows)"},
	{"PgUp  PgDn", "previous / next passage of text"},
	{"L", "next layer, for a model of several layers"},
	{"C", "next built-in text"},
	{"T", "use your own text (or drop a file)"},
	{"H  ?", "this help;  Esc closes it"},
}
