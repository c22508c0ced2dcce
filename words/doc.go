// Package words holds every sentence the app shows, in one catalogue per
// language, and formats messages by key.
//
// Code never builds a sentence: it names one with a key and its values,
// words.M("text.too_short", n, MinTextRunes), and whoever draws it formats
// it in the learner's language with Format. So lab can say what happened
// without knowing the language, and a language switch relabels everything
// on the next frame.
//
// The catalogues are plain text files, one per language (en.txt, …), that
// a translator edits without reading Go. A line is "key = text". In the text,
// {0}, {1}, … stand for the message's values, and {0|one|other} picks the
// word that agrees with the number {0}: English has two forms (one, other),
// Ukrainian three (one, few, many). Numbers are written with the language's
// separators.
//
// Adding a language: copy en.txt to xx.txt, translate every line, add the
// language to Langs and its plural rule to pluralForm. The package's tests
// check that every key the code uses exists in every catalogue, with the
// same placeholders.
package words
