package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	go func() {
		// After the first Ctrl-C the run saves and stops; a second one
		// gets the default behaviour and ends the program at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // something went wrong at run time
	exitUsage   = 2 // the command line asks for something unusable
)

// command is one subcommand: its name, a one-line summary for the overview,
// and the function that runs it.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

var commands = []command{
	{"train", "train a model on a text, with progress, samples and checkpoints", runTrain},
	{"sample", "generate text from a checkpoint", runSample},
	{"eval", "validation loss and perplexity of a checkpoint on a text", runEval},
	{"inspect", "cell, sizes, vocabulary, step count and tensors of a checkpoint", runInspect},
	{"bench", "the standard training-speed workload (characters per second)", runBench},
	{"classify", "train, evaluate and run text classifiers on label<TAB>text files", runClassify},
}

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// usageError marks a problem with the command line (exit code 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, a ...any) error {
	return usageError{fmt.Errorf(format, a...)}
}

// run is the whole program, callable from tests: it parses args (without the
// program name), runs the command and returns the exit code. Cancelling ctx
// is Ctrl-C.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printOverview(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		printOverview(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := runGuarded(ctx, c, e, args[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		}
		fmt.Fprintf(stderr, "rnntrain %s: %s\n", name, oneLine(err.Error()))
		var u usageError
		if errors.As(err, &u) {
			return exitUsage
		}
		return exitFailure
	}
	fmt.Fprintf(stderr, "rnntrain: unknown command %q (want train, sample, eval, inspect, bench or classify; see rnntrain -h)\n", name)
	return exitUsage
}

// runGuarded runs a command, turning a panic (a bug, in this program or in
// core) into a one-line error instead of a trace.
func runGuarded(ctx context.Context, c command, e *env, args []string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v (this is a bug; please report it with the command line)", p)
		}
	}()
	return c.run(ctx, e, args)
}

// oneLine folds a message onto a single line so that every failure is one
// line on the terminal.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", "; ")
	return strings.ReplaceAll(s, "\n", "; ")
}

func printOverview(w io.Writer) {
	fmt.Fprint(w, `rnntrain trains and measures rnnlab's character language models, and its text
classifiers, without a window.

Usage:
  rnntrain COMMAND [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Examples:
  rnntrain train -input lecture.txt -cell lstm -hidden 128 -steps 2000 -save lecture.ckpt
  rnntrain train -input lecture.txt -resume lecture.ckpt -save lecture.ckpt -steps 2000
  rnntrain sample -model lecture.ckpt -n 300 -temperature 0.7 -prime "ROMEO:"
  rnntrain eval -model lecture.ckpt -input held-out.txt
  rnntrain inspect -model lecture.ckpt
  rnntrain bench -json

Run "rnntrain COMMAND -h" for the flags of a command. Losses are in nats per
character. Exit codes: 0 ok, 1 runtime problem, 2 usage problem.
`)
}

// flagSet is a command's flags with the text its -h prints.
type flagSet struct {
	*flag.FlagSet
	synopsis, about string
	stdout          io.Writer
}

// newFlagSet returns a flag set that reports errors through run (one line)
// instead of printing usage, and prints its help to stdout on -h.
func newFlagSet(e *env, name, synopsis, about string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, synopsis: synopsis, about: about, stdout: e.stdout}
}

func (fs *flagSet) printHelp() {
	fmt.Fprintf(fs.stdout, "Usage: rnntrain %s %s\n\n%s\n\nFlags:\n", fs.Name(), fs.synopsis, fs.about)
	fs.SetOutput(fs.stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parseFlags parses args, turning every problem into a one-line usage error.
// Positional arguments are not accepted: every input has a flag.
func parseFlags(fs *flagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.printHelp()
			return err
		}
		return usagef("%v (see rnntrain %s -h)", err, fs.Name())
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q: every input is given with a flag (see rnntrain %s -h)", fs.Arg(0), fs.Name())
	}
	return nil
}

// flagsSet lists the flags given explicitly on the command line.
func flagsSet(fs *flagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
