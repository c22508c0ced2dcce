// Package safetensors reads and writes the safetensors tensor file format,
// the format of the golden RNN cases and of rnnlab's checkpoints.
//
// # Format
//
// A file is three parts, back to back:
//
//	offset 0    u64 little-endian N, the length of the header in bytes
//	offset 8    N bytes of UTF-8 JSON, possibly padded with trailing spaces
//	offset 8+N  the data section: the raw bytes of every tensor
//
// The header is one JSON object. The optional key "__metadata__" maps to an
// object of string values. Every other key is a tensor name mapped to
//
//	{"dtype": "F64", "shape": [d0, d1, ...], "data_offsets": [begin, end]}
//
// where begin and end are byte offsets relative to the start of the data
// section, end-begin is the element size times the product of the shape
// (a scalar has shape [] and one element), elements are little-endian and in
// row-major order (the last index varies fastest), and the tensors together
// cover the data section exactly, without gaps or overlaps.
//
// Decode reads F64 and F32, and also F16 and BF16; every tensor's values are
// converted to float64. Encode writes F64 or F32, deterministically: tensors
// sorted by name, packed in that order, and the header padded with spaces
// so that the data section starts at a multiple of 8. Converting to F32
// rounds to nearest; values beyond the float32 range become ±Inf.
//
// # Hostile input
//
// Decode treats its input as untrusted. It never panics, and it checks the
// whole header (lengths, dtypes, shapes, offsets, coverage of the data
// section) before it allocates any tensor, so memory use stays proportional
// to the input: at most 8 bytes of float64 per element actually present in
// the data section. It rejects, with a one-line error starting with
// "safetensors: " and naming the tensor concerned:
//
//   - input shorter than 8 bytes, or a header length past the end of the input
//     or beyond MaxHeaderSize;
//   - a header that is not valid UTF-8, not JSON, not one object, or that has
//     anything but whitespace after the object;
//   - duplicate keys anywhere in the header;
//   - metadata that is not an object of strings;
//   - a tensor entry that is not an object with exactly dtype, shape and
//     data_offsets; an unknown dtype; a dimension that is negative, not an
//     integer, or whose product overflows;
//   - data_offsets that are reversed, out of range, disagree with the
//     shape's size, overlap another tensor, or leave bytes of the data
//     section uncovered.
//
// Non-finite values (NaN, ±Inf) are data, not errors, and are kept as read.
//
// ReadFile refuses files larger than MaxFileSize before reading them.
// WriteFile replaces its target atomically: it writes a temporary file in the
// same directory, syncs it, and renames it over the target, so an existing
// file is either left intact or fully replaced.
package safetensors
