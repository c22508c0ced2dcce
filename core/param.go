package core

import "math"

// Param is one named tensor of trainable values with its gradient, stored
// row-major. Names and shapes follow PyTorch's state_dict (weight_ih_l0, ...).
type Param struct {
	Name  string
	Shape []int
	Value []float64
	Grad  []float64
}

func newParam(name string, shape ...int) *Param {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return &Param{Name: name, Shape: shape, Value: make([]float64, n), Grad: make([]float64, n)}
}

// ZeroGrad sets every gradient to zero. Backward passes accumulate, so call
// this before each new gradient computation.
func ZeroGrad(params []*Param) {
	for _, p := range params {
		clear(p.Grad)
	}
}

// GradNorm is the global L2 norm of all gradients: sqrt(Σ g²).
func GradNorm(params []*Param) float64 {
	var s float64
	for _, p := range params {
		for _, g := range p.Grad {
			s += g * g
		}
	}
	return math.Sqrt(s)
}

// ParamCount is the number of scalar parameters.
func ParamCount(params []*Param) int {
	n := 0
	for _, p := range params {
		n += len(p.Value)
	}
	return n
}

// AllFinite reports whether every value and gradient is a finite number.
func AllFinite(params []*Param) bool {
	for _, p := range params {
		for i := range p.Value {
			if math.IsNaN(p.Value[i]) || math.IsInf(p.Value[i], 0) || math.IsNaN(p.Grad[i]) || math.IsInf(p.Grad[i], 0) {
				return false
			}
		}
	}
	return true
}
