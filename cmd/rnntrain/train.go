package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"rnnlab/core"
)

// trainFlags are the settings of one train command.
type trainFlags struct {
	input, save, resume  string
	cell, optim          string
	hidden, layers       int
	embed, batch, seq    int
	steps, every, sample int
	lr, clip, val        float64
	seed                 uint64
	json, clean          bool
	overwrite            bool
}

const trainAbout = `Trains a character language model on a text. Losses are mean cross-entropy in
nats per character; the last -val fraction of the text is held out for
validation. Every -every steps it reports the losses, prints a sample and
writes the checkpoint (-save). Ctrl-C saves a checkpoint and exits cleanly
(to -save, or to a new rnntrain-interrupted*.ckpt in the current directory).
With -resume the model, its optimizer state and step count come from the
checkpoint and -steps more updates are made.

On a terminal a live progress bar shows step, loss, chars/s and ETA;
otherwise one plain line per report; with -json one JSON object per line
("event": "start", "report" or "final"; the final object has step,
train_loss, val_loss, chars_per_s, chars_trained and wall_s). train_loss is
the mean loss of the updates since the previous report; val_loss is measured
on the whole held-out text. chars_per_s counts training characters per second
of update time, leaving out validation, sampling and saving.`

func (f *trainFlags) register(fs *flagSet, d core.TrainConfig) {
	fs.StringVar(&f.input, "input", "", "training `FILE` (UTF-8 text), or - for standard input")
	fs.StringVar(&f.cell, "cell", d.Model.Cell.String(), "recurrent cell: lstm, gru, rnn_tanh or rnn_relu")
	fs.IntVar(&f.hidden, "hidden", d.Model.Hidden, "hidden units per layer")
	fs.IntVar(&f.layers, "layers", d.Model.Layers, "stacked recurrent layers")
	fs.IntVar(&f.embed, "embed", d.Model.Embed, "embedding width `N` (0 = one-hot input)")
	fs.IntVar(&f.batch, "batch", d.Batch, "parallel lanes of text per update")
	fs.IntVar(&f.seq, "seq", d.Seq, "characters per lane per update (truncated backpropagation length)")
	fs.IntVar(&f.steps, "steps", 1000, "updates to make in this run (added to a resumed step count)")
	fs.StringVar(&f.optim, "optim", d.Optim, "optimizer: adam, adagrad, rmsprop or sgd")
	fs.Float64Var(&f.lr, "lr", d.LR, "learning rate")
	fs.Float64Var(&f.clip, "clip", d.Clip, "clip the global gradient norm to this (0 = off)")
	fs.Float64Var(&f.val, "val", d.ValFraction, "fraction of the text, taken from its end, held out for validation")
	fs.Uint64Var(&f.seed, "seed", d.Seed, "random seed for initialisation and samples")
	fs.StringVar(&f.save, "save", "", "write the checkpoint to `PATH` (every -every steps, at the end and on Ctrl-C)")
	fs.StringVar(&f.resume, "resume", "", "continue training the checkpoint at `PATH`")
	fs.IntVar(&f.every, "every", 100, "report, sample and checkpoint every `N` steps (0 = only at the end)")
	fs.IntVar(&f.sample, "sample", 200, "characters sampled at each report (0 = none)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per report instead of text")
	fs.BoolVar(&f.clean, "clean", false, "replace invalid UTF-8 with U+FFFD and drop control characters instead of refusing the input")
	fs.BoolVar(&f.overwrite, "overwrite", false, "allow -save to replace an existing file that is not the -resume checkpoint")
}

// config turns the flags into a training configuration.
func (f *trainFlags) config() (core.TrainConfig, error) {
	cfg := core.DefaultTrainConfig()
	cell, err := core.ParseCell(f.cell)
	if err != nil {
		return cfg, usagef("-cell: %v", err)
	}
	cfg.Model = core.LMConfig{Cell: cell, Hidden: f.hidden, Layers: f.layers, Embed: f.embed}
	cfg.Batch, cfg.Seq = f.batch, f.seq
	cfg.Optim, cfg.LR, cfg.Clip = f.optim, f.lr, f.clip
	cfg.ValFraction, cfg.Seed = f.val, f.seed
	return cfg, nil
}

func runTrain(ctx context.Context, e *env, args []string) error {
	defaults := core.DefaultTrainConfig()
	var f trainFlags
	fs := newFlagSet(e, "train", "-input FILE [flags]", trainAbout)
	f.register(fs, defaults)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	set := flagsSet(fs)
	switch {
	case f.steps < 0:
		return usagef("-steps %d is negative", f.steps)
	case f.every < 0:
		return usagef("-every %d is negative", f.every)
	case f.sample < 0 || f.sample > 1_000_000:
		return usagef("-sample %d is out of range (0 to 1000000)", f.sample)
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	// A resumed run continues the checkpoint's configuration; only the
	// learning rate, the clip and the sampling seed may change.
	var ck *core.Checkpoint
	if f.resume != "" {
		if ck, err = loadCheckpoint(f.resume); err != nil {
			return err
		}
		if err := checkResumeFlags(&f, set, cfg, ck); err != nil {
			return err
		}
		resumed := ck.Config
		if resumed.Optim == "" { // saved without optimizer state: start a fresh one
			resumed.Optim = f.optim
		}
		if set["lr"] {
			resumed.LR = f.lr
		}
		if set["clip"] {
			resumed.Clip = f.clip
		}
		cfg = resumed
	}
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	if err := checkSavePath(&f); err != nil {
		return err
	}

	text, err := readText(e, f.input, f.clean)
	if err != nil {
		return err
	}
	if err := core.ValidateText(text); err != nil {
		return err
	}

	var t *core.Trainer
	if ck != nil {
		ck.Config = cfg
		t, err = core.ResumeTrainer(ck, text)
		if err != nil {
			hint := ""
			if strings.Contains(err.Error(), "vocabulary") {
				hint = " (the checkpoint was trained on a text with other characters)"
			}
			return fmt.Errorf("cannot resume %s on this text: %v%s", f.resume, err, hint)
		}
	} else {
		t, err = core.NewTrainer(text, cfg)
		if err != nil {
			hint := ""
			if strings.Contains(err.Error(), "needs at least") {
				hint = "; use a longer text or a smaller -batch or -seq"
			}
			return fmt.Errorf("cannot train on this text: %v%s", err, hint)
		}
	}

	if f.save == "" {
		fmt.Fprintln(e.stderr, "note: no -save given, so the trained model will not be kept (Ctrl-C still saves one)")
	}
	out := newTrainOutput(e.stdout, f.json)
	return trainLoop(ctx, &f, t, out)
}

// checkSavePath finds an unusable -save before any time is spent training,
// and refuses to replace a file that is neither the resumed checkpoint nor
// explicitly allowed with -overwrite.
func checkSavePath(f *trainFlags) error {
	if f.save == "" {
		return nil
	}
	if f.input != "" && f.input != "-" && samePath(f.save, f.input) {
		return usagef("-save %s is the input text; choose another file name", f.save)
	}
	if err := checkWritable(f.save); err != nil {
		return err
	}
	if _, err := os.Stat(f.save); err == nil && !f.overwrite && !samePath(f.save, f.resume) {
		return usagef("-save %s already exists; resume it with -resume %s, choose another file name, or pass -overwrite to replace it", f.save, f.save)
	}
	return nil
}

// checkResumeFlags refuses settings given on the command line that the
// checkpoint contradicts: a resumed run continues the checkpoint's model and
// data layout.
func checkResumeFlags(f *trainFlags, set map[string]bool, cfg core.TrainConfig, ck *core.Checkpoint) error {
	have := ck.Config
	type check struct {
		flag      string
		same      bool
		got, want any
	}
	checks := []check{
		{"cell", cfg.Model.Cell == have.Model.Cell, f.cell, have.Model.Cell},
		{"hidden", cfg.Model.Hidden == have.Model.Hidden, f.hidden, have.Model.Hidden},
		{"layers", cfg.Model.Layers == have.Model.Layers, f.layers, have.Model.Layers},
		{"embed", cfg.Model.Embed == have.Model.Embed, f.embed, have.Model.Embed},
		{"batch", cfg.Batch == have.Batch, f.batch, have.Batch},
		{"seq", cfg.Seq == have.Seq, f.seq, have.Seq},
		{"optim", cfg.Optim == have.Optim || have.Optim == "", f.optim, have.Optim},
		{"val", cfg.ValFraction == have.ValFraction, f.val, have.ValFraction},
	}
	for _, c := range checks {
		if set[c.flag] && !c.same {
			return usagef("-%s %v contradicts the checkpoint %s (%s %v); drop -%s to continue it, or train a new model without -resume",
				c.flag, c.got, f.resume, c.flag, c.want, c.flag)
		}
	}
	return nil
}

// trainLoop runs the updates, reports, samples and checkpoints.
func trainLoop(ctx context.Context, f *trainFlags, t *core.Trainer, out *trainOutput) error {
	start := time.Now()
	startStep, startChars := t.Steps, t.CharsTrained
	target := startStep + f.steps
	var stepTime time.Duration
	var windowSum float64
	var windowN int
	lastTrainLoss := math.NaN()

	info := describeRun(t, f)
	out.start(info, t.Steps, target)

	stats := func() trainReport {
		r := trainReport{
			Step:         t.Steps,
			Steps:        target,
			CharsTrained: t.CharsTrained,
			WallS:        time.Since(start).Seconds(),
			LR:           t.Opt.LR(),
			GradNorm:     finiteOrZero(t.LastGradNorm),
		}
		if windowN > 0 {
			lastTrainLoss = windowSum / float64(windowN)
			windowSum, windowN = 0, 0
		}
		r.TrainLoss = jsonFloat(lastTrainLoss)
		if s := stepTime.Seconds(); s > 0 {
			r.CharsPerS = float64(t.CharsTrained-startChars) / s
		}
		return r
	}
	validate := func(r *trainReport) error {
		if len(t.Val) == 0 {
			return nil
		}
		v, err := t.ValLoss()
		if err != nil {
			return fmt.Errorf("validation failed at step %d: %v", t.Steps, err)
		}
		r.ValLoss = jsonFloat(v)
		return nil
	}
	save := func(path string) error {
		if err := core.SaveCheckpoint(path, t.Checkpoint()); err != nil {
			return fmt.Errorf("cannot save the checkpoint at step %d to %s: %v (the previous checkpoint, if any, is unchanged)", t.Steps, path, err)
		}
		return nil
	}
	// milestone is a full report: losses, a sample and the checkpoint.
	milestone := func() (trainReport, error) {
		r := stats()
		if err := validate(&r); err != nil {
			return r, err
		}
		if f.sample > 0 {
			r.Sample = sampleFor(t, f, f.sample)
		}
		if f.save != "" {
			if err := save(f.save); err != nil {
				return r, err
			}
			r.Checkpoint = f.save
		}
		return r, nil
	}

	for t.Steps < target {
		if ctx.Err() != nil {
			return interrupted(f, t, out, stats, save)
		}
		before := time.Now()
		loss, err := t.Step()
		stepTime += time.Since(before)
		if err != nil {
			if errors.Is(err, core.ErrDiverged) {
				return diverged(f, t, out, stats, save, err)
			}
			return fmt.Errorf("training step %d failed: %v", t.Steps+1, err)
		}
		windowSum += loss
		windowN++
		done := t.Steps - startStep
		out.progress(t.Steps, target, loss, float64(t.CharsTrained-startChars)/max(stepTime.Seconds(), 1e-9), eta(time.Since(start), done, target-t.Steps))

		if f.every > 0 && done%f.every == 0 && t.Steps < target {
			r, err := milestone()
			if err != nil {
				return err
			}
			out.report(r)
		}
	}

	r, err := milestone()
	if err != nil {
		return err
	}
	r.runInfo = &info
	out.final(r)
	return nil
}

// interrupted saves the checkpoint after Ctrl-C and ends the run cleanly.
func interrupted(f *trainFlags, t *core.Trainer, out *trainOutput, stats func() trainReport, save func(string) error) error {
	path := f.save
	if path == "" {
		path = freshName("rnntrain-interrupted", ".ckpt")
	}
	if err := save(path); err != nil {
		return fmt.Errorf("interrupted at step %d, and %v", t.Steps, err)
	}
	r := stats()
	r.Interrupted = true
	r.Checkpoint = path
	out.final(r)
	out.note(fmt.Sprintf("interrupted at step %d; checkpoint saved to %s (continue with -resume %s)", t.Steps, path, path))
	return nil
}

// diverged stops training whose loss went non-finite. Step has restored the
// last good parameters and optimizer state; they are saved to -save when
// given, so a diverged run never leaves a broken checkpoint behind.
func diverged(f *trainFlags, t *core.Trainer, out *trainOutput, stats func() trainReport, save func(string) error, cause error) error {
	r := stats()
	r.Diverged = true
	kept := "nothing was saved (no -save)"
	if f.save != "" {
		if err := save(f.save); err != nil {
			kept = err.Error()
		} else {
			kept = fmt.Sprintf("the last good state (step %d) is saved in %s", t.Steps, f.save)
			r.Checkpoint = f.save
		}
	}
	out.final(r)
	msg := fmt.Sprintf("%v; %s", cause, kept)
	if !strings.Contains(msg, "learning rate") {
		msg += fmt.Sprintf("; try a lower learning rate, e.g. -lr %g", t.Config.LR/10)
	}
	return errors.New(msg)
}

// sampleFor draws a report sample with a generator seeded from the run's seed
// and step, so reruns print the same samples.
func sampleFor(t *core.Trainer, f *trainFlags, n int) string {
	rng := rand.New(rand.NewPCG(f.seed, uint64(t.Steps)))
	s, err := t.Model.Sample(rng, core.SampleOptions{N: n, Temperature: 0.8})
	if err != nil {
		return fmt.Sprintf("(no sample: %v)", err)
	}
	return s
}

// eta estimates the time left from the pace so far.
func eta(elapsed time.Duration, done, left int) time.Duration {
	if done <= 0 {
		return -1
	}
	return time.Duration(float64(elapsed) / float64(done) * float64(left))
}

// freshName returns base+ext, or base-2+ext, base-3+ext, ... whichever does
// not exist yet, so an automatic save never replaces a file.
func freshName(base, ext string) string {
	name := base + ext
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d%s", base, i, ext)
	}
}

func describeRun(t *core.Trainer, f *trainFlags) runInfo {
	c := t.Config
	return runInfo{
		Cell:       c.Model.Cell.String(),
		Hidden:     c.Model.Hidden,
		Layers:     c.Model.Layers,
		Embed:      c.Model.Embed,
		Batch:      c.Batch,
		Seq:        c.Seq,
		Optim:      c.Optim,
		BaseLR:     c.LR,
		Clip:       c.Clip,
		Vocab:      t.Model.Vocab.Size(),
		Params:     core.ParamCount(t.Model.Params()),
		TrainChars: len(t.Train),
		ValChars:   len(t.Val),
		Seed:       c.Seed,
		Resumed:    f.resume,
	}
}
