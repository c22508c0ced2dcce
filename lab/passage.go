package lab

import (
	"strings"
	"unicode"
)

// The passage is the stretch of text the views show: a window of the
// held-out text when it is long enough, so the learner watches the model
// read something it was not trained on.

// Passage lengths, in characters: the most the views fit across the
// screen (up to 250 in thin columns). A passage starts at a sentence and
// ends at the end of a sentence or word, so it may be a little shorter.
const (
	DefaultWindow = 64
	MinWindow     = 8
	MaxWindow     = 250
)

// windowSource is the text the passage is cut from.
func (s *Session) windowSource() []int32 {
	if len(s.lm.tr.Val) > s.windowLen+1 {
		return s.lm.tr.Val
	}
	return s.lm.tr.Train
}

// passageStart finds a start for a passage near at: the first sentence
// start at or after it (dir > 0) or the last at or before it (dir < 0),
// within a few hundred characters, so a passage begins with a fresh
// sentence when it can. Starts wrap around the text going forward and stop
// at 0 going back.
func (s *Session) passageStart(at, dir int) int {
	src := s.windowSource()
	n := len(src) - s.windowLen - 1
	if n <= 0 || dir < 0 && at <= 0 {
		return 0
	}
	if dir >= 0 {
		at = ((at % n) + n) % n
	} else {
		at = min(at, n-1)
	}
	runes := s.lm.vocab().Runes()
	const reach = 400
	if dir >= 0 {
		for i := at; i < n && i < at+reach; i++ {
			if sentenceStarts(runes, src, i) {
				return i
			}
		}
		return at
	}
	for i := at; i >= 0 && i >= at-reach; i-- {
		if sentenceStarts(runes, src, i) {
			return i
		}
	}
	return at
}

// sentenceStarts reports whether a sentence starts at i: the first
// character after a line break, or a capital after a sentence's end and a
// space. (The held-out text's first character is usually mid-sentence.)
func sentenceStarts(runes []rune, src []int32, i int) bool {
	if i <= 0 {
		return false
	}
	at := func(k int) rune { return runes[src[k]] }
	if at(i-1) == '\n' {
		return at(i) != '\n'
	}
	if i < 2 || at(i-1) != ' ' || !unicode.IsUpper(at(i)) {
		return false
	}
	k := i - 2
	for k > 0 && strings.ContainsRune("\"”»)'", at(k)) {
		k-- // the sentence ended inside quotes or brackets
	}
	return strings.ContainsRune(".!?…", at(k))
}

// passageEnd is how many characters of the passage starting at start to
// show, at most the passage length: up to the end of its last whole
// sentence when that keeps most of it, else up to the end of its last
// whole word.
func (s *Session) passageEnd(start int) int {
	src := s.windowSource()
	n := min(s.windowLen, len(src)-1-start)
	if n <= MinWindow {
		return max(n, 0)
	}
	runes := s.lm.vocab().Runes()
	for t := n; t >= n*7/10; t-- {
		if start+t+1 < len(src) && sentenceStarts(runes, src, start+t+1) {
			return t + 1 // the sentence and the space after it
		}
	}
	for t := n; t >= n*8/10; t-- {
		if r := runes[src[start+t]]; r == ' ' || r == '\n' {
			return t
		}
	}
	return n
}

// SetWindowLen sets how many characters the passage shows.
func (s *Session) SetWindowLen(n int) {
	n = min(max(n, MinWindow), MaxWindow)
	if n == s.windowLen {
		return
	}
	s.windowLen = n
	s.windowStart = s.passageStart(s.windowStart, 1)
	s.sched.traceDirty = true
}

// MoveWindow shows the next (dir > 0) or previous (dir < 0) passage.
func (s *Session) MoveWindow(dir int) {
	if dir >= 0 {
		s.windowStart = s.passageStart(s.windowStart+s.windowLen, 1)
	} else {
		s.windowStart = s.passageStart(s.windowStart-s.windowLen, -1)
	}
	s.sched.traceDirty = true
}

// passage is the passage's characters and the one after the last.
func (s *Session) passage() []int32 {
	src := s.windowSource()
	end := min(s.windowStart+s.passageEnd(s.windowStart)+1, len(src))
	return src[s.windowStart:end]
}
