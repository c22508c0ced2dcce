package core

import "fmt"

// Cell names a recurrent cell type. The names match PyTorch's mode strings.
type Cell int

const (
	RNNTanh Cell = iota // h = tanh(W_ih x + b_ih + W_hh h + b_hh)
	RNNReLU             // h = max(0, W_ih x + b_ih + W_hh h + b_hh)
	LSTM                // gates i, f, g, o
	GRU                 // gates r, z, n
)

var cellNames = [...]string{"rnn_tanh", "rnn_relu", "lstm", "gru"}

// String returns the PyTorch-style name: rnn_tanh, rnn_relu, lstm or gru.
func (c Cell) String() string {
	if c < 0 || int(c) >= len(cellNames) {
		return fmt.Sprintf("Cell(%d)", int(c))
	}
	return cellNames[c]
}

// ParseCell accepts rnn_tanh (also "rnn" and "tanh"), rnn_relu ("relu"), lstm and gru.
func ParseCell(s string) (Cell, error) {
	switch s {
	case "rnn_tanh", "rnn", "tanh":
		return RNNTanh, nil
	case "rnn_relu", "relu":
		return RNNReLU, nil
	case "lstm":
		return LSTM, nil
	case "gru":
		return GRU, nil
	}
	return 0, fmt.Errorf("unknown cell %q (want lstm, gru, rnn_tanh or rnn_relu)", s)
}

// Gates is the number of H-sized blocks stacked in W_ih and W_hh: 1, 4 (LSTM) or 3 (GRU).
func (c Cell) Gates() int {
	switch c {
	case LSTM:
		return 4
	case GRU:
		return 3
	}
	return 1
}

// GateNames names the gate blocks in PyTorch's order. The same names are used
// by the trace and the views. A vanilla RNN has no gates: its single block is
// the new hidden state itself and is not reported as a gate.
func (c Cell) GateNames() []string {
	switch c {
	case LSTM:
		return []string{"input", "forget", "cell", "output"}
	case GRU:
		return []string{"reset", "update", "new"}
	}
	return nil
}
