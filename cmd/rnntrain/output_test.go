package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressBarOnATerminal(t *testing.T) {
	var b bytes.Buffer
	o := &trainOutput{w: &b, bar: true}
	drawn := time.Now()
	o.progress(50, 200, 1.2345, 23456, 90*time.Second)
	got := b.String()
	for _, want := range []string{"\r", "██████·", "step 50/200", "loss 1.2345", "23.5k chars/s", "ETA 1m30s"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress bar %q lacks %q", got, want)
		}
	}
	b.Reset()
	o.progress(51, 200, 1.2, 23456, time.Minute)
	// The bar may redraw once 100 ms have passed, which a busy machine can
	// take between two lines; only a redraw sooner than that is wrong.
	if since := time.Since(drawn); b.Len() != 0 && since < 100*time.Millisecond {
		t.Errorf("redrawn after %v, within 100 ms: %q", since, b.String())
	}
	b.Reset()
	v := 1.5
	o.report(trainReport{Step: 100, Steps: 200, TrainLoss: &v, ValLoss: &v, Sample: "ab\ncd"})
	if got := b.String(); !strings.HasPrefix(got, "\r\x1b[K") || !strings.Contains(got, "step 100/200  train 1.5000  val 1.5000") || !strings.Contains(got, "  | cd\n") {
		t.Errorf("report over the bar: %q", got)
	}
}

func TestPlainOutputHasNoBar(t *testing.T) {
	var b bytes.Buffer
	o := newTrainOutput(&b, false)
	o.progress(1, 2, 1, 1, time.Second)
	if b.Len() != 0 {
		t.Errorf("a buffer got a progress bar: %q", b.String())
	}
}

func TestFormatETA(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{-1, "?"}, {4 * time.Second, "4s"}, {61 * time.Second, "1m01s"}, {3*time.Hour + 5*time.Minute, "3h05m00s"}} {
		if got := formatETA(c.d); got != c.want {
			t.Errorf("formatETA(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}
