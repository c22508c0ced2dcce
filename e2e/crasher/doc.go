// Command crasher panics as soon as it starts. The loader test builds it as
// the site's wasm to check that index.html shows the panic as text instead
// of a blank page.
package main
