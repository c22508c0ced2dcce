// Command emptyscene is the yardstick for the browser test: the cheapest
// Ebiten program that still presents a new full-window frame every time,
// set up like the app (one Update per frame, screen not cleared between
// frames). Its frame rate at a given viewport is about the most any Ebiten
// app can reach in that browser, so the test compares rnnlab's frame rate
// against it.
//
// In the browser it publishes window.emptyscene = {ready, frames, fps}.
package main
