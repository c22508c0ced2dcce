package site

import (
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// DecodedLengthHeader carries the uncompressed size of a file served from its
// precompressed twin, so a loader can draw a true progress bar: with
// Content-Encoding gzip the browser hands out decoded bytes while
// Content-Length counts encoded ones.
const DecodedLengthHeader = "X-Decoded-Length"

// contentTypes pins the types that matter to the app; mime's table depends on
// the machine's /etc/mime.types, and a browser refuses streaming compilation
// of wasm served as anything but application/wasm.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".map":  "application/json",
}

// ContentType returns the Content-Type for a file name, by extension.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether gzipping a file on the fly is worth it.
func compressible(contentType string) bool {
	return strings.HasPrefix(contentType, "text/") ||
		contentType == "application/wasm" ||
		contentType == "application/json" ||
		contentType == "image/svg+xml"
}

// Handler serves the files of one directory. The zero value is not usable;
// make one with New.
type Handler struct {
	root *os.Root
}

// New returns a Handler for dir. Paths are resolved inside an os.Root, so
// neither ".." nor a symbolic link can reach a file outside dir.
func New(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("site directory: %w", err)
	}
	return &Handler{root: root}, nil
}

// Close releases the directory.
func (h *Handler) Close() error { return h.root.Close() }

// ServeHTTP answers GET and HEAD with the file the path names; a directory
// path serves its index.html. It never lists a directory.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if info, err := h.root.Stat(name); err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			// Relative URLs in the index page need the trailing slash.
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
	}

	ctype := ContentType(name)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// The file names carry no version, so every load revalidates; unchanged
	// files still come back as 304 Not Modified.
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", "Accept-Encoding")

	wantsGzip := acceptsGzip(r.Header.Get("Accept-Encoding"))
	if wantsGzip {
		if gz, info, err := h.openFile(name + ".gz"); err == nil {
			defer gz.Close()
			raw, err := h.root.Stat(name)
			switch {
			case err != nil:
				// Only the compressed twin exists.
			case raw.ModTime().After(info.ModTime()):
				// The twin is older than the file: stale, ignore it.
				gz = nil
			default:
				w.Header().Set(DecodedLengthHeader, strconv.FormatInt(raw.Size(), 10))
			}
			if gz != nil {
				w.Header().Set("Content-Encoding", "gzip")
				http.ServeContent(w, r, name, info.ModTime(), gz)
				return
			}
		}
	}

	f, info, err := h.openFile(name)
	if err == nil {
		defer f.Close()
		if wantsGzip && compressible(ctype) && info.Size() > 1024 && r.Header.Get("Range") == "" {
			serveGzipped(w, r, f)
			return
		}
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}
	// Only the compressed twin exists and the client cannot take gzip.
	// (Any other failure, such as a link leading out of the root, is
	// reported as a missing file.)
	if gz, _, err := h.openFile(name + ".gz"); err == nil {
		defer gz.Close()
		serveGunzipped(w, r, gz)
		return
	}
	w.Header().Del("Cache-Control")
	http.NotFound(w, r)
}

// openFile opens a regular file inside the root; directories and other
// special files count as not found.
func (h *Handler) openFile(name string) (*os.File, fs.FileInfo, error) {
	f, err := h.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, info, nil
}

// cleanName turns a URL path into a root-relative file name. It refuses
// paths that would climb out of the root or that name hidden files.
func cleanName(urlPath string) (string, bool) {
	if strings.Contains(urlPath, "\\") || strings.Contains(urlPath, "\x00") {
		return "", false
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." || (strings.HasPrefix(seg, ".") && seg != ".") {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" {
		name = "."
	}
	return name, fs.ValidPath(name)
}

// acceptsGzip parses an Accept-Encoding header, honouring q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if q > 0 {
			return true
		}
	}
	return false
}

func serveGzipped(w http.ResponseWriter, r *http.Request, f io.Reader) {
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	io.Copy(zw, f) // A failed write means the client left; nothing to tell it.
	zw.Close()
}

func serveGunzipped(w http.ResponseWriter, r *http.Request, gz io.Reader) {
	zr, err := gzip.NewReader(gz)
	if err != nil {
		http.Error(w, "corrupt compressed file", http.StatusInternalServerError)
		return
	}
	defer zr.Close()
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	io.Copy(w, zr)
}
