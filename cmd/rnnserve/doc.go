// Command rnnserve serves rnnlab's browser build: a directory holding
// index.html, wasm_exec.js and rnnlab.wasm (plus their precompressed .gz
// twins), as "make site" lays it out in dist/.
//
// Usage:
//
//	rnnserve [-addr 127.0.0.1:8080] [-dir dist] [-quiet]
//
// It listens on the loopback address unless told otherwise, so a classroom
// laptop does not publish the app to the whole network by accident; pass
// -addr :8080 to let other machines in. See package rnnlab/cmd/rnnserve/site
// for what is served and how.
package main
