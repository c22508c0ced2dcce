package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sampleFile returns a small file with the awkward cases: a scalar, an empty
// tensor, non-finite values and metadata needing JSON escapes.
func sampleFile(rng *rand.Rand) *File {
	f := NewFile()
	f.Metadata["cell"] = "lstm"
	f.Metadata["note"] = "quotes \" backslash \\ <tag> & ünïcödé\n"
	matrix := make([]float64, 3*4)
	for i := range matrix {
		matrix[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10))
	}
	f.Set("weight_ih_l0", matrix, 3, 4)
	f.Set("bias", []float64{0.1, -0.25, 1e-320, math.MaxFloat64}, 4)
	f.Set("scalar", []float64{math.Pi})
	f.Set("empty", []float64{}, 0, 5)
	f.Set("nonfinite", []float64{math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1)}, 2, 1, 2)
	return f
}

// sameFloat reports whether a and b are the same value (NaN equals NaN,
// and 0 differs from -0).
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		dtype string
		want  func(float64) float64 // the value expected back
	}{
		{F64, func(v float64) float64 { return v }},
		{F32, func(v float64) float64 { return float64(float32(v)) }},
	} {
		t.Run(tc.dtype, func(t *testing.T) {
			in := sampleFile(rand.New(rand.NewPCG(1, 2)))
			data, err := Encode(in, tc.dtype)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Encode(in, tc.dtype)
			if err != nil || !bytes.Equal(data, again) {
				t.Fatalf("Encode is not deterministic (err %v)", err)
			}
			n := binary.LittleEndian.Uint64(data)
			if n%8 != 0 {
				t.Errorf("header length %d is not a multiple of 8", n)
			}
			out, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if !maps(out.Metadata, in.Metadata) {
				t.Errorf("metadata: got %q want %q", out.Metadata, in.Metadata)
			}
			if !slices.Equal(out.Names(), in.Names()) {
				t.Fatalf("names: got %v want %v", out.Names(), in.Names())
			}
			for _, name := range in.Names() {
				want := in.Tensors[name]
				got := out.Tensors[name]
				if got.Name != name || got.DType != tc.dtype || !slices.Equal(got.Shape, want.Shape) {
					t.Errorf("%s: got name %q dtype %s shape %v, want %q %s %v",
						name, got.Name, got.DType, got.Shape, name, tc.dtype, want.Shape)
				}
				if len(got.Data) != len(want.Data) {
					t.Fatalf("%s: got %d values want %d", name, len(got.Data), len(want.Data))
				}
				for i := range want.Data {
					if !sameFloat(got.Data[i], tc.want(want.Data[i])) {
						t.Errorf("%s[%d]: got %v want %v", name, i, got.Data[i], tc.want(want.Data[i]))
					}
				}
			}
		})
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestF32Rounding(t *testing.T) {
	f := NewFile()
	f.Set("x", []float64{0.1, 1 + 1e-9, 1e300, -1e300, 1e-50, 16777217}, 6)
	data, err := Encode(f, F32)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.10000000149011612, 1, math.Inf(1), math.Inf(-1), 0, 16777216}
	for i, w := range want {
		if g := got.Tensors["x"].Data[i]; g != w {
			t.Errorf("test %d: got %v want %v", i, g, w)
		}
	}
}

func TestEmptyFile(t *testing.T) {
	data, err := Encode(&File{}, F64)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\x08\x00\x00\x00\x00\x00\x00\x00{}      "; string(data) != want {
		t.Errorf("got %q want %q", data, want)
	}
	f, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tensors) != 0 || len(f.Metadata) != 0 || f.Metadata == nil {
		t.Errorf("got %+v, want empty with non-nil metadata", f)
	}
}

// Reading F16 and BF16 files written by other tools.
func TestHalfPrecision(t *testing.T) {
	for _, tc := range []struct {
		dtype string
		bits  []uint16
		want  []float64
	}{
		{F16, []uint16{0x3c00, 0xc000, 0x0001, 0x3555, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x8000},
			[]float64{1, -2, math.Ldexp(1, -24), 0.333251953125, 65504, math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1)}},
		{BF16, []uint16{0x3f80, 0x4049, 0xff80, 0x7fc0},
			[]float64{1, 3.140625, math.Inf(-1), math.NaN()}},
	} {
		var body []byte
		for _, b := range tc.bits {
			body = binary.LittleEndian.AppendUint16(body, b)
		}
		header := `{"h":{"dtype":"` + tc.dtype + `","shape":[` + itoa(len(tc.bits)) + `],"data_offsets":[0,` + itoa(len(body)) + `]}}`
		f, err := Decode(rawFile(header, body))
		if err != nil {
			t.Fatalf("%s: %v", tc.dtype, err)
		}
		got := f.Tensors["h"]
		if got.DType != tc.dtype {
			t.Errorf("%s: dtype %s", tc.dtype, got.DType)
		}
		for i, w := range tc.want {
			if !sameFloat(got.Data[i], w) {
				t.Errorf("%s %#04x: got %v want %v", tc.dtype, tc.bits[i], got.Data[i], w)
			}
		}
	}
}

func TestGet(t *testing.T) {
	f := sampleFile(rand.New(rand.NewPCG(3, 4)))
	if d, err := f.Get("weight_ih_l0", 3, 4); err != nil || len(d) != 12 {
		t.Errorf("Get with the right shape: %d values, %v", len(d), err)
	}
	if d, err := f.Get("bias"); err != nil || len(d) != 4 {
		t.Errorf("Get without a shape: %d values, %v", len(d), err)
	}
	for _, tc := range []struct {
		name  string
		shape []int
		want  string
	}{
		{"missing", nil, `safetensors: tensor "missing": not in file`},
		{"weight_ih_l0", []int{4, 3}, `safetensors: tensor "weight_ih_l0": has shape [3 4], want [4 3]`},
		{"scalar", []int{1}, `safetensors: tensor "scalar": has shape [], want [1]`},
	} {
		_, err := f.Get(tc.name, tc.shape...)
		if err == nil || err.Error() != tc.want {
			t.Errorf("Get(%q, %v): got %v want %q", tc.name, tc.shape, err, tc.want)
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	for i, tc := range []struct {
		f     *File
		dtype string
		want  string
	}{
		{NewFile(), "I32", "cannot write dtype"},
		{NewFile(), F16, "cannot write dtype"},
		{nil, F64, "nil File"},
		{&File{Tensors: map[string]*Tensor{"a": nil}}, F64, `"a": nil tensor`},
		{&File{Tensors: map[string]*Tensor{"a": {Shape: []int{2}, Data: []float64{1}}}}, F64, "holds 2 elements but Data has 1"},
		{&File{Tensors: map[string]*Tensor{"a": {Shape: []int{-1}}}}, F64, "negative"},
		{&File{Tensors: map[string]*Tensor{"a": {Name: "b", Data: []float64{1}}}}, F64, "different name"},
		{&File{Tensors: map[string]*Tensor{"__metadata__": {Data: []float64{1}}}}, F64, "reserved"},
		{&File{Tensors: map[string]*Tensor{"": {Data: []float64{1}}}}, F64, "reserved or empty"},
		{&File{Tensors: map[string]*Tensor{"\xff": {Data: []float64{1}}}}, F64, "UTF-8"},
		{&File{Metadata: map[string]string{"k": "\xff"}}, F64, "UTF-8"},
		{&File{Tensors: map[string]*Tensor{"a": {Shape: []int{0, 1 << 40}}}}, F64, "too large"},
	} {
		_, err := Encode(tc.f, tc.dtype)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("test %d: got %v, want an error containing %q", i, err, tc.want)
		}
	}
}

// rawFile assembles a file from a header and a data section, unpadded.
func rawFile(header string, body []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	out = append(out, header...)
	return append(out, body...)
}

func itoa(n int) string { return strconv.Itoa(n) }
