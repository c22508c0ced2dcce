package core_test

import (
	"fmt"
	"strings"

	"rnnlab/core"
)

// exampleModel trains a small model for a few seconds' worth of steps on a
// text whose quotes are in capitals, so being inside quotes matters.
func exampleModel(cell core.Cell) *core.LM {
	text := strings.Repeat(`the cat sat. she said "HELLO THERE". the dog ran. he said "GOOD DOG". `, 30)
	cfg := core.DefaultTrainConfig()
	cfg.Model = core.LMConfig{Cell: cell, Hidden: 16, Layers: 1}
	cfg.Batch, cfg.Seq, cfg.LR, cfg.Seed = 8, 16, 0.01, 1
	tr, err := core.NewTrainer(text, cfg)
	if err != nil {
		panic(err)
	}
	for range 60 {
		if _, err := tr.Step(); err != nil {
			panic(err)
		}
	}
	return tr.Model
}

// Switching a unit off: the view shares the model's weights, forces the
// unit's cell state (and so its output) to 0 at every step, and predicts
// worse; the model itself is untouched.
func ExampleLM_WithAblation() {
	m := exampleModel(core.LSTM)
	ids, _ := m.Vocab.Encode(`the dog ran. she said "GOOD DOG". `)
	off, err := m.WithAblation([]core.Unit{{Layer: 0, Index: 3}})
	if err != nil {
		panic(err)
	}
	with, _ := m.ForwardTrace(ids, nil, nil)
	without, _ := off.ForwardTrace(ids, nil, nil)
	H, t := with.H, 20
	fmt.Printf("c of unit 3 at step %d: %.2f with it, %.2f switched off\n",
		t, with.Layers[0].CellState[t*H+3], without.Layers[0].CellState[t*H+3])
	fmt.Printf("loss: %.2f → %.2f nats per character\n", with.Loss(), without.Loss())
	_, err = m.WithAblation([]core.Unit{{Layer: 0, Index: 16}})
	fmt.Println(err)
	// Output:
	// c of unit 3 at step 20: 0.11 with it, 0.00 switched off
	// loss: 0.99 → 1.18 nats per character
	// cannot switch off unit 16 of layer 0: each layer has 16 units (0 to 15)
}

// The gradient of one prediction's loss with respect to the hidden states
// before it: in a tanh RNN it shrinks step by step as it travels back.
func ExampleForwardTrace_TargetGrad() {
	m := exampleModel(core.RNNTanh)
	ids, _ := m.Vocab.Encode(`she said "HELLO THERE". `)
	ft, _ := m.ForwardTrace(ids, nil, nil)
	t := 15 // reading the space after HELLO, predicting the T of THERE
	g, _ := ft.TargetGrad(t, 0, nil)
	for _, k := range []int{15, 14, 12, 9, 5} {
		fmt.Printf("k=%2d %q  ‖∂L_t/∂h_k‖ = %.1e  ‖∂z_t/∂x_k‖ = %.1e\n", k, m.Vocab.Decode(ids[k:k+1]), g.NormH[0][k], g.Connect[k])
	}
	// Output:
	// k=15 " "  ‖∂L_t/∂h_k‖ = 8.6e-01  ‖∂z_t/∂x_k‖ = 2.5e+00
	// k=14 "O"  ‖∂L_t/∂h_k‖ = 6.9e-01  ‖∂z_t/∂x_k‖ = 2.1e+00
	// k=12 "L"  ‖∂L_t/∂h_k‖ = 6.5e-01  ‖∂z_t/∂x_k‖ = 4.2e-01
	// k= 9 "\""  ‖∂L_t/∂h_k‖ = 4.5e-01  ‖∂z_t/∂x_k‖ = 1.6e-01
	// k= 5 "a"  ‖∂L_t/∂h_k‖ = 2.7e-01  ‖∂z_t/∂x_k‖ = 3.7e-02
}

// The decay curve, computed the way a browser frame would: the forward
// trace a piece at a time, then a few positions per call.
func ExampleDecayCurve() {
	m := exampleModel(core.RNNTanh).Snapshot() // fixed while the work is spread out
	ids, _ := m.Vocab.Encode(strings.Repeat(`the dog ran. he said "GOOD DOG". `, 5))
	ft, _ := m.StartForwardTrace(ids, nil, nil)
	for !ft.Advance(32) {
	}
	dc, _ := core.NewDecayCurve(ft, core.DecayOptions{MaxDist: 20})
	for t := 20; t < ft.T; t += 4 {
		dc.Add(t)
	}
	c := dc.Curve()
	fmt.Printf("%d positions: d=1 %.1e  d=5 %.1e  d=10 %.1e  d=20 %.1e\n", dc.Positions(), c[1], c[5], c[10], c[20])
	// Output:
	// 36 positions: d=1 8.3e-01  d=5 1.9e-01  d=10 3.3e-02  d=20 9.6e-04
}
