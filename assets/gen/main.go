package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"rnnlab/labels"
)

// A corpus the command writes: NAME.txt and NAME.labels.
type corpus struct {
	name string
	make func() (string, []labels.Label)
}

// corpora are the built-in texts, each from its own fixed seed.
var corpora = []corpus{
	{"patterns", func() (string, []labels.Label) { return english(rand.New(rand.NewPCG(1, 2)), 110_000) }},
	{"ukrainian", func() (string, []labels.Label) { return ukrainian(rand.New(rand.NewPCG(3, 4)), 90_000) }},
}

func main() {
	dir := "corpora" // as go generate runs it, in assets/
	if len(os.Args) > 1 {
		dir = os.Args[1]
	} else if _, err := os.Stat(dir); err != nil {
		dir = filepath.Join("assets", "corpora") // go run ./assets/gen from the repository
	}
	for _, c := range corpora {
		text, ls := c.make()
		files := map[string]string{c.name + ".txt": text, c.name + ".labels": labels.Format(ls)}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "gen:", err)
				os.Exit(1)
			}
		}
	}
}
