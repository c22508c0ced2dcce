package classify

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"rnnlab/core"
)

// Config is everything that defines a classifier and its training.
type Config struct {
	Cell          core.Cell
	Hidden        int
	Layers        int
	Embed         int // embedding width; 0 reads one-hot characters
	Bidirectional bool
	Pool          core.Pool
	Fold          bool // read texts folded (see Fold)
	Batch         int  // texts per update (all of one length)
	Optim         string
	LR            float64
	Clip          float64 // global gradient-norm clip; 0 = off
	// WordDrop is the chance that a word of a training text is left out for
	// one epoch (word dropout: the model learns to use every cue, not one).
	WordDrop float64
	Seed     uint64
}

// Limits of a configuration beyond core's.
const (
	MaxVocab  = 5000 // distinct characters in the training texts
	MaxLayers = 3
	MaxBatch  = 1024
)

// DefaultConfig is the app's starting point: a small bidirectional GRU over
// learned character embeddings that reads mean-pooled, folded text.
func DefaultConfig() Config {
	return Config{Cell: core.GRU, Hidden: 64, Layers: 1, Embed: 16, Bidirectional: true, Pool: core.PoolMean,
		Fold: true, Batch: 32, Optim: "adam", LR: 0.005, Clip: 5, Seed: 1}
}

// Validate explains the first unusable setting.
func (c Config) Validate() error {
	switch {
	case c.Layers < 1 || c.Layers > MaxLayers:
		return fmt.Errorf("layer count %d is out of range (1 to %d)", c.Layers, MaxLayers)
	case c.Batch < 1 || c.Batch > MaxBatch:
		return fmt.Errorf("batch %d is out of range (1 to %d)", c.Batch, MaxBatch)
	case math.IsNaN(c.Clip) || c.Clip < 0 || math.IsInf(c.Clip, 0):
		return fmt.Errorf("gradient clip %v must be a finite number ≥ 0 (0 turns it off)", c.Clip)
	case !(c.WordDrop >= 0 && c.WordDrop < 1):
		return fmt.Errorf("word dropout %v must be in [0, 1)", c.WordDrop)
	}
	if _, err := core.NewOptimizer(c.Optim, c.LR); err != nil {
		return err
	}
	return c.net(2, 2).Validate()
}

// net is the network configuration for K classes over V characters.
func (c Config) net(K, V int) core.ClassifierConfig {
	return core.ClassifierConfig{
		Stack:   core.StackConfig{Cell: c.Cell, Hidden: c.Hidden, Layers: c.Layers, Bidirectional: c.Bidirectional},
		Classes: K, Pool: c.Pool, Vocab: V, Embed: c.Embed,
	}
}

// NewModel builds an untrained model for train's labels and characters,
// initialised from cfg.Seed.
func NewModel(train *Dataset, cfg Config) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(train.Labels) < 2 {
		return nil, errors.New("a classifier needs at least two labels")
	}
	var text []rune
	seen := map[rune]bool{}
	for _, e := range train.Examples {
		t := e.Text
		if cfg.Fold {
			t = Fold(t)
		}
		for _, r := range t {
			if !seen[r] {
				seen[r] = true
				text = append(text, r)
			}
		}
	}
	if len(text) == 0 {
		return nil, errors.New("the training texts are empty")
	}
	if len(text) > MaxVocab {
		return nil, fmt.Errorf("the texts use %d different characters; the limit is %d", len(text), MaxVocab)
	}
	slices.Sort(text)
	vocab, err := core.VocabFromRunes(text)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x636c6173)) // "clas"
	net, err := core.NewClassifier(cfg.net(len(train.Labels), vocab.Size()), rng)
	if err != nil {
		return nil, err
	}
	return &Model{Net: net, Vocab: vocab, Labels: slices.Clone(train.Labels), Fold: cfg.Fold}, nil
}

// ErrDiverged is returned (wrapped) by Step when the loss or the gradient
// stops being a finite number; the model from before is restored.
var ErrDiverged = errors.New("training diverged")

// Trainer updates a model on a training set, one batch per Step, so that
// an app can train in time slices between frames.
//
// Each epoch the texts are grouped by length, shuffled, and cut into
// batches of up to Config.Batch texts of one length (no padding is needed,
// so a text's final state is its own), and the batches are shuffled.
type Trainer struct {
	Config Config
	Model  *Model
	Opt    core.Optimizer
	Steps  int   // updates made
	Epochs int   // passes over the training set completed
	Seen   int64 // texts trained on
	Chars  int64 // characters trained on
	// The last step's mean loss (nats) and its batch accuracy.
	LastLoss, LastAccuracy float64

	texts   [][]int32 // encoded training texts
	labels  []int
	space   int32     // the id of ' ', -1 if none
	epoch   [][]int32 // this epoch's texts: texts with words dropped
	batches [][]int   // this epoch's batches, as indices into epoch
	next    int       // next batch
	tokens  []int32
	batchY  []int
	rng     *rand.Rand
	good    *snapshot
}

// NewTrainer builds a model for train (see NewModel) and a trainer for it.
func NewTrainer(train *Dataset, cfg Config) (*Trainer, error) {
	m, err := NewModel(train, cfg)
	if err != nil {
		return nil, err
	}
	return newTrainerFor(m, train, cfg)
}

func newTrainerFor(m *Model, train *Dataset, cfg Config) (*Trainer, error) {
	opt, err := core.NewOptimizer(cfg.Optim, cfg.LR)
	if err != nil {
		return nil, err
	}
	t := &Trainer{Config: cfg, Model: m, Opt: opt, rng: rand.New(rand.NewPCG(cfg.Seed, 0x62617463))} // "batc"
	for _, e := range train.Examples {
		ids, _, _ := m.Encode(e.Text)
		if len(ids) == 0 {
			continue
		}
		t.texts = append(t.texts, ids)
		t.labels = append(t.labels, e.Label)
	}
	if len(t.texts) == 0 {
		return nil, errors.New("no training text has a character the model knows")
	}
	t.space = -1
	if id, ok := m.Vocab.Index(' '); ok {
		t.space = id
	}
	t.good = t.takeSnapshot(nil)
	return t, nil
}

// shuffle prepares the next epoch: drops words and cuts batches.
func (t *Trainer) shuffle() {
	t.epoch = t.epoch[:0]
	byLen := map[int][]int{}
	for i, ids := range t.texts {
		if t.Config.WordDrop > 0 && t.space >= 0 {
			ids = dropWords(ids, t.space, t.Config.WordDrop, t.rng)
		}
		t.epoch = append(t.epoch, ids)
		byLen[len(ids)] = append(byLen[len(ids)], i)
	}
	lengths := make([]int, 0, len(byLen))
	for n := range byLen {
		lengths = append(lengths, n)
	}
	slices.Sort(lengths) // map order is random; the generator must not see it
	t.batches = t.batches[:0]
	for _, n := range lengths {
		idx := byLen[n]
		t.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for s := 0; s < len(idx); s += t.Config.Batch {
			t.batches = append(t.batches, idx[s:min(s+t.Config.Batch, len(idx))])
		}
	}
	t.rng.Shuffle(len(t.batches), func(i, j int) { t.batches[i], t.batches[j] = t.batches[j], t.batches[i] })
	t.next = 0
}

// Step makes one update on the next batch and returns its mean loss and
// accuracy. If the loss or the gradient is not finite it restores the last
// good model and optimizer and returns an error wrapping ErrDiverged.
func (t *Trainer) Step() (loss, accuracy float64, err error) {
	if t.next >= len(t.batches) {
		if t.batches != nil {
			t.Epochs++
		}
		t.shuffle()
	}
	batch := t.batches[t.next]
	T, B := len(t.epoch[batch[0]]), len(batch)
	t.tokens = slices.Grow(t.tokens[:0], T*B)[:T*B]
	t.batchY = t.batchY[:0]
	for b, i := range batch {
		for s, id := range t.epoch[i] {
			t.tokens[s*B+b] = id
		}
		t.batchY = append(t.batchY, t.labels[i])
	}
	ps := t.Model.Net.Params()
	core.ZeroGrad(ps)
	loss, accuracy = t.Model.Net.TrainLossTokens(t.tokens, T, B, t.batchY)
	norm := core.ClipGradNorm(ps, t.Config.Clip)
	if math.IsNaN(loss) || math.IsInf(loss, 0) || math.IsNaN(norm) || math.IsInf(norm, 0) {
		err := fmt.Errorf("%w at step %d (loss %v, gradient norm %v); the model from step %d was restored: try a lower learning rate than %g",
			ErrDiverged, t.Steps+1, loss, norm, t.good.steps, t.Opt.LR())
		t.restore(t.good)
		return loss, accuracy, err
	}
	t.Opt.Step(ps)
	t.next++
	t.Steps++
	t.Seen += int64(B)
	t.Chars += int64(T * B)
	t.LastLoss, t.LastAccuracy = loss, accuracy
	if t.Steps%25 == 0 {
		if !core.AllFinite(ps) {
			err := fmt.Errorf("%w at step %d: the weights overflowed; the model from step %d was restored: try a lower learning rate than %g",
				ErrDiverged, t.Steps, t.good.steps, t.Opt.LR())
			t.restore(t.good)
			return loss, accuracy, err
		}
		t.good = t.takeSnapshot(t.good)
	}
	return loss, accuracy, nil
}

// dropWords returns ids with each space-separated word left out with
// probability p (with the space after it), keeping at least one word. It
// returns ids itself when nothing is dropped.
func dropWords(ids []int32, space int32, p float64, rng *rand.Rand) []int32 {
	var out []int32
	kept, dropped := 0, false
	for start := 0; start < len(ids); {
		end := start
		for end < len(ids) && ids[end] != space {
			end++
		}
		if end < len(ids) {
			end++ // the space belongs to the word before it
		}
		if rng.Float64() < p {
			dropped = true
		} else {
			out = append(out, ids[start:end]...)
			kept++
		}
		start = end
	}
	if !dropped {
		return ids
	}
	if kept == 0 {
		return ids
	}
	if n := len(out); out[n-1] == space && ids[len(ids)-1] != space {
		out = out[:n-1]
	}
	return out
}

// EpochFraction is how far training is through the current epoch, 0 to 1.
func (t *Trainer) EpochFraction() float64 {
	if len(t.batches) == 0 {
		return 0
	}
	return float64(t.next) / float64(len(t.batches))
}

// TrainTexts is the number of training texts the model can read.
func (t *Trainer) TrainTexts() int { return len(t.texts) }

// snapshot is a copy of what Step changes in the model and the optimizer.
type snapshot struct {
	values   [][]float64
	settings map[string]string
	buffers  map[string][]float64
	steps    int
	seen     int64
	chars    int64
}

func (t *Trainer) takeSnapshot(reuse *snapshot) *snapshot {
	s := reuse
	if s == nil {
		s = &snapshot{buffers: map[string][]float64{}}
	}
	ps := t.Model.Net.Params()
	if len(s.values) != len(ps) {
		s.values = make([][]float64, len(ps))
	}
	for i, p := range ps {
		s.values[i] = append(s.values[i][:0], p.Value...)
	}
	settings, bufs := t.Opt.State()
	s.settings = settings
	for k, v := range bufs {
		s.buffers[k] = append(s.buffers[k][:0], v...)
	}
	s.steps, s.seen, s.chars = t.Steps, t.Seen, t.Chars
	return s
}

func (t *Trainer) restore(s *snapshot) {
	ps := t.Model.Net.Params()
	for i, p := range ps {
		copy(p.Value, s.values[i])
	}
	core.ZeroGrad(ps)
	bufs := make(map[string][]float64, len(s.buffers))
	for k, v := range s.buffers {
		bufs[k] = slices.Clone(v)
	}
	_ = t.Opt.SetState(s.settings, bufs, ps)
	t.Steps, t.Seen, t.Chars = s.steps, s.seen, s.chars
}
