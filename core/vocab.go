package core

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Vocab maps Unicode code points (runes) to dense ids 0..Size()-1, in sorted
// rune order, so the same text always gives the same ids.
type Vocab struct {
	runes []rune
	index map[rune]int32
}

// ErrEmptyText is returned when a text has no characters.
var ErrEmptyText = errors.New("the text is empty")

// NewVocab builds the vocabulary of text. It fails on empty text and on
// invalid UTF-8 (see CleanText to repair such input first).
func NewVocab(text string) (*Vocab, error) {
	if text == "" {
		return nil, ErrEmptyText
	}
	if bad := InvalidUTF8Bytes(text); bad > 0 {
		return nil, fmt.Errorf("the text is not valid UTF-8 (%d bad bytes)", bad)
	}
	seen := map[rune]bool{}
	for _, r := range text {
		seen[r] = true
	}
	rs := make([]rune, 0, len(seen))
	for r := range seen {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	return VocabFromRunes(rs)
}

// VocabFromRunes builds a vocabulary whose id i is rs[i]. Duplicates are an error.
func VocabFromRunes(rs []rune) (*Vocab, error) {
	if len(rs) == 0 {
		return nil, errors.New("the vocabulary is empty")
	}
	v := &Vocab{runes: slices.Clone(rs), index: make(map[rune]int32, len(rs))}
	for i, r := range rs {
		if _, dup := v.index[r]; dup {
			return nil, fmt.Errorf("the vocabulary lists %q twice", r)
		}
		v.index[r] = int32(i)
	}
	return v, nil
}

// Size is the number of distinct characters.
func (v *Vocab) Size() int { return len(v.runes) }

// Runes lists the characters in id order. The caller must not modify it.
func (v *Vocab) Runes() []rune { return v.runes }

// Index returns the id of r.
func (v *Vocab) Index(r rune) (int32, bool) {
	i, ok := v.index[r]
	return i, ok
}

// Encode turns text into ids. A character outside the vocabulary is an error
// that names it.
func (v *Vocab) Encode(text string) ([]int32, error) {
	ids := make([]int32, 0, len(text))
	for pos, r := range text {
		i, ok := v.index[r]
		if !ok {
			return nil, fmt.Errorf("character %q at byte %d is not in the model's vocabulary", r, pos)
		}
		ids = append(ids, i)
	}
	return ids, nil
}

// EncodeKnown turns text into ids, dropping characters outside the vocabulary,
// and reports how many were dropped.
func (v *Vocab) EncodeKnown(text string) (ids []int32, dropped int) {
	ids = make([]int32, 0, len(text))
	for _, r := range text {
		if i, ok := v.index[r]; ok {
			ids = append(ids, i)
		} else {
			dropped++
		}
	}
	return ids, dropped
}

// Decode turns ids back into text. Out-of-range ids become U+FFFD.
func (v *Vocab) Decode(ids []int32) string {
	var b strings.Builder
	for _, i := range ids {
		if i < 0 || int(i) >= len(v.runes) {
			b.WriteRune(utf8.RuneError)
			continue
		}
		b.WriteRune(v.runes[i])
	}
	return b.String()
}

// InvalidUTF8Bytes counts the bytes of s that are not part of valid UTF-8.
func InvalidUTF8Bytes(s string) int {
	bad := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
			i++
			continue
		}
		i += size
	}
	return bad
}

// CleanText replaces invalid UTF-8 bytes with U+FFFD and NUL and other
// control characters (except tab, newline and carriage return) with nothing,
// reporting how many bytes were invalid and how many control characters went.
func CleanText(s string) (clean string, badBytes, controls int) {
	badBytes = InvalidUTF8Bytes(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(utf8.RuneError)
			continue
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			controls++
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), badBytes, controls
}
