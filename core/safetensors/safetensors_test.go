package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
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

// hostile lists broken files and a word their error must contain.
var hostile = []struct {
	name string
	data []byte
	want string
}{
	{"empty", nil, "shorter than the 8-byte"},
	{"seven bytes", []byte{1, 2, 3, 4, 5, 6, 7}, "shorter than the 8-byte"},
	{"header past end", rawFile("", nil)[:8:8], ""},
	{"header length absurd", binary.LittleEndian.AppendUint64(nil, 1<<62), "absurd"},
	{"header not JSON", rawFile("{not json", nil), "invalid JSON"},
	{"header an array", rawFile("[1,2]", nil), "not a JSON object"},
	{"entry not an object", rawFile(`{"a":5}`, nil), `"a"`},
	{"unknown dtype", rawFile(`{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}`, make([]byte, 8)), "unsupported dtype"},
	{"negative dim", rawFile(`{"a":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}`, make([]byte, 8)), "negative"},
	{"overflowing shape", rawFile(`{"a":{"dtype":"F64","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}`, make([]byte, 8)), "overflows"},
	{"shape disagrees with bytes", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}`, make([]byte, 8)), "needs 16 bytes"},
	{"reversed offsets", rawFile(`{"a":{"dtype":"F64","shape":[0],"data_offsets":[8,0]}}`, make([]byte, 8)), "reversed"},
	{"offsets out of range", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}`, make([]byte, 8)), "out of range"},
	{"overlap", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, make([]byte, 8)), "overlap"},
	{"gap", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, make([]byte, 16)), "not covered"},
	{"trailing bytes", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, make([]byte, 24)), "not covered"},
	{"metadata not strings", rawFile(`{"__metadata__":{"k":1}}`, nil), "not a string"},
	{"duplicate names", rawFile(`{"a":{"dtype":"F64","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"F64","shape":[0],"data_offsets":[0,0]}}`, nil), "duplicate"},
	{"gigabytes asked for", rawFile(`{"a":{"dtype":"F64","shape":[1000000000],"data_offsets":[0,8000000000]}}`, make([]byte, 8)), "out of range"},
}

func init() {
	// A header length that runs past the end of the input.
	b := binary.LittleEndian.AppendUint64(nil, 64)
	hostile[2].data = append(b, "{}"...)
	hostile[2].want = "runs past the end"
}

func TestDecodeHostile(t *testing.T) {
	for _, tc := range hostile {
		f, err := Decode(tc.data)
		if err == nil || f != nil {
			t.Errorf("%s: decoded without error", tc.name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// The PyTorch golden cases decode, and their shapes follow FORMAT.md.
func TestGoldenFiles(t *testing.T) {
	paths, _ := filepath.Glob("../../../shared/golden/cases/*.safetensors")
	if len(paths) == 0 {
		t.Skip("no golden cases in ../shared/golden/cases")
	}
	for _, path := range paths {
		f, err := ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		gates := map[string]int{"rnn_tanh": 1, "rnn_relu": 1, "lstm": 4, "gru": 3}[f.Metadata["cell"]]
		in, _ := strconv.Atoi(f.Metadata["input_size"])
		hidden, _ := strconv.Atoi(f.Metadata["hidden_size"])
		if gates == 0 || in == 0 || hidden == 0 {
			t.Fatalf("%s: metadata %v", path, f.Metadata)
		}
		if _, err := f.Get("weight_ih_l0", gates*hidden, in); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		if _, err := f.Get("grad.bias_hh_l0", gates*hidden); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	first := NewFile()
	first.Set("a", []float64{1, 2}, 2)
	if err := WriteFile(path, first, F64); err != nil {
		t.Fatal(err)
	}
	second := NewFile()
	second.Set("a", []float64{3, 4, 5}, 3)
	if err := WriteFile(path, second, F64); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil || len(got.Tensors["a"].Data) != 3 {
		t.Fatalf("overwrite gave %v, %v", got, err)
	}
	before, _ := os.ReadFile(path)
	// A failing write (here: an invalid tensor) leaves the old file alone
	// and no temporary file behind.
	bad := NewFile()
	bad.Set("a", []float64{1}, 5)
	if err := WriteFile(path, bad, F64); err == nil {
		t.Fatal("writing an invalid tensor succeeded")
	}
	if err := WriteFile(filepath.Join(dir, "missing", "m.safetensors"), first, F64); err == nil {
		t.Fatal("writing into a missing folder succeeded")
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("a failed write changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries after the writes, want 1", len(entries))
	}
}

func FuzzDecode(f *testing.F) {
	valid, err := Encode(sampleFile(rand.New(rand.NewPCG(1, 2))), F32)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	for _, tc := range hostile {
		f.Add(tc.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Decode(data)
		if err != nil {
			return
		}
		// Whatever decodes re-encodes to the same tensors.
		again, err := Encode(file, F64)
		if err != nil {
			t.Fatalf("re-encoding a decoded file: %v", err)
		}
		back, err := Decode(again)
		if err != nil {
			t.Fatalf("decoding the re-encoded file: %v", err)
		}
		for name, tensor := range file.Tensors {
			other := back.Tensors[name]
			if other == nil || len(other.Data) != len(tensor.Data) {
				t.Fatalf("tensor %q lost in the round trip", name)
			}
			for i := range tensor.Data {
				if !sameFloat(tensor.Data[i], other.Data[i]) {
					t.Fatalf("tensor %q element %d: %v became %v", name, i, tensor.Data[i], other.Data[i])
				}
			}
		}
	})
}
