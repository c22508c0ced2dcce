//go:build js && wasm

// Command wasm is rnnlab in the browser. It reads its settings from the URL
// fragment (and follows later changes of it), writes them back when the
// learner changes them, publishes window.rnnlab for tests and the curious
// (at least once a second), and takes the learner's own text from the page's
// paste box or file picker (rnnlabPage in index.html) or from a file dropped
// on the canvas.
package main
