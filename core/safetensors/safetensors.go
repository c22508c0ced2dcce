package safetensors

import (
	"fmt"
	"slices"
)

// Element types. Decode reads all four; Encode writes F64 or F32.
const (
	F64  = "F64"
	F32  = "F32"
	F16  = "F16"
	BF16 = "BF16"
)

// MaxFileSize is the largest file ReadFile accepts.
const MaxFileSize = 2 << 30

// MaxHeaderSize is the largest JSON header Decode accepts. Real headers are a
// few kilobytes; a larger length is a corrupt or hostile file.
const MaxHeaderSize = 100 << 20

// maxDim bounds each dimension of a shape, so that shapes fit an int on
// every platform.
const maxDim = 1<<31 - 1

// Tensor is one named array. Data holds product(Shape) values in row-major
// order, converted to float64 whatever the stored DType.
type Tensor struct {
	Name  string
	DType string // as stored: "F64", "F32", "F16" or "BF16"
	Shape []int
	Data  []float64
}

// File is the content of one safetensors file.
type File struct {
	Metadata map[string]string
	Tensors  map[string]*Tensor
}

// NewFile returns an empty File ready for Set.
func NewFile() *File {
	return &File{Metadata: map[string]string{}, Tensors: map[string]*Tensor{}}
}

// Set stores data (not a copy) as the tensor name with the given shape.
// Encode checks that len(data) matches the shape.
func (f *File) Set(name string, data []float64, shape ...int) {
	if f.Tensors == nil {
		f.Tensors = map[string]*Tensor{}
	}
	f.Tensors[name] = &Tensor{Name: name, DType: F64, Shape: slices.Clone(shape), Data: data}
}

// Names returns the tensor names in sorted order.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Tensors))
	for name := range f.Tensors {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Get returns the data of the tensor name (shared, not a copy). If shape is
// given, the tensor must have exactly that shape; with no shape, any shape is
// accepted.
func (f *File) Get(name string, shape ...int) ([]float64, error) {
	t, ok := f.Tensors[name]
	if !ok || t == nil {
		return nil, &Error{Tensor: name, Msg: "not in file"}
	}
	if len(shape) > 0 && !slices.Equal(t.Shape, shape) {
		return nil, &Error{Tensor: name, Msg: fmt.Sprintf("has shape %v, want %v", t.Shape, shape)}
	}
	return t.Data, nil
}

// Error is the error returned for malformed files and invalid tensors.
type Error struct {
	Path   string // file, when known
	Tensor string // tensor concerned, if any
	Msg    string
}

func (e *Error) Error() string {
	s := "safetensors: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	if e.Tensor != "" {
		s += fmt.Sprintf("tensor %q: ", e.Tensor)
	}
	return s + e.Msg
}

func errorf(tensor, format string, args ...any) error {
	return &Error{Tensor: tensor, Msg: fmt.Sprintf(format, args...)}
}

// elementSize returns the stored size in bytes of one element of dtype, or 0
// for an unknown dtype.
func elementSize(dtype string) uint64 {
	switch dtype {
	case F64:
		return 8
	case F32:
		return 4
	case F16, BF16:
		return 2
	}
	return 0
}
