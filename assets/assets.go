package assets

import (
	_ "embed"
)

//go:embed corpora/patterns.txt
var patterns string

//go:embed corpora/russian.txt
var russian string

// Corpus is a named built-in text.
type Corpus struct {
	Name  string // short name used in URLs and flags
	Title string // what the user sees
	Text  string
}

// Corpora lists the built-in texts; the first is the default.
func Corpora() []Corpus {
	return []Corpus{
		{Name: "patterns", Title: "Patterns (English: quotes, brackets, agreement)", Text: patterns},
		{Name: "russian", Title: "Узоры (Russian: agreement, «quotes»)", Text: russian},
	}
}
