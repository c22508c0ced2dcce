// Command rnntrain trains, samples, evaluates, inspects and benchmarks
// rnnlab's character language models, and trains and runs its text
// classifiers, without a window: the same numerics
// (package rnnlab/core) as the browser and desktop app, for runs longer than
// a browser tab allows and for honest speed and quality measurements.
//
// Usage:
//
//	rnntrain train   -input FILE [-cell lstm] [-hidden 128] [-steps 1000] [-save PATH] [-json] ...
//	rnntrain sample  -model PATH [-n 500] [-temperature 0.8] [-topk 0] [-prime TEXT] [-seed N]
//	rnntrain eval    -model PATH -input FILE
//	rnntrain inspect -model PATH
//	rnntrain bench   [-cell lstm,gru] [-hidden 128] [-batch 1,32] [-seq 25] [-vocab 65] [-json]
//	rnntrain classify train   -input FILE.tsv [-bidir] [-pool final|mean] ... -save PATH
//	rnntrain classify eval    -model PATH -input FILE.tsv [-json]
//	rnntrain classify predict -model PATH -text "…"
//
// Run "rnntrain COMMAND -h" for every flag of a command.
//
// Checkpoints are the safetensors files written by core.SaveCheckpoint, the
// same files the browser app exports and opens. Losses are mean cross-entropy
// in nats per character.
//
// Exit codes: 0 success (also after Ctrl-C, once the checkpoint is saved),
// 1 a runtime problem (unreadable input, bad checkpoint, diverged training),
// 2 a usage problem (unknown flag, unusable hyperparameter).
//
// The program is pure Go: it builds with CGO_ENABLED=0 and for
// GOOS=js GOARCH=wasm, where it runs under node with
// $(go env GOROOT)/lib/wasm/go_js_wasm_exec, so bench measures browser-class
// speed with the same workload.
package main
