package core

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Pool chooses how a sequence becomes one vector.
type Pool int

const (
	PoolFinal Pool = iota // the final state h_n of the top layer, both directions concatenated
	PoolMean              // the mean of the top layer's output over time
)

// String returns "final" or "mean".
func (p Pool) String() string {
	switch p {
	case PoolFinal:
		return "final"
	case PoolMean:
		return "mean"
	}
	return fmt.Sprintf("Pool(%d)", int(p))
}

// ParsePool accepts final (also "last") and mean.
func ParsePool(s string) (Pool, error) {
	switch s {
	case "final", "last":
		return PoolFinal, nil
	case "mean":
		return PoolMean, nil
	}
	return 0, fmt.Errorf("unknown pooling %q (want final or mean)", s)
}

// ClassifierConfig sizes a sequence classifier.
//
// With Vocab = 0 the classifier reads dense vectors of Stack.Input values
// (Loss, TrainLoss). With Vocab > 0 it reads token ids 0..Vocab-1 (LossTokens,
// TrainLossTokens): one-hot vectors when Embed is 0, else rows of an
// embedding.weight [Vocab, Embed]; NewClassifier then sets Stack.Input to
// Embed or Vocab.
type ClassifierConfig struct {
	Stack        StackConfig
	Classes      int
	Pool         Pool
	Vocab, Embed int
}

// Validate explains the first unusable setting. With token input the
// stack's Input is taken to be Embed or Vocab, as NewClassifier sets it.
func (c ClassifierConfig) Validate() error {
	switch {
	case c.Classes < 2 || c.Classes > MaxVocab:
		return fmt.Errorf("class count %d is out of range (2 to %d)", c.Classes, MaxVocab)
	case c.Pool != PoolFinal && c.Pool != PoolMean:
		return fmt.Errorf("unknown pooling %d", c.Pool)
	case c.Vocab < 0 || c.Vocab > MaxVocab:
		return fmt.Errorf("vocabulary size %d is out of range (0 for dense input, up to %d)", c.Vocab, MaxVocab)
	case c.Embed < 0 || c.Embed > MaxHidden:
		return fmt.Errorf("embedding width %d is out of range (0 for one-hot, up to %d)", c.Embed, MaxHidden)
	case c.Embed > 0 && c.Vocab == 0:
		return fmt.Errorf("an embedding of width %d needs token input (a vocabulary size)", c.Embed)
	}
	st := c.Stack
	if c.Vocab > 0 {
		st.Input = c.Vocab
		if c.Embed > 0 {
			st.Input = c.Embed
		}
	}
	if err := st.Validate(); err != nil {
		return err
	}
	n := st.paramCount() + c.Vocab*c.Embed + c.Classes*(st.Dirs()*st.Hidden+1)
	if n > MaxParams {
		return fmt.Errorf("the classifier would have %d parameters; the limit is %d (lower the hidden size, layers or embedding)", n, MaxParams)
	}
	return nil
}

// Classifier maps a sequence to one of Classes labels:
//
//	x_t = x_t, onehot(c_t) or E[c_t];  v = pool(Stack(x));  p = softmax(W_cls·v + b_cls)
//
// trained on the mean cross-entropy over the batch.
type Classifier struct {
	Config ClassifierConfig
	Stack  *Stack

	embed  *Param // embedding.weight [V, E], nil unless Embed > 0
	w, b   *Param // classifier.weight [K, D·H], classifier.bias [K]
	params []*Param
	tokens []int32   // the last token input, for the embedding's gradient
	x      []float64 // embedded tokens [T,B,E]
	v      []float64 // pooled vectors [B, D·H]
	probs  []float64 // [B, K]
	dv     []float64
	dout   []float64
	dhN    []float64
}

// NewClassifier initialises the stack and the linear layer PyTorch's way:
// U(-1/√H, 1/√H) for the stack, U(-1/√(D·H), 1/√(D·H)) for the linear layer
// (nn.Linear's default) and N(0, 1) for the embedding (nn.Embedding's).
func NewClassifier(cfg ClassifierConfig, rng *rand.Rand) (*Classifier, error) {
	if cfg.Vocab > 0 {
		cfg.Stack.Input = cfg.Vocab
		if cfg.Embed > 0 {
			cfg.Stack.Input = cfg.Embed
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := NewStack(cfg.Stack, rng)
	if err != nil {
		return nil, err
	}
	DH := cfg.Stack.Dirs() * cfg.Stack.Hidden
	c := &Classifier{Config: cfg, Stack: st,
		w: newParam("classifier.weight", cfg.Classes, DH),
		b: newParam("classifier.bias", cfg.Classes)}
	bound := 1 / math.Sqrt(float64(DH))
	uniform(rng, c.w.Value, bound)
	uniform(rng, c.b.Value, bound)
	if cfg.Embed > 0 {
		c.embed = newParam("embedding.weight", cfg.Vocab, cfg.Embed)
		for i := range c.embed.Value {
			c.embed.Value[i] = rng.NormFloat64()
		}
		c.params = append(c.params, c.embed)
	}
	c.params = append(append(c.params, st.Params()...), c.w, c.b)
	return c, nil
}

// Params lists embedding.weight (with an embedding), the stack's parameters,
// then classifier.weight and classifier.bias.
func (c *Classifier) Params() []*Param { return c.params }

// forward runs dense x [T,B,Input] (when tokens is nil) or tokens [T,B]
// through the stack, pools the top layer and leaves the softmax
// probabilities [B,K] in c.probs. It returns the top layer's output
// [T,B,D·H], a view into the stack's buffers.
func (c *Classifier) forward(x []float64, tokens []int32, T, B int) (out []float64) {
	cfg := c.Config.Stack
	D, H, K := cfg.Dirs(), cfg.Hidden, c.Config.Classes
	DH := D * H
	var hN []float64
	switch {
	case tokens == nil:
		if c.Config.Vocab > 0 {
			panic("core: this classifier reads token ids; use LossTokens or TrainLossTokens")
		}
		out, hN, _ = c.Stack.Forward(x, T, B, nil, nil)
	case c.Config.Vocab == 0:
		panic("core: this classifier reads dense vectors; use Loss or TrainLoss")
	case c.embed != nil:
		if len(tokens) != T*B {
			panic(fmt.Sprintf("core: %d tokens for T=%d B=%d", len(tokens), T, B))
		}
		E, V := c.Config.Embed, int32(c.Config.Vocab)
		c.x = grow(c.x, T*B*E)
		for r, tok := range tokens {
			if tok < 0 || tok >= V {
				panic(fmt.Sprintf("core: token %d outside the vocabulary of %d", tok, V))
			}
			copy(c.x[r*E:(r+1)*E], c.embed.Value[int(tok)*E:(int(tok)+1)*E])
		}
		out, hN, _ = c.Stack.Forward(c.x, T, B, nil, nil)
	default:
		out, hN, _ = c.Stack.ForwardOneHot(tokens, T, B, nil, nil)
	}
	c.tokens = tokens
	c.v = grow(c.v, B*DH)
	clear(c.v)
	if c.Config.Pool == PoolMean {
		for t := 0; t < T; t++ {
			axpy(1/float64(T), out[t*B*DH:(t+1)*B*DH], c.v)
		}
	} else {
		top := (cfg.Layers - 1) * D
		for b := 0; b < B; b++ {
			for d := 0; d < D; d++ {
				copy(c.v[b*DH+d*H:b*DH+d*H+H], hN[((top+d)*B+b)*H:((top+d)*B+b+1)*H])
			}
		}
	}
	c.probs = grow(c.probs, B*K)
	c.decide(c.probs, c.v, B)
	return out
}

// decide sets probs [B,K] to softmax(W_cls·v + b_cls) for the B rows of v.
func (c *Classifier) decide(probs, v []float64, B int) {
	K, DH := c.Config.Classes, c.w.Shape[1]
	setRows(probs, c.b.Value, B)
	mulABt(probs, v, c.w.Value, B, K, DH)
	for b := 0; b < B; b++ {
		softmaxInPlace(probs[b*K : (b+1)*K])
	}
}

// score is the mean cross-entropy and the accuracy of c.probs against labels.
func (c *Classifier) score(labels []int, B int) (loss, accuracy float64) {
	if len(labels) != B {
		panic(fmt.Sprintf("core: %d labels for batch %d", len(labels), B))
	}
	K := c.Config.Classes
	correct := 0
	for b, label := range labels {
		if label < 0 || label >= K {
			panic(fmt.Sprintf("core: label %d outside %d classes", label, K))
		}
		row := c.probs[b*K : (b+1)*K]
		loss -= math.Log(max(row[label], math.SmallestNonzeroFloat64))
		if Argmax(row) == label {
			correct++
		}
	}
	return loss / float64(B), float64(correct) / float64(B)
}

// Loss returns the mean cross-entropy and the accuracy of dense x
// [T,B,Input] against labels [B].
func (c *Classifier) Loss(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	c.forward(x, nil, T, B)
	return c.score(labels, B)
}

// TrainLoss is Loss plus the backward pass: it accumulates the gradients.
func (c *Classifier) TrainLoss(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	c.forward(x, nil, T, B)
	loss, accuracy = c.score(labels, B)
	c.backward(labels, B)
	return loss, accuracy
}

// LossTokens returns the mean cross-entropy and the accuracy of tokens
// [T,B] (position-major: tokens[t·B+b]) against labels [B].
func (c *Classifier) LossTokens(tokens []int32, T, B int, labels []int) (loss, accuracy float64) {
	c.forward(nil, tokens, T, B)
	return c.score(labels, B)
}

// TrainLossTokens is LossTokens plus the backward pass: it accumulates the
// gradients, the embedding's included.
func (c *Classifier) TrainLossTokens(tokens []int32, T, B int, labels []int) (loss, accuracy float64) {
	c.forward(nil, tokens, T, B)
	loss, accuracy = c.score(labels, B)
	c.backward(labels, B)
	return loss, accuracy
}

// ProbsTokens returns the class probabilities [B,K] for tokens [T,B], as a
// view valid until the next call.
func (c *Classifier) ProbsTokens(tokens []int32, T, B int) []float64 {
	c.forward(nil, tokens, T, B)
	return c.probs[:B*c.Config.Classes]
}

// PrefixProbs returns, for each position t of one sequence of token ids,
// the class probabilities the classifier gives the prefix tokens[0..t]: how
// the decision forms as the text is read left to right. Row T-1 is the
// decision for the whole text. A one-directional stack reads every prefix
// in one pass (its state at t is the final state of the prefix, and the
// mean pool is a running mean); a bidirectional one reads each prefix anew,
// since its right-to-left direction starts at the prefix's end.
func (c *Classifier) PrefixProbs(tokens []int32) [][]float64 {
	T, K := len(tokens), c.Config.Classes
	if T == 0 {
		panic("core: PrefixProbs of an empty sequence")
	}
	rows := make([][]float64, T)
	if c.Config.Stack.Bidirectional {
		for t := range rows {
			rows[t] = append([]float64(nil), c.ProbsTokens(tokens[:t+1], t+1, 1)...)
		}
		return rows
	}
	top := c.forward(nil, tokens, T, 1) // [T,1,H]
	H := c.Config.Stack.Hidden
	v := make([]float64, H)
	for t := range rows {
		h := top[t*H : (t+1)*H]
		if c.Config.Pool == PoolMean {
			for j := range v {
				v[j] += (h[j] - v[j]) / float64(t+1)
			}
		} else {
			copy(v, h)
		}
		rows[t] = make([]float64, K)
		c.decide(rows[t], v, 1)
	}
	return rows
}

// backward propagates the cross-entropy gradient of the last forward pass
// (whose probabilities it overwrites) into every parameter.
func (c *Classifier) backward(labels []int, B int) {
	cfg := c.Config.Stack
	D, H, K := cfg.Dirs(), cfg.Hidden, c.Config.Classes
	DH := D * H
	dz := c.probs
	for b, label := range labels {
		row := dz[b*K : (b+1)*K]
		row[label] -= 1
		for k := range row {
			row[k] /= float64(B)
		}
	}
	sumRows(c.b.Grad, dz[:B*K], B)
	mulAtB(c.w.Grad, dz[:B*K], c.v, K, DH, B)
	c.dv = grow(c.dv, B*DH)
	clear(c.dv)
	mulAB(c.dv, dz[:B*K], c.w.Value, B, DH, K)
	T := c.Stack.T
	var dx []float64
	if c.Config.Pool == PoolMean {
		c.dout = grow(c.dout, T*B*DH)
		for t := 0; t < T; t++ {
			row := c.dout[t*B*DH : (t+1)*B*DH]
			for i, g := range c.dv {
				row[i] = g / float64(T)
			}
		}
		dx, _, _ = c.Stack.Backward(c.dout, nil, nil)
	} else {
		c.dhN = grow(c.dhN, cfg.Layers*D*B*H)
		clear(c.dhN)
		top := (cfg.Layers - 1) * D
		for b := 0; b < B; b++ {
			for d := 0; d < D; d++ {
				copy(c.dhN[((top+d)*B+b)*H:((top+d)*B+b+1)*H], c.dv[b*DH+d*H:b*DH+d*H+H])
			}
		}
		dx, _, _ = c.Stack.Backward(nil, c.dhN, nil)
	}
	if c.embed != nil {
		E := c.Config.Embed
		for r, tok := range c.tokens {
			axpy(1, dx[r*E:(r+1)*E], c.embed.Grad[int(tok)*E:(int(tok)+1)*E])
		}
	}
}

// Argmax is the index of the largest value (the first of equals).
func Argmax(row []float64) int {
	best := 0
	for k, p := range row {
		if p > row[best] {
			best = k
		}
	}
	return best
}
