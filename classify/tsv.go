package classify

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on a labelled file, so that a wrong file cannot exhaust memory and
// a mistake (swapped columns, a text pasted as a label) gets a clear message.
const (
	MaxFileBytes  = 32 << 20 // a TSV file
	MaxExamples   = 200_000  // lines with a text
	MaxClasses    = 100      // distinct labels
	MaxLabelRunes = 40       // characters in one label
	MaxTextRunes  = 1000     // characters in one text
)

// ReadTSV reads a labelled file (see ParseTSV) of at most MaxFileBytes.
func ReadTSV(r io.Reader) (*Dataset, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	return ParseTSV(data)
}

// ParseTSV reads lines of label<TAB>text. Blank lines and lines starting
// with # are skipped, a byte-order mark and carriage returns are ignored,
// and texts are put in Unicode NFC form with runs of spaces made single.
// The first problem is reported with its line number (and how many other
// lines have problems); nothing is guessed.
func ParseTSV(data []byte) (*Dataset, error) {
	switch {
	case len(data) > MaxFileBytes:
		return nil, fmt.Errorf("the file is larger than %d MiB; use a smaller sample of it", MaxFileBytes>>20)
	case len(bytes.TrimSpace(data)) == 0:
		return nil, errors.New("the file is empty: want one label<TAB>text per line")
	}
	if nul := bytes.Count(data, []byte{0}); nul > 0 {
		return nil, fmt.Errorf("the file has %d NUL bytes: it is binary data, not text (want one label<TAB>text per line)", nul)
	}
	if !utf8.Valid(data) {
		bad := 0
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				bad++
			}
			i += size
		}
		return nil, fmt.Errorf("the file is not UTF-8 text: %d of %d bytes are invalid (is it binary, or in another encoding?)", bad, len(data))
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	var (
		rows     []row
		firstErr error
		badLines int
	)
	for i, line := range strings.Split(text, "\n") {
		r, err := parseLine(line, i+1)
		switch {
		case err != nil:
			badLines++
			if firstErr == nil {
				firstErr = err
			}
		case r.text != "":
			rows = append(rows, r)
		}
		if len(rows) > MaxExamples {
			return nil, fmt.Errorf("the file has more than %d labelled lines; use a smaller sample of it", MaxExamples)
		}
	}
	if firstErr != nil {
		if badLines > 1 {
			return nil, fmt.Errorf("%w (and %d more lines with problems)", firstErr, badLines-1)
		}
		return nil, firstErr
	}
	return build(rows)
}

// row is one parsed line.
type row struct {
	line        int
	label, text string
}

// parseLine splits one line; a blank or comment line gives an empty row.
func parseLine(line string, n int) (row, error) {
	line = strings.TrimRight(line, "\r")
	if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
		return row{}, nil
	}
	label, text, ok := strings.Cut(line, "\t")
	label = strings.TrimSpace(label)
	text = strings.TrimRight(text, "\t ") // a spreadsheet's empty last column
	switch {
	case !ok:
		return row{}, fmt.Errorf("line %d has no tab between label and text: %s (want label<TAB>text)", n, quoteStart(line))
	case strings.Contains(text, "\t"):
		return row{}, fmt.Errorf("line %d has %d tabs; want exactly one, between label and text", n, strings.Count(line, "\t"))
	case label == "":
		return row{}, fmt.Errorf("line %d has an empty label before the tab", n)
	case utf8.RuneCountInString(label) > MaxLabelRunes:
		return row{}, fmt.Errorf("line %d: the label %s is %d characters long; labels are short names of at most %d (are the columns swapped? want label<TAB>text)",
			n, quoteStart(label), utf8.RuneCountInString(label), MaxLabelRunes)
	}
	text = cleanText(text)
	switch {
	case text == "":
		return row{}, fmt.Errorf("line %d (label %q) has an empty text after the tab", n, label)
	case utf8.RuneCountInString(text) > MaxTextRunes:
		return row{}, fmt.Errorf("line %d: the text is %d characters long; the limit is %d (one headline or sentence per line)", n, utf8.RuneCountInString(text), MaxTextRunes)
	}
	return row{line: n, label: norm.NFC.String(label), text: text}, nil
}

// cleanText puts a text in NFC form, turns control characters into spaces
// and makes runs of white space single spaces.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, norm.NFC.String(s))
	return strings.Join(strings.Fields(s), " ")
}

// build collects the labels and checks the whole file.
func build(rows []row) (*Dataset, error) {
	if len(rows) == 0 {
		return nil, errors.New("the file has no labelled lines: want one label<TAB>text per line")
	}
	seen := map[string]int{}
	longer := 0
	for _, r := range rows {
		seen[r.label]++
		if utf8.RuneCountInString(r.label) > utf8.RuneCountInString(r.text) {
			longer++
		}
	}
	if 2*longer > len(rows) {
		r := rows[0]
		return nil, fmt.Errorf("on %d of %d lines the label is longer than the text (line %d: label %s, text %s): are the columns swapped? want label<TAB>text",
			longer, len(rows), r.line, quoteStart(r.label), quoteStart(r.text))
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	switch {
	case len(labels) < 2:
		return nil, fmt.Errorf("every line has the label %q; a classifier needs at least two different labels", labels[0])
	case len(labels) > MaxClasses:
		return nil, fmt.Errorf("the file has %d different labels; the limit is %d (is the first column the label, and are the labels names such as sport or world?)", len(labels), MaxClasses)
	}
	index := make(map[string]int, len(labels))
	for i, l := range labels {
		index[l] = i
	}
	d := &Dataset{Labels: labels, Examples: make([]Example, len(rows))}
	for i, r := range rows {
		d.Examples[i] = Example{Label: index[r.label], Text: r.text}
	}
	return d, nil
}

// quoteStart quotes s, cut to its first 40 characters.
func quoteStart(s string) string {
	const n = 40
	if utf8.RuneCountInString(s) <= n {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…", string([]rune(s)[:n]))
}
