package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"rnnlab/classify"
	"rnnlab/core/safetensors"
)

// classifyCommands are the subcommands of rnntrain classify.
var classifyCommands = []command{
	{"train", "train a text classifier on a label<TAB>text file", runClassifyTrain},
	{"eval", "accuracy and confusion matrix of a classifier on a label<TAB>text file", runClassifyEval},
	{"predict", "the label a classifier gives a text, with its probabilities", runClassifyPredict},
}

// runClassify dispatches rnntrain classify SUBCOMMAND.
func runClassify(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("which one? %s (see rnntrain classify -h)", classifyNames())
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printClassifyOverview(e.stdout)
		return nil
	}
	for _, c := range classifyCommands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return usagef("unknown subcommand %q (want %s)", args[0], classifyNames())
}

func classifyNames() string {
	names := make([]string, len(classifyCommands))
	for i, c := range classifyCommands {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func printClassifyOverview(w io.Writer) {
	fmt.Fprint(w, `rnntrain classify trains and runs character-level text classifiers: an
embedding, a recurrent network (one-directional or bidirectional, 1 to 3
layers), pooling (final state or mean) and a linear layer with softmax.
Data files have one label<TAB>text per line.

Usage:
  rnntrain classify SUBCOMMAND [flags]

Subcommands:
`)
	for _, c := range classifyCommands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Examples:
  rnntrain classify train -input topics-en-train.tsv -val topics-en-test.tsv -save topics.safetensors
  rnntrain classify eval -model topics.safetensors -input handwritten-en.tsv -json
  rnntrain classify predict -model topics.safetensors -text "Central bank cuts rates again"

Run "rnntrain classify SUBCOMMAND -h" for its flags.
`)
}

// readLabelled reads and parses a label<TAB>text file ("-" is stdin).
func readLabelled(e *env, path, flagName string) (*classify.Dataset, error) {
	if path == "" {
		return nil, usagef("-%s is required (a file of label<TAB>text lines, or - for standard input)", flagName)
	}
	name, r := path, io.Reader(nil)
	if path == "-" {
		name, r = "standard input", e.stdin
	} else {
		st, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, plainPathError(err))
		}
		if st.IsDir() {
			return nil, fmt.Errorf("cannot read %s: it is a directory, not a file", path)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, plainPathError(err))
		}
		defer f.Close()
		r = f
	}
	d, err := classify.ReadTSV(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return d, nil
}

// loadClassifier reads a classifier checkpoint, with a message that names
// the file and says what it is when it is a language model.
func loadClassifier(path string) (*classify.Model, *classify.Info, error) {
	if path == "" {
		return nil, nil, usagef("-model is required (a classifier written by rnntrain classify train -save)")
	}
	if st, err := os.Stat(path); err != nil {
		return nil, nil, fmt.Errorf("cannot read model: %w", plainPathError(err))
	} else if st.IsDir() {
		return nil, nil, fmt.Errorf("cannot read model: %s is a directory", path)
	}
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s is not a usable classifier: %v", path, trimPathPrefix(err, path))
	}
	if f.Metadata["format"] == "rnnlab-lm-1" {
		return nil, nil, fmt.Errorf("%s is a language model, not a classifier (use rnntrain sample or eval with it)", path)
	}
	m, info, err := classify.FromFile(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s is not a usable classifier: %v", path, err)
	}
	return m, info, nil
}

// isClassifierFile reports whether path holds a classifier checkpoint.
func isClassifierFile(path string) bool {
	f, err := safetensors.ReadFile(path)
	return err == nil && classify.IsCheckpoint(f)
}
