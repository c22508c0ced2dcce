package classify

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"unicode/utf8"

	"rnnlab/core"
	"rnnlab/core/safetensors"
)

// Format is the metadata "format" of a classifier checkpoint.
const Format = "rnnlab-classifier-1"

// Info is what a checkpoint records besides the model: how it was trained.
type Info struct {
	Config Config
	Steps  int
	Seen   int64 // texts trained on
	Chars  int64 // characters trained on
}

// Info returns the trainer's settings and counts, for a checkpoint.
func (t *Trainer) Info() Info {
	return Info{Config: t.Config, Steps: t.Steps, Seen: t.Seen, Chars: t.Chars}
}

// Save writes m to path as a safetensors file of dtype F32 or F64,
// atomically: an existing file is replaced only once the new one is
// complete.
//
// The tensors carry PyTorch's names: embedding.weight [V, E] (with an
// embedding), the recurrent stack's weight_ih_l0, weight_hh_l0, bias_ih_l0,
// bias_hh_l0 (…_reverse for the right-to-left direction) as in the
// state_dict of torch.nn.LSTM/GRU/RNN, and classifier.weight [K, D·H],
// classifier.bias [K]. The metadata holds the configuration, the vocabulary
// (a JSON list of code points, id order), the labels (a JSON list, class
// order) and the training counts.
func Save(path string, m *Model, info Info, dtype string) error {
	f, err := file(m, info)
	if err != nil {
		return err
	}
	return safetensors.WriteFile(path, f, dtype)
}

// Encode returns the bytes Save would write.
func Encode(m *Model, info Info, dtype string) ([]byte, error) {
	f, err := file(m, info)
	if err != nil {
		return nil, err
	}
	return safetensors.Encode(f, dtype)
}

func file(m *Model, info Info) (*safetensors.File, error) {
	if m == nil || m.Net == nil || m.Vocab == nil {
		return nil, errors.New("there is no model to save")
	}
	f := safetensors.NewFile()
	for _, p := range m.Net.Params() {
		f.Set(p.Name, p.Value, p.Shape...)
	}
	codes := make([]int, m.Vocab.Size())
	for i, r := range m.Vocab.Runes() {
		codes[i] = int(r)
	}
	vocabJSON, _ := json.Marshal(codes)
	labelsJSON, _ := json.Marshal(m.Labels)
	nc := m.Net.Config
	c := info.Config
	md := f.Metadata
	md["format"] = Format
	md["cell"] = nc.Stack.Cell.String()
	md["hidden_size"] = strconv.Itoa(nc.Stack.Hidden)
	md["num_layers"] = strconv.Itoa(nc.Stack.Layers)
	md["bidirectional"] = strconv.FormatBool(nc.Stack.Bidirectional)
	md["pool"] = nc.Pool.String()
	md["embed"] = strconv.Itoa(nc.Embed)
	md["input_size"] = strconv.Itoa(nc.Stack.Input)
	md["vocab_size"] = strconv.Itoa(m.Vocab.Size())
	md["vocab"] = string(vocabJSON)
	md["num_classes"] = strconv.Itoa(len(m.Labels))
	md["labels"] = string(labelsJSON)
	md["fold"] = strconv.FormatBool(m.Fold)
	md["steps"] = strconv.Itoa(info.Steps)
	md["texts_seen"] = strconv.FormatInt(info.Seen, 10)
	md["chars_trained"] = strconv.FormatInt(info.Chars, 10)
	md["batch"] = strconv.Itoa(c.Batch)
	md["optimizer"] = c.Optim
	md["lr"] = strconv.FormatFloat(c.LR, 'g', -1, 64)
	md["clip"] = strconv.FormatFloat(c.Clip, 'g', -1, 64)
	md["worddrop"] = strconv.FormatFloat(c.WordDrop, 'g', -1, 64)
	md["seed"] = strconv.FormatUint(c.Seed, 10)
	return f, nil
}

// IsCheckpoint reports whether f is a classifier checkpoint (by its
// metadata), so a tool can tell it from a language model's.
func IsCheckpoint(f *safetensors.File) bool { return f.Metadata["format"] == Format }

// Load reads a classifier checkpoint; see Decode.
func Load(path string) (*Model, *Info, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return FromFile(f)
}

// Decode parses checkpoint bytes, treating them as hostile: every size is
// checked against the tensors actually present before the model is built.
func Decode(data []byte) (*Model, *Info, error) {
	f, err := safetensors.Decode(data)
	if err != nil {
		return nil, nil, err
	}
	return FromFile(f)
}

// FromFile builds the model a decoded safetensors file holds.
func FromFile(f *safetensors.File) (*Model, *Info, error) {
	md := f.Metadata
	if md["format"] != Format {
		return nil, nil, fmt.Errorf("not an rnnlab classifier (metadata format=%q, want %q)", md["format"], Format)
	}
	// The model's keys are required; the training record's (steps, lr, …)
	// may be missing, as in a file written by another program, and are
	// then zero.
	var err error
	parse := func(key string, optional bool, what string, f func(string) error) {
		if optional && md[key] == "" {
			return
		}
		if e := f(md[key]); e != nil && err == nil {
			err = fmt.Errorf("metadata %s=%q is not %s", key, md[key], what)
		}
	}
	num := func(key string, optional bool) (v int) {
		parse(key, optional, "an integer", func(s string) (e error) { v, e = strconv.Atoi(s); return e })
		return v
	}
	num64 := func(key string) (v int64) {
		parse(key, true, "an integer", func(s string) (e error) { v, e = strconv.ParseInt(s, 10, 64); return e })
		return v
	}
	flt := func(key string) (v float64) {
		parse(key, true, "a number", func(s string) (e error) { v, e = strconv.ParseFloat(s, 64); return e })
		return v
	}
	boolean := func(key string) (v bool) {
		parse(key, false, "true or false", func(s string) (e error) { v, e = strconv.ParseBool(s); return e })
		return v
	}
	cell, e := core.ParseCell(md["cell"])
	if e != nil {
		return nil, nil, e
	}
	pool, e := core.ParsePool(md["pool"])
	if e != nil {
		return nil, nil, e
	}
	cfg := Config{Cell: cell, Pool: pool, Hidden: num("hidden_size", false), Layers: num("num_layers", false), Embed: num("embed", false),
		Bidirectional: boolean("bidirectional"), Fold: boolean("fold"),
		Batch: num("batch", true), Optim: md["optimizer"], LR: flt("lr"), Clip: flt("clip"), WordDrop: flt("worddrop")}
	parse("seed", true, "an integer", func(s string) (e error) { cfg.Seed, e = strconv.ParseUint(s, 10, 64); return e })
	info := &Info{Config: cfg, Steps: num("steps", true), Seen: num64("texts_seen"), Chars: num64("chars_trained")}
	if err != nil {
		return nil, nil, err
	}
	labels, err := decodeLabels(md["labels"])
	if err != nil {
		return nil, nil, err
	}
	vocab, err := decodeVocab(md["vocab"])
	if err != nil {
		return nil, nil, err
	}
	if cfg.Layers > MaxLayers {
		return nil, nil, fmt.Errorf("%d layers; the limit is %d", cfg.Layers, MaxLayers)
	}
	nc := cfg.net(len(labels), vocab.Size())
	nc.Stack.Input = vocab.Size()
	if cfg.Embed > 0 {
		nc.Stack.Input = cfg.Embed
	}
	if err := nc.Validate(); err != nil {
		return nil, nil, err
	}
	// Every tensor must be present with its shape before anything of the
	// model's size is allocated.
	shapes := paramShapes(nc)
	for name, shape := range shapes {
		if _, e := f.Get(name, shape...); e != nil {
			return nil, nil, fmt.Errorf("the tensors do not match the metadata's %s model: %w", cell, e)
		}
	}
	for _, name := range f.Names() {
		if _, ok := shapes[name]; !ok {
			return nil, nil, fmt.Errorf("unexpected tensor %q", name)
		}
	}
	net, e := core.NewClassifier(nc, rand.New(rand.NewPCG(0, 0)))
	if e != nil {
		return nil, nil, e
	}
	for _, p := range net.Params() {
		v, _ := f.Get(p.Name, p.Shape...)
		copy(p.Value, v)
	}
	if !core.AllFinite(net.Params()) {
		return nil, nil, errors.New("the weights are not all finite numbers (NaN or infinity)")
	}
	return &Model{Net: net, Vocab: vocab, Labels: labels, Fold: cfg.Fold}, info, nil
}

func decodeLabels(s string) ([]string, error) {
	if len(s) > MaxClasses*(4*MaxLabelRunes+8)+2 {
		return nil, errors.New("the label list is too long")
	}
	var labels []string
	if err := json.Unmarshal([]byte(s), &labels); err != nil {
		return nil, fmt.Errorf("the labels are not a JSON list of names: %v", err)
	}
	if len(labels) < 2 || len(labels) > MaxClasses {
		return nil, fmt.Errorf("%d labels; a classifier has 2 to %d", len(labels), MaxClasses)
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if l == "" || utf8.RuneCountInString(l) > MaxLabelRunes || seen[l] {
			return nil, fmt.Errorf("label %q is empty, too long or repeated", l)
		}
		seen[l] = true
	}
	return labels, nil
}

func decodeVocab(s string) (*core.Vocab, error) {
	if len(s) > 8*MaxVocab+2 {
		return nil, errors.New("the vocabulary list is too long")
	}
	var codes []int
	if err := json.Unmarshal([]byte(s), &codes); err != nil {
		return nil, fmt.Errorf("the vocabulary is not a JSON list of code points: %v", err)
	}
	if len(codes) > MaxVocab {
		return nil, fmt.Errorf("%d characters; the limit is %d", len(codes), MaxVocab)
	}
	rs := make([]rune, len(codes))
	for i, c := range codes {
		if c < 0 || c > utf8.MaxRune {
			return nil, fmt.Errorf("vocabulary entry %d is not a code point", c)
		}
		rs[i] = rune(c)
	}
	return core.VocabFromRunes(rs)
}

// paramShapes lists the tensor shapes of a classifier without building it.
func paramShapes(c core.ClassifierConfig) map[string][]int {
	st := c.Stack
	G, H, D := st.Cell.Gates(), st.Hidden, st.Dirs()
	shapes := map[string][]int{"classifier.weight": {c.Classes, D * H}, "classifier.bias": {c.Classes}}
	if c.Embed > 0 {
		shapes["embedding.weight"] = []int{c.Vocab, c.Embed}
	}
	for l := 0; l < st.Layers; l++ {
		in := st.Input
		if l > 0 {
			in = D * H
		}
		for d := 0; d < D; d++ {
			sfx := "_l" + strconv.Itoa(l)
			if d == 1 {
				sfx += "_reverse"
			}
			shapes["weight_ih"+sfx] = []int{G * H, in}
			shapes["weight_hh"+sfx] = []int{G * H, H}
			shapes["bias_ih"+sfx] = []int{G * H}
			shapes["bias_hh"+sfx] = []int{G * H}
		}
	}
	return shapes
}
