//go:build js && wasm

package main

import (
	"math"

	"rnnlab/render"
)

// publishClassify publishes the "read and decide" task in window.rnnlab:
// task ("write" or "classify"); once the classifier has started,
// accuracy (training, over about the last 50 updates) and valAccuracy (the
// last held-out pass), each 0…1 or null; confusion (rows of true labels,
// columns of decided ones, counts of the last pass); prediction for the
// learner's own text ({label, probs: {label: p}}, null when none); and
// classify, the classifier's figures: {labels, data, step, seconds (of
// training), valStep, valHistory [[update, accuracy, seconds]…], cell,
// bidirectional, layers, pool, hidden, lr, paused}.
func publishClassify(set func(string, any), g *render.Game) {
	set("task", g.Task().String())
	s, ok := g.Decide()
	if !ok {
		return
	}
	set("accuracy", jsNumber(s.Accuracy))
	set("valAccuracy", jsNumber(s.ValAccuracy))
	var confusion []any
	valStep := -1
	if e := s.Eval; e != nil {
		valStep = e.Step
		for _, row := range e.Confusion {
			r := make([]any, len(row))
			for j, v := range row {
				r[j] = v
			}
			confusion = append(confusion, r)
		}
	}
	set("confusion", confusion)
	var prediction any
	if r := s.Reading; r != nil && r.Typed && r.Prediction != nil {
		probs := map[string]any{}
		for k, p := range r.Prediction.Probs {
			if k < len(s.Labels) {
				probs[s.Labels[k]] = round(p, 4)
			}
		}
		prediction = map[string]any{"label": r.Prediction.Label, "probs": probs, "text": r.Text}
	}
	set("prediction", prediction)
	labels := make([]any, len(s.Labels))
	for i, l := range s.Labels {
		labels[i] = l
	}
	hist := make([]any, len(s.ValHistory))
	for i, p := range s.ValHistory {
		hist[i] = []any{p.Step, round(p.Acc, 4), round(p.Seconds, 2)}
	}
	st := s.Settings
	set("classify", map[string]any{
		"labels": labels, "data": s.Data, "step": s.Step, "seconds": round(s.Seconds, 2),
		"valStep": valStep, "valHistory": hist, "cell": st.Cell.String(), "bidirectional": st.Bidirectional,
		"layers": st.Layers, "pool": st.Pool.String(), "hidden": st.Hidden, "lr": st.LR, "paused": st.Paused,
		"charsPerSec": math.Round(s.CharsPerSec),
	})
}
