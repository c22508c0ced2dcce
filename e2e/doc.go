// Package e2e holds rnnlab's end-to-end tests: the real programs, built the
// way a user builds them, driven from the outside.
//
//   - TestBrowser builds the wasm app and the emptyscene yardstick into a
//     temporary site, serves it in-process with rnnserve's handler, and
//     drives headless Chromium (WebGL2 through SwiftShader) at 1280×800: the
//     app starts, trains, lowers its loss, switches cell type when the URL
//     hash changes, logs nothing to the console as an error, draws real
//     content, draws its first frame soon after the empty scene does, and
//     keeps at least 80% of its frame rate. Every timing check is
//     relative to a yardstick measured in the same run (README: "What the
//     e2e figures mean"); absolute bounds only catch breakage.
//   - TestLoaderFailures checks that index.html explains, in text on the
//     page, a missing wasm file, a program that panics (package crasher)
//     and a browser without WebGL 2.
//   - TestDesktop builds the native app and has it render frames on the X
//     display (Xvfb in "make test") and save a screenshot.
//
// Chromium comes from Debian ("make deps"); the browser test skips when it
// is missing, the desktop test when DISPLAY is unset. Screenshots go to
// $RNNLAB_SHOT_DIR (default: a directory under os.TempDir) and are logged.
// RNNLAB_E2E_APP=./other/main runs the browser test against another wasm
// program, for debugging the test itself. The package has no non-test
// code; it imports no Ebiten, so "go vet" and "go list" work on it anywhere.
package e2e
