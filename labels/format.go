package labels

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Format writes labels in the text form Parse reads: a "label NAME" line,
// then "title", "title.uk", an optional "counter" line, and "set" and
// "governs" lines of runs. Each run is written as gap+length, the gap
// counted from the end of the previous run (from 0 for the first), and as
// the gap alone when the length is 1; a line holds at most 16 runs.
func Format(ls []Label) string {
	var b strings.Builder
	b.WriteString("# rnnlab labels in rune positions of the text beside this file; runs as gap+length (see package labels)\n")
	for _, l := range ls {
		fmt.Fprintf(&b, "label %s\ntitle %s\ntitle.uk %s\n", l.Name, l.Title, l.TitleUK)
		if l.Counter {
			b.WriteString("counter\n")
		}
		writeRuns(&b, "set", l.Set)
		writeRuns(&b, "governs", l.Governs)
	}
	return b.String()
}

func writeRuns(b *strings.Builder, key string, rs Runs) {
	end := 0
	for k, r := range rs {
		if k%16 == 0 {
			if k > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(key)
		}
		fmt.Fprintf(b, " %d", r.Start-end)
		if n := r.End - r.Start; n != 1 {
			fmt.Fprintf(b, "+%d", n)
		}
		end = r.End
	}
	if len(rs) > 0 {
		b.WriteByte('\n')
	}
}

// maxPosition bounds a position in a labels file, so sums cannot overflow.
const maxPosition = 1 << 40

// Parse reads labels written by Format. It checks the form (known keys,
// runs in order, no duplicate names), not that the runs fit a text: see
// Runs.Check.
func Parse(s string) ([]Label, error) {
	var ls []Label
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		if key == "label" {
			if rest == "" || strings.ContainsAny(rest, " \t") {
				return nil, fmt.Errorf("line %d: a label needs a one-word name, not %q", n, rest)
			}
			if ByName(ls, rest) != nil {
				return nil, fmt.Errorf("line %d: label %q appears twice", n, rest)
			}
			ls = append(ls, Label{Name: rest})
			continue
		}
		if len(ls) == 0 {
			return nil, fmt.Errorf("line %d: %q before the first label line", n, key)
		}
		l := &ls[len(ls)-1]
		var err error
		switch key {
		case "title":
			l.Title = rest
		case "title.uk":
			l.TitleUK = rest
		case "counter":
			l.Counter = true
		case "set":
			err = parseRuns(&l.Set, rest)
		case "governs":
			err = parseRuns(&l.Governs, rest)
		default:
			err = fmt.Errorf("unknown key %q", key)
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	return ls, nil
}

// parseRuns appends the runs of one line to rs.
func parseRuns(rs *Runs, line string) error {
	end := 0
	if n := len(*rs); n > 0 {
		end = (*rs)[n-1].End
	}
	for _, tok := range strings.Fields(line) {
		g, l, hasLen := strings.Cut(tok, "+")
		gap, err := number(g)
		if err != nil {
			return err
		}
		length := 1
		if hasLen {
			if length, err = number(l); err != nil {
				return err
			}
		}
		start := end + gap
		switch {
		case length < 1:
			return fmt.Errorf("run %q is empty", tok)
		case len(*rs) > 0 && gap < 1:
			return fmt.Errorf("run %q touches the one before", tok)
		case start+length > maxPosition:
			return fmt.Errorf("run %q goes past position %d", tok, maxPosition)
		}
		*rs = append(*rs, Run{start, start + length})
		end = start + length
	}
	return nil
}

// number parses a decimal count below maxPosition.
func number(s string) (int, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n >= maxPosition {
		return 0, errors.New("bad number " + strconv.Quote(s))
	}
	return int(n), nil
}
