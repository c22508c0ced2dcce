package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"rnnlab/core/safetensors"
)

// Checkpoint is a model plus what is needed to resume its training exactly.
//
// On disk it is a safetensors file. The model's tensors carry PyTorch's
// names (weight_ih_l0, …, plus decoder.weight, decoder.bias and, with an
// embedding, encoder.weight); the optimizer's buffers are named
// "optim.<buffer>.<param>" and the carried state "state.h", "state.c". The
// metadata holds the configuration, the vocabulary (a JSON list of code
// points), the step count and the optimizer's settings ("optim.lr", …).
type Checkpoint struct {
	Model   *LM
	Config  TrainConfig
	Steps   int
	Chars   int64
	Opt     Optimizer // nil when saved without optimizer state
	State   *State    // carried training state, may be nil
	LanePos int
	// Text names the text the model was trained on ("" when unknown), so a
	// program that knows texts by name can continue on the same one.
	Text string
}

// checkpointFormat names the metadata layout.
const checkpointFormat = "rnnlab-lm-1"

// Checkpoint captures the trainer's current state (sharing its tensors).
func (t *Trainer) Checkpoint() *Checkpoint {
	return &Checkpoint{Model: t.Model, Config: t.Config, Steps: t.Steps, Chars: t.CharsTrained,
		Opt: t.Opt, State: t.state, LanePos: t.lanePos}
}

// EncodeCheckpoint returns the safetensors bytes of ck (float64 tensors).
func EncodeCheckpoint(ck *Checkpoint) ([]byte, error) {
	f, err := ck.file()
	if err != nil {
		return nil, err
	}
	return safetensors.Encode(f, "F64")
}

// SaveCheckpoint writes ck to path atomically: an existing file is replaced
// only once the new one is completely written.
func SaveCheckpoint(path string, ck *Checkpoint) error {
	f, err := ck.file()
	if err != nil {
		return err
	}
	return safetensors.WriteFile(path, f, "F64")
}

func (ck *Checkpoint) file() (*safetensors.File, error) {
	m := ck.Model
	if m == nil {
		return nil, errors.New("checkpoint has no model")
	}
	f := &safetensors.File{Metadata: map[string]string{}, Tensors: map[string]*safetensors.Tensor{}}
	add := func(name string, shape []int, data []float64) {
		f.Tensors[name] = &safetensors.Tensor{Name: name, DType: "F64", Shape: shape, Data: data}
	}
	for _, p := range m.Params() {
		add(p.Name, p.Shape, p.Value)
	}
	codes := make([]int, m.Vocab.Size())
	for i, r := range m.Vocab.Runes() {
		codes[i] = int(r)
	}
	vocabJSON, _ := json.Marshal(codes)
	c := ck.Config
	md := f.Metadata
	md["format"] = checkpointFormat
	md["cell"] = m.Config.Cell.String()
	md["hidden_size"] = strconv.Itoa(m.Config.Hidden)
	md["num_layers"] = strconv.Itoa(m.Config.Layers)
	md["embed"] = strconv.Itoa(m.Config.Embed)
	md["input_size"] = strconv.Itoa(m.Stack.Config.Input)
	md["vocab_size"] = strconv.Itoa(m.Vocab.Size())
	md["vocab"] = string(vocabJSON)
	md["steps"] = strconv.Itoa(ck.Steps)
	md["chars_trained"] = strconv.FormatInt(ck.Chars, 10)
	md["lane_pos"] = strconv.Itoa(ck.LanePos)
	md["batch"] = strconv.Itoa(c.Batch)
	md["seq"] = strconv.Itoa(c.Seq)
	md["lr"] = formatFloat(c.LR)
	md["clip"] = formatFloat(c.Clip)
	md["decay_every"] = strconv.Itoa(c.Decay.Every)
	md["decay_gamma"] = formatFloat(c.Decay.Gamma)
	md["val_fraction"] = formatFloat(c.ValFraction)
	md["seed"] = strconv.FormatUint(c.Seed, 10)
	md["optimizer"] = c.Optim
	if ck.Text != "" {
		md["text"] = ck.Text
	}
	if ck.Opt != nil {
		settings, bufs := ck.Opt.State()
		for k, v := range settings {
			md["optim."+k] = v
		}
		for name, v := range bufs {
			p := paramNamed(m.Params(), name[strings.IndexByte(name, '.')+1:])
			if p == nil {
				return nil, fmt.Errorf("optimizer buffer %s has no parameter", name)
			}
			add("optim."+name, p.Shape, v)
		}
	}
	if ck.State != nil {
		shape := []int{m.Config.Layers, ck.State.B, m.Config.Hidden}
		add("state.h", shape, ck.State.H)
		if m.Config.Cell == LSTM {
			add("state.c", shape, ck.State.C)
		}
	}
	return f, nil
}

func paramNamed(ps []*Param, name string) *Param {
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// LoadCheckpoint reads a checkpoint file; see DecodeCheckpoint.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ck, err := checkpointFrom(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ck, nil
}

// DecodeCheckpoint parses checkpoint bytes, treating them as hostile: every
// size is checked against the tensors actually present before anything is
// allocated, so a lying header cannot ask for more memory than the file has.
func DecodeCheckpoint(data []byte) (*Checkpoint, error) {
	f, err := safetensors.Decode(data)
	if err != nil {
		return nil, err
	}
	return checkpointFrom(f)
}

func checkpointFrom(f *safetensors.File) (*Checkpoint, error) {
	md := f.Metadata
	if md["format"] != checkpointFormat {
		return nil, fmt.Errorf("not an rnnlab checkpoint (metadata format=%q, want %q)", md["format"], checkpointFormat)
	}
	var err error
	num := func(key string) int {
		v, e := strconv.Atoi(md[key])
		if e != nil && err == nil {
			err = fmt.Errorf("checkpoint metadata %s=%q is not an integer", key, md[key])
		}
		return v
	}
	flt := func(key string) float64 {
		v, e := strconv.ParseFloat(md[key], 64)
		if e != nil && err == nil {
			err = fmt.Errorf("checkpoint metadata %s=%q is not a number", key, md[key])
		}
		return v
	}
	cell, cerr := ParseCell(md["cell"])
	if cerr != nil {
		return nil, fmt.Errorf("checkpoint: %w", cerr)
	}
	cfg := TrainConfig{
		Model:       LMConfig{Cell: cell, Hidden: num("hidden_size"), Layers: num("num_layers"), Embed: num("embed")},
		Batch:       num("batch"),
		Seq:         num("seq"),
		Optim:       md["optimizer"],
		LR:          flt("lr"),
		Clip:        flt("clip"),
		Decay:       StepDecay{Every: num("decay_every"), Gamma: flt("decay_gamma")},
		ValFraction: flt("val_fraction"),
	}
	seed, serr := strconv.ParseUint(md["seed"], 10, 64)
	if serr != nil && err == nil {
		err = fmt.Errorf("checkpoint metadata seed=%q is not an integer", md["seed"])
	}
	cfg.Seed = seed
	steps, lanePos := num("steps"), num("lane_pos")
	chars, cherr := strconv.ParseInt(md["chars_trained"], 10, 64)
	if cherr != nil && err == nil {
		err = fmt.Errorf("checkpoint metadata chars_trained=%q is not an integer", md["chars_trained"])
	}
	if err != nil {
		return nil, err
	}
	if err := cfg.Model.Validate(); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	if steps < 0 || lanePos < 0 || chars < 0 || lanePos > MaxTextBytes {
		return nil, errors.New("checkpoint: step, character count or lane position out of range")
	}
	if len(md["vocab"]) > 8*MaxVocab+2 {
		return nil, fmt.Errorf("checkpoint: the vocabulary list is %d bytes, too long for %d characters", len(md["vocab"]), MaxVocab)
	}
	var codes []int
	if e := json.Unmarshal([]byte(md["vocab"]), &codes); e != nil {
		return nil, fmt.Errorf("checkpoint: the vocabulary is not a JSON list of code points: %v", e)
	}
	runes := make([]rune, len(codes))
	for i, c := range codes {
		if c < 0 || c > 0x10FFFF {
			return nil, fmt.Errorf("checkpoint: vocabulary entry %d is not a code point", c)
		}
		runes[i] = rune(c)
	}
	vocab, verr := VocabFromRunes(runes)
	if verr != nil {
		return nil, fmt.Errorf("checkpoint: %w", verr)
	}
	if vocab.Size() > MaxVocab {
		return nil, fmt.Errorf("checkpoint: %d characters exceed the limit of %d", vocab.Size(), MaxVocab)
	}
	// Check every expected tensor is present with the right shape before
	// allocating the model, so the allocation is bounded by the file.
	shapes := lmShapes(cfg.Model, vocab.Size())
	for name, shape := range shapes {
		if _, e := f.Get(name, shape...); e != nil {
			return nil, fmt.Errorf("checkpoint does not match its %s model: %w", cell, e)
		}
	}
	for _, name := range f.Names() {
		if _, ok := shapes[name]; !ok && !strings.HasPrefix(name, "optim.") && !strings.HasPrefix(name, "state.") {
			return nil, fmt.Errorf("checkpoint has an unexpected tensor %q", name)
		}
	}
	m, merr := NewLM(cfg.Model, vocab, zeroRand())
	if merr != nil {
		return nil, fmt.Errorf("checkpoint: %w", merr)
	}
	for _, p := range m.Params() {
		v, _ := f.Get(p.Name, p.Shape...)
		copy(p.Value, v)
	}
	if !AllFinite(m.Params()) {
		return nil, errors.New("checkpoint holds weights that are not finite numbers (NaN or infinity)")
	}
	ck := &Checkpoint{Model: m, Config: cfg, Steps: steps, Chars: chars, LanePos: lanePos, Text: md["text"]}
	if cfg.Optim != "" {
		settings := map[string]string{}
		for k, v := range md {
			if rest, ok := strings.CutPrefix(k, "optim."); ok {
				settings[rest] = v
			}
		}
		opt, oerr := NewOptimizer(cfg.Optim, cfg.LR)
		if oerr != nil {
			return nil, fmt.Errorf("checkpoint: %w", oerr)
		}
		bufs := map[string][]float64{}
		for _, name := range f.Names() {
			if rest, ok := strings.CutPrefix(name, "optim."); ok {
				bufs[rest] = f.Tensors[name].Data
			}
		}
		if oerr := opt.SetState(settings, bufs, m.Params()); oerr != nil {
			return nil, fmt.Errorf("checkpoint: %w", oerr)
		}
		ck.Opt = opt
	}
	if th, ok := f.Tensors["state.h"]; ok && len(th.Shape) == 3 && th.Shape[1] >= 1 && th.Shape[1] <= MaxBatch {
		B := th.Shape[1]
		// Check the shape against the data present before allocating.
		if h, e := f.Get("state.h", cfg.Model.Layers, B, cfg.Model.Hidden); e == nil {
			st := m.NewState(B)
			copy(st.H, h)
			if cell == LSTM {
				c, e := f.Get("state.c", cfg.Model.Layers, B, cfg.Model.Hidden)
				if e != nil {
					return nil, fmt.Errorf("checkpoint: %w", e)
				}
				copy(st.C, c)
			}
			ck.State = st
		}
	}
	return ck, nil
}

// lmShapes lists the parameter shapes of a language model without building it.
func lmShapes(c LMConfig, V int) map[string][]int {
	G, H := c.Cell.Gates(), c.Hidden
	shapes := map[string][]int{"decoder.weight": {V, H}, "decoder.bias": {V}}
	in := V
	if c.Embed > 0 {
		in = c.Embed
		shapes["encoder.weight"] = []int{V, c.Embed}
	}
	for l := 0; l < c.Layers; l++ {
		if l > 0 {
			in = H
		}
		sfx := "_l" + strconv.Itoa(l)
		shapes["weight_ih"+sfx] = []int{G * H, in}
		shapes["weight_hh"+sfx] = []int{G * H, H}
		shapes["bias_ih"+sfx] = []int{G * H}
		shapes["bias_hh"+sfx] = []int{G * H}
	}
	return shapes
}

// ResumeTrainer continues training ck on text, which must use only
// characters of ck's vocabulary. With the same text the run continues
// exactly where it stopped.
func ResumeTrainer(ck *Checkpoint, text string) (*Trainer, error) {
	if err := ValidateText(text); err != nil {
		return nil, err
	}
	cfg := ck.Config
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("checkpoint settings: %w", err)
	}
	t, err := newTrainerFor(ck.Model, text, cfg)
	if err != nil {
		return nil, err
	}
	if ck.Opt != nil {
		t.Opt = ck.Opt
	}
	t.Steps, t.CharsTrained = ck.Steps, ck.Chars
	if ck.State != nil && ck.State.B == cfg.Batch && ck.LanePos <= t.laneLen-cfg.Seq {
		t.state.CopyFrom(ck.State)
		t.lanePos = ck.LanePos
	}
	t.good = t.takeSnapshot(t.good)
	return t, nil
}

// zeroRand feeds constructors whose values are overwritten right after.
func zeroRand() *rand.Rand { return rand.New(rand.NewPCG(0, 0)) }

// countParams sums the element counts of shapes.
func countParams(shapes map[string][]int) int {
	total := 0
	for _, shape := range shapes {
		n := 1
		for _, d := range shape {
			n *= d
		}
		total += n
	}
	return total
}
