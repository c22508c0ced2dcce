package classify

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// ExampleTrainer trains in time slices, as the app does between frames,
// then decides a text and watches the decision form.
func ExampleTrainer() {
	data := toyData(600, 1) // or ParseTSV(file) for a learner's own data
	train, held := data.Split(0.2, rand.New(rand.NewPCG(1, 1)))
	cfg := DefaultConfig()
	cfg.Hidden, cfg.Embed, cfg.LR = 12, 6, 0.02
	tr, err := NewTrainer(train, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for tr.Steps < 300 {
		slice := time.Now().Add(20 * time.Millisecond) // one frame's budget
		for time.Now().Before(slice) && tr.Steps < 300 {
			if _, _, err := tr.Step(); err != nil {
				fmt.Println(err)
				return
			}
		}
	}
	ev, _ := tr.Model.Evaluate(held)
	fmt.Println("held-out accuracy above 90%:", ev.Accuracy > 0.9)
	r, _ := tr.Model.Read("a red bus ran home")
	fmt.Println(r.Label, len(r.Prefix), "positions")
	// Output:
	// held-out accuracy above 90%: true
	// vehicle 18 positions
}
