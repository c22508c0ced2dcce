package render

import (
	"time"

	"rnnlab/render/ui"
	"rnnlab/words"
)

// Task is what the app trains and shows: a language model that learns to
// write, or a classifier that reads a headline and decides its topic.
type Task int

const (
	TaskWrite  Task = iota // the character language model (the default)
	TaskDecide             // text classification ("read and decide")
	numTasks
)

// taskNames are the tasks' names in links (task=classify).
var taskNames = [numTasks]string{"write", "classify"}

func (t Task) String() string {
	if t < 0 || t >= numTasks {
		return taskNames[0]
	}
	return taskNames[t]
}

// ParseTask reads a task's name.
func ParseTask(s string) (Task, bool) {
	for i, n := range taskNames {
		if n == s {
			return Task(i), true
		}
	}
	return TaskWrite, false
}

// Task is the task shown.
func (g *Game) Task() Task { return g.task }

// SetTask shows task t; the other task's model stays as it is, paused.
func (g *Game) SetTask(t Task) {
	if t < 0 || t >= numTasks || t == g.task {
		return
	}
	g.task = t
	g.relayoutNow()
	g.flash(words.M("app.task", words.M(taskTitle[t])))
}

// taskTitle are the words keys of the tasks' names.
var taskTitle = [numTasks]string{"task.write", "task.decide"}

// writing reports whether the language model's panels are shown.
func (g *Game) writing() bool { return g.task == TaskWrite }

// forWriting is r while the language model is shown, else nothing.
func (g *Game) forWriting(r ui.Rect) ui.Rect {
	if g.task != TaskWrite {
		return ui.Rect{}
	}
	return r
}

// A taskMode is the other task's part of the app (see classify.go): its
// panels, and what Update and TrainSlice do while it is shown.
type taskMode interface {
	// panels are painted after the language model's (and have no area
	// while it is shown).
	panels() []panel
	// update handles the frame's input and reads the task's state
	// (Update, after the Game's own input).
	update(g *Game)
	// train trains for about budget (Update or TrainSlice).
	train(g *Game, budget time.Duration)
	// act takes an action of a key or button while the task is shown, and
	// reports whether it did (the others go to the Game as usual).
	act(g *Game, a ui.Action) bool
}
