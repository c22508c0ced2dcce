package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"rnnlab/core"
)

const inspectAbout = `Describes a checkpoint: its cell, sizes, vocabulary, training settings, step
count and every tensor's name and shape.`

type tensorInfo struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

type inspectResult struct {
	Cell         string       `json:"cell"`
	Hidden       int          `json:"hidden"`
	Layers       int          `json:"layers"`
	Embed        int          `json:"embed"`
	Vocab        int          `json:"vocab"`
	Chars        string       `json:"chars"`
	Steps        int          `json:"steps"`
	CharsTrained int64        `json:"chars_trained"`
	Params       int          `json:"params"`
	Batch        int          `json:"batch"`
	Seq          int          `json:"seq"`
	Optim        string       `json:"optim"`
	LR           float64      `json:"lr"`
	Clip         float64      `json:"clip"`
	ValFraction  float64      `json:"val"`
	Seed         uint64       `json:"seed"`
	OptimState   bool         `json:"optimizer_state"`
	Tensors      []tensorInfo `json:"tensors"`
}

func runInspect(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "inspect", "-model PATH [-json]", inspectAbout)
	model := fs.String("model", "", "checkpoint `PATH`")
	asJSON := fs.Bool("json", false, "print the description as one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if isClassifierFile(*model) {
		return inspectClassifier(e.stdout, *model, *asJSON)
	}
	ck, err := loadCheckpoint(*model)
	if err != nil {
		return err
	}
	m, c := ck.Model, ck.Config
	res := inspectResult{
		Cell: m.Config.Cell.String(), Hidden: m.Config.Hidden, Layers: m.Config.Layers, Embed: m.Config.Embed,
		Vocab: m.Vocab.Size(), Chars: string(m.Vocab.Runes()),
		Steps: ck.Steps, CharsTrained: ck.Chars, Params: core.ParamCount(m.Params()),
		Batch: c.Batch, Seq: c.Seq, Optim: c.Optim, LR: c.LR, Clip: c.Clip, ValFraction: c.ValFraction, Seed: c.Seed,
		OptimState: ck.Opt != nil,
	}
	for _, p := range m.Params() {
		res.Tensors = append(res.Tensors, tensorInfo{p.Name, p.Shape})
	}
	if *asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
		return nil
	}
	w := e.stdout
	input := "one-hot input"
	if res.Embed > 0 {
		input = fmt.Sprintf("embedding width %d", res.Embed)
	}
	fmt.Fprintf(w, "model:      %s, %d layer(s) × %d hidden, %s, %d parameters\n", res.Cell, res.Layers, res.Hidden, input, res.Params)
	fmt.Fprintf(w, "vocabulary: %d characters: %s\n", res.Vocab, quoteChars(m.Vocab.Runes()))
	fmt.Fprintf(w, "trained:    %d steps, %d characters\n", res.Steps, res.CharsTrained)
	opt := "without optimizer state"
	if res.OptimState {
		opt = "with optimizer state"
	}
	fmt.Fprintf(w, "training:   batch %d × seq %d, %s lr %g, clip %g, val %g, seed %d (%s)\n",
		res.Batch, res.Seq, res.Optim, res.LR, res.Clip, res.ValFraction, res.Seed, opt)
	fmt.Fprintf(w, "tensors:\n")
	width := 0
	for _, t := range res.Tensors {
		width = max(width, len(t.Name))
	}
	for _, t := range res.Tensors {
		fmt.Fprintf(w, "  %-*s %s\n", width, t.Name, formatShape(t.Shape))
	}
	return nil
}

// quoteChars shows a vocabulary on one line, escaping newlines, tabs and
// other invisible characters.
func quoteChars(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		q := strconv.QuoteRune(r)
		q = q[1 : len(q)-1]
		if r == ' ' {
			q = "␠"
		}
		b.WriteString(q)
	}
	return b.String()
}

func formatShape(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
