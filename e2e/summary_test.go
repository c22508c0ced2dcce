package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// summary gathers the figures a test measured and the checks it made, and
// logs them together at its end, so one place in the log says what this
// machine measured and which bounds were relative to what.
type summary struct {
	figures, checks []string
}

// figure notes a measured figure.
func (s *summary) figure(format string, args ...any) {
	s.figures = append(s.figures, fmt.Sprintf(format, args...))
}

// check notes a bound and fails the test when it does not hold. The text
// names the bound's kind: relative (to a yardstick measured in the same
// run), absolute for breakage only, or absolute because it is a size.
func (s *summary) check(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	line := fmt.Sprintf(format, args...)
	if !ok {
		t.Error(line)
		line = "FAILS " + line
	} else {
		line = "ok    " + line
	}
	s.checks = append(s.checks, line)
}

// log writes the figures and the checks; deferred, it runs even after a
// fatal failure.
func (s *summary) log(t *testing.T) {
	t.Helper()
	var b strings.Builder
	b.WriteString("summary (README: \"What the e2e figures mean\")\nfigures on this machine:\n")
	for _, f := range s.figures {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	b.WriteString("checks:\n")
	for _, c := range s.checks {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	t.Log(b.String())
}

// list formats each of xs with format: list("%.0f ms", ...) gives
// "[2268 ms 3521 ms]".
func list(format string, xs []float64) string {
	parts := make([]string, len(xs))
	for i, v := range xs {
		parts[i] = fmt.Sprintf(format, v)
	}
	return "[" + strings.Join(parts, " ") + "]"
}
