package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Encode serialises f with every tensor stored as dtype (F64 or F32).
// The output is deterministic: metadata keys and tensors sorted by name,
// tensors packed in that order, and the header padded with spaces to a
// multiple of 8 bytes. Empty metadata is omitted.
func Encode(f *File, dtype string) ([]byte, error) {
	if dtype != F64 && dtype != F32 {
		return nil, errorf("", "cannot write dtype %q (want F64 or F32)", dtype)
	}
	if f == nil {
		return nil, errorf("", "nil File")
	}
	size := elementSize(dtype)

	var header bytes.Buffer
	header.WriteByte('{')
	if len(f.Metadata) > 0 {
		header.WriteString(`"__metadata__":{`)
		keys := make([]string, 0, len(f.Metadata))
		for k := range f.Metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			v := f.Metadata[k]
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return nil, errorf("", "metadata %q is not valid UTF-8", k)
			}
			if i > 0 {
				header.WriteByte(',')
			}
			writeJSONString(&header, k)
			header.WriteByte(':')
			writeJSONString(&header, v)
		}
		header.WriteByte('}')
	}

	names := f.Names()
	var offset uint64
	for i, name := range names {
		t := f.Tensors[name]
		if err := checkTensor(name, t); err != nil {
			return nil, err
		}
		n := uint64(len(t.Data)) * size
		if len(f.Metadata) > 0 || i > 0 {
			header.WriteByte(',')
		}
		writeJSONString(&header, name)
		fmt.Fprintf(&header, `:{"dtype":%q,"shape":[`, dtype)
		for j, d := range t.Shape {
			if j > 0 {
				header.WriteByte(',')
			}
			header.WriteString(strconv.Itoa(d))
		}
		fmt.Fprintf(&header, `],"data_offsets":[%d,%d]}`, offset, offset+n)
		offset += n
	}
	header.WriteByte('}')
	for header.Len()%8 != 0 {
		header.WriteByte(' ')
	}
	if header.Len() > MaxHeaderSize {
		return nil, errorf("", "header of %d bytes exceeds the %d-byte limit", header.Len(), MaxHeaderSize)
	}

	out := make([]byte, 8, 8+uint64(header.Len())+offset)
	binary.LittleEndian.PutUint64(out, uint64(header.Len()))
	out = append(out, header.Bytes()...)
	for _, name := range names {
		for _, v := range f.Tensors[name].Data {
			if dtype == F64 {
				out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
			} else {
				out = binary.LittleEndian.AppendUint32(out, math.Float32bits(float32(v)))
			}
		}
	}
	return out, nil
}

// checkTensor checks that t can be written under name.
func checkTensor(name string, t *Tensor) error {
	switch {
	case t == nil:
		return errorf(name, "nil tensor")
	case name == "" || name == "__metadata__":
		return errorf(name, "reserved or empty tensor name")
	case !utf8.ValidString(name):
		return errorf(name, "name is not valid UTF-8")
	case t.Name != "" && t.Name != name:
		return errorf(name, "stored under a different name than its Name %q", t.Name)
	}
	count := uint64(1)
	for _, d := range t.Shape {
		if d < 0 {
			return errorf(name, "negative dimension in shape %v", t.Shape)
		}
		if d > maxDim {
			return errorf(name, "shape dimension %d is too large", d)
		}
		hi, lo := bits.Mul64(count, uint64(d))
		if hi != 0 {
			return errorf(name, "shape %v element count overflows", t.Shape)
		}
		count = lo
	}
	if count != uint64(len(t.Data)) {
		return errorf(name, "shape %v holds %d elements but Data has %d", t.Shape, count, len(t.Data))
	}
	return nil
}

// writeJSONString writes s as a JSON string literal.
func writeJSONString(b *bytes.Buffer, s string) {
	q, _ := json.Marshal(s) // a string always marshals
	b.Write(q)
}
