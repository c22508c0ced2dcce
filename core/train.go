package core

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"unicode/utf8"
)

// TrainConfig is everything that defines a training run.
type TrainConfig struct {
	Model       LMConfig
	Batch, Seq  int
	Optim       string  // adam, adagrad, rmsprop, sgd
	LR          float64 // base learning rate
	Clip        float64 // global-norm clip; 0 = off
	Decay       StepDecay
	ValFraction float64 // last fraction of the text held out for validation
	Seed        uint64
}

// Limits on a run, chosen so a typo cannot exhaust memory.
const (
	MaxBatch = 1024
	MaxSeq   = 4096
	// MaxTextBytes bounds a training text (64 MiB).
	MaxTextBytes = 64 << 20
)

// DefaultTrainConfig is a small LSTM that learns visibly within a minute.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{
		Model: LMConfig{Cell: LSTM, Hidden: 64, Layers: 1},
		Batch: 16, Seq: 32, Optim: "adam", LR: 0.003, Clip: 5,
		ValFraction: 0.1, Seed: 1,
	}
}

// Validate explains the first unusable setting.
func (c TrainConfig) Validate() error {
	if err := c.Model.Validate(); err != nil {
		return err
	}
	switch {
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("batch %d is out of range (1 to %d)", c.Batch, MaxBatch)
	case c.Seq < 1 || c.Seq > MaxSeq:
		return fmt.Errorf("sequence length %d is out of range (1 to %d)", c.Seq, MaxSeq)
	case math.IsNaN(c.Clip) || c.Clip < 0 || math.IsInf(c.Clip, 0):
		return fmt.Errorf("gradient clip %v must be a finite number ≥ 0 (0 turns it off)", c.Clip)
	case !(c.ValFraction >= 0 && c.ValFraction < 1):
		return fmt.Errorf("validation fraction %v must be in [0, 1)", c.ValFraction)
	case c.Decay.Every < 0 || c.Decay.Every > 0 && !(c.Decay.Gamma > 0 && c.Decay.Gamma <= 1):
		return fmt.Errorf("learning-rate decay every %d steps by %v: the factor must be in (0, 1]", c.Decay.Every, c.Decay.Gamma)
	}
	if _, err := NewOptimizer(c.Optim, c.LR); err != nil {
		return err
	}
	return nil
}

// ErrDiverged is returned (wrapped) by Trainer.Step when the loss or the
// gradients stop being finite numbers, or the loss stays far above that of
// uniform guessing for three steps.
var ErrDiverged = errors.New("training diverged")

// Trainer owns a model, its optimizer, the data lanes and the carried state.
//
// The training text is cut into Batch contiguous lanes; each step reads the
// next Seq characters of every lane (char-rnn's scheme), carrying the state
// from one chunk to the next. At the end of the lanes it starts over with a
// zero state.
type Trainer struct {
	Config       TrainConfig
	Model        *LM
	Opt          Optimizer
	Steps        int   // updates done
	CharsTrained int64 // characters seen in training
	LastLoss     float64
	LastGradNorm float64
	Train, Val   []int32

	state          *State
	lanePos        int // position inside each lane of the next chunk
	laneLen        int
	inputs, target []int32
	good           *snapshot // last parameters known to be finite
	highLoss       int       // consecutive steps with a loss above divergedLoss
}

// ValidateText explains why text cannot be trained on, or returns nil.
func ValidateText(text string) error {
	switch {
	case text == "":
		return ErrEmptyText
	case len(text) > MaxTextBytes:
		return fmt.Errorf("the text is %d MiB; the limit is %d MiB", len(text)>>20, MaxTextBytes>>20)
	}
	if bad := InvalidUTF8Bytes(text); bad > 0 {
		return fmt.Errorf("the text is not valid UTF-8: %d bad bytes (is it a binary file?)", bad)
	}
	first, _ := utf8.DecodeRuneInString(text)
	for _, r := range text {
		if r != first {
			return nil
		}
	}
	return fmt.Errorf("the text has only one distinct character (%q); a model cannot learn anything from it", first)
}

// NewTrainer validates text and config, builds the vocabulary, splits off the
// validation text and initialises the model from cfg.Seed.
func NewTrainer(text string, cfg TrainConfig) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := ValidateText(text); err != nil {
		return nil, err
	}
	vocab, err := NewVocab(text)
	if err != nil {
		return nil, err
	}
	if vocab.Size() > MaxVocab {
		return nil, fmt.Errorf("the text has %d distinct characters; the limit is %d", vocab.Size(), MaxVocab)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x726e6e6c6162)) // "rnnlab"
	m, err := NewLM(cfg.Model, vocab, rng)
	if err != nil {
		return nil, err
	}
	return newTrainerFor(m, text, cfg)
}

func newTrainerFor(m *LM, text string, cfg TrainConfig) (*Trainer, error) {
	ids, err := m.Vocab.Encode(text)
	if err != nil {
		return nil, err
	}
	nVal := int(float64(len(ids)) * cfg.ValFraction)
	train, val := ids[:len(ids)-nVal], ids[len(ids)-nVal:]
	need := cfg.Batch*cfg.Seq + 1
	if len(train) < need {
		return nil, fmt.Errorf("the training text has %d characters; batch %d × sequence %d needs at least %d", len(train), cfg.Batch, cfg.Seq, need)
	}
	if cfg.ValFraction > 0 && len(val) < 2 {
		return nil, fmt.Errorf("the validation part (%.3g%% of %d characters) is too short; use a longer text or no validation (0)", cfg.ValFraction*100, len(ids))
	}
	opt, err := NewOptimizer(cfg.Optim, cfg.LR)
	if err != nil {
		return nil, err
	}
	t := &Trainer{Config: cfg, Model: m, Opt: opt, Train: train, Val: val,
		state:   m.NewState(cfg.Batch),
		laneLen: (len(train) - 1) / cfg.Batch,
		inputs:  make([]int32, cfg.Batch*cfg.Seq),
		target:  make([]int32, cfg.Batch*cfg.Seq),
	}
	t.good = t.takeSnapshot(nil)
	return t, nil
}

// Step does one update on the next chunk and returns its loss. If the loss
// or the gradient is not finite it restores the last good parameters,
// optimizer and state and returns an error wrapping ErrDiverged.
func (t *Trainer) Step() (float64, error) {
	B, T := t.Config.Batch, t.Config.Seq
	if t.lanePos+T > t.laneLen {
		t.lanePos = 0
		t.state.Reset()
	}
	for s := 0; s < T; s++ {
		for b := 0; b < B; b++ {
			i := b*t.laneLen + t.lanePos + s
			t.inputs[s*B+b] = t.Train[i]
			t.target[s*B+b] = t.Train[i+1]
		}
	}
	ps := t.Model.Params()
	ZeroGrad(ps)
	t.Opt.SetLR(t.Config.Decay.LR(t.Config.LR, t.Steps))
	loss := t.Model.TrainLoss(t.inputs, t.target, T, B, t.state)
	norm := ClipGradNorm(ps, t.Config.Clip)
	if loss > t.divergedLoss() {
		t.highLoss++
	} else {
		t.highLoss = 0
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) || math.IsNaN(norm) || math.IsInf(norm, 0) || t.highLoss >= 3 {
		t.highLoss = 0
		err := fmt.Errorf("%w at step %d (loss %v, gradient norm %v); the model from step %d was restored: try a lower learning rate than %g",
			ErrDiverged, t.Steps+1, loss, norm, t.good.steps, t.Opt.LR())
		t.restore(t.good)
		return loss, err
	}
	t.Opt.Step(ps)
	t.Steps++
	t.lanePos += T
	t.CharsTrained += int64(B * T)
	t.LastLoss, t.LastGradNorm = loss, norm
	if t.Steps%25 == 0 && t.highLoss == 0 {
		if !AllFinite(ps) {
			err := fmt.Errorf("%w at step %d: the weights overflowed; the model from step %d was restored: try a lower learning rate than %g",
				ErrDiverged, t.Steps, t.good.steps, t.Opt.LR())
			t.restore(t.good)
			return loss, err
		}
		t.good = t.takeSnapshot(t.good)
	}
	return loss, nil
}

// ValLoss is the model's mean cross-entropy (nats/char) on the validation
// text, read in Batch lanes with the state carried.
func (t *Trainer) ValLoss() (float64, error) {
	if len(t.Val) < 2 {
		return math.NaN(), errors.New("there is no validation text")
	}
	return t.Model.Evaluate(t.Val, t.Config.Batch, t.Config.Seq)
}

// snapshot is a deep copy of everything Step changes.
type snapshot struct {
	values       [][]float64
	optSettings  map[string]string
	optBuffers   map[string][]float64
	state        *State
	steps        int
	chars        int64
	lanePos      int
	lastLoss     float64
	lastGradNorm float64
}

// takeSnapshot copies the trainer's state, reusing reuse's storage.
func (t *Trainer) takeSnapshot(reuse *snapshot) *snapshot {
	s := reuse
	if s == nil {
		s = &snapshot{state: t.state.Clone()}
	} else {
		s.state.CopyFrom(t.state)
	}
	ps := t.Model.Params()
	if len(s.values) != len(ps) {
		s.values = make([][]float64, len(ps))
	}
	for i, p := range ps {
		s.values[i] = append(s.values[i][:0], p.Value...)
	}
	settings, bufs := t.Opt.State()
	s.optSettings = settings
	if s.optBuffers == nil {
		s.optBuffers = map[string][]float64{}
	}
	for k, v := range bufs {
		s.optBuffers[k] = append(s.optBuffers[k][:0], v...)
	}
	s.steps, s.chars, s.lanePos = t.Steps, t.CharsTrained, t.lanePos
	s.lastLoss, s.lastGradNorm = t.LastLoss, t.LastGradNorm
	return s
}

func (t *Trainer) restore(s *snapshot) {
	ps := t.Model.Params()
	for i, p := range ps {
		copy(p.Value, s.values[i])
	}
	ZeroGrad(ps)
	bufs := map[string][]float64{}
	for k, v := range s.optBuffers {
		bufs[k] = slices.Clone(v)
	}
	_ = t.Opt.SetState(s.optSettings, bufs, ps)
	t.state.CopyFrom(s.state)
	t.Steps, t.CharsTrained, t.lanePos = s.steps, s.chars, s.lanePos
	t.LastLoss, t.LastGradNorm = s.lastLoss, s.lastGradNorm
}

// State returns the carried training state (for display; do not modify).
func (t *Trainer) State() *State { return t.state }

// divergedLoss is the loss above which a step counts as exploding: far
// worse than guessing uniformly (ln V nats). A learning rate that is too high
// can send the loss there and keep it finite; three such steps in a row count
// as divergence.
func (t *Trainer) divergedLoss() float64 {
	return 1.5*math.Log(float64(t.Model.Vocab.Size())) + 1.5
}
