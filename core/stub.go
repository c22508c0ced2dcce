package core

// Signatures whose bodies are still being written. Each moves to its own file
// when implemented.

import (
	"math/rand/v2"
)

// ---- Trace ----------------------------------------------------------------

// DirTrace is what one layer and direction did over a sequence. Every
// per-step slice is indexed by sequence position t (0..T-1), also for the
// reverse direction, and holds B·size values (lane-major).
type DirTrace struct {
	Layer, Dir int
	Input      [][]float64   // [t] x_t fed to this layer [B·In]
	Hidden     [][]float64   // [t] h_t [B·H]
	CellState  [][]float64   // [t] c_t [B·H], LSTM only
	Gates      [][][]float64 // [gate][t] activation [B·H], names in Trace.GateNames
	// Filled by Backward:
	GradHidden []float64   // [t] ‖∂L/∂h_t‖ (all lanes)
	GradCell   []float64   // [t] ‖∂L/∂c_t‖, LSTM only
	GradGates  [][]float64 // [gate][t] ‖∂L/∂(gate pre-activation)‖
}

// Trace records everything the views draw for one sequence.
type Trace struct {
	Cell      Cell
	T, B, H   int
	GateNames []string
	Dirs      []DirTrace // index layer·D + dir
	// Filled by Backward:
	ParamGradNorms map[string]float64
}

// Trace returns the trace of the last Forward (and Backward, if run), or nil
// when recording is off. The caller owns the returned value.
func (s *Stack) Trace() *Trace { panic("todo") }

// ---- Language model -------------------------------------------------------

// LMConfig sizes a character language model.
type LMConfig struct {
	Cell   Cell
	Hidden int
	Layers int
	Embed  int // 0: one-hot input; otherwise an embedding of this width
}

// LM is a character language model: (embedding or one-hot) → Stack → linear → softmax.
type LM struct {
	Config LMConfig
	Vocab  *Vocab
	Stack  *Stack
}

// State is the recurrent state carried between chunks, one per lane.
type State struct {
	B    int
	H, C []float64 // [L,B,H]
}

func NewLM(cfg LMConfig, vocab *Vocab, rng *rand.Rand) (*LM, error) { panic("todo") }
func (m *LM) Params() []*Param                                      { panic("todo") }
func (m *LM) NewState(B int) *State                                 { panic("todo") }

// TrainLoss runs inputs [T,B] (position-major: inputs[t*B+b]) against
// targets [T,B], accumulates gradients of the mean cross-entropy, moves st to
// the final state (the gradient is not carried) and returns the loss in nats/char.
func (m *LM) TrainLoss(inputs, targets []int32, T, B int, st *State) float64 { panic("todo") }

// Loss is TrainLoss without the backward pass.
func (m *LM) Loss(inputs, targets []int32, T, B int, st *State) float64 { panic("todo") }

// Evaluate is the mean cross-entropy (nats/char) over ids, read in B
// contiguous lanes of chunks of T with the state carried.
func (m *LM) Evaluate(ids []int32, B, T int) (float64, error) { panic("todo") }

// SampleOptions steer generation. Temperature 0 means greedy (argmax);
// TopK 0 means no top-k cut.
type SampleOptions struct {
	N           int
	Temperature float64
	TopK        int
	Prime       string
}

// Sample generates opt.N characters after the priming text (which is not
// included in the result). Characters of Prime outside the vocabulary are skipped.
func (m *LM) Sample(rng *rand.Rand, opt SampleOptions) (string, error) { panic("todo") }

// WindowTrace is what the views show for a window of text.
type WindowTrace struct {
	*Trace
	Tokens  []int32     // the window
	Probs   [][]float64 // [t] distribution over the next character after tokens[t]
	Loss    float64     // mean cross-entropy of predicting tokens[t+1]
	Connect []float64   // [t] ‖∂ logit(tokens[T-1+1]... see docs) / ∂x_t‖
}

// TraceWindow runs the window (B=1) from st (nil = zeros) with recording on,
// backpropagates its loss, and returns the trace. It leaves parameter
// gradients and the training state untouched.
func (m *LM) TraceWindow(ids []int32, st *State) (*WindowTrace, error) { panic("todo") }

// ---- Training -------------------------------------------------------------

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

// DefaultTrainConfig is a sensible small LSTM setup.
func DefaultTrainConfig() TrainConfig { panic("todo") }

// Validate explains the first unusable setting.
func (c TrainConfig) Validate() error { panic("todo") }

// Trainer owns a model, its optimizer, the data lanes and the carried state.
type Trainer struct {
	Config       TrainConfig
	Model        *LM
	Opt          Optimizer
	Steps        int   // updates done
	CharsTrained int64 // characters seen in training
	LastLoss     float64
	LastGradNorm float64
	Train, Val   []int32
}

// NewTrainer validates text and config, builds the vocabulary, splits off
// validation and initialises the model from cfg.Seed.
func NewTrainer(text string, cfg TrainConfig) (*Trainer, error) { panic("todo") }

// ErrDiverged is returned by Step when the loss or gradients stop being finite.
var ErrDiverged error

// Step does one update on the next chunk and returns its loss. When the loss
// or gradient is not finite it restores the parameters and optimizer to their
// state before the step and returns ErrDiverged (wrapped).
func (t *Trainer) Step() (float64, error) { panic("todo") }

// ValLoss is the model's mean cross-entropy on the validation text.
func (t *Trainer) ValLoss() (float64, error) { panic("todo") }

// ---- Checkpoints ------------------------------------------------------------

// Checkpoint is a model plus what is needed to resume its training.
type Checkpoint struct {
	Model  *LM
	Config TrainConfig
	Steps  int
	Chars  int64
	Opt    Optimizer // nil when saved without optimizer state
}

// Checkpoint captures the trainer's current state (sharing its tensors).
func (t *Trainer) Checkpoint() *Checkpoint { panic("todo") }

// SaveCheckpoint writes ck to path atomically (temporary file + rename).
func SaveCheckpoint(path string, ck *Checkpoint) error { panic("todo") }

// EncodeCheckpoint returns the safetensors bytes of ck.
func EncodeCheckpoint(ck *Checkpoint) ([]byte, error) { panic("todo") }

// LoadCheckpoint reads a checkpoint file; see DecodeCheckpoint.
func LoadCheckpoint(path string) (*Checkpoint, error) { panic("todo") }

// DecodeCheckpoint parses checkpoint bytes, treating them as hostile.
func DecodeCheckpoint(data []byte) (*Checkpoint, error) { panic("todo") }

// ResumeTrainer continues training ck on text (which must fit ck's vocabulary).
func ResumeTrainer(ck *Checkpoint, text string) (*Trainer, error) { panic("todo") }

// ---- Classifier -------------------------------------------------------------

// Pool chooses how a sequence becomes one vector.
type Pool int

const (
	PoolFinal Pool = iota // final state, both directions concatenated
	PoolMean              // mean of the top layer's output over time
)

type ClassifierConfig struct {
	Stack   StackConfig
	Classes int
	Pool    Pool
}

type Classifier struct {
	Config ClassifierConfig
	Stack  *Stack
}

func NewClassifier(cfg ClassifierConfig, rng *rand.Rand) (*Classifier, error) { panic("todo") }
func (c *Classifier) Params() []*Param                                        { panic("todo") }

// TrainLoss runs x [T,B,Input] with labels [B], accumulates gradients of the
// mean cross-entropy and returns it with the accuracy.
func (c *Classifier) TrainLoss(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	panic("todo")
}

// Loss is TrainLoss without the backward pass.
func (c *Classifier) Loss(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	panic("todo")
}
