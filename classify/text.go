package classify

import "unicode"

// Fold makes texts that differ only in ways that do not matter for their
// topic read the same: lower case, one apostrophe ('), one double quote (")
// and one dash (-), ordinary spaces. It maps rune to rune, so position t of
// the folded text is position t of the original.
func Fold(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	return string(rs)
}

func foldRune(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '`', '´', '′', 'ʹ':
		return '\''
	case '“', '”', '„', '«', '»', '″', '‟':
		return '"'
	case '–', '—', '‒', '―', '−', '‐', '‑':
		return '-'
	case '\u00a0', '\u2007', '\u2009', '\u202f', '\u200a':
		return ' '
	}
	return unicode.ToLower(r)
}
