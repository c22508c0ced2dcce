package ui

import (
	"math"
	"strconv"
	"strings"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/words"
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
	ActReLU     // the ReLU RNN
	ActNextView // the next view
	ActViewTimeline
	ActViewCell
	ActViewGrads
	ActViewFlags
	ActZoom      // thin columns: a longer passage
	ActPrevUnit  // select the previous unit
	ActNextUnit  // select the next unit
	ActPin       // pin the selected unit: its value as a line over the text
	ActSortUnits // order the unit rows: by index, by variance, by flag
	ActPlay      // replay the passage step by step (the cell view)
	ActBackward  // play the backward pass (the gradients view)
	ActSlower    // a slower replay
	ActFaster    // a faster replay
	ActSwitchOff // switch the selected unit off in the guesses and the sample, or back on
	ActLang      // the next language
	ActSave      // save the model
	ActExport    // save the screen as a picture
	ActFull      // fullscreen, or back
	ActTheme     // the light theme, or the dark one
	ActLecture   // lecture mode, or back
	ActSmaller   // smaller text
	ActBigger    // bigger text
	ActTask      // the other task: write, or read and decide
)

// Button is one control in the bar.
type Button struct {
	Action Action    // ActNone for a label between buttons
	Label  words.Msg // what it reads
	On     bool      // drawn as selected
}

// Buttons lists the bar for the current settings, in a language.
func Buttons(s lab.Settings, lang words.Lang) []Button {
	run := words.M("btn.pause")
	if s.Paused {
		run = words.M("btn.run")
	}
	minus, plus := words.Raw("−"), words.Raw("+")
	return []Button{
		{ActPause, run, s.Paused},
		{ActStep, words.M("btn.step"), false},
		{ActReset, words.M("btn.reset"), false},
		{ActRNN, words.Raw("RNN"), s.Cell == core.RNNTanh},
		{ActReLU, words.Raw("ReLU"), s.Cell == core.RNNReLU},
		{ActLSTM, words.Raw("LSTM"), s.Cell == core.LSTM},
		{ActGRU, words.Raw("GRU"), s.Cell == core.GRU},
		{ActHiddenDown, minus, false},
		{ActNone, words.M("btn.units", s.Hidden), false},
		{ActHiddenUp, plus, false},
		{ActLRDown, minus, false},
		{ActNone, words.M("btn.lr", s.LR), false},
		{ActLRUp, plus, false},
		{ActTempDown, minus, false},
		{ActNone, words.M("btn.temp", words.Fixed(s.Temperature, 1)), false},
		{ActTempUp, plus, false},
		{ActCorpus, words.M("btn.corpus"), false},
		{ActText, words.M("btn.text"), s.Corpus == lab.CustomCorpus},
		{ActLayer, words.M("btn.layer"), false},
		{ActLang, words.Raw(strings.ToUpper(string(lang))), false},
		{ActHelp, words.Raw("?"), false},
	}
}

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
