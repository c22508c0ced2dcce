package words

import "strings"

// Msg is a sentence named by its catalogue key, with the values that fill
// its placeholders. The zero Msg says nothing.
type Msg struct {
	Key  string
	Args []any // int, int64, float64 (see Fixed), string, Number, Msg or []Msg
}

// M names a message.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// Raw is a text shown as it is, in every language: a name, a file name or
// something the learner wrote.
func Raw(s string) Msg { return Msg{Key: rawKey, Args: []any{s}} }

// rawKey marks a Raw message; it is not a catalogue key.
const rawKey = "="

// IsZero reports whether m says nothing.
func (m Msg) IsZero() bool { return m.Key == "" }

// String formats m in English, for logs, errors and tests.
func (m Msg) String() string { return Format(English, m) }

// Error is an error that carries a message, so that the learner reads it in
// their language while Go code still sees an error.
type Error struct{ Msg Msg }

// E makes an error from a key and its values.
func E(key string, args ...any) error { return Error{M(key, args...)} }

// Error returns the message in English.
func (e Error) Error() string { return e.Msg.String() }

// Join is a list of messages shown as one line, separated by "; ".
func Join(ms []Msg) Msg { return joined(ms, "; ") }

// List is a list of short messages separated by commas: "Arabic, Chinese
// characters, punctuation".
func List(ms []Msg) Msg { return joined(ms, ", ") }

// Dots is a line of figures separated by middle dots: "training · step 5 ·
// loss 2.1".
func Dots(ms ...Msg) Msg { return joined(ms, " · ") }

func joined(ms []Msg, sep string) Msg {
	var keep []Msg
	for _, m := range ms {
		if !m.IsZero() {
			keep = append(keep, m)
		}
	}
	switch len(keep) {
	case 0:
		return Msg{}
	case 1:
		return keep[0]
	}
	return Msg{Key: listKey, Args: []any{keep, sep}}
}

// listKey marks a Join or List of messages.
const listKey = ";"

// Number is a decimal number with a fixed count of digits after the point.
type Number struct {
	V      float64
	Digits int
	Sign   bool // a plus sign before positive numbers
}

// Fixed writes v with digits after the decimal point (in the language's
// style: 0.5 in English, 0,5 in Ukrainian).
func Fixed(v float64, digits int) Number { return Number{V: v, Digits: digits} }

// Signed is Fixed with a plus sign before positive numbers: +0.25, −0.25.
func Signed(v float64, digits int) Number { return Number{V: v, Digits: digits, Sign: true} }

// joinLines joins formatted parts with sep, skipping empty ones.
func joinLines(parts []string, sep string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}
