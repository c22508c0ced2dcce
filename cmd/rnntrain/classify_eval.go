package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"rnnlab/classify"
	"rnnlab/core"
)

const classifyEvalAbout = `Measures a classifier on a file of label<TAB>text lines: the accuracy, the
number of texts n, the mean cross-entropy and the confusion matrix (rows the
true label, columns the decided one). Every label of the file must be one the
model knows. Characters the model never saw are left out of the texts and
counted; a text with none it knows counts as wrong.`

// classifyEvalResult is what classify eval prints with -json.
type classifyEvalResult struct {
	Model      string            `json:"model"`
	Input      string            `json:"input"`
	Accuracy   float64           `json:"accuracy"`
	N          int               `json:"n"`
	Correct    int               `json:"correct"`
	Loss       *float64          `json:"loss"`
	Labels     []string          `json:"labels"`
	Confusion  [][]int           `json:"confusion"`
	Skipped    int               `json:"skipped_chars"`
	Unreadable int               `json:"unreadable"`
	Mistakes   []classifyMistake `json:"mistakes,omitempty"`
}

type classifyMistake struct {
	Line  int     `json:"index"`
	Label string  `json:"label"`
	Got   string  `json:"got"`
	Prob  float64 `json:"prob"`
	Text  string  `json:"text"`
}

func runClassifyEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "classify eval", "-model PATH -input FILE.tsv [-json]", classifyEvalAbout)
	model := fs.String("model", "", "classifier `PATH` (written by rnntrain classify train -save)")
	input := fs.String("input", "", "`FILE` of label<TAB>text lines, or - for standard input")
	mistakes := fs.Int("mistakes", 0, "also list up to `N` misclassified texts")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *mistakes < 0 {
		return usagef("-mistakes %d is negative", *mistakes)
	}
	if *input == "" {
		return usagef("-input is required (a file of label<TAB>text lines, or - for standard input)")
	}
	m, _, err := loadClassifier(*model)
	if err != nil {
		return err
	}
	d, err := readLabelled(e, *input, "input")
	if err != nil {
		return err
	}
	if d, err = d.Relabel(m.Labels); err != nil {
		return fmt.Errorf("%s: %v", *input, err)
	}
	ev, err := m.Evaluate(d)
	if err != nil {
		return fmt.Errorf("evaluation failed: %v", err)
	}
	if ev.Unreadable == ev.N {
		return fmt.Errorf("%s: no text has a character the model knows (it was trained on %d characters); is it in another language or script?", *input, m.Vocab.Size())
	}
	res := classifyEvalResult{Model: *model, Input: *input, Accuracy: ev.Accuracy, N: ev.N, Correct: ev.Correct,
		Loss: jsonFloat(ev.Loss), Labels: ev.Labels, Confusion: ev.Confusion, Skipped: ev.Skipped, Unreadable: ev.Unreadable}
	for _, mk := range ev.Mistakes[:min(*mistakes, len(ev.Mistakes))] {
		got := "(unreadable)"
		if mk.Predicted >= 0 {
			got = m.Labels[mk.Predicted]
		}
		ex := d.Examples[mk.Index]
		res.Mistakes = append(res.Mistakes, classifyMistake{Line: mk.Index, Label: m.Labels[ex.Label], Got: got, Prob: mk.Prob, Text: ex.Text})
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
	fmt.Fprintf(w, "accuracy %.4f (%d of %d), loss %s nats\n", res.Accuracy, res.Correct, res.N, formatLoss(res.Loss))
	printConfusion(w, res.Labels, res.Confusion)
	if res.Skipped > 0 || res.Unreadable > 0 {
		fmt.Fprintf(w, "%d characters the model never saw were left out; %d texts had none it knows\n", res.Skipped, res.Unreadable)
	}
	for _, mk := range res.Mistakes {
		fmt.Fprintf(w, "  %s → %s (%.2f): %s\n", mk.Label, mk.Got, mk.Prob, mk.Text)
	}
	return nil
}

const classifyPredictAbout = `Decides the label of one text and prints every label's probability. With
-read it also shows how the decision formed while reading left to right:
after each word, the label the model would give the text so far. Characters
the model never saw are left out and named. -text - reads one text per line
from standard input.`

// classifyPrediction is what classify predict prints with -json.
type classifyPrediction struct {
	Text    string             `json:"text"`
	Label   string             `json:"label"`
	Probs   map[string]float64 `json:"probs"`
	Read    string             `json:"read"`
	Unknown string             `json:"unknown,omitempty"`
}

func runClassifyPredict(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "classify predict", "-model PATH -text TEXT [-json]", classifyPredictAbout)
	model := fs.String("model", "", "classifier `PATH`")
	text := fs.String("text", "", "the `TEXT` to classify (a headline or sentence), or - to read one per line from standard input")
	read := fs.Bool("read", false, "show the decision forming word by word")
	asJSON := fs.Bool("json", false, "print one JSON object per text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !setFlag(fs, "text") {
		return usagef("-text is required (the text to classify, or - for lines from standard input)")
	}
	m, _, err := loadClassifier(*model)
	if err != nil {
		return err
	}
	texts := []string{*text}
	if *text == "-" {
		data, err := io.ReadAll(io.LimitReader(e.stdin, classify.MaxFileBytes+1))
		if err != nil {
			return fmt.Errorf("cannot read standard input: %v", err)
		}
		if len(data) > classify.MaxFileBytes {
			return fmt.Errorf("standard input is larger than %d MiB", classify.MaxFileBytes>>20)
		}
		texts = nil
		for _, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) != "" {
				texts = append(texts, line)
			}
		}
		if len(texts) == 0 {
			return fmt.Errorf("standard input has no text: %w", classify.ErrEmptyText)
		}
	}
	for _, t := range texts {
		if err := predictOne(e.stdout, m, t, *read, *asJSON); err != nil {
			if len(texts) > 1 {
				return fmt.Errorf("%s: %v", quoteStart(t), err)
			}
			return err
		}
	}
	return nil
}

func predictOne(w io.Writer, m *classify.Model, text string, read, asJSON bool) error {
	var p *classify.Prediction
	var rd *classify.Reading
	var err error
	if read {
		if rd, err = m.Read(text); err == nil {
			p = &rd.Prediction
		}
	} else {
		p, err = m.Predict(text)
	}
	if err != nil {
		return err
	}
	if asJSON {
		res := classifyPrediction{Text: text, Label: p.Label, Probs: map[string]float64{}, Read: p.Read, Unknown: string(p.Unknown)}
		for k, l := range m.Labels {
			res.Probs[l] = p.Probs[k]
		}
		b, _ := json.Marshal(res)
		fmt.Fprintf(w, "%s\n", b)
		return nil
	}
	fmt.Fprintf(w, "%s (%.1f%%)", p.Label, 100*p.Probs[p.Class])
	for k, l := range m.Labels {
		if k != p.Class {
			fmt.Fprintf(w, "  %s %.1f%%", l, 100*p.Probs[k])
		}
	}
	fmt.Fprintln(w)
	if len(p.Unknown) > 0 {
		fmt.Fprintf(w, "left out %d characters the model never saw: %s\n", len(p.Unknown), string(p.Unknown))
	}
	if rd != nil {
		printReading(w, m, rd)
	}
	return nil
}

// printReading shows, at the end of each word, the text so far and the
// label the model would give it.
func printReading(w io.Writer, m *classify.Model, rd *classify.Reading) {
	for t, r := range rd.Chars {
		if t+1 < len(rd.Chars) && !(r != ' ' && rd.Chars[t+1] == ' ') {
			continue
		}
		probs := rd.Prefix[t]
		best := 0
		for k, v := range probs {
			if v > probs[best] {
				best = k
			}
		}
		fmt.Fprintf(w, "  %-10s %5.1f%%  %s\n", m.Labels[best], 100*probs[best], string(rd.Chars[:t+1]))
	}
}

func setFlag(fs *flagSet, name string) bool { return flagsSet(fs)[name] }

// quoteStart quotes s, cut to its first 40 characters.
func quoteStart(s string) string {
	if r := []rune(s); len(r) > 40 {
		return fmt.Sprintf("%q…", string(r[:40]))
	}
	return fmt.Sprintf("%q", s)
}

// inspectClassifier describes a classifier checkpoint for rnntrain inspect.
func inspectClassifier(w io.Writer, path string, asJSON bool) error {
	m, info, err := loadClassifier(path)
	if err != nil {
		return err
	}
	nc := m.Net.Config
	res := struct {
		Kind          string       `json:"kind"`
		Cell          string       `json:"cell"`
		Hidden        int          `json:"hidden"`
		Layers        int          `json:"layers"`
		Bidirectional bool         `json:"bidirectional"`
		Pool          string       `json:"pool"`
		Embed         int          `json:"embed"`
		Fold          bool         `json:"fold"`
		Labels        []string     `json:"labels"`
		Vocab         int          `json:"vocab"`
		Chars         string       `json:"chars"`
		Params        int          `json:"params"`
		Steps         int          `json:"steps"`
		TextsSeen     int64        `json:"texts_seen"`
		CharsTrained  int64        `json:"chars_trained"`
		Batch         int          `json:"batch"`
		Optim         string       `json:"optim"`
		LR            float64      `json:"lr"`
		Seed          uint64       `json:"seed"`
		Tensors       []tensorInfo `json:"tensors"`
	}{Kind: "classifier", Cell: nc.Stack.Cell.String(), Hidden: nc.Stack.Hidden, Layers: nc.Stack.Layers,
		Bidirectional: nc.Stack.Bidirectional, Pool: nc.Pool.String(), Embed: nc.Embed, Fold: m.Fold, Labels: m.Labels,
		Vocab: m.Vocab.Size(), Chars: string(m.Vocab.Runes()), Params: core.ParamCount(m.Net.Params()),
		Steps: info.Steps, TextsSeen: info.Seen, CharsTrained: info.Chars, Batch: info.Config.Batch,
		Optim: info.Config.Optim, LR: info.Config.LR, Seed: info.Config.Seed}
	for _, p := range m.Net.Params() {
		res.Tensors = append(res.Tensors, tensorInfo{p.Name, p.Shape})
	}
	if asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\n", b)
		return nil
	}
	fmt.Fprintf(w, "classifier: %s, %d parameters\n", describeNet(res.Cell, res.Bidirectional, res.Layers, res.Hidden, res.Embed, res.Pool), res.Params)
	fmt.Fprintf(w, "labels:     %s\n", strings.Join(res.Labels, ", "))
	fold := "as written"
	if res.Fold {
		fold = "folded to lower case"
	}
	fmt.Fprintf(w, "vocabulary: %d characters (%s): %s\n", res.Vocab, fold, quoteChars(m.Vocab.Runes()))
	fmt.Fprintf(w, "trained:    %d steps, %d texts, %d characters; batch %d, %s lr %g, seed %d\n",
		res.Steps, res.TextsSeen, res.CharsTrained, res.Batch, res.Optim, res.LR, res.Seed)
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
