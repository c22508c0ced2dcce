// Command gen writes the built-in texts of package assets and their labels.
// The texts are generated from small grammars written for this project, so
// the generator knows, for every character, what holds there: inside quotes,
// inside brackets, which subject's verb is still to come, the start of a
// sentence. It writes each text as NAME.txt and the labels as NAME.labels
// (see package labels for the form).
//
// The texts are made so that these properties matter for predicting the next
// character, because a model grows a unit that tracks a property (a flag)
// only when it pays: in the English text, speech in quotes is shouted in
// capitals and numbers in brackets are digits; in the Ukrainian text the
// past-tense verb agrees with its subject's gender and number, and speech in
// «quotes» is in the present tense.
//
// Run it with `go generate ./assets` (or `go run ./assets/gen` from the
// repository) after changing a grammar. The output is the same every time.
package main
