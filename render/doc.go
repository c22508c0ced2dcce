// Package render is rnnlab's Ebiten front end.
//
// The Game (game.go) only composes: Update trains a wall-time slice of the
// session, turns input into actions and clamps the Selection; Draw hands
// the screen to the painter; Layout follows the window at full pixel
// density. Who owns what:
//
//   - panel.go: the panel interface. Each part of the screen is a panel in
//     its own file (controls.go, status.go, timeline.go, loss.go,
//     sample.go): it says where it sits, whether what it shows changed,
//     paints itself into its own image, and names what lies under a point
//     (a target) with its tooltip and what a click on it does.
//   - painter.go: when panels paint. Changes that come from training alone
//     are drawn four times a second, input at once, at most one heavy panel
//     per frame, and a frame without news draws nothing.
//   - overlays.go: what is drawn over the panels (the banner, the tooltip
//     of the target under the pointer, the help in help.go), restored when
//     it changes.
//   - selection.go: the time step, layer, group, unit and first unit row
//     the learner picked, shared by every view.
//   - bindings.go: the one table of keys, from which input handling, the
//     buttons' tips and the help are made; actions.go does the actions;
//     input.go reads the pointer, touches and dropped files.
//   - messages.go: the banner and status-line hints, kept as words.Msg and
//     formatted in the learner's language when drawn.
//
// Adding a view: write a type that implements panel in a file of its own,
// and add it to the list in newGame. Adding a key: one line in bindings.
// Adding words: a key in words/en.txt (and every other catalogue).
//
// The layout maths, colour scales and controls live in render/ui, which
// imports no graphics and is tested natively.
package render
