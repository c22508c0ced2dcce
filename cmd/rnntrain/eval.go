package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"rnnlab/core"
)

const evalAbout = `Measures how well a checkpoint predicts a text: the mean cross-entropy in
nats per character (also in bits) and the perplexity exp(loss). The text is
read as one stream (or -batch lanes) with the recurrent state carried from
chunk to chunk.
Characters outside the model's vocabulary cannot be scored; they are skipped
and counted.`

// evalResult is what eval prints with -json.
type evalResult struct {
	Model      string  `json:"model"`
	Input      string  `json:"input"`
	Chars      int     `json:"chars"`
	Skipped    int     `json:"skipped"`
	Loss       float64 `json:"val_loss"`
	BitsPerChr float64 `json:"bits_per_char"`
	Perplexity float64 `json:"perplexity"`
}

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "eval", "-model PATH -input FILE [flags]", evalAbout)
	model := fs.String("model", "", "checkpoint `PATH`")
	input := fs.String("input", "", "text `FILE` to score, or - for standard input")
	seq := fs.Int("seq", 0, "characters per chunk (0 = the checkpoint's training -seq)")
	batch := fs.Int("batch", 1, "read the text as this many parallel lanes (1 = one stream; the training report uses the checkpoint's -batch)")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	clean := fs.Bool("clean", false, "replace invalid UTF-8 with U+FFFD and drop control characters instead of refusing the input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *seq < 0 || *seq > 1<<20 {
		return usagef("-seq %d is out of range (0 to %d)", *seq, 1<<20)
	}
	if *batch < 1 || *batch > core.MaxBatch {
		return usagef("-batch %d is out of range (1 to %d)", *batch, core.MaxBatch)
	}
	if *input == "" {
		return usagef("-input is required (a text file, or - for standard input)")
	}
	ck, err := loadCheckpoint(*model)
	if err != nil {
		return err
	}
	text, err := readText(e, *input, *clean)
	if err != nil {
		return err
	}
	ids, skipped := ck.Model.Vocab.EncodeKnown(text)
	if len(ids) < 2 {
		return fmt.Errorf("the text has %d characters the model knows (%d skipped): at least 2 are needed to score a prediction", len(ids), skipped)
	}
	T := *seq
	if T == 0 {
		T = ck.Config.Seq
	}
	if T <= 0 {
		T = 64
	}
	T = min(T, len(ids)-1)
	loss, err := ck.Model.Evaluate(ids, *batch, T)
	if err != nil {
		return fmt.Errorf("evaluation failed: %v", err)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("the loss on this text is %v: the model's predictions are not usable numbers", loss)
	}
	res := evalResult{
		Model: *model, Input: *input, Chars: len(ids), Skipped: skipped,
		Loss: loss, BitsPerChr: loss / math.Ln2, Perplexity: math.Exp(loss),
	}
	if *asJSON {
		b, err := json.Marshal(res)
		if err != nil {
			return fmt.Errorf("the loss is not a finite number (%v)", loss)
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
		return nil
	}
	fmt.Fprintf(e.stdout, "loss %.4f nats/char (%.4f bits/char), perplexity %.3f on a text of %d characters\n",
		res.Loss, res.BitsPerChr, res.Perplexity, res.Chars)
	if skipped > 0 {
		fmt.Fprintf(e.stdout, "%d characters outside the model's vocabulary were skipped\n", skipped)
	}
	return nil
}
