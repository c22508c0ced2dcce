package classify

import "testing"

// BenchmarkTrainStep measures the app's default classifier training on the
// built-in English topics: characters trained per second (forward,
// backward, clip and Adam update of one batch of texts of one length).
func BenchmarkTrainStep(b *testing.B) {
	d := readAsset(b, "topics-en-train.tsv")
	tr, err := NewTrainer(d, DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	tr.Step() // the first step cuts the epoch's batches
	chars := tr.Chars
	b.ResetTimer()
	for range b.N {
		if _, _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.Chars-chars)/b.Elapsed().Seconds(), "chars/s")
}
