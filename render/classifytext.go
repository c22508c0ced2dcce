package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/classify"
	"rnnlab/words"
)

// textBox is the reading view's text box, where the learner's own headline
// goes. On the desktop the learner types into it: while it has focus every
// key goes to it, and Enter or Esc leave it. In the browser, where the page
// owns the keyboard, it opens the page's text dialog instead, and the text
// comes back through takeFile.
type textBox struct {
	typing bool
	text   string // the learner's text, "" while a held-out headline is read
	skip   bool   // the key that opened the box is not typed into it
	chars  []rune // scratch
}

// open gives the box the keyboard, or asks the page for a text.
func (b *textBox) open(g *Game, m *classifyMode) {
	g.paint.interacted = true
	if g.opts.OpenText != nil {
		g.opts.OpenText()
		return
	}
	b.typing, b.skip = true, true
	g.flash(words.M("decide.typing"))
}

// stop takes the keyboard back; an empty box goes back to the held-out
// headlines.
func (b *textBox) stop(g *Game, m *classifyMode) {
	b.typing = false
	g.paint.interacted = true
	if strings.TrimSpace(b.text) == "" {
		b.text = ""
		m.dec.MoveHeld(0)
	}
}

// clear empties the box and reads held-out headlines again.
func (b *textBox) clear(g *Game, m *classifyMode) {
	b.text, b.typing = "", false
	m.dec.MoveHeld(0)
	m.col = -1
	g.paint.interacted = true
}

// update types the frame's characters into the box while it has focus:
// the model reads the text after every key.
func (b *textBox) update(g *Game, m *classifyMode) {
	if !b.typing {
		return
	}
	text := b.text
	if b.skip {
		b.skip = false
	} else {
		for _, r := range ebiten.AppendInputChars(b.chars[:0]) {
			if (unicode.IsPrint(r) || r == ' ') && utf8.RuneCountInString(text) < classify.MaxTextRunes {
				text += string(r)
			}
		}
	}
	if pressed(ebiten.KeyBackspace, true) && text != "" {
		_, n := utf8.DecodeLastRuneInString(text)
		text = text[:len(text)-n]
	}
	enter := pressed(ebiten.KeyEnter, false) || pressed(ebiten.KeyNumpadEnter, false)
	if text != b.text {
		b.text = text
		m.col = -1
		g.paint.interacted = true
		if strings.TrimSpace(text) != "" {
			m.dec.ReadText(text)
		} else {
			m.dec.MoveHeld(0)
		}
	}
	if enter {
		b.typing = false
		g.paint.interacted = true
		if strings.TrimSpace(b.text) == "" {
			m.dec.ReadText(b.text) // says the box is empty
		}
	}
}
