package lab

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"rnnlab/core"
	"rnnlab/core/safetensors"
)

// TestSaveAndLoadModel saves a model and loads it into a session running
// another model: the same network comes back, on the same text, and
// predicts the same probabilities.
func TestSaveAndLoadModel(t *testing.T) {
	st := small()
	st.Cell, st.Layers = core.GRU, 2
	a, _ := newTestSession(t, st, time.Millisecond)
	for range 5 {
		a.StepOnce()
	}
	name, data, err := a.SaveModel()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, "rnnlab-2xgru-16-patterns-update-5") || !strings.HasSuffix(name, ".safetensors") {
		t.Errorf("file name %q", name)
	}
	b, _ := newTestSession(t, DefaultSettings(), time.Millisecond)
	b.Apply(func() Settings { s := b.Settings(); s.Corpus = otherText(); return s }())
	notes, err := b.LoadModel(name, data)
	if err != nil {
		t.Fatal(err)
	}
	got := b.Snapshot()
	if got.Settings.Cell != core.GRU || got.Settings.Hidden != 16 || got.Settings.Layers != 2 || got.Step != 5 || got.CorpusName != "patterns" {
		t.Errorf("after loading: %+v on %q, step %d", got.Settings, got.CorpusName, got.Step)
	}
	t.Logf("notes: %v", notes)
	ids := a.lm.tr.Val[:200]
	pa, err := a.lm.tr.Model.ForwardTrace(ids, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.lm.tr.Model.ForwardTrace(ids, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pa.Probs {
		if math.Abs(pa.Probs[i]-pb.Probs[i]) > 1e-12 {
			t.Fatalf("probability %d: %v saved, %v loaded", i, pa.Probs[i], pb.Probs[i])
		}
	}
	// Training goes on from the loaded model.
	b.StepOnce()
	if b.Snapshot().Step != 6 {
		t.Errorf("after one more update: step %d", b.Snapshot().Step)
	}
}

// TestLoadModelRefusesBadFiles feeds the loader what a learner might drop
// on the page: each is refused with its reason and the running model stays.
func TestLoadModelRefusesBadFiles(t *testing.T) {
	s, _ := newTestSession(t, small(), time.Millisecond)
	s.StepOnce()
	_, good, err := s.SaveModel()
	if err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	// A model ten times the size the app trains, on the same text.
	bigCfg := core.DefaultTrainConfig()
	bigCfg.Model.Cell, bigCfg.Model.Hidden = core.LSTM, 10*MaxHiddenFor(core.LSTM, 1)/8
	bigCfg.Batch, bigCfg.Seq = 1, 4
	big := encodeModel(t, bigCfg, s.active.Text[:4000])
	// A model of a text with other characters, which names no built-in text.
	ru := strings.Repeat("Съешь же ещё этих мягких французских булок, да выпей чаю. ", 40)
	other := encodeModel(t, core.DefaultTrainConfig(), ru)
	// A file that claims 70,000 characters.
	f, err := safetensors.Decode(good)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, 70000)
	for i := range codes {
		codes[i] = strconv.Itoa(0x4e00 + i)
	}
	f.Metadata["vocab"] = "[" + strings.Join(codes, ",") + "]"
	wide, err := safetensors.Encode(f, "F32")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"wide.safetensors", wide, "not a model"},
		{"empty.safetensors", nil, "empty"},
		{"picture.safetensors", png, "not a model"},
		{"cut.safetensors", good[:len(good)/2], "not a model"},
		{"huge.safetensors", make([]byte, MaxModelBytes+1), "at most"},
		{"big.safetensors", big, "too slowly"},
		{"russian.safetensors", other, "does not know"},
	} {
		before := s.Snapshot()
		if _, err := s.LoadModel(tc.name, tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want it to say %q", tc.name, err, tc.want)
		}
		after := s.Snapshot()
		if after.Generation != before.Generation || after.Step != before.Step {
			t.Errorf("%s: the running model changed", tc.name)
		}
		if n := after.Notice.String(); !strings.Contains(n, tc.name) || strings.Contains(n, "\n") {
			t.Errorf("%s: notice %q should name the file, on one line", tc.name, n)
		}
	}
}

// encodeModel builds and encodes an untrained model of text.
func encodeModel(t *testing.T, cfg core.TrainConfig, text string) []byte {
	t.Helper()
	cfg.Batch, cfg.Seq = 1, 4
	tr, err := core.NewTrainer(text, cfg)
	if err != nil {
		t.Fatal(err)
	}
	data, err := core.EncodeCheckpoint(tr.Checkpoint())
	if err != nil {
		t.Fatal(err)
	}
	return data
}
