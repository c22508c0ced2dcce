//go:build !js

package assets_test

import (
	"slices"
	"testing"

	"rnnlab/assets"
	"rnnlab/classify"
)

// TestTopicSets checks that each built-in topic set parses, has the four
// topics in both parts and enough headlines, and that no held-out headline
// is also a training one, and that the files it names are there.
func TestTopicSets(t *testing.T) {
	sets, err := assets.TopicSets()
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].Lang != "en" || sets[1].Lang != "uk" {
		t.Fatalf("want English then Ukrainian, got %d sets", len(sets))
	}
	want := []string{"business", "science", "sport", "world"}
	for _, s := range sets {
		if s.Title == "" || s.TitleUK == "" {
			t.Errorf("%s: a title is missing", s.Lang)
		}
		train, err := classify.ParseTSV(s.Train)
		if err != nil {
			t.Fatalf("%s training set: %v", s.Lang, err)
		}
		held, err := classify.ParseTSV(s.Held)
		if err != nil {
			t.Fatalf("%s held-out set: %v", s.Lang, err)
		}
		for name, d := range map[string]*classify.Dataset{"training": train, "held-out": held} {
			if !slices.Equal(d.Labels, want) {
				t.Errorf("%s %s labels %v, want %v", s.Lang, name, d.Labels, want)
			}
		}
		if len(train.Examples) < 5000 || len(held.Examples) < 500 {
			t.Errorf("%s: %d training and %d held-out headlines; want at least 5,000 and 500", s.Lang, len(train.Examples), len(held.Examples))
		}
		seen := map[string]bool{}
		for _, e := range train.Examples {
			seen[e.Text] = true
		}
		for _, e := range held.Examples {
			if seen[e.Text] {
				t.Errorf("%s: the held-out headline %q is also in the training set", s.Lang, e.Text)
				break
			}
		}
	}
}
