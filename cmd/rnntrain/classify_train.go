package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"rnnlab/classify"
	"rnnlab/core"
)

const classifyTrainAbout = `Trains a character-level classifier on a file of label<TAB>text lines.
Held-out accuracy is measured on -val (a file with the same labels) or, without
it, on a -valfrac share of each label's lines kept out of training. Training
stops after -steps updates, or -epochs passes over the data, or -time of wall
time, or as soon as the held-out accuracy reaches -target, whichever comes
first. Every -every steps it reports and writes the model (-save). Ctrl-C
saves the model and exits cleanly (to -save, or to a new
rnntrain-interrupted*.safetensors in the current directory).

With -json it prints one JSON object per line ("event": "start", "report" or
"final"; reports carry step, epoch, train_loss, train_accuracy, val_loss,
val_accuracy, chars_per_s, chars_trained, wall_s and train_s; the final one
also labels and confusion, rows the true label, columns the decided one).
chars_per_s counts training characters per second of update time (train_s),
leaving out evaluation and saving; wall_s includes them.`

// classifyTrainFlags are the settings of one classify train command.
type classifyTrainFlags struct {
	input, val, save          string
	cell, pool, optim, dtype  string
	hidden, layers, embed     int
	batch, steps, epochs      int
	every                     int
	bidir, fold               bool
	lr, clip, valFrac, target float64
	wordDrop                  float64
	seed                      uint64
	limit                     time.Duration
	json, overwrite           bool
}

func (f *classifyTrainFlags) register(fs *flagSet, d classify.Config) {
	fs.StringVar(&f.input, "input", "", "training `FILE` of label<TAB>text lines, or - for standard input")
	fs.StringVar(&f.val, "val", "", "held-out `FILE` of label<TAB>text lines with the same labels (default: -valfrac of -input)")
	fs.Float64Var(&f.valFrac, "valfrac", 0.1, "without -val, the share of each label's lines held out")
	fs.StringVar(&f.cell, "cell", d.Cell.String(), "recurrent cell: lstm, gru, rnn_tanh or rnn_relu")
	fs.IntVar(&f.hidden, "hidden", d.Hidden, "hidden units per layer and direction")
	fs.IntVar(&f.layers, "layers", d.Layers, "stacked recurrent layers (1 to 3)")
	fs.IntVar(&f.embed, "embed", d.Embed, "character embedding width `N` (0 = one-hot characters)")
	fs.BoolVar(&f.bidir, "bidir", d.Bidirectional, "read in both directions (-bidir=false: left to right only)")
	fs.StringVar(&f.pool, "pool", d.Pool.String(), "how the states become one vector: final (last state of each direction) or mean (over positions)")
	fs.BoolVar(&f.fold, "fold", d.Fold, "read texts in lower case with one kind of quote, apostrophe and dash (-fold=false: as written)")
	fs.IntVar(&f.batch, "batch", d.Batch, "texts per update (texts of one length)")
	fs.StringVar(&f.optim, "optim", d.Optim, "optimizer: adam, adagrad, rmsprop or sgd")
	fs.Float64Var(&f.lr, "lr", d.LR, "learning rate")
	fs.Float64Var(&f.clip, "clip", d.Clip, "clip the global gradient norm to this (0 = off)")
	fs.Float64Var(&f.wordDrop, "worddrop", d.WordDrop, "chance that a word of a training text is left out for an epoch (word dropout; 0 = off)")
	fs.Uint64Var(&f.seed, "seed", d.Seed, "random seed for initialisation, batches and the held-out split")
	fs.IntVar(&f.steps, "steps", 0, "stop after this many updates (0 = no limit)")
	fs.IntVar(&f.epochs, "epochs", 4, "stop after this many passes over the training lines (0 = no limit)")
	fs.DurationVar(&f.limit, "time", 0, "stop after this much wall time, e.g. 90s (0 = no limit)")
	fs.Float64Var(&f.target, "target", 0, "stop at the first report whose held-out accuracy reaches this, e.g. 0.8 (0 = never)")
	fs.IntVar(&f.every, "every", 100, "report, evaluate and save every `N` steps (0 = only at the end)")
	fs.StringVar(&f.save, "save", "", "write the model to `PATH` (a .safetensors file) at every report, at the end and on Ctrl-C")
	fs.StringVar(&f.dtype, "dtype", "f64", "element type of the saved tensors: f64 or f32 (half the size)")
	fs.BoolVar(&f.overwrite, "overwrite", false, "allow -save to replace an existing file")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per report instead of text")
}

// config turns the flags into a classifier configuration.
func (f *classifyTrainFlags) config() (classify.Config, error) {
	cell, err := core.ParseCell(f.cell)
	if err != nil {
		return classify.Config{}, usagef("-cell: %v", err)
	}
	pool, err := core.ParsePool(f.pool)
	if err != nil {
		return classify.Config{}, usagef("-pool: %v", err)
	}
	cfg := classify.Config{Cell: cell, Hidden: f.hidden, Layers: f.layers, Embed: f.embed, Bidirectional: f.bidir,
		Pool: pool, Fold: f.fold, Batch: f.batch, Optim: f.optim, LR: f.lr, Clip: f.clip, WordDrop: f.wordDrop, Seed: f.seed}
	if err := cfg.Validate(); err != nil {
		return cfg, usageError{err}
	}
	return cfg, nil
}

func (f *classifyTrainFlags) check() error {
	switch {
	case f.steps < 0:
		return usagef("-steps %d is negative", f.steps)
	case f.epochs < 0:
		return usagef("-epochs %d is negative", f.epochs)
	case f.every < 0:
		return usagef("-every %d is negative", f.every)
	case f.limit < 0:
		return usagef("-time %v is negative", f.limit)
	case !(f.valFrac >= 0 && f.valFrac <= 0.5):
		return usagef("-valfrac %v is out of range (0 to 0.5)", f.valFrac)
	case !(f.target >= 0 && f.target <= 1):
		return usagef("-target %v is out of range (0 to 1)", f.target)
	case f.dtype != "f64" && f.dtype != "f32":
		return usagef("-dtype %q: want f64 or f32", f.dtype)
	case f.steps == 0 && f.epochs == 0 && f.limit == 0 && f.target == 0:
		return usagef("nothing would stop training: give -steps, -epochs, -time or -target")
	}
	if f.save == "" {
		return nil
	}
	if f.input != "" && f.input != "-" && (samePath(f.save, f.input) || samePath(f.save, f.val)) {
		return usagef("-save %s is a data file; choose another file name", f.save)
	}
	if err := checkWritable(f.save); err != nil {
		return err
	}
	if _, err := os.Stat(f.save); err == nil && !f.overwrite {
		return usagef("-save %s already exists; choose another file name, or pass -overwrite to replace it", f.save)
	}
	return nil
}

func runClassifyTrain(ctx context.Context, e *env, args []string) error {
	var f classifyTrainFlags
	fs := newFlagSet(e, "classify train", "-input FILE.tsv [flags]", classifyTrainAbout)
	f.register(fs, classify.DefaultConfig())
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	train, err := readLabelled(e, f.input, "input")
	if err != nil {
		return err
	}
	var val *classify.Dataset
	if f.val != "" {
		if val, err = readLabelled(e, f.val, "val"); err != nil {
			return err
		}
		if val, err = val.Relabel(train.Labels); err != nil {
			return fmt.Errorf("%s: %v", f.val, strings.Replace(err.Error(), "the model knows", "the training file has", 1))
		}
	} else if f.valFrac > 0 {
		train, val = train.Split(f.valFrac, rand.New(rand.NewPCG(f.seed, 0x76616c))) // "val"
	}
	t, err := classify.NewTrainer(train, cfg)
	if err != nil {
		return fmt.Errorf("cannot train on %s: %v", f.input, err)
	}
	if f.save == "" {
		fmt.Fprintln(e.stderr, "note: no -save given, so the trained model will not be kept (Ctrl-C still saves one)")
	}
	return classifyLoop(ctx, e.stdout, &f, t, val)
}

// classifyReport is one progress report; the final one carries more.
type classifyReport struct {
	Event         string   `json:"event"`
	Step          int      `json:"step"`
	Epoch         float64  `json:"epoch"`
	TrainLoss     *float64 `json:"train_loss"`
	TrainAccuracy *float64 `json:"train_accuracy"`
	ValLoss       *float64 `json:"val_loss"`
	ValAccuracy   *float64 `json:"val_accuracy"`
	CharsPerS     float64  `json:"chars_per_s"`
	CharsTrained  int64    `json:"chars_trained"`
	TextsSeen     int64    `json:"texts_seen"`
	WallS         float64  `json:"wall_s"`
	TrainS        float64  `json:"train_s"`
	Checkpoint    string   `json:"checkpoint,omitempty"`
	Stopped       string   `json:"stopped,omitempty"` // steps, epochs, time, target, interrupted or diverged
	*classifyFinal
}

// classifyFinal is what only the final report has.
type classifyFinal struct {
	Labels    []string `json:"labels"`
	Confusion [][]int  `json:"confusion,omitempty"`
	ValN      int      `json:"val_n"`
	Params    int      `json:"params"`
	Vocab     int      `json:"vocab"`
}

// classifyStart describes the run once.
type classifyStart struct {
	Event         string   `json:"event"`
	Cell          string   `json:"cell"`
	Hidden        int      `json:"hidden"`
	Layers        int      `json:"layers"`
	Embed         int      `json:"embed"`
	Bidirectional bool     `json:"bidirectional"`
	Pool          string   `json:"pool"`
	Fold          bool     `json:"fold"`
	Batch         int      `json:"batch"`
	Optim         string   `json:"optim"`
	LR            float64  `json:"lr"`
	Clip          float64  `json:"clip"`
	WordDrop      float64  `json:"worddrop"`
	Seed          uint64   `json:"seed"`
	Labels        []string `json:"labels"`
	Vocab         int      `json:"vocab"`
	Params        int      `json:"params"`
	TrainTexts    int      `json:"train_texts"`
	ValTexts      int      `json:"val_texts"`
}

// classifyLoop trains until a stop condition, reporting and saving.
func classifyLoop(ctx context.Context, w io.Writer, f *classifyTrainFlags, t *classify.Trainer, val *classify.Dataset) error {
	c, m := t.Config, t.Model
	start := classifyStart{Event: "start", Cell: c.Cell.String(), Hidden: c.Hidden, Layers: c.Layers, Embed: c.Embed,
		Bidirectional: c.Bidirectional, Pool: c.Pool.String(), Fold: c.Fold, Batch: c.Batch, Optim: c.Optim, LR: c.LR,
		Clip: c.Clip, WordDrop: c.WordDrop, Seed: c.Seed, Labels: m.Labels, Vocab: m.Vocab.Size(), Params: core.ParamCount(m.Net.Params()),
		TrainTexts: t.TrainTexts()}
	if val != nil {
		start.ValTexts = len(val.Examples)
	}
	printStart(w, f.json, start)

	began := time.Now()
	var trainTime time.Duration
	var winLoss, winAcc float64
	var winN int
	dtype := strings.ToUpper(f.dtype)
	report := func(event string) (classifyReport, *classify.Eval, error) {
		r := classifyReport{Event: event, Step: t.Steps, Epoch: float64(t.Epochs) + t.EpochFraction(),
			CharsTrained: t.Chars, TextsSeen: t.Seen, WallS: time.Since(began).Seconds(), TrainS: trainTime.Seconds()}
		if winN > 0 {
			r.TrainLoss, r.TrainAccuracy = jsonFloat(winLoss/float64(winN)), jsonFloat(winAcc/float64(winN))
			winLoss, winAcc, winN = 0, 0, 0
		}
		if s := trainTime.Seconds(); s > 0 {
			r.CharsPerS = float64(t.Chars) / s
		}
		var ev *classify.Eval
		if val != nil && len(val.Examples) > 0 {
			var err error
			if ev, err = m.Evaluate(val); err != nil {
				return r, nil, fmt.Errorf("evaluation failed at step %d: %v", t.Steps, err)
			}
			r.ValLoss, r.ValAccuracy = jsonFloat(ev.Loss), jsonFloat(ev.Accuracy)
		}
		if f.save != "" {
			if err := classify.Save(f.save, m, t.Info(), dtype); err != nil {
				return r, ev, fmt.Errorf("cannot save the model at step %d to %s: %v (the previous file, if any, is unchanged)", t.Steps, f.save, err)
			}
			r.Checkpoint = f.save
		}
		return r, ev, nil
	}
	finish := func(why string) error {
		r, ev, err := report("final")
		if err != nil {
			return err
		}
		r.Stopped = why
		r.classifyFinal = &classifyFinal{Labels: m.Labels, Params: start.Params, Vocab: start.Vocab}
		if ev != nil {
			r.Confusion, r.ValN = ev.Confusion, ev.N
		}
		printReport(w, f.json, r)
		return nil
	}

	for {
		switch {
		case f.steps > 0 && t.Steps >= f.steps:
			return finish("steps")
		case f.epochs > 0 && t.Epochs >= f.epochs:
			return finish("epochs")
		case f.limit > 0 && time.Since(began) >= f.limit:
			return finish("time")
		case ctx.Err() != nil:
			if f.save == "" {
				f.save = freshName("rnntrain-interrupted", ".safetensors")
			}
			if err := finish("interrupted"); err != nil {
				return fmt.Errorf("interrupted at step %d, and %v", t.Steps, err)
			}
			if !f.json {
				fmt.Fprintf(w, "interrupted at step %d; model saved to %s\n", t.Steps, f.save)
			}
			return nil
		}
		before := time.Now()
		loss, acc, err := t.Step()
		trainTime += time.Since(before)
		if errors.Is(err, classify.ErrDiverged) {
			kept := "nothing was saved (no -save)"
			if f.save != "" {
				if serr := finish("diverged"); serr != nil {
					kept = serr.Error()
				} else {
					kept = fmt.Sprintf("the last good model (step %d) is saved in %s", t.Steps, f.save)
				}
			}
			return fmt.Errorf("%v; %s", err, kept)
		} else if err != nil {
			return fmt.Errorf("training step %d failed: %v", t.Steps+1, err)
		}
		winLoss, winAcc, winN = winLoss+loss, winAcc+acc, winN+1
		if f.every > 0 && t.Steps%f.every == 0 {
			r, _, err := report("report")
			if err != nil {
				return err
			}
			printReport(w, f.json, r)
			if f.target > 0 && r.ValAccuracy != nil && *r.ValAccuracy >= f.target {
				return finish("target")
			}
		}
	}
}

func printStart(w io.Writer, asJSON bool, s classifyStart) {
	if asJSON {
		b, _ := json.Marshal(s)
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	fmt.Fprintf(w, "%s, %d characters, %d labels (%s), %d parameters\n",
		describeNet(s.Cell, s.Bidirectional, s.Layers, s.Hidden, s.Embed, s.Pool), s.Vocab, len(s.Labels), strings.Join(s.Labels, ", "), s.Params)
	fmt.Fprintf(w, "%d training and %d held-out texts; batch %d, %s lr %g, clip %g\n", s.TrainTexts, s.ValTexts, s.Batch, s.Optim, s.LR, s.Clip)
}

func printReport(w io.Writer, asJSON bool, r classifyReport) {
	if asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			fmt.Fprintf(w, "{\"event\":\"error\",\"error\":%q}\n", err.Error())
			return
		}
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	pct := func(v *float64) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100**v)
	}
	fmt.Fprintf(w, "step %d  epoch %.2f  train loss %s acc %s  held-out acc %s  %s chars/s  %s\n",
		r.Step, r.Epoch, formatLoss(r.TrainLoss), pct(r.TrainAccuracy), pct(r.ValAccuracy), humanCount(r.CharsPerS),
		formatETA(time.Duration(r.WallS*float64(time.Second))))
	if r.classifyFinal == nil {
		return
	}
	if r.Confusion != nil {
		fmt.Fprintf(w, "held-out: %s of %d texts right\n", pct(r.ValAccuracy), r.ValN)
		printConfusion(w, r.Labels, r.Confusion)
	}
	if r.Checkpoint != "" {
		fmt.Fprintf(w, "model: %s\n", r.Checkpoint)
	}
}

// describeNet names a classifier's shape in one phrase: "gru
// bidirectional, 1 layer(s) × 64 hidden, embedding 16, mean pool".
func describeNet(cell string, bidir bool, layers, hidden, embed int, pool string) string {
	dir := "left to right"
	if bidir {
		dir = "bidirectional"
	}
	input := "one-hot characters"
	if embed > 0 {
		input = fmt.Sprintf("embedding %d", embed)
	}
	return fmt.Sprintf("%s %s, %d layer(s) × %d hidden, %s, %s pool", cell, dir, layers, hidden, input, pool)
}

// printConfusion draws the confusion matrix: a row per true label, a column
// per decided label.
func printConfusion(w io.Writer, labels []string, conf [][]int) {
	width := 5
	for _, l := range labels {
		width = max(width, len([]rune(l)))
	}
	fmt.Fprintf(w, "  %-*s", width, "true\\got")
	for _, l := range labels {
		fmt.Fprintf(w, " %*s", width, l)
	}
	fmt.Fprintln(w)
	for i, row := range conf {
		fmt.Fprintf(w, "  %-*s", width, labels[i])
		for _, n := range row {
			fmt.Fprintf(w, " %*d", width, n)
		}
		fmt.Fprintln(w)
	}
}
