// Command emptyscene is the yardstick for the browser test: the cheapest
// possible Ebiten program that still redraws the whole screen every frame.
// Its frame rate at a given viewport is the most any Ebiten app can reach
// in that browser, so the test compares rnnlab's frame rate against it.
//
// In the browser it publishes window.emptyscene = {ready, frames, fps}.
package main
