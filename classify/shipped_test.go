package classify

import (
	"os"
	"path/filepath"
	"testing"
)

// The shipped topic classifiers (assets/classify/topics-LANG.safetensors)
// reach the bars: ≥ 90 % on their held-out split and ≥ 80 % on the
// headlines written by hand. Reading 1,120 headlines takes well under a
// second.
func TestShippedModels(t *testing.T) {
	for _, lang := range []string{"en", "uk"} {
		t.Run(lang, func(t *testing.T) {
			dir := filepath.Join("..", "assets", "classify")
			m, info, err := Load(filepath.Join(dir, "topics-"+lang+".safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			if info.Steps == 0 {
				t.Errorf("the shipped model records no training")
			}
			for _, set := range []struct {
				file string
				bar  float64
			}{{"topics-" + lang + "-test.tsv", 0.90}, {"handwritten-" + lang + ".tsv", 0.80}} {
				d, err := readAsset(t, set.file).Relabel(m.Labels)
				if err != nil {
					t.Fatal(err)
				}
				ev, err := m.Evaluate(d)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: accuracy %.4f (%d of %d)", set.file, ev.Accuracy, ev.Correct, ev.N)
				if ev.Accuracy < set.bar || ev.Unreadable > 0 {
					t.Errorf("%s: accuracy %.4f (%d unreadable), want ≥ %.2f", set.file, ev.Accuracy, ev.Unreadable, set.bar)
				}
			}
		})
	}
}

// readAsset reads a labelled file of assets/classify.
func readAsset(t testing.TB, name string) *Dataset {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "assets", "classify", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ReadTSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
