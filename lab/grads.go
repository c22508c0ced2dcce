package lab

import (
	"rnnlab/core"
)

// traced is the passage as last traced: the model it was traced with (a
// copy of the parameters, so training on does not change what is shown),
// its characters, the window, and the forward trace the gradients are
// taken from (made when first needed).
type traced struct {
	model  *core.LM
	ids    []int32
	window *Window
	ft     *core.ForwardTrace
	grad   *core.TargetGrad // storage, reused
}

// gradsOf is the gradients of the prediction at f.T of the traced passage.
func (tp *traced) gradsOf(f Focus) (*Grads, error) {
	if tp.ft == nil {
		ft, err := tp.model.ForwardTrace(tp.ids, nil, nil)
		if err != nil {
			return nil, err
		}
		tp.ft = ft
	}
	tg, err := tp.ft.TargetGrad(f.T, 0, tp.grad)
	if err != nil {
		return nil, err
	}
	tp.grad = tg
	w := tp.window
	g := &Grads{Step: w.Step, T: f.T, Layer: f.Layer, Unit: f.Unit, Target: w.Next[f.T], Loss: tg.Loss,
		Connect: append([]float64(nil), tg.Connect...)}
	H := tg.H
	for l := range tg.NormH {
		gl := GradLayer{NormH: append([]float64(nil), tg.NormH[l]...)}
		unit := func(v []float64) []float64 {
			out := make([]float64, f.T+1)
			for k := range out {
				out[k] = v[k*H+f.Unit]
			}
			return out
		}
		if f.Unit < H {
			gl.UnitH = unit(tg.DH[l])
		}
		if tg.NormC != nil {
			gl.NormC = append([]float64(nil), tg.NormC[l]...)
			if f.Unit < H {
				gl.UnitC = unit(tg.DC[l])
			}
			if fg := groupByKey(w.Layers[l].Groups, "f"); fg != nil && f.Unit < H {
				gl.Forget = make([]float64, f.T+1)
				for k := range gl.Forget {
					gl.Forget[k] = fg.Value(k, f.Unit)
				}
			}
		}
		g.Layers = append(g.Layers, gl)
	}
	return g, nil
}
