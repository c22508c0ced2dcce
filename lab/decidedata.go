package lab

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"rnnlab/classify"
	"rnnlab/words"
)

// DecideData is a labelled set a classifier learns from and a held-out one
// it is measured on, with the same labels in the same order.
type DecideData struct {
	Name  string    // DataEnglish, DataUkrainian or CustomData
	Title words.Msg // what the learner sees: "topics (English)", "my.tsv"
	Train *classify.Dataset
	Held  *classify.Dataset
}

// heldFraction is the part of each label of a learner's file held out.
const heldFraction = 0.1

// TopicData reads a built-in set from its training and held-out TSV files.
func TopicData(name string, title words.Msg, train, held []byte) (DecideData, error) {
	tr, err := classify.ParseTSV(train)
	if err != nil {
		return DecideData{}, fmt.Errorf("%s training set: %w", name, err)
	}
	hd, err := classify.ParseTSV(held)
	if err != nil {
		return DecideData{}, fmt.Errorf("%s held-out set: %w", name, err)
	}
	if hd, err = hd.Relabel(tr.Labels); err != nil {
		return DecideData{}, fmt.Errorf("%s held-out set: %w", name, err)
	}
	return DecideData{Name: name, Title: title, Train: tr, Held: hd}, nil
}

// OwnData reads a learner's labelled file (label<TAB>text lines, see
// classify.ParseTSV) and holds out a tenth of each label's texts, chosen
// the same way every time. The error explains what is wrong with the file.
func OwnData(file string, data []byte) (DecideData, error) {
	d, err := classify.ParseTSV(data)
	if err != nil {
		return DecideData{}, err
	}
	train, held := d.Split(heldFraction, rand.New(rand.NewPCG(1, 0x68656c64))) // "held"
	if len(held.Examples) == 0 {
		return DecideData{}, fmt.Errorf("the file has only %d labelled lines: with so few none can be held out to measure the classifier (want at least 5 lines of some label)", len(d.Examples))
	}
	if len(train.Examples) < len(train.Labels) {
		return DecideData{}, errors.New("the file has too few lines to train on")
	}
	return DecideData{Name: CustomData, Title: words.Raw(file), Train: train, Held: held}, nil
}
