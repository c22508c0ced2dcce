package core

// The backward step of each cell for one lane and one step: the equations
// of doc.go differentiated, shared by Stack.Backward (training, TraceWindow)
// and ForwardTrace.TargetGrad, so both rest on the same tested arithmetic.
// dh is the total ∂L/∂h_t; the results are the gradients with respect to
// the pre-activations, dg = ∂L/∂(gi + gh) in the cell's gate blocks.

// rnnStepBack: dg = dh⊙(1 − h²) for tanh, dh⊙[h > 0] for ReLU, with h the
// new state.
func rnnStepBack(cell Cell, h, dh, dg []float64) {
	if cell == RNNReLU {
		for j, a := range h {
			if a > 0 {
				dg[j] = dh[j]
			} else {
				dg[j] = 0
			}
		}
		return
	}
	for j, a := range h {
		dg[j] = dh[j] * (1 - a*a)
	}
}

// lstmStepBack takes the gates i, f, g, o at t, cp = c_{t−1}, tc = tanh(c_t),
// dh and in dc the ∂L/∂c_t carried back from t+1. With the total
// dcT = dc + dh⊙o⊙(1 − tc²) it writes
//
//	dg = [dcT⊙g⊙i(1−i), dcT⊙cp⊙f(1−f), dcT⊙i⊙(1−g²), dh⊙tc⊙o(1−o)]
//
// and leaves ∂L/∂c_{t−1} = dcT⊙f in dc. It also stores dcT in dcOut and adds
// Σ dcT² to *sum, each when not nil.
func lstmStepBack(i, f, g, o, cp, tc, dh, dc, dg, dcOut []float64, sum *float64) {
	H := len(dh)
	for j := range dh {
		dcT := dc[j] + dh[j]*o[j]*(1-tc[j]*tc[j])
		dg[j] = dcT * g[j] * i[j] * (1 - i[j])
		dg[H+j] = dcT * cp[j] * f[j] * (1 - f[j])
		dg[2*H+j] = dcT * i[j] * (1 - g[j]*g[j])
		dg[3*H+j] = dh[j] * tc[j] * o[j] * (1 - o[j])
		dc[j] = dcT * f[j]
		if dcOut != nil {
			dcOut[j] = dcT
		}
		if sum != nil {
			*sum += dcT * dcT
		}
	}
}

// gruStepBack takes the gates r, z, n at t, hp = h_{t−1} and ghn = W_hn·hp +
// b_hn. The reset gate acts on the recurrent side only, so the input and
// recurrent pre-activations get different gradients:
//
//	dn = dh⊙(1−z)⊙(1−n²),  dz = dh⊙(hp − n)⊙z(1−z),  dr = dn⊙ghn⊙r(1−r)
//	dgi = [dr, dz, dn],  dgh = [dr, dz, dn⊙r]
//
// and direct = dh⊙z is the gradient that reaches hp without passing a gate.
func gruStepBack(r, z, n, hp, ghn, dh, dgi, dgh, direct []float64) {
	H := len(dh)
	for j := range dh {
		dnPre := dh[j] * (1 - z[j]) * (1 - n[j]*n[j])
		dzPre := dh[j] * (hp[j] - n[j]) * z[j] * (1 - z[j])
		drPre := dnPre * ghn[j] * r[j] * (1 - r[j])
		dgi[j], dgi[H+j], dgi[2*H+j] = drPre, dzPre, dnPre
		dgh[j], dgh[H+j], dgh[2*H+j] = drPre, dzPre, dnPre*r[j]
		direct[j] = dh[j] * z[j]
	}
}
