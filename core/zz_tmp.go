package core

import "math/rand/v2"

func zeroRand() *rand.Rand { return rand.New(rand.NewPCG(0, 0)) }
