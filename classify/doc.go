// Package classify reads a short text character by character with a
// recurrent network and decides its label: the "read and decide" task of
// rnnlab. It holds everything but the views: labelled TSV files
// (ParseTSV), a Dataset with a stratified Split, the Model (core's
// Classifier over a character vocabulary, with Predict, Read and Evaluate),
// a Trainer that makes one update per Step so an app can train in time
// slices, and safetensors checkpoints with PyTorch's tensor names (Save,
// Load).
//
// Texts are cleaned (NFC, single spaces) and, when the model folds, put in
// lower case with one kind of apostrophe, quote and dash (Fold), so what a
// learner types reads like the training data. Characters the model never
// saw are left out and reported.
//
// The built-in topic data (world, sport, business, science in English and
// Ukrainian) and the shipped models live in assets/classify; see its
// README for how they are made.
//
// Like core, the package is pure Go with no global state; every random
// number comes from a generator seeded by Config.Seed.
package classify
