package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"rnnlab/core"
)

const sampleAbout = `Generates text from a checkpoint, one character at a time. -temperature 0
always takes the most likely character; higher values are more adventurous.
-topk K draws only among the K most likely characters (0 = all). The priming
text is fed to the model first and printed before the generated text;
characters of it outside the model's vocabulary are skipped. The same -seed
gives the same text.`

// maxSampleChars bounds -n as core does.
const maxSampleChars = core.MaxSample

func runSample(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "sample", "-model PATH [flags]", sampleAbout)
	model := fs.String("model", "", "checkpoint `PATH`")
	n := fs.Int("n", 500, "characters to generate")
	temperature := fs.Float64("temperature", 0.8, "sampling temperature (0 = greedy)")
	topk := fs.Int("topk", 0, "sample among the K most likely characters only (0 = all)")
	prime := fs.String("prime", "", "`TEXT` to start from")
	seed := fs.Uint64("seed", 1, "random seed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *n < 0 || *n > maxSampleChars:
		return usagef("-n %d is out of range (0 to %d)", *n, maxSampleChars)
	case math.IsNaN(*temperature) || *temperature < 0 || *temperature > 100:
		return usagef("-temperature %v is out of range (0 to 100)", *temperature)
	case *topk < 0:
		return usagef("-topk %d is negative", *topk)
	}
	ck, err := loadCheckpoint(*model)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seed, 0x5a3b1e))
	text, err := ck.Model.Sample(rng, core.SampleOptions{N: *n, Temperature: *temperature, TopK: *topk, Prime: *prime})
	if err != nil {
		return fmt.Errorf("sampling failed: %v", err)
	}
	if _, skipped := ck.Model.Vocab.EncodeKnown(*prime); skipped > 0 {
		fmt.Fprintf(e.stderr, "note: %d characters of -prime are not in the model's vocabulary and were skipped\n", skipped)
	}
	fmt.Fprintf(e.stdout, "%s%s\n", *prime, text)
	return nil
}
