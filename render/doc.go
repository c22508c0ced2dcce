// Package render is rnnlab's Ebiten front end: a Game whose Update trains a
// wall-time slice of the session and handles input, whose Draw draws the
// session's latest snapshot, and whose Layout follows the window at full
// pixel density. Panels are drawn into cached images and copied to the
// screen only when they change; the maths behind them lives in render/ui.
package render
