package lab

// The passage is the stretch of text the views show: a window of the
// held-out text when it is long enough, so the learner watches the model
// read something it was not trained on.

// Passage lengths, in characters.
const (
	DefaultWindow = 64
	MinWindow     = 8
	MaxWindow     = 120
)

// windowSource is the text the passage is cut from.
func (s *Session) windowSource() []int32 {
	if len(s.lm.tr.Val) > s.windowLen+1 {
		return s.lm.tr.Val
	}
	return s.lm.tr.Train
}

// passageStart finds a start for a passage near at: the first line start
// at or after it (dir > 0) or the last at or before it (dir < 0), within a
// few hundred characters, so a passage begins with a fresh sentence when it
// can. Starts wrap around the text going forward and stop at 0 going back.
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
	nl, ok := s.lm.vocab().Index('\n')
	if !ok {
		return at
	}
	const reach = 400
	if dir >= 0 {
		for i := at; i < n && i < at+reach; i++ {
			if src[i] == nl {
				return i + 1
			}
		}
		return at
	}
	for i := at - 1; i >= 0 && i >= at-reach; i-- {
		if src[i] == nl {
			return i + 1
		}
	}
	return at
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
	end := min(s.windowStart+s.windowLen+1, len(src))
	return src[s.windowStart:end]
}
