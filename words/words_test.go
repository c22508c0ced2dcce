package words

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	for i, tc := range []struct {
		text string
		args []any
		want string
	}{
		{"plain", nil, "plain"},
		{"{0} {0|character|characters}", []any{1}, "1 character"},
		{"{0} {0|character|characters}", []any{0}, "0 characters"},
		{"{0} {0|character|characters}", []any{3214567}, "3,214,567 characters"},
		{"{0} of {1}", []any{"a", M("test.inner", 2)}, "a of inner 2"},
		{"lr {0}", []any{0.1 + 0.2}, "lr 0.3"},
		{"lr {0}", []any{3e-5}, "lr 0.00003"},
		{"lr {0}", []any{1e-300}, "lr 1e−300"},
		{"{0} MiB", []any{Fixed(2.25, 1)}, "2.2 MiB"},
		{"{0}", []any{Fixed(-0.001, 2)}, "0.00"},
		{"{0}", []any{Fixed(-1234.5, 1)}, "−1,234.5"},
		{"{1}{0}", []any{"x"}, "{?}x"},
	} {
		tpl, err := parseTemplate(tc.text)
		if err != nil {
			t.Fatalf("test %d: %v", i, err)
		}
		catalogues[English]["test.case"] = tpl
		catalogues[English]["test.inner"], _ = parseTemplate("inner {0}")
		if got := Format(English, M("test.case", tc.args...)); got != tc.want {
			t.Errorf("test %d: got %q want %q", i, got, tc.want)
		}
	}
	delete(catalogues[English], "test.case")
	delete(catalogues[English], "test.inner")
	if got := Format(English, M("no.such.key")); got != "[no.such.key]" {
		t.Errorf("missing key: got %q", got)
	}
	if got := Format(English, Join([]Msg{Raw("a"), {}, Raw("b")})); got != "a; b" {
		t.Errorf("join: got %q", got)
	}
	if got := (Error{Raw("x")}).Error(); got != "x" {
		t.Errorf("error: got %q", got)
	}
}

func TestUkrainianNumbers(t *testing.T) {
	tpl, _ := parseTemplate("{0} {0|символ|символи|символів}")
	catalogues[English]["test.uk"] = tpl
	defer delete(catalogues[English], "test.uk")
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "1 символ"}, {2, "2 символи"}, {4, "4 символи"}, {5, "5 символів"}, {11, "11 символів"},
		{12, "12 символів"}, {21, "21 символ"}, {22, "22 символи"}, {111, "111 символів"}, {1024, "1\u00a0024 символи"}} {
		if got := Format(Ukrainian, M("test.uk", tc.n)); got != tc.want {
			t.Errorf("%d: got %q want %q", tc.n, got, tc.want)
		}
	}
	if got := Value(Ukrainian, Fixed(-1234.5, 1)); got != "−1\u00a0234,5" {
		t.Errorf("Ukrainian decimal: %q", got)
	}
}

func TestParseCatalogueRefusesBadLines(t *testing.T) {
	for _, bad := range []string{"no equals sign", "= no key", "a = {x}", "a = {0", "a = 1\na = 2", "a = {10}"} {
		if _, err := parseCatalogue(bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestParseLang(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{{"en", English, true}, {"en-GB", English, true}, {"EN_us", English, true}, {"xx", English, false}, {"", English, false}} {
		if got, ok := ParseLang(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("ParseLang(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// keyLike is a string literal that names a catalogue key: a known prefix,
// a dot, and lower-case words.
var keyLike = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)

// TestEveryKeyExists reads every Go file of the module and checks that
// each literal key (the first argument of words.M, words.E or a method
// named word, or any string that looks like a key of a catalogue's
// sections) exists in every catalogue, and that a call passes as many
// values as the text uses.
func TestEveryKeyExists(t *testing.T) {
	prefixes := map[string]bool{}
	for _, k := range Keys(English) {
		prefix, _, _ := strings.Cut(k, ".")
		prefixes[prefix] = true
	}
	used := map[string]bool{}
	fset := token.NewFileSet()
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 {
					return true
				}
				x, _ := sel.X.(*ast.Ident)
				isMsg := x != nil && x.Name == "words" && (sel.Sel.Name == "M" || sel.Sel.Name == "E")
				if !isMsg && sel.Sel.Name != "word" { // render's g.word(key, values...)
					return true
				}
				lit, ok := n.Args[0].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				key, _ := strconv.Unquote(lit.Value)
				for _, l := range Langs() {
					want, ok := Args(l, key)
					if !ok {
						t.Errorf("%s: key %q is not in %s.txt", fset.Position(n.Pos()), key, l)
					} else if got := len(n.Args) - 1; n.Ellipsis == token.NoPos && got != want {
						t.Errorf("%s: %q gets %d values, its %s text uses %d", fset.Position(n.Pos()), key, got, l, want)
					}
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, _ := strconv.Unquote(n.Value)
				prefix, _, _ := strings.Cut(s, ".")
				if !keyLike.MatchString(s) || !prefixes[prefix] {
					return true
				}
				used[s] = true
				for _, l := range Langs() {
					if !Has(l, s) {
						t.Errorf("%s: key %q is not in %s.txt", fset.Position(n.Pos()), s, l)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCataloguesAgree checks that every language has every key, with the
// same values used.
func TestCataloguesAgree(t *testing.T) {
	for _, l := range Langs()[1:] {
		for _, k := range Keys(English) {
			want, _ := Args(English, k)
			if got, ok := Args(l, k); !ok {
				t.Errorf("%s.txt lacks %q", l, k)
			} else if got != want {
				t.Errorf("%s.txt: %q uses %d values, English %d", l, k, got, want)
			}
		}
		for _, k := range Keys(l) {
			if !Has(English, k) {
				t.Errorf("%s.txt has %q, which English does not", l, k)
			}
		}
	}
}
