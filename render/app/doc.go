// Package app assembles what the desktop and browser entry points share: the
// built-in corpora as lab corpora, a session and the Game, and the Ebiten
// settings the Game relies on.
package app
