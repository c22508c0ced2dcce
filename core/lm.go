package core

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// LMConfig sizes a character language model.
type LMConfig struct {
	Cell   Cell
	Hidden int
	Layers int
	Embed  int // 0: one-hot input; otherwise an embedding of this width
}

// MaxVocab bounds the number of distinct characters a model handles.
const MaxVocab = 1 << 16

// Validate explains the first unusable setting.
func (c LMConfig) Validate() error {
	if c.Embed < 0 || c.Embed > MaxHidden {
		return fmt.Errorf("embedding width %d is out of range (0 for one-hot, up to %d)", c.Embed, MaxHidden)
	}
	return StackConfig{Cell: c.Cell, Input: 1, Hidden: c.Hidden, Layers: c.Layers}.Validate()
}

// LM is a character language model:
//
//	x_t = onehot(c_t) or E[c_t];  h_t = Stack(x_t, h_{t-1});  p(c_{t+1}) = softmax(W_dec·h_t + b_dec)
//
// It is trained on the mean cross-entropy in nats per character.
type LM struct {
	Config LMConfig
	Vocab  *Vocab
	Stack  *Stack

	embed      *Param // encoder.weight [V,E], nil when one-hot
	dec, decB  *Param // decoder.weight [V,H], decoder.bias [V]
	params     []*Param
	x          []float64 // embedded inputs [T,B,E]
	logits     []float64 // [T,B,V], softmax probabilities after a forward
	dout       []float64 // [T,B,H]
	shadowCopy *LM       // shares values, owns gradients and buffers (for traces)
}

// State is the recurrent state carried between chunks, per lane.
type State struct {
	B    int
	H, C []float64 // [L,B,H]; C only for LSTM
}

// NewLM initialises a model the way PyTorch would: the recurrent stack from
// U(-1/√H, 1/√H), the decoder from U(-1/√H, 1/√H) (nn.Linear's default) and
// the embedding from N(0, 1) (nn.Embedding's default).
func NewLM(cfg LMConfig, vocab *Vocab, rng *rand.Rand) (*LM, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if vocab == nil || vocab.Size() < 1 || vocab.Size() > MaxVocab {
		return nil, errors.New("the language model needs a vocabulary of 1 to 65536 characters")
	}
	V := vocab.Size()
	if n := countParams(lmShapes(cfg, V)); n > MaxParams {
		return nil, fmt.Errorf("a %s with %d layers of %d units over %d characters would have %d parameters; the limit is %d (lower the hidden size, layers or embedding)",
			cfg.Cell, cfg.Layers, cfg.Hidden, V, n, MaxParams)
	}
	in := V
	if cfg.Embed > 0 {
		in = cfg.Embed
	}
	st, err := NewStack(StackConfig{Cell: cfg.Cell, Input: in, Hidden: cfg.Hidden, Layers: cfg.Layers}, rng)
	if err != nil {
		return nil, err
	}
	m := &LM{Config: cfg, Vocab: vocab, Stack: st}
	if cfg.Embed > 0 {
		m.embed = newParam("encoder.weight", V, cfg.Embed)
		for i := range m.embed.Value {
			m.embed.Value[i] = rng.NormFloat64()
		}
		m.params = append(m.params, m.embed)
	}
	m.params = append(m.params, st.Params()...)
	m.dec = newParam("decoder.weight", V, cfg.Hidden)
	m.decB = newParam("decoder.bias", V)
	bound := 1 / math.Sqrt(float64(cfg.Hidden))
	uniform(rng, m.dec.Value, bound)
	uniform(rng, m.decB.Value, bound)
	m.params = append(m.params, m.dec, m.decB)
	return m, nil
}

// Params lists every parameter: encoder.weight (with an embedding), the
// stack's weight_ih_l0 … bias_hh_l{L-1}, decoder.weight, decoder.bias.
func (m *LM) Params() []*Param { return m.params }

// NewState returns a zero state for B lanes.
func (m *LM) NewState(B int) *State {
	n := m.Config.Layers * B * m.Config.Hidden
	st := &State{B: B, H: make([]float64, n)}
	if m.Config.Cell == LSTM {
		st.C = make([]float64, n)
	}
	return st
}

// Reset zeroes the state.
func (st *State) Reset() {
	clear(st.H)
	clear(st.C)
}

// Clone returns an independent copy.
func (st *State) Clone() *State {
	return &State{B: st.B, H: append([]float64(nil), st.H...), C: append([]float64(nil), st.C...)}
}

// CopyFrom makes st equal to o without allocating when sizes match.
func (st *State) CopyFrom(o *State) {
	st.B = o.B
	st.H = append(st.H[:0], o.H...)
	st.C = append(st.C[:0], o.C...)
}

// forward runs inputs [T,B] from st (nil = zeros) and leaves the softmax
// probabilities in m.logits. It returns the top layer's outputs.
func (m *LM) forward(inputs []int32, T, B int, st *State) (out []float64) {
	var h0, c0 []float64
	if st != nil {
		if st.B != B {
			panic(fmt.Sprintf("core: state has %d lanes, the batch %d", st.B, B))
		}
		h0, c0 = st.H, st.C
	}
	var hN, cN []float64
	if m.embed != nil {
		E := m.Config.Embed
		m.x = grow(m.x, T*B*E)
		for r, tok := range inputs {
			copy(m.x[r*E:(r+1)*E], m.embed.Value[int(tok)*E:(int(tok)+1)*E])
		}
		out, hN, cN = m.Stack.Forward(m.x, T, B, h0, c0)
	} else {
		out, hN, cN = m.Stack.ForwardOneHot(inputs, T, B, h0, c0)
	}
	if st != nil {
		copy(st.H, hN)
		copy(st.C, cN)
	}
	V, H, n := m.Vocab.Size(), m.Config.Hidden, T*B
	m.logits = grow(m.logits, n*V)
	setRows(m.logits, m.decB.Value, n)
	mulABt(m.logits, out, m.dec.Value, n, V, H)
	for r := 0; r < n; r++ {
		softmaxInPlace(m.logits[r*V : (r+1)*V])
	}
	return out
}

// softmaxInPlace turns logits into probabilities, stably.
func softmaxInPlace(z []float64) {
	hi := math.Inf(-1)
	for _, v := range z {
		hi = max(hi, v)
	}
	var sum float64
	for i, v := range z {
		e := math.Exp(v - hi)
		z[i] = e
		sum += e
	}
	inv := 1 / sum
	for i := range z {
		z[i] *= inv
	}
}

// crossEntropy is the mean of -log p(target) over the rows of m.logits.
func (m *LM) crossEntropy(targets []int32) float64 {
	V := m.Vocab.Size()
	var loss float64
	for r, tgt := range targets {
		loss -= math.Log(max(m.logits[r*V+int(tgt)], math.SmallestNonzeroFloat64))
	}
	return loss / float64(len(targets))
}

func (m *LM) checkTokens(inputs, targets []int32, T, B int) {
	if len(inputs) != T*B || (targets != nil && len(targets) != T*B) {
		panic(fmt.Sprintf("core: %d inputs and %d targets for T=%d B=%d", len(inputs), len(targets), T, B))
	}
	V := int32(m.Vocab.Size())
	for i, tok := range inputs {
		if tok < 0 || tok >= V || (targets != nil && (targets[i] < 0 || targets[i] >= V)) {
			panic(fmt.Sprintf("core: token id outside the vocabulary of %d", V))
		}
	}
}

// TrainLoss runs inputs [T,B] (position-major: inputs[t·B+b]) against
// targets [T,B], accumulates the gradients of the mean cross-entropy, moves
// st to the final state (the gradient is not carried: truncated BPTT) and
// returns the loss in nats per character.
func (m *LM) TrainLoss(inputs, targets []int32, T, B int, st *State) float64 {
	m.checkTokens(inputs, targets, T, B)
	out := m.forward(inputs, T, B, st)
	loss := m.crossEntropy(targets)
	m.backwardFromProbs(inputs, targets, out, T, B)
	return loss
}

// backwardFromProbs backpropagates the mean cross-entropy whose softmax
// probabilities sit in m.logits. ∂loss/∂z = (p - onehot(target)) / n.
func (m *LM) backwardFromProbs(inputs, targets []int32, out []float64, T, B int) {
	V, H, n := m.Vocab.Size(), m.Config.Hidden, T*B
	dz := m.logits // overwritten in place: the probabilities are not needed again
	inv := 1 / float64(n)
	for r, tgt := range targets {
		row := dz[r*V : (r+1)*V]
		row[tgt] -= 1
		for j := range row {
			row[j] *= inv
		}
	}
	sumRows(m.decB.Grad, dz[:n*V], n)
	mulAtB(m.dec.Grad, dz[:n*V], out, V, H, n)
	m.dout = grow(m.dout, n*H)
	clear(m.dout)
	mulAB(m.dout, dz[:n*V], m.dec.Value, n, H, V)
	dx, _, _ := m.Stack.Backward(m.dout, nil, nil)
	if m.embed != nil {
		E := m.Config.Embed
		for r, tok := range inputs {
			axpy(1, dx[r*E:(r+1)*E], m.embed.Grad[int(tok)*E:(int(tok)+1)*E])
		}
	}
}

// Loss is TrainLoss without the backward pass.
func (m *LM) Loss(inputs, targets []int32, T, B int, st *State) float64 {
	m.checkTokens(inputs, targets, T, B)
	m.forward(inputs, T, B, st)
	return m.crossEntropy(targets)
}

// Evaluate is the mean cross-entropy (nats/char) of predicting each character
// of ids from the ones before it. The text is read as B contiguous lanes
// (fewer when it is short) in chunks of T with the state carried, as in
// training; lane b predicts ids[b·L+1 … (b+1)·L], so all but at most B
// characters at the start and end are scored.
func (m *LM) Evaluate(ids []int32, B, T int) (float64, error) {
	if len(ids) < 2 {
		return 0, errors.New("the evaluation text needs at least 2 characters")
	}
	if B < 1 || T < 1 {
		return 0, fmt.Errorf("batch %d and sequence length %d must be positive", B, T)
	}
	B = min(B, len(ids)-1)
	L := (len(ids) - 1) / B
	T = min(T, L)
	st := m.NewState(B)
	in := make([]int32, T*B)
	tg := make([]int32, T*B)
	var total float64
	for pos := 0; pos < L; pos += T {
		n := min(T, L-pos)
		for t := 0; t < n; t++ {
			for b := 0; b < B; b++ {
				in[t*B+b] = ids[b*L+pos+t]
				tg[t*B+b] = ids[b*L+pos+t+1]
			}
		}
		total += m.Loss(in[:n*B], tg[:n*B], n, B, st) * float64(n*B)
	}
	return total / float64(L*B), nil
}

// SampleOptions steer generation. Temperature 0 means greedy (argmax);
// TopK 0 means no top-k cut.
type SampleOptions struct {
	N           int
	Temperature float64
	TopK        int
	Prime       string
}

// MaxSample bounds one call to Sample.
const MaxSample = 1 << 20

// Sample generates opt.N characters after the priming text (which is not part
// of the result). Characters of Prime outside the vocabulary are skipped;
// without a usable prime the model starts from a newline (or a random
// character when the vocabulary has none).
func (m *LM) Sample(rng *rand.Rand, opt SampleOptions) (string, error) {
	if opt.N < 0 || opt.N > MaxSample {
		return "", fmt.Errorf("sample length %d is out of range (0 to %d)", opt.N, MaxSample)
	}
	if opt.Temperature < 0 || math.IsNaN(opt.Temperature) || math.IsInf(opt.Temperature, 0) {
		return "", fmt.Errorf("temperature %v must be a finite number ≥ 0", opt.Temperature)
	}
	if opt.TopK < 0 {
		return "", fmt.Errorf("top-k %d must be ≥ 0", opt.TopK)
	}
	sh := m.shadow()
	prime, _ := m.Vocab.EncodeKnown(opt.Prime)
	if len(prime) == 0 {
		if nl, ok := m.Vocab.Index('\n'); ok {
			prime = []int32{nl}
		} else {
			prime = []int32{int32(rng.IntN(m.Vocab.Size()))}
		}
	}
	st := sh.NewState(1)
	// The prime runs in chunks with the state carried, so a long one needs
	// no more memory than a short one.
	const chunk = 128
	for rest := prime[:len(prime)-1]; len(rest) > 0; {
		n := min(chunk, len(rest))
		sh.forward(rest[:n], n, 1, st)
		rest = rest[n:]
	}
	V := m.Vocab.Size()
	work := make([]float64, 2*V)
	out := make([]int32, 0, opt.N)
	cur := []int32{prime[len(prime)-1]}
	for len(out) < opt.N {
		sh.forward(cur, 1, 1, st)
		next := int32(pick(rng, sh.logits[:V], work, opt.Temperature, opt.TopK))
		out = append(out, next)
		cur[0] = next
	}
	return m.Vocab.Decode(out), nil
}

// pick draws an index from the distribution p re-tempered to p^(1/temp) and
// cut to its topK largest entries; temp 0 takes the argmax. work is scratch
// of at least 2·len(p) values.
func pick(rng *rand.Rand, p, scratch []float64, temp float64, topK int) int {
	work := scratch[:len(p)]
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	if temp == 0 {
		return best
	}
	// p^(1/T) computed in log space, relative to the largest probability.
	lbest := math.Log(p[best])
	for i, v := range p {
		work[i] = math.Exp((math.Log(v) - lbest) / temp)
	}
	if topK > 0 && topK < len(p) {
		// Keep the topK largest. Everything above the k-th largest value
		// stays; ties at that value fill the remaining places in order.
		threshold := kthLargest(work, topK, scratch[len(p):len(p)+topK])
		above := 0
		for _, v := range work {
			if v > threshold {
				above++
			}
		}
		ties := topK - above
		for i, v := range work {
			switch {
			case v > threshold:
			case v == threshold && ties > 0:
				ties--
			default:
				work[i] = 0
			}
		}
	}
	var sum float64
	for _, v := range work {
		sum += v
	}
	u := rng.Float64() * sum
	for i, v := range work {
		u -= v
		if u < 0 && v > 0 {
			return i
		}
	}
	return best
}

// kthLargest returns the k-th largest value of v (1-based) without changing
// v, keeping the running top k in top (length k).
func kthLargest(v []float64, k int, top []float64) float64 {
	top = top[:0]
	for _, x := range v {
		if len(top) < k {
			top = append(top, x)
		} else if x > top[k-1] {
			top[k-1] = x
		} else {
			continue
		}
		for i := len(top) - 1; i > 0 && top[i] > top[i-1]; i-- {
			top[i], top[i-1] = top[i-1], top[i]
		}
	}
	return top[len(top)-1]
}

// shadow returns a model that shares this one's parameter values (and
// switched-off units) but owns its gradients and buffers, so sampling and
// tracing never disturb training.
func (m *LM) shadow() *LM {
	if m.shadowCopy == nil {
		m.shadowCopy = m.view(false)
	}
	return m.shadowCopy
}
