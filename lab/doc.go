// Package lab is the session between the numerical core and the views: it
// owns the text, the model, the optimizer and the settings, trains in
// wall-time slices (Advance), and hands the views an immutable Snapshot with
// the loss history, a live sample and the trace of a display window. It also
// reads and writes the settings as a URL fragment (ParseHash, FormatHash).
//
// It imports no graphics, so it is tested natively and under wasm alike.
package lab
