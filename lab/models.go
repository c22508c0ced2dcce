package lab

import (
	"fmt"
	"slices"
	"strings"

	"rnnlab/core"
	"rnnlab/words"
)

// MaxModelBytes bounds a model file the app reads: the largest model it
// trains, with its optimizer's state, is a few megabytes.
const MaxModelBytes = 48 << 20

// SaveModel returns the current model as a safetensors checkpoint in the
// format rnntrain reads (its optimizer's state included, so training can
// continue exactly), and a file name for it such as
// "rnnlab-lstm-64-patterns-update-1200.safetensors".
func (s *Session) SaveModel() (name string, data []byte, err error) {
	ck := s.lm.tr.Checkpoint()
	if s.active.Name != CustomCorpus {
		ck.Text = s.active.Name
	}
	data, err = core.EncodeCheckpoint(ck)
	if err != nil {
		return "", nil, err
	}
	st := s.settings
	layers := ""
	if st.Layers > 1 {
		layers = fmt.Sprintf("%dx", st.Layers)
	}
	text := s.active.Name
	if text == CustomCorpus {
		text = "own-text"
	}
	name = fmt.Sprintf("rnnlab-%s%s-%d-%s-update-%d.safetensors", layers, hashCell(st.Cell), st.Hidden, text, s.lm.Steps())
	return name, data, nil
}

// LoadModel continues from a saved model: on the built-in text the file
// names, else on the current text if the model knows all its characters.
// A file the app cannot use (damaged, not a model, too big to train at a
// watchable speed, a vocabulary that does not fit the text) is refused
// with a words.Error saying why, and the running model is left untouched.
// The notes say what it did.
func (s *Session) LoadModel(file string, data []byte) (notes []words.Msg, err error) {
	defer func() {
		if err != nil {
			s.setNotice(words.M("load.refused", shorten(file, 40), errMsg(err)))
		} else {
			s.setNotice(words.Join(notes))
		}
		s.version++
	}()
	switch {
	case len(data) == 0:
		return nil, words.E("load.empty")
	case len(data) > MaxModelBytes:
		return nil, words.E("load.too_big_file", words.Fixed(float64(len(data))/(1<<20), 0), MaxModelBytes>>20)
	}
	ck, err := core.DecodeCheckpoint(data)
	if err != nil {
		return nil, words.E("load.not_a_model", words.Raw(firstLine(err.Error())))
	}
	mc := ck.Model.Config
	if mc.Layers > MaxLayers || mc.Hidden > MaxHiddenFor(mc.Cell, mc.Layers) {
		return nil, words.E("load.too_big", CellLabel(mc.Cell), mc.Layers, mc.Hidden, MaxHiddenFor(mc.Cell, min(mc.Layers, MaxLayers)))
	}
	if v := ck.Model.Vocab.Size(); v > MaxVocab {
		return nil, words.E("text.too_many_characters", v, MaxVocab)
	}
	c, ok := s.corpus(ck.Text)
	if !ok || ck.Text == CustomCorpus {
		c = s.active
	}
	if missing := unknownRunes(ck.Model.Vocab, c.Text); len(missing) > 0 {
		return nil, words.E("load.vocab_mismatch", ck.Model.Vocab.Size(), len(missing), string(missing[:min(len(missing), 12)]))
	}
	cfg := trainConfig(s.settings, 0)
	ck.Config.Batch, ck.Config.Seq = cfg.Batch, cfg.Seq
	if ck.Config.Optim == "" {
		ck.Config.Optim = cfg.Optim
	}
	tr, err := core.ResumeTrainer(ck, c.Text)
	if err != nil {
		return nil, words.E("load.cannot_continue", words.Raw(err.Error()))
	}
	st := s.settings
	st.Cell, st.Hidden, st.Layers, st.Corpus = mc.Cell, mc.Hidden, mc.Layers, c.Name
	if lr := tr.Config.LR; lr >= MinLR && lr <= MaxLR {
		st.LR = lr
	}
	st, _ = st.Normalize()
	lm := &langModel{tr: tr, infer: tr.Model, rng: s.lm.rng}
	s.install(lm, c, st)
	notes = append(notes, words.M("load.loaded", shorten(file, 40), CellLabel(mc.Cell), mc.Hidden, ck.Steps, c.Name))
	return notes, nil
}

// unknownRunes are the characters of text the vocabulary lacks, in order
// of first appearance.
func unknownRunes(v *core.Vocab, text string) []rune {
	var out []rune
	for _, r := range text {
		if _, ok := v.Index(r); !ok && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// firstLine is the first line of a message.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// NextProbs reads text with the trained model (units switched off or not,
// the model as saved) from a zero state, and returns for every character
// but the last the probabilities it gives the character after it, and the
// mean loss of those guesses in nats: what a program that loads the saved
// model must reproduce.
func (s *Session) NextProbs(text string) (probs [][]float64, loss float64, err error) {
	ids, err := s.lm.vocab().Encode(text)
	if err != nil {
		return nil, 0, err
	}
	ft, err := s.lm.tr.Model.ForwardTrace(ids, nil, nil)
	if err != nil {
		return nil, 0, err
	}
	probs = make([][]float64, ft.T)
	for t := range probs {
		probs[t] = append([]float64(nil), ft.Probs[t*ft.V:(t+1)*ft.V]...)
	}
	return probs, ft.Loss(), nil
}
