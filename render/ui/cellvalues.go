package ui

import (
	"math"

	"rnnlab/core"
	"rnnlab/lab"
)

// CellKind is the shape of a cell as the cell view draws it.
type CellKind int

const (
	CellRNN  CellKind = iota // a plain RNN, tanh or ReLU
	CellLSTM                 // gates i f g o and a cell state
	CellGRU                  // gates r z n
)

// CellKindOf is the kind of a layer, read from the values it has: a cell
// state makes an LSTM, an update gate a GRU.
func CellKindOf(groups []lab.Group) CellKind {
	kind := CellRNN
	for i := range groups {
		switch groups[i].Key {
		case "c":
			return CellLSTM
		case "z":
			kind = CellGRU
		}
	}
	return kind
}

// gateKeys are each kind's blocks in core's order: what lab.CellStep.Gates
// holds. A plain RNN has one, its h.
var gateKeys = [...][]string{CellRNN: {"h"}, CellLSTM: {"i", "f", "g", "o"}, CellGRU: {"r", "z", "n"}}

// GateKeys lists the blocks of a cell kind in core's order.
func GateKeys(k CellKind) []string { return gateKeys[k] }

// GateIndex is the place of block key in kind k's order, -1 if it has none.
func GateIndex(k CellKind, key string) int {
	for i, g := range gateKeys[k] {
		if g == key {
			return i
		}
	}
	return -1
}

// GateValues is one block of one unit at one step.
type GateValues struct {
	X, H float64 // what the input and the previous state add (bias included)
	Pre  float64 // what the activation reads
	Act  float64 // what comes out
}

// CellValues is every number of one unit of one layer at one step that
// the cell view draws: read from lab.CellStep when it is for this step and
// unit, else what the traced window holds (no split of the sums).
type CellValues struct {
	Kind  CellKind
	ReLU  bool // a plain RNN with ReLU instead of tanh
	T     int
	Layer int
	Unit  int
	Input rune
	HPrev float64
	H     float64
	CPrev float64 // LSTM only
	C     float64
	Gates [4]GateValues // in the order of GateKeys(Kind)
	// Split says the gates' X, H and Pre are known (from a CellStep); else
	// only their Act is.
	Split bool
}

// CellValuesAt reads unit u of layer l at step t from window w, and from cs
// when cs is that very step of that unit (it is recomputed a frame after
// the selection moves). It reports false when w has no such step, layer
// or unit. h₋₁ and c₋₁ are 0 before the passage, as lab counts them.
func CellValuesAt(w *lab.Window, cs *lab.CellStep, relu bool, l, u, t int) (CellValues, bool) {
	if w == nil || t < 0 || t >= w.T || l < 0 || l >= len(w.Layers) {
		return CellValues{}, false
	}
	groups := w.Layers[l].Groups
	kind := CellKindOf(groups)
	v := CellValues{Kind: kind, ReLU: relu && kind == CellRNN, T: t, Layer: l, Unit: u, Input: w.Runes[t]}
	at := func(key string, t int) (float64, bool) {
		for i := range groups {
			g := &groups[i]
			if g.Key == key {
				if u < 0 || u >= g.Units || t < 0 || (t+1)*g.Units > len(g.Values) {
					return 0, u >= 0 && u < g.Units
				}
				return g.Value(t, u), true
			}
		}
		return 0, false
	}
	var ok bool
	if v.H, ok = at("h", t); !ok {
		return CellValues{}, false
	}
	v.HPrev, _ = at("h", t-1)
	if kind == CellLSTM {
		v.C, _ = at("c", t)
		v.CPrev, _ = at("c", t-1)
	}
	for i, key := range gateKeys[kind] {
		if kind == CellRNN {
			v.Gates[i].Act = v.H
			continue
		}
		v.Gates[i].Act, _ = at(key, t)
	}
	if cs != nil && cs.T == t && cs.Layer == l && cs.Unit == u && len(cs.Gates) == len(gateKeys[kind]) && cellKind(cs.Cell) == kind {
		v.HPrev, v.H, v.CPrev, v.C = cs.HPrev, cs.H, cs.CPrev, cs.C
		for i, g := range cs.Gates {
			v.Gates[i] = GateValues{X: g.X, H: g.H, Pre: g.Pre, Act: g.Act}
		}
		v.Split = true
	}
	return v, true
}

// cellKind is the kind the view draws for a core cell.
func cellKind(c core.Cell) CellKind {
	switch c {
	case core.LSTM:
		return CellLSTM
	case core.GRU:
		return CellGRU
	}
	return CellRNN
}

// Gate is block key of v ("f", "z", …); zero when v has none.
func (v *CellValues) Gate(key string) GateValues {
	if i := GateIndex(v.Kind, key); i >= 0 {
		return v.Gates[i]
	}
	return GateValues{}
}

// What is a kind of value the cell view shows on a wire, a valve or a box.
type What uint8

const (
	QNone      What = iota
	QChar           // the character read (no number)
	QHPrev          // h₋₁
	QCPrev          // c₋₁
	QH              // h
	QC              // c
	QAct            // a block's output: a gate, a candidate, the RNN's h
	QX              // W·x + b of a block
	QHH             // U·h + b of a block
	QPre            // what a block's activation reads
	QFC             // f·c₋₁
	QIG             // i·g
	QTanhC          // tanh(c)
	QZH             // z·h₋₁
	QZN             // (1−z)·n
	QOneMinusZ      // 1−z
	QRH             // r·(U·h + b) of n
)

// Q names one value of a cell step: what it is, and for a block's values
// which block (an index into GateKeys).
type Q struct {
	What What
	Gate int8
}

// Known reports whether v holds the value q: the gates' sums only with Split.
func (v *CellValues) Known(q Q) bool {
	switch q.What {
	case QNone, QChar:
		return false
	case QX, QHH, QPre:
		return v.Split
	case QRH:
		return v.Split && v.Kind == CellGRU
	}
	return true
}

// Value is the number q stands for in v (NaN for none).
func (v *CellValues) Value(q Q) float64 {
	gate := func() GateValues {
		if q.Gate >= 0 && int(q.Gate) < len(v.Gates) {
			return v.Gates[q.Gate]
		}
		return GateValues{}
	}
	switch q.What {
	case QHPrev:
		return v.HPrev
	case QCPrev:
		return v.CPrev
	case QH:
		return v.H
	case QC:
		return v.C
	case QAct:
		return gate().Act
	case QX:
		return gate().X
	case QHH:
		return gate().H
	case QPre:
		return gate().Pre
	case QFC:
		return v.Gate("f").Act * v.CPrev
	case QIG:
		return v.Gate("i").Act * v.Gate("g").Act
	case QTanhC:
		return math.Tanh(v.C)
	case QZH:
		return v.Gate("z").Act * v.HPrev
	case QZN:
		return (1 - v.Gate("z").Act) * v.Gate("n").Act
	case QOneMinusZ:
		return 1 - v.Gate("z").Act
	case QRH:
		return v.Gate("r").Act * v.Gate("n").H
	}
	return math.NaN()
}

// Scale says which colour scale a value of a cell step is drawn on.
type Scale int

const (
	ScaleState Scale = iota // diverging, −1 … +1
	ScaleGate               // sequential, 0 shut … 1 open
	ScaleCell               // diverging over the cell state's range
)

// ScaleOf is the scale q is drawn on in a cell of kind k: gates and their
// openings on the gates' scale, the cell state on its own range, the rest
// as states.
func ScaleOf(k CellKind, q Q) Scale {
	switch q.What {
	case QOneMinusZ:
		return ScaleGate
	case QC, QCPrev:
		return ScaleCell
	case QAct:
		if key := gateKeys[k][min(max(int(q.Gate), 0), len(gateKeys[k])-1)]; IsGate(key) {
			return ScaleGate
		}
	}
	return ScaleState
}

// IsGate reports whether block key is a gate (its output runs from 0 to 1),
// not a candidate or a state.
func IsGate(key string) bool {
	switch key {
	case "i", "f", "o", "r", "z":
		return true
	}
	return false
}

// Act is the output of block key of kind k, as a Q.
func Act(k CellKind, key string) Q { return Q{QAct, int8(GateIndex(k, key))} }
