package lab

import (
	"strings"
	"testing"

	"rnnlab/core"
)

func TestParseHash(t *testing.T) {
	d := DefaultSettings()
	for i, tc := range []struct {
		hash     string
		want     func(Settings) Settings
		problems int
	}{
		{"", func(s Settings) Settings { return s }, 0},
		{"#", func(s Settings) Settings { return s }, 0},
		{"#cell=gru&hidden=64&lr=0.002&seed=3&temp=0.8&paused=1", func(s Settings) Settings {
			s.Cell, s.Hidden, s.LR, s.Seed, s.Temperature, s.Paused = core.GRU, 64, 0.002, 3, 0.8, true
			return s
		}, 0},
		{"cell=rnn&corpus=ukrainian&layers=2", func(s Settings) Settings {
			s.Cell, s.Corpus, s.Layers = core.RNNTanh, "ukrainian", 2
			return s
		}, 0},
		{"#hidden=-4&cell=banana", func(s Settings) Settings { return s }, 2},
		{"#lr=NaN&temp=Inf&hidden=1e9&seed=-1&paused=maybe", func(s Settings) Settings { return s }, 5},
		{"#lr=1e-300&share=2&layers=0", func(s Settings) Settings { return s }, 3},
		{"#&&=&x&%zz=%zz&hidden=%36%34", func(s Settings) Settings { s.Hidden = 64; return s }, 3},
		{"#CELL=LSTM&Hidden=+32", func(s Settings) Settings { s.Hidden = 32; return s }, 0},
	} {
		got, rest, problems := ParseHash(tc.hash, d)
		problems = append(problems, UnknownKeys(rest)...)
		if want := tc.want(d); got != want {
			t.Errorf("test %d %q: got %+v want %+v", i, tc.hash, got, want)
		}
		if len(problems) != tc.problems {
			t.Errorf("test %d %q: %d problems %q, want %d", i, tc.hash, len(problems), problems, tc.problems)
		}
		for _, m := range problems {
			if p := m.String(); strings.Contains(p, "\n") || len(p) > 200 {
				t.Errorf("test %d: problem message not one short line: %q", i, p)
			}
		}
	}
}

func TestHashRoundTrip(t *testing.T) {
	s := DefaultSettings()
	s.Cell, s.Hidden, s.Layers, s.LR, s.Seed, s.Temperature, s.Paused, s.Corpus, s.TrainShare =
		core.GRU, 96, 2, 0.0015, 42, 0.35, true, "ukrainian", 0.7
	h := FormatHash(s)
	got, _, problems := ParseHash("#"+h, DefaultSettings())
	if got != s || len(problems) > 0 {
		t.Errorf("round trip of %q: got %+v (%v), want %+v", h, got, problems, s)
	}
	if want := "cell=gru&hidden=96&layers=2&lr=0.0015&seed=42&temp=0.35&corpus=ukrainian&share=0.7&paused=1"; h != want {
		t.Errorf("FormatHash = %q, want %q", h, want)
	}
	s.Corpus = CustomCorpus
	if h := FormatHash(s); strings.Contains(h, "corpus") {
		t.Errorf("the custom text leaked into the link: %q", h)
	}
}

func FuzzParseHash(f *testing.F) {
	f.Add("#cell=gru&hidden=64&lr=0.002&seed=3&temp=0.8&paused=1")
	f.Add("#hidden=-4&cell=banana")
	f.Add("%%%&==&lr=1e400")
	f.Fuzz(func(t *testing.T, hash string) {
		s, _, _ := ParseHash(hash, DefaultSettings())
		if n, problems := s.Normalize(); n != s || len(problems) > 0 {
			t.Fatalf("ParseHash(%q) gave settings out of range: %+v (%v)", hash, s, problems)
		}
	})
}

func TestNormalizeCapsSlowModels(t *testing.T) {
	st := DefaultSettings()
	st.Hidden, st.Layers = 256, 3
	got, problems := st.Normalize()
	if got.Hidden != MaxHiddenFor(core.LSTM, 3) || got.Hidden > 64 {
		t.Fatalf("LSTM 256×3 normalized to hidden %d", got.Hidden)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].String(), "3 layers") || !strings.Contains(problems[0].String(), "using hidden size 64") {
		t.Errorf("problems %q", problems)
	}
	st.Cell, st.Hidden, st.Layers = core.RNNTanh, 256, 1
	if got, problems := st.Normalize(); got.Hidden != 256 || len(problems) != 0 {
		t.Errorf("tanh RNN 256×1: hidden %d, problems %q", got.Hidden, problems)
	}
	for c := core.RNNTanh; c <= core.GRU; c++ {
		for l := MinLayers; l <= MaxLayers; l++ {
			if h := MaxHiddenFor(c, l); h > MaxHidden || h < MinHidden || (l > 1 && h > MaxHiddenFor(c, l-1)) {
				t.Errorf("MaxHiddenFor(%v, %d) = %d", c, l, h)
			}
		}
	}
}
