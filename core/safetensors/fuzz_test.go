package safetensors

import (
	"math/rand/v2"
	"testing"
)

// FuzzDecode feeds Decode arbitrary bytes: it must never panic, and whatever
// it accepts must survive Encode(F64) and Decode unchanged.
func FuzzDecode(f *testing.F) {
	valid, err := Encode(sampleFile(rand.New(rand.NewPCG(5, 6))), F64)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	small, _ := Encode(sampleFile(rand.New(rand.NewPCG(7, 8))), F32)
	f.Add(small)
	f.Add(valid[:len(valid)-3])
	f.Add(valid[:20])
	f.Add(rawFile(`{`+entryJSON("h", "F16", "[2,1]", "[0,4]")+`,`+entryJSON("b", "BF16", "[]", "[4,6]")+`}`, make([]byte, 6)))
	for _, tc := range hostileCases {
		f.Add(tc.input)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Decode(data)
		if err != nil {
			return
		}
		checkReencodes(t, file)
	})
}
