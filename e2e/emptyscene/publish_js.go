package main

import "syscall/js"

var state = func() js.Value {
	v := js.Global().Get("Object").New()
	v.Set("ready", true)
	v.Set("frames", 0)
	v.Set("fps", 0)
	js.Global().Set("emptyscene", v)
	return v
}()

// publish costs two syscall/js calls a frame, about what the app pays for
// its own once-a-frame counters.
func publish(frames int, fps float64) {
	state.Set("frames", frames)
	state.Set("fps", fps)
}
