package labels

import "strings"

// maxSpan is the longest a quote or bracket may stay open, in characters;
// one open longer is taken as a stray mark, as is one still open at a blank
// line, so an unbalanced quote cannot label the rest of a book.
const maxSpan = 2000

// pairs tracks marks that open and close (quotes, brackets), nested, in one
// pass. Only matched pairs count: the inside of a pair (from its opening
// mark to just before its closing one) joins the label's set, and its
// closing mark joins what the label governs.
type pairs struct {
	open []opened
	done []Run // pairs closed while an outer one is still open
	out  *emitter
}

type opened struct {
	pos     int
	closers string // the marks that close it
}

// push opens a pair at pos.
func (p *pairs) push(pos int, closers string) {
	p.open = append(p.open, opened{pos, closers})
}

// find returns the index of the innermost open pair that r closes, or −1.
func (p *pairs) find(r rune) int {
	for k := len(p.open) - 1; k >= 0; k-- {
		if strings.ContainsRune(p.open[k].closers, r) {
			return k
		}
	}
	return -1
}

// close closes the open pair k with the mark at pos; pairs opened inside it
// and never closed are forgotten.
func (p *pairs) close(k, pos int) {
	in := Run{p.open[k].pos, pos}
	p.open = p.open[:k]
	for len(p.done) > 0 && p.done[len(p.done)-1].Start >= in.Start {
		p.done = p.done[:len(p.done)-1] // nested inside the new one
	}
	p.done = append(p.done, in)
	p.out.governs(pos)
	if len(p.open) == 0 {
		p.flush()
	}
}

// drop forgets every open pair (they were strays) and keeps the pairs that
// closed inside them.
func (p *pairs) drop() {
	p.open = p.open[:0]
	p.flush()
}

// check drops the open pairs when the outermost has been open too long.
func (p *pairs) check(pos int) {
	if len(p.open) > 0 && pos-p.open[0].pos > maxSpan {
		p.drop()
	}
}

func (p *pairs) flush() {
	for _, r := range p.done {
		p.out.run(r.Start, r.End)
	}
	p.done = p.done[:0]
}

// quote handles a quotation mark at pos between prev and next (−1 at the
// ends of the text). It reports whether r is one.
func (p *pairs) quote(r, prev, next rune, pos int) bool {
	switch r {
	case '"':
		k := p.find('"')
		switch opens, closes := straightOpens(prev, next), straightCloses(prev, next); {
		case opens && k >= 0: // a new quote while one is open: that one was stray
			p.drop()
			p.push(pos, `"`)
		case opens || !closes && k < 0:
			p.push(pos, `"`)
		case k >= 0:
			p.close(k, pos)
		}
	case '«':
		p.push(pos, "»")
	case '„':
		p.push(pos, "“”")
	case '“': // closes „ (Ukrainian, German), else opens (English)
		if k := p.find('“'); k >= 0 {
			p.close(k, pos)
		} else {
			p.push(pos, "”")
		}
	case '»', '”':
		if k := p.find(r); k >= 0 {
			p.close(k, pos)
		}
	default:
		return false
	}
	return true
}

// bracket handles a bracket at pos and reports whether r is one.
func (p *pairs) bracket(r rune, pos int) bool {
	switch r {
	case '(':
		p.push(pos, ")")
	case '[':
		p.push(pos, "]")
	case '{':
		p.push(pos, "}")
	case ')', ']', '}':
		if k := p.find(r); k >= 0 {
			p.close(k, pos)
		}
	default:
		return false
	}
	return true
}

// straightOpens: a straight quote after a space or an opening mark and
// before a non-space opens a quote.
func straightOpens(prev, next rune) bool {
	return opensBefore(prev) && !spaceOrEnd(next)
}

// straightCloses: a straight quote after a non-space and before a space or
// punctuation closes one.
func straightCloses(prev, next rune) bool {
	return !opensBefore(prev) && (spaceOrEnd(next) || strings.ContainsRune(".,;:!?)]}…—–-", next))
}

func opensBefore(prev rune) bool {
	return spaceOrEnd(prev) || strings.ContainsRune("([{—–-/«„“", prev)
}
