// Command rnnlab is the desktop app: an LSTM, GRU or vanilla RNN learns a
// text in front of you. Everything it needs is embedded; it uses no network.
//
//	rnnlab [-text FILE] [-settings 'cell=gru&hidden=64&lr=0.002'] [-width 1280 -height 800]
//	rnnlab -screenshot out.png -frames 120   (render, save the window's pixels, exit)
//
// Drop a text file on the window to train on it.
package main
