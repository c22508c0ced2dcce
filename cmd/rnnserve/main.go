package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"rnnlab/cmd/rnnserve/site"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	dir := flag.String("dir", "dist", "directory to serve (built by \"make site\")")
	quiet := flag.Bool("quiet", false, "do not log requests")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "rnnserve: unexpected argument %q (see rnnserve -h)\n", flag.Arg(0))
		os.Exit(2)
	}
	if err := run(*addr, *dir, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, "rnnserve:", err)
		os.Exit(1)
	}
}

func run(addr, dir string, quiet bool) error {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%s has no index.html; build the site first with \"make site\"", dir)
	}
	h, err := site.New(dir)
	if err != nil {
		return err
	}
	defer h.Close()

	var handler http.Handler = h
	if !quiet {
		handler = logRequests(h)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stderr, "rnnserve: serving %s at http://%s/ (Ctrl-C stops)\n", dir, ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// statusWriter remembers the status code for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.Printf("%d %s %s %s %v", sw.status, r.Method, r.URL.Path, w.Header().Get("Content-Encoding"), time.Since(start).Round(time.Millisecond))
	})
}
