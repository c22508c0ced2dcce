package classify

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestRelabel(t *testing.T) {
	d := &Dataset{Labels: []string{"sport", "world"}, Examples: []Example{{0, "goal"}, {1, "vote"}}}
	got, err := d.Relabel([]string{"business", "science", "sport", "world"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Examples[0].Label != 2 || got.Examples[1].Label != 3 || len(got.Labels) != 4 {
		t.Errorf("relabelled to %+v", got)
	}
	_, err = d.Relabel([]string{"business", "world"})
	if err == nil || !strings.Contains(err.Error(), `labels the model does not know: "sport"`) || !strings.Contains(err.Error(), `"business", "world"`) {
		t.Errorf("unknown label: %v", err)
	}
}

// Split keeps each label's share, loses and repeats nothing, and leaves
// every label at least one training example.
func TestSplit(t *testing.T) {
	d := &Dataset{Labels: []string{"a", "b", "c"}}
	for i := range 100 {
		d.Examples = append(d.Examples, Example{Label: 0, Text: "a" + string(rune('0'+i%10)) + string(rune('a'+i/10))})
	}
	for i := range 30 {
		d.Examples = append(d.Examples, Example{Label: 1, Text: "b" + string(rune('a'+i))})
	}
	d.Examples = append(d.Examples, Example{Label: 2, Text: "only one"})
	train, held := d.Split(0.2, rand.New(rand.NewPCG(1, 2)))
	if got := held.Counts(); !slices.Equal(got, []int{20, 6, 0}) {
		t.Errorf("held-out counts %v, want [20 6 0]", got)
	}
	if got := train.Counts(); !slices.Equal(got, []int{80, 24, 1}) {
		t.Errorf("training counts %v, want [80 24 1]", got)
	}
	var all []string
	for _, e := range append(slices.Clone(train.Examples), held.Examples...) {
		all = append(all, e.Text)
	}
	slices.Sort(all)
	if len(slices.Compact(all)) != len(d.Examples) {
		t.Errorf("split lost or repeated examples: %d distinct of %d", len(all), len(d.Examples))
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Central Bank CUTS Rates", "central bank cuts rates"},
		{"П’ятеро «Динамо» — перемога", "п'ятеро \"динамо\" - перемога"},
		{"Kyiv\u00a0wins – “big”", "kyiv wins - \"big\""},
		{"İstanbul ΣΟΦΙΑ", "istanbul σοφια"},
	} {
		got := Fold(tc.in)
		if got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if len([]rune(got)) != len([]rune(tc.in)) {
			t.Errorf("Fold(%q) changed the length", tc.in)
		}
	}
}
