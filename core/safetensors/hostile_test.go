package safetensors

import (
	"encoding/binary"
	"runtime"
	"strings"
	"testing"
)

// entryJSON writes one tensor entry.
func entryJSON(name, dtype, shape, offsets string) string {
	return `"` + name + `":{"dtype":"` + dtype + `","shape":` + shape + `,"data_offsets":` + offsets + `}`
}

var eightBytes = make([]byte, 8)

// hostileCases are inputs Decode must reject, each with a word the error
// must contain and the tensor it must name (if any).
var hostileCases = []struct {
	name   string
	input  []byte
	want   string
	tensor string
}{
	{"empty", nil, "shorter than", ""},
	{"short", []byte{1, 2, 3}, "shorter than", ""},
	{"header past end", binary.LittleEndian.AppendUint64(nil, 100), "past the end", ""},
	{"absurd header", binary.LittleEndian.AppendUint64(nil, 1<<62), "absurd", ""},
	{"header length wraps", binary.LittleEndian.AppendUint64(nil, 1<<64-1), "absurd", ""},
	{"truncated JSON", rawFile(`{"a":`, nil), "invalid JSON", ""},
	{"not JSON", rawFile(`hello`, nil), "invalid JSON", ""},
	{"array header", rawFile(`[1,2]`, nil), "not a JSON object", ""},
	{"string header", rawFile(`"x"`, nil), "not a JSON object", ""},
	{"trailing junk", rawFile(`{} x`, nil), "invalid JSON", ""},
	{"two objects", rawFile(`{}{}`, nil), "unexpected data after", ""},
	{"invalid UTF-8", rawFile("{\"\xff\":1}", nil), "UTF-8", ""},
	{"deep nesting", rawFile(`{"a":`+strings.Repeat("[", 20000), nil), "invalid JSON", ""},
	{"entry is a number", rawFile(`{"a":5}`, nil), "not a JSON object", "a"},
	{"entry is an array", rawFile(`{"a":[1]}`, nil), "not a JSON object", "a"},
	{"entry is null", rawFile(`{"a":null}`, nil), "not a JSON object", "a"},
	{"missing offsets", rawFile(`{"a":{"dtype":"F64","shape":[1]}}`, eightBytes), `no "data_offsets"`, "a"},
	{"missing dtype", rawFile(`{"a":{"shape":[1],"data_offsets":[0,8]}}`, eightBytes), `no "dtype"`, "a"},
	{"extra field", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8],"x":1}}`, eightBytes), "unexpected field", "a"},
	{"unknown dtype", rawFile(`{`+entryJSON("a", "I32", "[2]", "[0,8]")+`}`, eightBytes), "unsupported dtype", "a"},
	{"dtype not a string", rawFile(`{"a":{"dtype":8,"shape":[1],"data_offsets":[0,8]}}`, eightBytes), "not a string", "a"},
	{"negative dim", rawFile(`{`+entryJSON("a", "F64", "[-1]", "[0,8]")+`}`, eightBytes), "negative", "a"},
	{"fractional dim", rawFile(`{`+entryJSON("a", "F64", "[1.5]", "[0,8]")+`}`, eightBytes), "not a non-negative integer", "a"},
	{"exponent dim", rawFile(`{`+entryJSON("a", "F64", "[1e0]", "[0,8]")+`}`, eightBytes), "not a non-negative integer", "a"},
	{"quoted dim", rawFile(`{`+entryJSON("a", "F64", `["1"]`, "[0,8]")+`}`, eightBytes), "not a non-negative integer", "a"},
	{"shape not an array", rawFile(`{`+entryJSON("a", "F64", `1`, "[0,8]")+`}`, eightBytes), "not an array", "a"},
	{"huge dim", rawFile(`{`+entryJSON("a", "F64", "[4294967296]", "[0,8]")+`}`, eightBytes), "too large", "a"},
	{"count overflows", rawFile(`{`+entryJSON("a", "F64", "[2147483647,2147483647,2147483647]", "[0,8]")+`}`, eightBytes), "overflows", "a"},
	{"bytes overflow", rawFile(`{`+entryJSON("a", "F64", "[2147483647,2147483647,4]", "[0,8]")+`}`, eightBytes), "overflows", "a"},
	{"shape disagrees", rawFile(`{`+entryJSON("a", "F64", "[2]", "[0,8]")+`}`, eightBytes), "needs 16 bytes", "a"},
	{"F32 shape disagrees", rawFile(`{`+entryJSON("a", "F32", "[1]", "[0,8]")+`}`, eightBytes), "needs 4 bytes", "a"},
	{"reversed offsets", rawFile(`{`+entryJSON("a", "F64", "[1]", "[8,0]")+`}`, eightBytes), "reversed", "a"},
	{"one offset", rawFile(`{`+entryJSON("a", "F64", "[1]", "[8]")+`}`, eightBytes), "want [begin, end]", "a"},
	{"huge offset", rawFile(`{`+entryJSON("a", "F64", "[1]", "[99999999999999999999,8]")+`}`, eightBytes), "too large", "a"},
	{"out of range", rawFile(`{`+entryJSON("a", "F64", "[2]", "[0,16]")+`}`, eightBytes), "out of range", "a"},
	{"far out of range", rawFile(`{`+entryJSON("a", "F64", "[1073741824]", "[0,8589934592]")+`}`, eightBytes), "out of range", "a"},
	{"overlap", rawFile(`{`+entryJSON("a", "F64", "[1]", "[0,8]")+`,`+entryJSON("b", "F64", "[1]", "[0,8]")+`}`, eightBytes), "overlap", "b"},
	{"partial overlap", rawFile(`{`+entryJSON("a", "F64", "[2]", "[0,16]")+`,`+entryJSON("b", "F32", "[2]", "[8,16]")+`}`, make([]byte, 16)), "overlap", "b"},
	{"gap", rawFile(`{`+entryJSON("a", "F64", "[1]", "[0,8]")+`,`+entryJSON("b", "F64", "[1]", "[16,24]")+`}`, make([]byte, 24)), "not covered", "b"},
	{"trailing data", rawFile(`{`+entryJSON("a", "F64", "[1]", "[0,8]")+`}`, make([]byte, 16)), "not covered", ""},
	{"data but no tensors", rawFile(`{}`, eightBytes), "not covered", ""},
	{"duplicate tensor", rawFile(`{`+entryJSON("a", "F64", "[1]", "[0,8]")+`,`+entryJSON("a", "F64", "[1]", "[8,16]")+`}`, make([]byte, 16)), "duplicate", ""},
	{"duplicate via escape", rawFile(`{`+entryJSON("a", "F64", "[1]", "[0,8]")+`,`+entryJSON(`\u0061`, "F64", "[1]", "[8,16]")+`}`, make([]byte, 16)), "duplicate", ""},
	{"duplicate field", rawFile(`{"a":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,8]}}`, eightBytes), "duplicate", "a"},
	{"empty name", rawFile(`{`+entryJSON("", "F64", "[1]", "[0,8]")+`}`, eightBytes), "empty tensor name", ""},
	{"metadata not object", rawFile(`{"__metadata__":"x"}`, nil), "not a JSON object", ""},
	{"metadata number", rawFile(`{"__metadata__":{"n":1}}`, nil), "not a string", ""},
	{"metadata null value", rawFile(`{"__metadata__":{"n":null}}`, nil), "not a string", ""},
	{"metadata nested", rawFile(`{"__metadata__":{"n":{}}}`, nil), "not a string", ""},
	{"duplicate metadata key", rawFile(`{"__metadata__":{"n":"1","n":"2"}}`, nil), "duplicate", ""},
	{"duplicate metadata", rawFile(`{"__metadata__":{},"__metadata__":{}}`, nil), "duplicate", ""},
}

func TestDecodeRejectsHostileInput(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Decode(tc.input)
			if err == nil {
				t.Fatalf("decoded %+v, want an error containing %q", f, tc.want)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "safetensors: ") || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("got %q, want one line starting with \"safetensors: \" containing %q", msg, tc.want)
			}
			if tc.tensor != "" && !strings.Contains(msg, `tensor "`+tc.tensor+`"`) {
				t.Errorf("got %q, want it to name tensor %q", msg, tc.tensor)
			}
		})
	}
}

// A header may claim gigabytes of data; Decode must notice the lie before
// allocating for it.
func TestDecodeAllocatesInProportionToInput(t *testing.T) {
	for _, tc := range hostileCases {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		Decode(tc.input)
		runtime.ReadMemStats(&after)
		if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(64<<10+64*len(tc.input)); got > limit {
			t.Errorf("%s: allocated %d bytes for a %d-byte input (limit %d)", tc.name, got, len(tc.input), limit)
		}
	}
}

// Non-finite values are data: Decode keeps them without complaint.
func TestDecodeAcceptsNonFinite(t *testing.T) {
	body := binary.LittleEndian.AppendUint64(nil, 0x7ff8000000000001) // a NaN with payload
	body = binary.LittleEndian.AppendUint64(body, 0xfff0000000000000) // -Inf
	f, err := Decode(rawFile(`{`+entryJSON("a", "F64", "[2]", "[0,16]")+`}`, body))
	if err != nil {
		t.Fatal(err)
	}
	if d := f.Tensors["a"].Data; len(d) != 2 || d[0] == d[0] || d[1] > -1e308 {
		t.Errorf("got %v, want [NaN -Inf]", d)
	}
}

// Things the format allows that a strict parser might wrongly refuse.
func TestDecodeAcceptsValidVariants(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input []byte
	}{
		{"no metadata, no tensors", rawFile(`{}`, nil)},
		{"space padding", rawFile(`{}      `, nil)},
		{"whitespace inside", rawFile(` { "a" : { "data_offsets" : [ 0 , 8 ] , "shape" : [ 1 ] , "dtype" : "F64" } } `, eightBytes)},
		{"scalar", rawFile(`{`+entryJSON("a", "F64", "[]", "[0,8]")+`}`, eightBytes)},
		{"zero-size tensors", rawFile(`{`+entryJSON("a", "F64", "[0,3]", "[0,0]")+`,`+entryJSON("b", "F64", "[1]", "[0,8]")+`,`+entryJSON("c", "F32", "[4,0]", "[8,8]")+`}`, eightBytes)},
		{"tensors out of order", rawFile(`{`+entryJSON("z", "F32", "[1]", "[4,8]")+`,`+entryJSON("a", "F32", "[1]", "[0,4]")+`}`, eightBytes)},
		{"empty metadata", rawFile(`{"__metadata__":{}}`, nil)},
		{"escaped names", rawFile(`{"__metadata__":{"k\"":"v\u00e9"},`+entryJSON(`\u00e9\n`, "F64", "[1]", "[0,8]")+`}`, eightBytes)},
	} {
		if _, err := Decode(tc.input); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
