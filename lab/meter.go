package lab

import "time"

// rateMeter measures characters per second and the training share of wall
// time over roughly the last second.
type rateMeter struct {
	at    [64]time.Time
	chars [64]int64
	busy  [64]time.Duration
	n     int // samples written
}

func (m *rateMeter) add(t time.Time, chars int64, busy time.Duration) {
	i := m.n % len(m.at)
	m.at[i], m.chars[i], m.busy[i] = t, chars, busy
	m.n++
}

// rates compares the newest sample with the oldest one at least a second
// older (or the oldest kept).
func (m *rateMeter) rates() (charsPerSec, share float64) {
	if m.n < 2 {
		return 0, 0
	}
	last := (m.n - 1) % len(m.at)
	oldest := max(0, m.n-len(m.at))
	j := oldest
	for k := m.n - 2; k >= oldest; k-- {
		j = k
		if m.at[last].Sub(m.at[k%len(m.at)]) >= time.Second {
			break
		}
	}
	j %= len(m.at)
	dt := m.at[last].Sub(m.at[j]).Seconds()
	if dt <= 0 {
		return 0, 0
	}
	return float64(m.chars[last]-m.chars[j]) / dt, (m.busy[last] - m.busy[j]).Seconds() / dt
}
