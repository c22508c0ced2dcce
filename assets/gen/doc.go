// Command gen writes the built-in corpora of package assets. The texts are
// generated from small grammars so that their structure is known: number
// agreement between subject and verb, quotes that open and close, brackets
// that nest, and a few words that recur. A small LSTM learns most of it within
// a minute, and the views then have something to show (a unit that tracks an
// open quote, a forget gate that resets at a full stop).
//
// Run it with `go generate ./assets` after changing a grammar. The output is
// deterministic.
package main
