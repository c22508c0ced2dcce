package site

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// makeSite lays out a small site inside a temporary directory and returns
// the site directory; a secret file sits beside it, outside.
func makeSite(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "site")
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(base, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("secret.txt", []byte("outside the site"))
	write("site/index.html", []byte("<!doctype html><title>t</title>"))
	write("site/app.wasm", wasmBytes())
	write("site/app.wasm.gz", gzipBytes(t, wasmBytes()))
	write("site/big.js", []byte(strings.Repeat("console.log('hello');\n", 200)))
	write("site/only.txt.gz", gzipBytes(t, []byte("only compressed")))
	write("site/empty/.keep", nil)
	write("site/sub/index.html", []byte("sub index"))
	write("site/.hidden", []byte("hidden"))
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func wasmBytes() []byte {
	return append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{1, 2, 3, 4}, 1000)...)
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func newHandler(t *testing.T) *Handler {
	t.Helper()
	h, err := New(makeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func get(h http.Handler, method, target, acceptEncoding string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestContentTypes(t *testing.T) {
	h := newHandler(t)
	tests := []struct {
		target, want string
	}{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/app.wasm", "application/wasm"},
		{"/big.js", "text/javascript; charset=utf-8"},
	}
	for i, tc := range tests {
		w := get(h, "GET", tc.target, "")
		if w.Code != http.StatusOK {
			t.Errorf("test %d: %s: status %d", i, tc.target, w.Code)
		}
		if got := w.Header().Get("Content-Type"); got != tc.want {
			t.Errorf("test %d: %s: Content-Type %q, want %q", i, tc.target, got, tc.want)
		}
		if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("test %d: %s: X-Content-Type-Options %q", i, tc.target, got)
		}
	}
}

func TestIndexIsNotCached(t *testing.T) {
	h := newHandler(t)
	for _, target := range []string{"/", "/index.html"} {
		w := get(h, "GET", target, "")
		if got := w.Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", target, got)
		}
		if !strings.Contains(w.Body.String(), "<title>t</title>") {
			t.Errorf("%s: body %q is not the index page", target, w.Body.String())
		}
	}
}

func TestPrecompressedTwin(t *testing.T) {
	h := newHandler(t)
	w := get(h, "GET", "/app.wasm", "br, gzip, deflate")
	if got := w.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", got)
	}
	if got := w.Header().Get("Content-Type"); got != "application/wasm" {
		t.Errorf("Content-Type %q, want application/wasm", got)
	}
	if got, want := w.Header().Get(DecodedLengthHeader), "4008"; got != want {
		t.Errorf("%s %q, want %q", DecodedLengthHeader, got, want)
	}
	if got := w.Header().Get("Content-Length"); got != "" && got == "4008" {
		t.Errorf("Content-Length %s is the decoded size, want the encoded size", got)
	}
	if !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q lacks Accept-Encoding", w.Header().Get("Vary"))
	}
	if !bytes.Equal(gunzip(t, w.Body.Bytes()), wasmBytes()) {
		t.Error("decoded body differs from app.wasm")
	}
}

func TestNoGzipGetsRawFile(t *testing.T) {
	h := newHandler(t)
	for _, ae := range []string{"", "identity", "gzip;q=0", "br, gzip; q=0.0"} {
		w := get(h, "GET", "/app.wasm", ae)
		if got := w.Header().Get("Content-Encoding"); got != "" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want none", ae, got)
		}
		if !bytes.Equal(w.Body.Bytes(), wasmBytes()) {
			t.Errorf("Accept-Encoding %q: body is not the raw file", ae)
		}
	}
}

func TestGzipOnTheFly(t *testing.T) {
	h := newHandler(t)
	raw := strings.Repeat("console.log('hello');\n", 200)
	w := get(h, "GET", "/big.js", "gzip")
	if got := w.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", got)
	}
	if got := string(gunzip(t, w.Body.Bytes())); got != raw {
		t.Error("decoded body differs from big.js")
	}
	if w.Body.Len() >= len(raw) {
		t.Errorf("gzipped body has %d bytes, raw has %d", w.Body.Len(), len(raw))
	}
}

func TestOnlyCompressedTwinExists(t *testing.T) {
	h := newHandler(t)
	w := get(h, "GET", "/only.txt", "")
	if w.Code != http.StatusOK || w.Body.String() != "only compressed" {
		t.Errorf("without gzip: status %d body %q", w.Code, w.Body.String())
	}
	w = get(h, "GET", "/only.txt", "gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || string(gunzip(t, w.Body.Bytes())) != "only compressed" {
		t.Errorf("with gzip: Content-Encoding %q", w.Header().Get("Content-Encoding"))
	}
}

func TestNoDirectoryListing(t *testing.T) {
	h := newHandler(t)
	if w := get(h, "GET", "/empty/", ""); w.Code != http.StatusNotFound {
		t.Errorf("/empty/: status %d, want 404", w.Code)
	}
	if w := get(h, "GET", "/empty", ""); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/empty/" {
		t.Errorf("/empty: status %d Location %q, want a redirect to /empty/", w.Code, w.Header().Get("Location"))
	}
	if w := get(h, "GET", "/sub/", ""); w.Code != http.StatusOK || w.Body.String() != "sub index" {
		t.Errorf("/sub/: status %d body %q, want its index.html", w.Code, w.Body.String())
	}
}

func TestMissingFile(t *testing.T) {
	h := newHandler(t)
	if w := get(h, "GET", "/nope.wasm", "gzip"); w.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404", w.Code)
	}
}

func TestMethods(t *testing.T) {
	h := newHandler(t)
	if w := get(h, "POST", "/index.html", ""); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", w.Code)
	}
	w := get(h, "HEAD", "/app.wasm", "")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d body bytes", w.Code, w.Body.Len())
	}
}

func TestRange(t *testing.T) {
	h := newHandler(t)
	r := httptest.NewRequest("GET", "/app.wasm", nil)
	r.Header.Set("Range", "bytes=0-3")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusPartialContent || w.Body.String() != "\x00asm" {
		t.Errorf("status %d body %q, want 206 and the wasm magic", w.Code, w.Body.String())
	}
}

// TestNoEscape sends raw request lines through a real server, so that no
// client-side cleaning hides a path that climbs out of the site.
func TestNoEscape(t *testing.T) {
	srv := httptest.NewServer(newHandler(t))
	defer srv.Close()
	targets := []string{
		"/../secret.txt",
		"/%2e%2e/secret.txt",
		"/sub/../../secret.txt",
		"/sub/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/..\\secret.txt",
		"/link.txt",
		"/.hidden",
		"//../secret.txt",
	}
	for _, target := range targets {
		status, body := rawGet(t, srv.Listener.Addr().String(), target)
		t.Logf("%s -> %d", target, status)
		if status != http.StatusBadRequest && status != http.StatusNotFound || strings.Contains(body, "outside the site") || strings.Contains(body, "hidden") {
			t.Errorf("%s: status %d body %q; want it refused", target, status, body)
		}
	}
}

func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestNewMissingDir(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("New of a missing directory succeeded")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"deflate, gzip;q=1.0, *;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"br", false},
		{"*", true},
		{"x-gzip", false},
	}
	for i, tc := range tests {
		if got := acceptsGzip(tc.header); got != tc.want {
			t.Errorf("test %d: acceptsGzip(%q) = %v, want %v", i, tc.header, got, tc.want)
		}
	}
}

func TestStaleTwinIgnored(t *testing.T) {
	dir := makeSite(t)
	// A rebuilt app.wasm is newer than its old .gz twin.
	fresh := append(wasmBytes(), 9, 9, 9)
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), fresh, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "app.wasm.gz"), old, old); err != nil {
		t.Fatal(err)
	}
	h, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	w := get(h, "GET", "/app.wasm", "gzip")
	body := w.Body.Bytes()
	if w.Header().Get("Content-Encoding") == "gzip" {
		body = gunzip(t, body)
	}
	if !bytes.Equal(body, fresh) {
		t.Error("served the stale compressed twin instead of the rebuilt file")
	}
}
