#!/bin/sh
# Builds rnnlab's shipped topic classifiers, topics-en.safetensors and
# topics-uk.safetensors, from the generated training data. Run it from the
# repository root:
#
#   sh assets/classify/build.sh
#
# The run is deterministic (seeded; one thread): the same machine
# architecture gives the same files. It takes a few minutes of one core per
# language. The held-out file is only reported on, never used to choose.
set -eu
cd "$(dirname "$0")/../.."
bin=$(mktemp -d)/rnntrain
trap 'rm -rf "$(dirname "$bin")"' EXIT
CGO_ENABLED=0 go build -o "$bin" ./cmd/rnntrain
for lang in en uk; do
	"$bin" classify train \
		-input assets/classify/topics-$lang-train.tsv -val assets/classify/topics-$lang-test.tsv \
		-cell gru -hidden 64 -layers 1 -embed 16 -bidir -pool mean -fold \
		-batch 32 -optim adam -lr 0.005 -clip 5 -worddrop 0.2 -seed 1 \
		-epochs 4 -every 0 -dtype f32 -overwrite -save assets/classify/topics-$lang.safetensors
	"$bin" classify eval -model assets/classify/topics-$lang.safetensors -input assets/classify/handwritten-$lang.tsv
done
