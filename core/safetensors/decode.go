package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// entry is one tensor's header record, checked but not yet read.
type entry struct {
	name       string
	dtype      string
	shape      []int
	count      uint64 // number of elements
	begin, end uint64 // relative to the data section
}

// Decode parses a whole safetensors file held in data. See the package
// documentation for what it rejects.
func Decode(data []byte) (*File, error) {
	if len(data) < 8 {
		return nil, errorf("", "input is %d bytes, shorter than the 8-byte header length", len(data))
	}
	n := binary.LittleEndian.Uint64(data)
	if n > MaxHeaderSize {
		return nil, errorf("", "header length %d is absurd (limit %d)", n, MaxHeaderSize)
	}
	if n > uint64(len(data)-8) {
		return nil, errorf("", "header length %d runs past the end of the %d-byte input", n, len(data))
	}
	header := data[8 : 8+n]
	body := data[8+n:]

	meta, entries, err := parseHeader(header)
	if err != nil {
		return nil, err
	}
	if err := checkLayout(entries, uint64(len(body))); err != nil {
		return nil, err
	}

	f := &File{Metadata: meta, Tensors: make(map[string]*Tensor, len(entries))}
	for _, e := range entries {
		f.Tensors[e.name] = &Tensor{
			Name:  e.name,
			DType: e.dtype,
			Shape: e.shape,
			Data:  convert(e.dtype, body[e.begin:e.end], e.count),
		}
	}
	return f, nil
}

func parseHeader(header []byte) (map[string]string, []entry, error) {
	if !utf8.Valid(header) {
		return nil, nil, errorf("", "header is not valid UTF-8")
	}
	fields, err := objectFields(header)
	if err != nil {
		return nil, nil, errorf("", "header: %v", err)
	}
	meta := map[string]string{}
	var entries []entry
	for _, fld := range fields {
		if fld.key == "__metadata__" {
			meta, err = parseMetadata(fld.value)
			if err != nil {
				return nil, nil, err
			}
			continue
		}
		e, err := parseEntry(fld.key, fld.value)
		if err != nil {
			return nil, nil, err
		}
		entries = append(entries, e)
	}
	return meta, entries, nil
}

func parseMetadata(raw json.RawMessage) (map[string]string, error) {
	fields, err := objectFields(raw)
	if err != nil {
		return nil, errorf("", "__metadata__: %v", err)
	}
	meta := make(map[string]string, len(fields))
	for _, fld := range fields {
		var s string
		if !isJSONString(fld.value) || json.Unmarshal(fld.value, &s) != nil {
			return nil, errorf("", "__metadata__: value of %q is %s, not a string", fld.key, describe(fld.value))
		}
		meta[fld.key] = s
	}
	return meta, nil
}

func parseEntry(name string, raw json.RawMessage) (entry, error) {
	e := entry{name: name}
	if name == "" {
		return e, errorf("", "empty tensor name")
	}
	fields, err := objectFields(raw)
	if err != nil {
		return e, errorf(name, "entry: %v", err)
	}
	var dtypeRaw, shapeRaw, offsetsRaw json.RawMessage
	for _, fld := range fields {
		switch fld.key {
		case "dtype":
			dtypeRaw = fld.value
		case "shape":
			shapeRaw = fld.value
		case "data_offsets":
			offsetsRaw = fld.value
		default:
			return e, errorf(name, "unexpected field %q in entry", fld.key)
		}
	}
	for _, req := range []struct {
		key string
		raw json.RawMessage
	}{{"dtype", dtypeRaw}, {"shape", shapeRaw}, {"data_offsets", offsetsRaw}} {
		if req.raw == nil {
			return e, errorf(name, "entry has no %q field", req.key)
		}
	}

	if !isJSONString(dtypeRaw) || json.Unmarshal(dtypeRaw, &e.dtype) != nil {
		return e, errorf(name, "dtype is %s, not a string", describe(dtypeRaw))
	}
	size := elementSize(e.dtype)
	if size == 0 {
		return e, errorf(name, "unsupported dtype %q (want F64, F32, F16 or BF16)", e.dtype)
	}

	dims, err := parseUints(shapeRaw)
	if err != nil {
		return e, errorf(name, "shape: %v", err)
	}
	e.count = 1
	e.shape = make([]int, len(dims))
	for i, d := range dims {
		if d > maxDim {
			return e, errorf(name, "shape dimension %d is too large", d)
		}
		e.shape[i] = int(d)
		hi, lo := bits.Mul64(e.count, d)
		if hi != 0 {
			return e, errorf(name, "shape %v element count overflows", dims)
		}
		e.count = lo
	}
	hi, nbytes := bits.Mul64(e.count, size)
	if hi != 0 {
		return e, errorf(name, "shape %v byte size overflows", dims)
	}

	offsets, err := parseUints(offsetsRaw)
	if err != nil {
		return e, errorf(name, "data_offsets: %v", err)
	}
	if len(offsets) != 2 {
		return e, errorf(name, "data_offsets has %d numbers, want [begin, end]", len(offsets))
	}
	e.begin, e.end = offsets[0], offsets[1]
	if e.begin > e.end {
		return e, errorf(name, "data_offsets [%d, %d] are reversed", e.begin, e.end)
	}
	if e.end-e.begin != nbytes {
		return e, errorf(name, "shape %v of %s needs %d bytes but data_offsets [%d, %d] span %d",
			e.shape, e.dtype, nbytes, e.begin, e.end, e.end-e.begin)
	}
	return e, nil
}

// checkLayout checks that the tensors lie inside the data section and cover
// it exactly, without overlaps or gaps.
func checkLayout(entries []entry, bodyLen uint64) error {
	for _, e := range entries {
		if e.end > bodyLen {
			return errorf(e.name, "data_offsets [%d, %d] out of range: data section is %d bytes", e.begin, e.end, bodyLen)
		}
	}
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b entry) int {
		if a.begin != b.begin {
			return cmpUint(a.begin, b.begin)
		}
		if a.end != b.end {
			return cmpUint(a.end, b.end)
		}
		return strings.Compare(a.name, b.name)
	})
	var pos uint64
	prev := ""
	for _, e := range sorted {
		if e.begin < pos {
			return errorf(e.name, "data_offsets [%d, %d] overlap tensor %q", e.begin, e.end, prev)
		}
		if e.begin > pos {
			return errorf(e.name, "data section bytes [%d, %d) before this tensor are not covered by any tensor", pos, e.begin)
		}
		pos, prev = e.end, e.name
	}
	if pos != bodyLen {
		return errorf("", "data section bytes [%d, %d) after the last tensor are not covered by any tensor", pos, bodyLen)
	}
	return nil
}

func cmpUint(a, b uint64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// convert turns count little-endian elements of dtype into float64s.
func convert(dtype string, raw []byte, count uint64) []float64 {
	out := make([]float64, count)
	switch dtype {
	case F64:
		for i := range out {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		}
	case F32:
		for i := range out {
			out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		}
	case F16:
		for i := range out {
			out[i] = halfToFloat64(binary.LittleEndian.Uint16(raw[2*i:]))
		}
	case BF16:
		for i := range out {
			out[i] = float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(raw[2*i:])) << 16))
		}
	}
	return out
}

// halfToFloat64 converts an IEEE-754 binary16 value.
func halfToFloat64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0: // zero or subnormal
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// field is one key/value pair of a JSON object, value still raw.
type field struct {
	key   string
	value json.RawMessage
}

// objectFields splits a JSON object into its fields, in order, rejecting
// anything that is not exactly one object and rejecting duplicate keys
// (which encoding/json would otherwise silently resolve to the last one).
func objectFields(raw []byte) ([]field, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonError(err)
	}
	if tok != json.Delim('{') {
		return nil, fmt.Errorf("is %s, not a JSON object", describe(raw))
	}
	var fields []field
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("invalid JSON object key")
		}
		if seen[key] {
			return nil, fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, jsonError(err)
		}
		fields = append(fields, field{key, value})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, jsonError(err)
		}
		return nil, fmt.Errorf("unexpected data after the JSON object")
	}
	return fields, nil
}

func jsonError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("invalid JSON: unexpected end")
	}
	return fmt.Errorf("invalid JSON: %v", err)
}

// parseUints reads a JSON array of non-negative integers, written as plain
// decimal literals (no sign, fraction, exponent or quotes).
func parseUints(raw json.RawMessage) ([]uint64, error) {
	var items []json.RawMessage
	if len(bytes.TrimSpace(raw)) == 0 || bytes.TrimSpace(raw)[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, fmt.Errorf("is %s, not an array of integers", describe(raw))
	}
	out := make([]uint64, len(items))
	for i, item := range items {
		s := string(bytes.TrimSpace(item))
		if strings.HasPrefix(s, "-") {
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				return nil, fmt.Errorf("negative value %s", s)
			}
		}
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return nil, fmt.Errorf("value %s is not a non-negative integer", clip(s))
		}
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("value %s is too large", clip(s))
		}
		out[i] = v
	}
	return out, nil
}

func isJSONString(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '"'
}

// describe names the JSON kind of raw, for error messages.
func describe(raw []byte) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "empty"
	}
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "the number " + clip(string(t))
}

// clip shortens s for an error message.
func clip(s string) string {
	for i := range s {
		if i >= 24 {
			return s[:i] + "…"
		}
	}
	return s
}
