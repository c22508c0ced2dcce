package ui

import (
	"strings"

	"rnnlab/words"
)

// Equation is one line of a unit's equations with its numbers filled in,
// in four parts that line up as columns: the formula, the formula with the
// numbers put in, the sum worked out, and the result. Parts that are not
// known, or that say nothing new, are "".
//
//	i = σ(W·x + U·h + b)   = σ(0.31 + (−1.20))   = σ(−0.89)   = 0.29
type Equation struct {
	Key   string // the value the line computes: a block's key, "c" or "h"
	Parts [EquationParts]string
}

// EquationParts is how many columns an equation has.
const EquationParts = 4

// The columns of an equation.
const (
	PartFormula = iota // i = σ(W·x + U·h + b)
	PartNumbers        // = σ(0.31 + (−1.20))
	PartWorked         // = σ(−0.89)
	PartResult         // = 0.29
)

// String is the whole line, its parts separated by spaces.
func (e Equation) String() string {
	var b strings.Builder
	for _, p := range e.Parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// CellEquations writes the equations of v, one per value the cell
// computes, in the order a textbook explains them: the LSTM's f, i, g, c,
// o, h; the GRU's r, z, n, h; the RNN's h. The GRU and the RNN, which
// have few, start with the state they read, h₋₁ (Key HPrevKey). Numbers have two decimals in
// lang's style; a negative number after an operator is put in brackets.
// Without the split of the sums (v.Split false) the gates show only their
// formula and result.
func CellEquations(v CellValues, lang words.Lang) []Equation {
	num := func(x float64) string { return words.FormatNumber(lang, x, 2) }
	// arg is a number as an operand: in brackets when negative.
	arg := func(x float64) string {
		s := num(x)
		if strings.HasPrefix(s, "−") {
			return "(" + s + ")"
		}
		return s
	}
	is := func(x float64) string { return "= " + num(x) }
	// block is a block's line: key = f(W·x + U·h + b) = f(X + H) = f(Pre) = Act.
	block := func(key, fn, formula string) Equation {
		g := v.Gate(key)
		e := Equation{Key: key, Parts: [4]string{key + " = " + fn + "(" + formula + ")", "", "", is(g.Act)}}
		if v.Split {
			e.Parts[PartNumbers] = "= " + fn + "(" + num(g.X) + " + " + arg(g.H) + ")"
			e.Parts[PartWorked] = "= " + fn + "(" + num(g.Pre) + ")"
		}
		return e
	}
	const gate = "W·x + U·h + b"
	before := Equation{Key: HPrevKey, Parts: [4]string{"h₋₁", "", "", is(v.HPrev)}}
	switch v.Kind {
	case CellLSTM:
		f, i, g, o := v.Gate("f").Act, v.Gate("i").Act, v.Gate("g").Act, v.Gate("o").Act
		return []Equation{
			block("f", "σ", gate),
			block("i", "σ", gate),
			block("g", "tanh", gate),
			{Key: "c", Parts: [4]string{"c = f·c₋₁ + i·g", "= " + num(f) + "·" + arg(v.CPrev) + " + " + num(i) + "·" + arg(g), "", is(v.C)}},
			block("o", "σ", gate),
			{Key: "h", Parts: [4]string{"h = o·tanh(c)", "= " + num(o) + "·tanh(" + num(v.C) + ")", "= " + num(o) + "·" + arg(v.Value(Q{What: QTanhC})), is(v.H)}},
		}
	case CellGRU:
		z, n := v.Gate("z"), v.Gate("n")
		eq := []Equation{
			before,
			block("r", "σ", gate),
			block("z", "σ", gate),
			{Key: "n", Parts: [4]string{"n = tanh(W·x + r·(U·h + b))", "", "", is(n.Act)}},
			{Key: "h", Parts: [4]string{"h = z·h₋₁ + (1−z)·n", "= " + num(z.Act) + "·" + arg(v.HPrev) + " + " + num(1-z.Act) + "·" + arg(n.Act), "", is(v.H)}},
		}
		if v.Split {
			eq[3].Parts[PartNumbers] = "= tanh(" + num(n.X) + " + " + num(v.Gate("r").Act) + "·" + arg(n.H) + ")"
			eq[3].Parts[PartWorked] = "= tanh(" + num(n.Pre) + ")"
		}
		return eq
	}
	fn := "tanh"
	if v.ReLU {
		fn = "ReLU"
	}
	e := block("h", fn, "W·x + H·h + b")
	e.Parts[PartResult] = is(v.H)
	return []Equation{before, e}
}

// WidestValues are stand-in values of a cell of kind k whose equations are
// as wide as a unit's usually are: every number negative but the gates',
// with two digits. A table measured with them keeps its columns while the
// numbers change.
func WidestValues(k CellKind, relu bool) CellValues {
	v := CellValues{Kind: k, ReLU: relu && k == CellRNN, Split: true, HPrev: -0.88, H: -0.88, CPrev: -0.88, C: -0.88}
	for i, key := range gateKeys[k] {
		v.Gates[i] = GateValues{X: -0.88, H: -0.88, Pre: -0.88, Act: -0.88}
		if IsGate(key) {
			v.Gates[i].Act = 0.88
		}
	}
	return v
}

// HPrevKey is the Key of the equation that gives h₋₁.
const HPrevKey = "h₋₁"

// EquationStage is when, within a beat of the replay (0 to 1), the value
// an equation computes arrives in the diagram of kind k.
func EquationStage(k CellKind, key string) float64 {
	for _, s := range stages[k] {
		if s.key == key {
			return s.at
		}
	}
	return 1
}

// stages are when each value is ready within a beat; the diagram's wires
// carry the pulse between them.
var stages = [...][]struct {
	key string
	at  float64
}{
	CellRNN:  {{HPrevKey, 0.25}, {"h", 0.7}},
	CellLSTM: {{"f", 0.45}, {"i", 0.45}, {"g", 0.4}, {"c", 0.6}, {"o", 0.45}, {"h", 0.86}},
	CellGRU:  {{HPrevKey, 0}, {"r", 0.4}, {"z", 0.45}, {"n", 0.5}, {"h", 0.8}},
}
