// Package lab is the session between the numerical core and the views: it
// owns the text, the model, the optimizer and the settings, trains in
// wall-time slices (Advance), and hands the views an immutable Snapshot with
// the loss history, a live sample and the trace of a passage (every layer's
// values and how the gradient flowed back through it). It also reads and
// writes the settings as a URL fragment (ParseHash, FormatHash).
//
// Each of the session's jobs has its own file: texts.go (the built-in and
// the learner's texts, and why a text is refused), passage.go (the stretch
// of held-out text the views show), schedule.go (when the trace, sample and
// validation loss are computed again), history.go (the loss curves, the
// previous run, the blow-ups), meter.go (characters per second) and
// learner.go (what is trained: the language model, behind a small
// interface that a classifier can implement too). session.go ties them.
//
// lab never writes a sentence: what it says (problems with a link, why a
// text was refused, why training stopped) are words.Msg keys with values,
// which the views format in the learner's language.
//
// It imports no graphics, so it is tested natively and under wasm alike.
package lab
