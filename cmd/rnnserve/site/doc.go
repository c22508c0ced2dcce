// Package site is the HTTP handler behind rnnserve: it serves one directory
// of static files the way rnnlab's browser build needs them.
//
//   - Content types are fixed for the files that matter (application/wasm,
//     text/javascript, text/html; charset=utf-8), whatever the machine's
//     mime tables say.
//   - A request for X from a client that accepts gzip is answered with X.gz
//     and Content-Encoding: gzip when that file exists; otherwise text and
//     wasm are gzipped on the fly. A client without gzip gets X itself.
//   - Every response says Cache-Control: no-cache, so a rebuilt app is never
//     hidden behind a stale index.html or wasm. A .gz twin older than its
//     file is ignored.
//   - Directories are never listed, hidden files are never served, and files
//     are opened through an os.Root, so no path or symbolic link reaches
//     outside the directory.
//
// The package is separate from the command so that the end-to-end tests can
// serve a freshly built site in-process.
package site
