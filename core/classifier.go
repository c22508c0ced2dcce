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

// ClassifierConfig sizes a sequence classifier.
type ClassifierConfig struct {
	Stack   StackConfig
	Classes int
	Pool    Pool
}

// Classifier maps a sequence to one of Classes labels:
//
//	v = pool(Stack(x));  p = softmax(W_cls·v + b_cls)
//
// trained on the mean cross-entropy over the batch.
type Classifier struct {
	Config ClassifierConfig
	Stack  *Stack

	w, b   *Param // classifier.weight [K, D·H], classifier.bias [K]
	params []*Param
	v      []float64 // pooled vectors [B, D·H]
	probs  []float64 // [B, K]
	dv     []float64
	dout   []float64
	dhN    []float64
}

// NewClassifier initialises the stack and the linear layer PyTorch's way.
func NewClassifier(cfg ClassifierConfig, rng *rand.Rand) (*Classifier, error) {
	if cfg.Classes < 2 || cfg.Classes > MaxVocab {
		return nil, fmt.Errorf("class count %d is out of range (2 to %d)", cfg.Classes, MaxVocab)
	}
	if cfg.Pool != PoolFinal && cfg.Pool != PoolMean {
		return nil, fmt.Errorf("unknown pooling %d", cfg.Pool)
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
	c.params = append(append([]*Param{}, st.Params()...), c.w, c.b)
	return c, nil
}

// Params lists the stack's parameters, then classifier.weight and classifier.bias.
func (c *Classifier) Params() []*Param { return c.params }

// forward pools x [T,B,Input] and leaves softmax probabilities in c.probs.
func (c *Classifier) forward(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	if len(labels) != B {
		panic(fmt.Sprintf("core: %d labels for batch %d", len(labels), B))
	}
	cfg := c.Config.Stack
	D, H, K := cfg.Dirs(), cfg.Hidden, c.Config.Classes
	DH := D * H
	out, hN, _ := c.Stack.Forward(x, T, B, nil, nil)
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
	addRowsSet(c.probs, c.b.Value, B)
	mulABt(c.probs, c.v, c.w.Value, B, K, DH)
	correct := 0
	for b, label := range labels {
		if label < 0 || label >= K {
			panic(fmt.Sprintf("core: label %d outside %d classes", label, K))
		}
		row := c.probs[b*K : (b+1)*K]
		softmaxInPlace(row)
		loss -= math.Log(max(row[label], math.SmallestNonzeroFloat64))
		best := 0
		for k, p := range row {
			if p > row[best] {
				best = k
			}
		}
		if best == label {
			correct++
		}
	}
	return loss / float64(B), float64(correct) / float64(B)
}

// Loss returns the mean cross-entropy and the accuracy of x [T,B,Input]
// against labels [B].
func (c *Classifier) Loss(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	return c.forward(x, T, B, labels)
}

// TrainLoss is Loss plus the backward pass: it accumulates the gradients.
func (c *Classifier) TrainLoss(x []float64, T, B int, labels []int) (loss, accuracy float64) {
	loss, accuracy = c.forward(x, T, B, labels)
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
	T = c.Stack.T
	if c.Config.Pool == PoolMean {
		c.dout = grow(c.dout, T*B*DH)
		for t := 0; t < T; t++ {
			row := c.dout[t*B*DH : (t+1)*B*DH]
			for i, g := range c.dv {
				row[i] = g / float64(T)
			}
		}
		c.Stack.Backward(c.dout, nil, nil)
		return loss, accuracy
	}
	c.dhN = grow(c.dhN, cfg.Layers*D*B*H)
	clear(c.dhN)
	top := (cfg.Layers - 1) * D
	for b := 0; b < B; b++ {
		for d := 0; d < D; d++ {
			copy(c.dhN[((top+d)*B+b)*H:((top+d)*B+b+1)*H], c.dv[b*DH+d*H:b*DH+d*H+H])
		}
	}
	c.Stack.Backward(nil, c.dhN, nil)
	return loss, accuracy
}
