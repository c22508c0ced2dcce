package classify

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestParseTSVAccepts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		labels []string
		texts  []string
	}{
		{"plain", "sport\tA late goal\nworld\tTalks resume\n", []string{"sport", "world"}, []string{"A late goal", "Talks resume"}},
		{"byte-order mark and CRLF", "\uFEFFsport\tA late goal\r\nworld\tTalks resume\r\n", []string{"sport", "world"}, []string{"A late goal", "Talks resume"}},
		{"comments, blank lines, trailing tab", "# label<TAB>text\n\nb\tsecond one\t\n   \na\tfirst one", []string{"a", "b"}, []string{"second one", "first one"}},
		{"spaces made single, controls dropped", "x\t  two   spaces\x01here \ny\tok fine", []string{"x", "y"}, []string{"two spaces here", "ok fine"}},
		{"NFC", "x\tcafe\u0301 opens\ny\tnothing here", []string{"x", "y"}, []string{"café opens", "nothing here"}},
		{"labels sorted", "zeta\tz z z z\nalpha\ta a a a\nmid\tm m m m", []string{"alpha", "mid", "zeta"}, []string{"z z z z", "a a a a", "m m m m"}},
	} {
		d, err := ParseTSV([]byte(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var texts []string
		for _, e := range d.Examples {
			texts = append(texts, e.Text)
		}
		if !slices.Equal(d.Labels, tc.labels) || !slices.Equal(texts, tc.texts) {
			t.Errorf("%s: labels %q texts %q, want %q %q", tc.name, d.Labels, texts, tc.labels, tc.texts)
		}
	}
}

// lines repeats a label<TAB>text line pattern n times.
func lines(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestParseTSVRefuses is the list of bad files: each gets a message
// that names the problem.
func TestParseTSVRefuses(t *testing.T) {
	good := "sport\tA late goal\nworld\tTalks resume\n"
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"empty"}},
		{"only blank lines", "\n \r\n\t\n", []string{"empty"}},
		{"only comments", "# nothing\n# here\n", []string{"no labelled lines"}},
		{"one class", lines(20, func(i int) string { return fmt.Sprintf("sport\tmatch report %d", i) }), []string{"every line has the label \"sport\"", "at least two"}},
		{"missing tab", good + "business shares fall sharply\n", []string{"line 3", "no tab", "label<TAB>text"}},
		{"missing tab on many lines", "a b c\nd e f\ng h i\n", []string{"line 1", "no tab", "2 more lines"}},
		{"empty text", good + "sport\t   \n", []string{"line 3", "empty text"}},
		{"empty label", good + "\tsome text here\n", []string{"line 3", "empty label"}},
		{"1000 classes", lines(1000, func(i int) string { return fmt.Sprintf("label%d\tsome text number %d", i, i) }), []string{"1000 different labels", "limit is 100"}},
		{"label longer than the text", lines(10, func(i int) string { return fmt.Sprintf("markets rally %d\tbiz", i%3) }), []string{"label is longer than the text", "columns swapped"}},
		{"text pasted as a label", "world\tTalks resume\nStocks rallied strongly on Tuesday as investors cheered earnings\tbusiness\n", []string{"line 2", "characters long", "columns swapped"}},
		{"two tabs", good + "sport\tgoal\textra column\n", []string{"line 3", "2 tabs"}},
		{"binary", "\x00\x01\x02\x03sport\tx\x00y", []string{"NUL bytes", "binary"}},
		{"invalid UTF-8", good + "sport\tcaf\xe9 \xff\n", []string{"not UTF-8", "2 of"}},
		{"huge file", strings.Repeat("sport\tA late goal\n", MaxFileBytes/18+10), []string{"larger than 32 MiB"}},
		{"text too long", good + "sport\t" + strings.Repeat("goal ", 300) + "\n", []string{"line 3", "1499 characters", "limit is 1000"}},
	} {
		_, err := ParseTSV([]byte(tc.in))
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: message spans lines: %q", tc.name, msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q does not mention %q", tc.name, msg, w)
			}
		}
	}
}

func TestTooManyLines(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i <= MaxExamples; i++ {
		fmt.Fprintf(&b, "%c\tt%d\n", 'a'+i%2, i)
	}
	if _, err := ParseTSV(b.Bytes()); err == nil || !strings.Contains(err.Error(), "more than 200000") {
		t.Errorf("%d lines: %v", MaxExamples+1, err)
	}
}

// FuzzParseTSV checks that any bytes give a dataset that keeps the
// promises of ParseTSV, or an error of one line; never a panic.
func FuzzParseTSV(f *testing.F) {
	f.Add([]byte("sport\tA late goal\nworld\tTalks resume\n"))
	f.Add([]byte("\uFEFFa\tb c\r\nb\t\td\n#x\n\n"))
	f.Add([]byte("a\tx\x00\xff"))
	f.Add([]byte("label longer than text\tx\ny\tz"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseTSV(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if len(d.Labels) < 2 || len(d.Labels) > MaxClasses || !slices.IsSorted(d.Labels) || len(slices.Compact(slices.Clone(d.Labels))) != len(d.Labels) {
			t.Fatalf("labels %q", d.Labels)
		}
		for _, l := range d.Labels {
			if l == "" || strings.ContainsAny(l, "\t\n") || utf8.RuneCountInString(l) > MaxLabelRunes {
				t.Fatalf("label %q", l)
			}
		}
		for _, e := range d.Examples {
			if e.Label < 0 || e.Label >= len(d.Labels) || e.Text == "" || strings.ContainsAny(e.Text, "\t\n\r") ||
				e.Text != strings.TrimSpace(e.Text) || !norm.NFC.IsNormalString(e.Text) || utf8.RuneCountInString(e.Text) > MaxTextRunes {
				t.Fatalf("example %+v", e)
			}
		}
	})
}
