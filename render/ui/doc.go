// Package ui is the plain maths of rnnlab's screen: the layout of panels and
// the timeline grid, hit-testing, the diverging colour scale, the heat
// texture, the controls and their value ladders. It imports no graphics
// library, so all of it is tested natively; package render draws with it.
package ui
