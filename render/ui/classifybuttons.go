package ui

import (
	"strings"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/words"
)

// DecideButtons lists the "read and decide" task's bar for its settings,
// the name of its data and the app's language: run, step and reset; the
// cell; reading both ways; layers; pooling; size and learning rate; the
// data; the text box; back to the other task; the language and help.
func DecideButtons(s lab.DecideSettings, data words.Msg, lang words.Lang) []Button {
	run := words.M("btn.pause")
	if s.Paused {
		run = words.M("btn.run")
	}
	pool := words.M("decide.btn.pool_mean")
	if s.Pool == core.PoolFinal {
		pool = words.M("decide.btn.pool_final")
	}
	minus, plus := words.Raw("−"), words.Raw("+")
	return []Button{
		{ActPause, run, s.Paused},
		{ActStep, words.M("btn.step"), false},
		{ActReset, words.M("btn.reset"), false},
		{ActRNN, words.Raw("RNN"), s.Cell == core.RNNTanh},
		{ActLSTM, words.Raw("LSTM"), s.Cell == core.LSTM},
		{ActGRU, words.Raw("GRU"), s.Cell == core.GRU},
		{ActBackward, words.M("decide.btn.both_ways"), s.Bidirectional},
		{ActLayer, words.M("decide.btn.layers", s.Layers), false},
		{ActPlay, pool, false},
		{ActHiddenDown, minus, false},
		{ActNone, words.M("btn.units", s.Hidden), false},
		{ActHiddenUp, plus, false},
		{ActLRDown, minus, false},
		{ActNone, words.M("btn.lr", s.LR), false},
		{ActLRUp, plus, false},
		{ActCorpus, words.M("decide.btn.data", data), false},
		{ActText, words.M("decide.btn.type"), false},
		{ActTask, words.M("decide.btn.write"), false},
		{ActLang, words.Raw(strings.ToUpper(string(lang))), false},
		{ActHelp, words.Raw("?"), false},
	}
}
