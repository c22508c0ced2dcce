package core

import "gonum.org/v1/gonum/floats"

// On amd64 gonum's assembly kernels are the fastest we have.

func dot(x, y []float64) float64 { return floats.Dot(x, y) }

func axpy(alpha float64, x, y []float64) { floats.AddScaled(y, alpha, x) }

func dot4(a, b0, b1, b2, b3 []float64) (s0, s1, s2, s3 float64) {
	return floats.Dot(a, b0), floats.Dot(a, b1), floats.Dot(a, b2), floats.Dot(a, b3)
}

// axpy4 computes y += v0·x0 + v1·x1 + v2·x2 + v3·x3, skipping zero weights
// (ReLU units and the softmax gradient have many).
func axpy4(v0, v1, v2, v3 float64, x0, x1, x2, x3, y []float64) {
	if v0 != 0 {
		floats.AddScaled(y, v0, x0)
	}
	if v1 != 0 {
		floats.AddScaled(y, v1, x1)
	}
	if v2 != 0 {
		floats.AddScaled(y, v2, x2)
	}
	if v3 != 0 {
		floats.AddScaled(y, v3, x3)
	}
}
