package lab

import "rnnlab/words"

// notices is the one notice a Session or a Decider gives the learner at a
// time, counted so that the same words given twice are told apart.
type notices struct {
	notice   words.Msg
	noticeID uint64 // counts the notices given
}

// setNotice gives the learner a notice (a zero one says nothing).
func (n *notices) setNotice(m words.Msg) {
	n.notice = m
	n.noticeID++
}

// clearNotice removes the notice and reports whether there was one.
func (n *notices) clearNotice() bool {
	if n.notice.IsZero() {
		return false
	}
	n.setNotice(words.Msg{})
	return true
}
