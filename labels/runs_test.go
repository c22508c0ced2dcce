package labels

import (
	"slices"
	"testing"
)

func TestRunsAdd(t *testing.T) {
	tests := []struct {
		add  []Run
		want Runs
	}{
		{nil, nil},
		{[]Run{{3, 5}}, Runs{{3, 5}}},
		{[]Run{{3, 5}, {5, 7}}, Runs{{3, 7}}},         // touching runs merge
		{[]Run{{3, 5}, {4, 9}, {4, 6}}, Runs{{3, 9}}}, // overlapping ones too
		{[]Run{{3, 5}, {6, 7}}, Runs{{3, 5}, {6, 7}}}, // a gap keeps them apart
		{[]Run{{3, 3}, {4, 2}, {8, 9}}, Runs{{8, 9}}}, // empty ones are ignored
		{[]Run{{0, 1}, {1, 2}, {2, 3}}, Runs{{0, 3}}}, // one position at a time
	}
	for i, test := range tests {
		var rs Runs
		for _, r := range test.add {
			rs.Add(r.Start, r.End)
		}
		if !slices.Equal(rs, test.want) {
			t.Errorf("test %d: got %v want %v", i, rs, test.want)
		}
		if err := rs.Check(100); err != nil {
			t.Errorf("test %d: %v", i, err)
		}
	}
}

func TestRunsAddOutOfOrderPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("adding a run before the last one did not panic")
		}
	}()
	rs := Runs{{5, 6}}
	rs.Add(2, 3)
}

func TestNormalize(t *testing.T) {
	in := []Run{{10, 12}, {0, 2}, {1, 4}, {12, 13}, {20, 20}}
	if got, want := Normalize(in), (Runs{{0, 4}, {10, 13}}); !slices.Equal(got, want) {
		t.Errorf("got %v want %v", got, want)
	}
	if in[0] != (Run{10, 12}) {
		t.Errorf("Normalize changed its input: %v", in)
	}
}

func TestRunsQueries(t *testing.T) {
	rs := Runs{{2, 4}, {7, 8}, {10, 13}}
	var has []int
	for i := range 15 {
		if rs.Has(i) {
			has = append(has, i)
		}
	}
	if want := []int{2, 3, 7, 10, 11, 12}; !slices.Equal(has, want) {
		t.Errorf("Has holds at %v, want %v", has, want)
	}
	if got := rs.Positions(0, 15); !slices.Equal(got, has) {
		t.Errorf("Positions %v, want %v", got, has)
	}
	if rs.Len() != 6 {
		t.Errorf("Len %d, want 6", rs.Len())
	}
	clips := []struct {
		from, to int
		want     Runs
	}{
		{0, 15, rs},
		{3, 11, Runs{{3, 4}, {7, 8}, {10, 11}}},
		{4, 7, nil},
		{8, 8, nil},
		{12, 100, Runs{{12, 13}}},
	}
	for i, c := range clips {
		if got := rs.Clip(c.from, c.to); !slices.Equal(got, c.want) {
			t.Errorf("clip %d [%d,%d): got %v want %v", i, c.from, c.to, got, c.want)
		}
	}
}

func TestRunsCheck(t *testing.T) {
	bad := []Runs{
		{{-1, 2}},
		{{3, 3}},
		{{5, 4}},
		{{0, 2}, {2, 4}}, // touching
		{{0, 5}, {3, 4}}, // overlapping
		{{4, 6}, {0, 2}}, // out of order
		{{0, 11}},        // past the text
	}
	for i, rs := range bad {
		if rs.Check(10) == nil {
			t.Errorf("test %d: %v passed the check", i, rs)
		}
	}
	if err := (Runs{{0, 2}, {3, 10}}).Check(10); err != nil {
		t.Error(err)
	}
}

func TestLabelValues(t *testing.T) {
	tests := []struct {
		l        Label
		from, to int
		want     []float64
	}{
		{Label{Set: Runs{{1, 3}, {5, 6}}}, 0, 7, []float64{0, 1, 1, 0, 0, 1, 0}},
		{Label{Set: Runs{{1, 4}, {5, 7}}, Counter: true}, 0, 8, []float64{0, 1, 2, 3, 0, 1, 2, 0}},
		{Label{Set: Runs{{1, 4}, {5, 7}}, Counter: true}, 2, 6, []float64{2, 3, 0, 1}}, // counts from the run's start, not the window's
		{Label{}, 3, 5, []float64{0, 0}},
		{Label{Set: Runs{{0, 9}}}, 5, 3, []float64{}},
	}
	for i, test := range tests {
		got := test.l.Values([]float64{9, 9, 9, 9, 9, 9, 9, 9, 9}, test.from, test.to)
		if !slices.Equal(got, test.want) {
			t.Errorf("test %d: Values %v want %v", i, got, test.want)
		}
		for j, w := range test.want {
			if v := test.l.Value(test.from + j); v != w {
				t.Errorf("test %d: Value(%d) = %v want %v", i, test.from+j, v, w)
			}
		}
	}
}
