package core

import (
	"fmt"
	"math"
	"strconv"
)

// Optimizer updates parameters from their gradients. The formulas are
// PyTorch's (torch.optim, default arguments unless set). Step does not clip:
// clipping is a separate call (ClipGradNorm, ClipGradValue) made before it.
type Optimizer interface {
	// Name is adam, adagrad, rmsprop or sgd.
	Name() string
	// Step applies one update to params, which must be the same list every call.
	Step(params []*Param)
	LR() float64
	SetLR(lr float64)
	// State returns the optimizer's buffers (keyed "<kind>.<param name>") and
	// scalar settings, so a checkpoint can resume training exactly.
	State() (settings map[string]string, buffers map[string][]float64)
	// SetState restores what State returned, for the given params.
	SetState(settings map[string]string, buffers map[string][]float64, params []*Param) error
}

// NewOptimizer returns an optimizer by name with PyTorch's defaults and the
// given learning rate. SGD gets momentum 0.9.
func NewOptimizer(name string, lr float64) (Optimizer, error) {
	if !(lr > 0) || math.IsInf(lr, 0) || lr > 100 {
		return nil, fmt.Errorf("learning rate %v is out of range (want 0 < lr ≤ 100)", lr)
	}
	switch name {
	case "adam":
		return &Adam{Rate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}, nil
	case "adagrad":
		return &Adagrad{Rate: lr, Eps: 1e-10}, nil
	case "rmsprop":
		return &RMSProp{Rate: lr, Alpha: 0.99, Eps: 1e-8}, nil
	case "sgd":
		return &SGD{Rate: lr, Momentum: 0.9}, nil
	}
	return nil, fmt.Errorf("unknown optimizer %q (want adam, adagrad, rmsprop or sgd)", name)
}

// buffers keeps one float slice per parameter, allocated on first use.
type buffers map[string][]float64

func (b *buffers) of(p *Param) []float64 {
	if *b == nil {
		*b = buffers{}
	}
	s, ok := (*b)[p.Name]
	if !ok || len(s) != len(p.Value) {
		s = make([]float64, len(p.Value))
		(*b)[p.Name] = s
	}
	return s
}

func exportBuffers(out map[string][]float64, prefix string, b buffers) {
	for name, s := range b {
		out[prefix+"."+name] = s
	}
}

func importBuffers(in map[string][]float64, prefix string, b *buffers, params []*Param) error {
	*b = buffers{}
	for _, p := range params {
		s, ok := in[prefix+"."+p.Name]
		if !ok {
			continue // a parameter without state starts fresh, as in PyTorch
		}
		if len(s) != len(p.Value) {
			return fmt.Errorf("optimizer state %s.%s has %d values, the parameter has %d", prefix, p.Name, len(s), len(p.Value))
		}
		(*b)[p.Name] = append([]float64(nil), s...)
	}
	return nil
}

// settingRanges are the values each optimizer setting may take: [lo, hi).
var settingRanges = map[string][2]float64{
	"lr":       {1e-300, 100.000001},
	"momentum": {0, 1},
	"alpha":    {0, 1},
	"beta1":    {0, 1},
	"beta2":    {0, 1},
	"eps":      {1e-300, 1},
}

func parseSetting(settings map[string]string, key string, dst *float64) error {
	s, ok := settings[key]
	if !ok {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("optimizer setting %s=%q is not a number", key, s)
	}
	if r, ok := settingRanges[key]; ok && !(v >= r[0] && v < r[1]) {
		return fmt.Errorf("optimizer setting %s=%v is out of range", key, v)
	}
	*dst = v
	return nil
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// SGD with momentum, PyTorch's form (dampening 0, no Nesterov):
//
//	buf = momentum·buf + g   (buf = g on the first step)
//	w  -= lr·buf
type SGD struct {
	Rate, Momentum float64
	buf            buffers
}

func (o *SGD) Name() string     { return "sgd" }
func (o *SGD) LR() float64      { return o.Rate }
func (o *SGD) SetLR(lr float64) { o.Rate = lr }
func (o *SGD) Step(ps []*Param) {
	for _, p := range ps {
		if o.Momentum == 0 {
			for i, g := range p.Grad {
				p.Value[i] -= o.Rate * g
			}
			continue
		}
		_, started := o.buf[p.Name]
		b := o.buf.of(p)
		for i, g := range p.Grad {
			if started {
				b[i] = o.Momentum*b[i] + g
			} else {
				b[i] = g
			}
			p.Value[i] -= o.Rate * b[i]
		}
	}
}
func (o *SGD) State() (map[string]string, map[string][]float64) {
	bufs := map[string][]float64{}
	exportBuffers(bufs, "momentum", o.buf)
	return map[string]string{"optimizer": "sgd", "lr": formatFloat(o.Rate), "momentum": formatFloat(o.Momentum)}, bufs
}
func (o *SGD) SetState(s map[string]string, b map[string][]float64, ps []*Param) error {
	if err := parseSetting(s, "lr", &o.Rate); err != nil {
		return err
	}
	if err := parseSetting(s, "momentum", &o.Momentum); err != nil {
		return err
	}
	return importBuffers(b, "momentum", &o.buf, ps)
}

// Adagrad, PyTorch's form (no lr decay):
//
//	sum += g²;  w -= lr·g / (sqrt(sum) + eps)
type Adagrad struct {
	Rate, Eps float64
	sum       buffers
}

func (o *Adagrad) Name() string     { return "adagrad" }
func (o *Adagrad) LR() float64      { return o.Rate }
func (o *Adagrad) SetLR(lr float64) { o.Rate = lr }
func (o *Adagrad) Step(ps []*Param) {
	for _, p := range ps {
		s := o.sum.of(p)
		for i, g := range p.Grad {
			s[i] += g * g
			p.Value[i] -= o.Rate * g / (math.Sqrt(s[i]) + o.Eps)
		}
	}
}
func (o *Adagrad) State() (map[string]string, map[string][]float64) {
	bufs := map[string][]float64{}
	exportBuffers(bufs, "sum", o.sum)
	return map[string]string{"optimizer": "adagrad", "lr": formatFloat(o.Rate), "eps": formatFloat(o.Eps)}, bufs
}
func (o *Adagrad) SetState(s map[string]string, b map[string][]float64, ps []*Param) error {
	if err := parseSetting(s, "lr", &o.Rate); err != nil {
		return err
	}
	if err := parseSetting(s, "eps", &o.Eps); err != nil {
		return err
	}
	return importBuffers(b, "sum", &o.sum, ps)
}

// RMSProp, PyTorch's form (not centered, no momentum):
//
//	v = alpha·v + (1-alpha)·g²;  w -= lr·g / (sqrt(v) + eps)
type RMSProp struct {
	Rate, Alpha, Eps float64
	sq               buffers
}

func (o *RMSProp) Name() string     { return "rmsprop" }
func (o *RMSProp) LR() float64      { return o.Rate }
func (o *RMSProp) SetLR(lr float64) { o.Rate = lr }
func (o *RMSProp) Step(ps []*Param) {
	for _, p := range ps {
		v := o.sq.of(p)
		for i, g := range p.Grad {
			v[i] = o.Alpha*v[i] + (1-o.Alpha)*g*g
			p.Value[i] -= o.Rate * g / (math.Sqrt(v[i]) + o.Eps)
		}
	}
}
func (o *RMSProp) State() (map[string]string, map[string][]float64) {
	bufs := map[string][]float64{}
	exportBuffers(bufs, "square_avg", o.sq)
	return map[string]string{"optimizer": "rmsprop", "lr": formatFloat(o.Rate), "alpha": formatFloat(o.Alpha), "eps": formatFloat(o.Eps)}, bufs
}
func (o *RMSProp) SetState(s map[string]string, b map[string][]float64, ps []*Param) error {
	for key, dst := range map[string]*float64{"lr": &o.Rate, "alpha": &o.Alpha, "eps": &o.Eps} {
		if err := parseSetting(s, key, dst); err != nil {
			return err
		}
	}
	return importBuffers(b, "square_avg", &o.sq, ps)
}

// Adam, PyTorch's form with bias correction:
//
//	m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²
//	w -= lr · (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + eps)
type Adam struct {
	Rate, Beta1, Beta2, Eps float64
	T                       int // steps taken
	m, v                    buffers
}

func (o *Adam) Name() string     { return "adam" }
func (o *Adam) LR() float64      { return o.Rate }
func (o *Adam) SetLR(lr float64) { o.Rate = lr }
func (o *Adam) Step(ps []*Param) {
	o.T++
	c1 := 1 - math.Pow(o.Beta1, float64(o.T))
	c2 := math.Sqrt(1 - math.Pow(o.Beta2, float64(o.T)))
	stepSize := o.Rate / c1
	for _, p := range ps {
		m, v := o.m.of(p), o.v.of(p)
		w := p.Value[:len(p.Grad)]
		m, v = m[:len(w)], v[:len(w)]
		for i, g := range p.Grad {
			m[i] = o.Beta1*m[i] + (1-o.Beta1)*g
			v[i] = o.Beta2*v[i] + (1-o.Beta2)*g*g
			w[i] -= stepSize * m[i] / (math.Sqrt(v[i])/c2 + o.Eps)
		}
	}
}
func (o *Adam) State() (map[string]string, map[string][]float64) {
	bufs := map[string][]float64{}
	exportBuffers(bufs, "exp_avg", o.m)
	exportBuffers(bufs, "exp_avg_sq", o.v)
	return map[string]string{"optimizer": "adam", "lr": formatFloat(o.Rate), "beta1": formatFloat(o.Beta1),
		"beta2": formatFloat(o.Beta2), "eps": formatFloat(o.Eps), "step": strconv.Itoa(o.T)}, bufs
}
func (o *Adam) SetState(s map[string]string, b map[string][]float64, ps []*Param) error {
	for key, dst := range map[string]*float64{"lr": &o.Rate, "beta1": &o.Beta1, "beta2": &o.Beta2, "eps": &o.Eps} {
		if err := parseSetting(s, key, dst); err != nil {
			return err
		}
	}
	if st, ok := s["step"]; ok {
		t, err := strconv.Atoi(st)
		if err != nil || t < 0 {
			return fmt.Errorf("optimizer setting step=%q is not a count", st)
		}
		o.T = t
	}
	if err := importBuffers(b, "exp_avg", &o.m, ps); err != nil {
		return err
	}
	return importBuffers(b, "exp_avg_sq", &o.v, ps)
}

// ClipGradNorm scales all gradients so their global L2 norm is at most
// maxNorm (PyTorch's clip_grad_norm_, factor maxNorm/(norm+1e-6)) and returns
// the norm before clipping. maxNorm ≤ 0 disables clipping.
func ClipGradNorm(params []*Param, maxNorm float64) float64 {
	norm := GradNorm(params)
	if maxNorm <= 0 || norm <= maxNorm {
		return norm
	}
	scale := maxNorm / (norm + 1e-6)
	for _, p := range params {
		for i := range p.Grad {
			p.Grad[i] *= scale
		}
	}
	return norm
}

// ClipGradValue clamps every gradient element into [-limit, limit].
func ClipGradValue(params []*Param, limit float64) {
	for _, p := range params {
		for i, g := range p.Grad {
			p.Grad[i] = max(-limit, min(limit, g))
		}
	}
}

// StepDecay multiplies the learning rate by Gamma every Every steps
// (PyTorch's StepLR): lr = base · Gamma^⌊step/Every⌋. Every ≤ 0 means no decay.
type StepDecay struct {
	Every int
	Gamma float64
}

// LR returns the learning rate for the given step count.
func (d StepDecay) LR(base float64, step int) float64 {
	if d.Every <= 0 {
		return base
	}
	return base * math.Pow(d.Gamma, float64(step/d.Every))
}
