package safetensors

import (
	"math/rand/v2"
	"testing"
)

// bigFile returns a file of one million float64 values in four tensors, about
// the size of a large checkpoint here.
func bigFile() *File {
	rng := rand.New(rand.NewPCG(9, 10))
	f := NewFile()
	for _, name := range []string{"a", "b", "c", "d"} {
		data := make([]float64, 250_000)
		for i := range data {
			data[i] = rng.NormFloat64()
		}
		f.Set(name, data, 500, 500)
	}
	return f
}

func BenchmarkEncodeF64(b *testing.B) { benchmarkEncode(b, F64) }
func BenchmarkEncodeF32(b *testing.B) { benchmarkEncode(b, F32) }

func benchmarkEncode(b *testing.B, dtype string) {
	f := bigFile()
	b.SetBytes(8 * 1_000_000)
	for b.Loop() {
		if _, err := Encode(f, dtype); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeF64(b *testing.B) {
	data, err := Encode(bigFile(), F64)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
