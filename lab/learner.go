package lab

import (
	"math/rand/v2"
	"unicode/utf8"

	"rnnlab/core"
	"rnnlab/words"
)

// learner is what the session trains. The session's clock, schedule, loss
// history and meter work the same for any learner; the language model is
// one, and a classifier can sit beside it by implementing these methods.
type learner interface {
	// Step does one training step and returns its mean loss in nats. An
	// error (wrapping core.ErrDiverged when the loss blew up) means the
	// learner went back to its last good parameters.
	Step() (float64, error)
	Steps() int   // steps done
	Chars() int64 // characters trained on
	LastLoss() float64
	LR() float64
	SetLR(lr float64)
	// Validate measures the loss on held-out data.
	Validate() (float64, error)
	// Params counts the trainable numbers.
	Params() int
}

// AppBatch is the number of text lanes per step. Half the core's default:
// a step then takes half as long, so it fits between frames, while the
// characters per second stay within a few percent and the loss falls faster
// per second (more updates); measured natively: 8 lanes 53k chars/s and
// validation loss 0.60 after 6 s, 16 lanes 56k chars/s and 0.71.
const AppBatch = 8

// valChars is how many held-out characters one validation reads.
const valChars = 2048

// SampleLen is how many characters a live sample has.
const SampleLen = 240

// langModel is the character language model as a learner, with what its
// views need: traces of a passage and samples.
type langModel struct {
	tr  *core.Trainer
	rng *rand.Rand // sampling
	// infer is the model the views read (guesses, traces, samples): the
	// trained one, or a view of it with units switched off.
	infer *core.LM
}

// trainConfig turns settings into a core configuration for a text of n
// characters, shrinking the batch for short texts.
func trainConfig(st Settings, n int) core.TrainConfig {
	cfg := core.DefaultTrainConfig()
	cfg.Batch = AppBatch
	cfg.Model.Cell = st.Cell
	cfg.Model.Hidden = st.Hidden
	cfg.Model.Layers = st.Layers
	cfg.LR = st.LR
	cfg.Seed = st.Seed
	train := n - int(float64(n)*cfg.ValFraction)
	if train-1 < cfg.Batch*cfg.Seq {
		cfg.Seq = min(cfg.Seq, max(1, (train-1)/2))
		cfg.Batch = max(1, min(cfg.Batch, (train-1)/cfg.Seq))
	}
	return cfg
}

// newLangModel builds a model for text with settings st.
func newLangModel(text string, st Settings) (*langModel, error) {
	tr, err := core.NewTrainer(text, trainConfig(st, utf8.RuneCountInString(text)))
	if err != nil {
		return nil, err
	}
	if v := tr.Model.Vocab.Size(); v > MaxVocab {
		return nil, words.E("text.too_many_characters", v, MaxVocab)
	}
	return &langModel{tr: tr, infer: tr.Model, rng: rand.New(rand.NewPCG(st.Seed, 0x73616d706c65))}, nil // "sample"
}

func (m *langModel) Step() (float64, error) { return m.tr.Step() }
func (m *langModel) Steps() int             { return m.tr.Steps }
func (m *langModel) Chars() int64           { return m.tr.CharsTrained }
func (m *langModel) LastLoss() float64      { return m.tr.LastLoss }
func (m *langModel) LR() float64            { return m.tr.Config.LR }
func (m *langModel) SetLR(lr float64)       { m.tr.Config.LR = lr }
func (m *langModel) Params() int            { return core.ParamCount(m.tr.Model.Params()) }

// Validate is the loss over the first valChars held-out characters.
func (m *langModel) Validate() (float64, error) {
	val := m.tr.Val
	if len(val) < 2 {
		return 0, words.E("train.no_heldout")
	}
	return m.tr.Model.Evaluate(val[:min(len(val), valChars)], 4, 64)
}

func (m *langModel) vocab() *core.Vocab { return m.tr.Model.Vocab }

// switchOff makes the views read the model with units switched off (none:
// the trained model itself).
func (m *langModel) switchOff(units []core.Unit) error {
	if len(units) == 0 {
		m.infer = m.tr.Model
		return nil
	}
	v, err := m.tr.Model.WithAblation(units)
	if err != nil {
		return err
	}
	m.infer = v
	return nil
}

// trace reads a passage (its characters and the one after) with a copy of
// the model the views read, and returns what the views show of it.
func (m *langModel) trace(ids []int32) (*traced, error) {
	model := m.infer.Snapshot()
	wt, err := model.TraceWindow(ids, nil)
	if err != nil {
		return nil, err
	}
	return &traced{model: model, ids: append([]int32(nil), ids...), window: newWindow(wt, m.vocab(), m.tr.Steps)}, nil
}

// sample writes SampleLen characters at a temperature.
func (m *langModel) sample(temp float64) (string, error) {
	return m.infer.Sample(m.rng, core.SampleOptions{N: SampleLen, Temperature: temp})
}
