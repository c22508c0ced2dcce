// Package labels names what each character of a text is (inside quotes,
// inside brackets, the subject is feminine and its verb has not come yet, …)
// and finds the hidden unit of a model that tracks it: a flag.
//
// A Label holds, in rune positions of its text, the set of characters where
// it holds and the characters it governs, those whose identity it decides (the
// closing quote, a verb's ending). A label at position t describes the text
// after reading the character at t, which is what the model's state at step t
// should know to predict the character at t+1. Built-in texts ship the labels
// their generator knew (package assets); FromText computes labels from any
// text.
//
// The flag finder correlates labels with unit values: a Correlator takes one
// position at a time (so the work can be spread over frames) and gives
// Pearson's r of every unit with every label, the best units first, and says
// when a label has no examples instead of inventing a flag.
//
// The package is pure Go with no dependencies beyond the standard library.
package labels
