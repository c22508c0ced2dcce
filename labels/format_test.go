package labels

import (
	"reflect"
	"strings"
	"testing"
)

func TestFormatParse(t *testing.T) {
	var long Runs
	for i := range 40 {
		long.Add(3*i, 3*i+1+i%2)
	}
	ls := []Label{
		{Name: "quote", Title: "inside quotes", TitleUK: "усередині лапок", Set: Runs{{0, 5}, {7, 8}}, Governs: Runs{{5, 6}}},
		{Name: "wordpos", Title: "position in the word", Counter: true, Set: long},
		{Name: "empty"},
	}
	text := Format(ls)
	got, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ls) {
		t.Errorf("round trip:\n got  %+v\n want %+v\n%s", got, ls, text)
	}
	if !strings.Contains(text, "set 0+5 2\n") {
		t.Errorf("runs are not written as gap+length:\n%s", text)
	}
}

func TestParseRejects(t *testing.T) {
	bad := []string{
		"set 1+2\n",                       // before any label
		"label a b\n",                     // a name with a space
		"label\n",                         // no name
		"label a\nlabel a\n",              // twice
		"label a\ncolour red\n",           // unknown key
		"label a\nset 1+0\n",              // empty run
		"label a\nset 1+2 0+3\n",          // touching
		"label a\nset 1+2\nset 0\n",       // touching across lines
		"label a\nset x\n",                // not a number
		"label a\nset -1\n",               // negative
		"label a\nset 1+\n",               // no length
		"label a\nset 99999999999999+1\n", // past the bound
		"label a\nset 1099511627000 1099511627000\n",
	}
	for i, s := range bad {
		if ls, err := Parse(s); err == nil {
			t.Errorf("test %d: %q parsed as %+v", i, s, ls)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Format([]Label{{Name: "a", Title: "x", Set: Runs{{1, 3}, {6, 7}}, Governs: Runs{{3, 4}}}}))
	f.Add("label a\ncounter\nset 0+5 1 2+9\n")
	f.Fuzz(func(t *testing.T, s string) {
		ls, err := Parse(s)
		if err != nil {
			return
		}
		for _, l := range ls {
			for _, rs := range []Runs{l.Set, l.Governs} {
				if err := rs.Check(maxPosition); err != nil {
					t.Fatalf("%q parsed into bad runs: %v", s, err)
				}
			}
		}
		again, err := Parse(Format(ls))
		if err != nil || len(again) != len(ls) {
			t.Fatalf("%q: formatted labels do not parse back: %v", s, err)
		}
	})
}
