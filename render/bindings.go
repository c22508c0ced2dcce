package render

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"rnnlab/render/ui"
	"rnnlab/words"
)

// binding ties keys to an action, with the words that explain it. The
// input handling, the buttons' tips and the help are all made from the
// table below, so a key is named in one place.
type binding struct {
	act    ui.Action
	keys   []key
	repeat bool   // the action repeats while the key is held down
	tip    string // words key: what the action does, for its button's tip
	// help is the words key of the help's line for this binding and the
	// bindings after it whose help is "" (so "[  ]" explains two keys).
	// "-" keeps the binding out of the help.
	help string
}

// key is one key: Ebiten's key and its name in the browser's
// KeyboardEvent.code, which sits in the same place on every layout, for
// letters, digits and named keys. Punctuation (key -1) is matched by the
// character typed, the KeyboardEvent.key: punctuation moves between
// layouts (on a German keyboard "-" is where a US one has "/", and "ß"
// where it has "-"), so the desktop matches it by the typed character too.
type key struct {
	key  ebiten.Key
	code string
}

// quietCodes are other keys for an action that tips and the help leave
// unnamed.
var quietCodes = map[string]bool{"+": true, "F1": true}

// bindings is every key the app acts on, in the order the help lists them.
var bindings = []binding{
	{ui.ActPause, []key{{ebiten.KeySpace, "Space"}}, false, "tip.pause", "key.pause"},
	{ui.ActStep, []key{{ebiten.KeyS, "KeyS"}}, true, "tip.step", "key.step"},
	{ui.ActReset, []key{{ebiten.KeyR, "KeyR"}}, false, "tip.reset", "key.reset"},
	{ui.ActRNN, []key{{ebiten.Key1, "Digit1"}}, false, "tip.rnn", "key.cells"},
	{ui.ActLSTM, []key{{ebiten.Key2, "Digit2"}}, false, "tip.lstm", ""},
	{ui.ActGRU, []key{{ebiten.Key3, "Digit3"}}, false, "tip.gru", ""},
	{ui.ActReLU, []key{{ebiten.Key0, "Digit0"}}, false, "tip.relu", ""},
	{ui.ActHiddenDown, []key{{-1, "["}}, false, "tip.hidden_down", "key.hidden"},
	{ui.ActHiddenUp, []key{{-1, "]"}}, false, "tip.hidden_up", ""},
	{ui.ActLRDown, []key{{-1, "-"}}, false, "tip.lr_down", "key.lr"},
	{ui.ActLRUp, []key{{-1, "="}, {-1, "+"}}, false, "tip.lr_up", ""},
	{ui.ActTempDown, []key{{-1, ","}}, true, "tip.temp_down", "key.temp"},
	{ui.ActTempUp, []key{{-1, "."}}, true, "tip.temp_up", ""},
	{ui.ActPrevStep, []key{{ebiten.KeyArrowLeft, "ArrowLeft"}}, true, "tip.prev_step", "key.steps"},
	{ui.ActNextStep, []key{{ebiten.KeyArrowRight, "ArrowRight"}}, true, "tip.next_step", ""},
	{ui.ActUnitsUp, []key{{ebiten.KeyArrowUp, "ArrowUp"}}, true, "tip.units_up", "key.units"},
	{ui.ActUnitsDown, []key{{ebiten.KeyArrowDown, "ArrowDown"}}, true, "tip.units_down", ""},
	{ui.ActPrevWindow, []key{{ebiten.KeyPageUp, "PageUp"}}, false, "tip.prev_window", "key.windows"},
	{ui.ActNextWindow, []key{{ebiten.KeyPageDown, "PageDown"}}, false, "tip.next_window", ""},
	{ui.ActLayer, []key{{ebiten.KeyL, "KeyL"}}, false, "tip.layer", "key.layer"},
	{ui.ActPrevUnit, []key{{ebiten.KeyJ, "KeyJ"}}, true, "tip.prev_unit", "key.unit"},
	{ui.ActNextUnit, []key{{ebiten.KeyK, "KeyK"}}, true, "tip.next_unit", ""},
	{ui.ActPin, []key{{ebiten.KeyU, "KeyU"}}, false, "tip.pin", "key.pin"},
	{ui.ActSortUnits, []key{{ebiten.KeyO, "KeyO"}}, false, "tip.sort", "key.sort"},
	{ui.ActZoom, []key{{ebiten.KeyZ, "KeyZ"}}, false, "tip.zoom", "key.zoom"},
	{ui.ActNextView, []key{{ebiten.KeyV, "KeyV"}}, false, "tip.next_view", "key.view"},
	{ui.ActViewTimeline, []key{{ebiten.Key4, "Digit4"}}, false, "tip.view_timeline", "key.views"},
	{ui.ActViewCell, []key{{ebiten.Key5, "Digit5"}}, false, "tip.view_cell", ""},
	{ui.ActViewGrads, []key{{ebiten.Key6, "Digit6"}}, false, "tip.view_gradients", ""},
	{ui.ActViewFlags, []key{{ebiten.Key7, "Digit7"}}, false, "tip.view_flags", ""},
	{ui.ActPlay, []key{{ebiten.KeyP, "KeyP"}}, false, "tip.play", "key.play"},
	{ui.ActSlower, []key{{-1, "<"}}, true, "tip.slower", "key.speed"},
	{ui.ActFaster, []key{{-1, ">"}}, true, "tip.faster", ""},
	{ui.ActBackward, []key{{ebiten.KeyB, "KeyB"}}, false, "tip.backward", "key.backward"},
	{ui.ActSwitchOff, []key{{ebiten.KeyX, "KeyX"}}, false, "tip.switch_off", "key.switch_off"},
	{ui.ActCorpus, []key{{ebiten.KeyC, "KeyC"}}, false, "tip.corpus", "key.corpus"},
	{ui.ActText, []key{{ebiten.KeyT, "KeyT"}}, false, "tip.text", "key.text"},
	{ui.ActSave, []key{{ebiten.KeyM, "KeyM"}}, false, "tip.save", "key.save"},
	{ui.ActExport, []key{{ebiten.KeyE, "KeyE"}}, false, "tip.export", "key.export"},
	{ui.ActFull, []key{{ebiten.KeyF, "KeyF"}}, false, "tip.full", "key.full"},
	{ui.ActLecture, []key{{ebiten.KeyW, "KeyW"}}, false, "tip.lecture", "key.lecture"},
	{ui.ActTheme, []key{{ebiten.KeyD, "KeyD"}}, false, "tip.theme", "key.theme"},
	{ui.ActSmaller, []key{{-1, "{"}}, true, "tip.smaller", "key.text_size"},
	{ui.ActBigger, []key{{-1, "}"}}, true, "tip.bigger", ""},
	{ui.ActTask, []key{{ebiten.KeyN, "KeyN"}}, false, "tip.task", "key.task"},
	{ui.ActLang, []key{{ebiten.KeyI, "KeyI"}}, false, "tip.lang", "key.lang"},
	{ui.ActHelp, []key{{ebiten.KeyH, "KeyH"}, {-1, "?"}, {ebiten.KeyF1, "F1"}}, false, "tip.help", "key.help"},
	{ui.ActClose, []key{{ebiten.KeyEscape, "Escape"}}, false, "tip.close", "-"},
}

// releaseCodes are keys a platform that queues key presses reports when
// released rather than pressed: T opens a text box, and had it opened on
// the press, the key's own character could land in it.
var releaseCodes = []string{"KeyT"}

// KeyPress is one key press the platform saw, named as in the bindings.
type KeyPress struct {
	Code   string
	Repeat bool // the keyboard's auto-repeat, the key being held down
}

// KeyCodes lists the key names the game acts on, for a platform that
// delivers key presses itself (Options.PendingKeys).
func KeyCodes() []string {
	var codes []string
	for _, b := range bindings {
		for _, k := range b.keys {
			codes = append(codes, k.code)
		}
	}
	return codes
}

// ReleaseKeyCodes lists the keys to report on release (see releaseCodes).
func ReleaseKeyCodes() []string { return append([]string(nil), releaseCodes...) }

// handleKeyPresses acts on key presses the platform queued. Unlike key
// states polled once per frame, a queue loses no tap, however short the tap
// and however slow the frame.
func (g *Game) handleKeyPresses(presses []KeyPress) {
	for _, p := range presses {
		if b, ok := bindingOf(p.Code); ok && (b.repeat || !p.Repeat) {
			g.do(b.act)
		}
	}
}

// bindingOf finds the binding of a key name.
func bindingOf(code string) (binding, bool) {
	for _, b := range bindings {
		for _, k := range b.keys {
			if k.code == code {
				return b, true
			}
		}
	}
	return binding{}, false
}

// pollKeys acts on keys from Ebiten's per-frame key states, and on
// punctuation by the characters typed.
func (g *Game) pollKeys() {
	for _, b := range bindings {
		for _, k := range b.keys {
			if k.key >= 0 && pressed(k.key, b.repeat) {
				g.do(b.act)
			}
		}
	}
	var chars [8]rune
	for _, r := range ebiten.AppendInputChars(chars[:0]) {
		if b, ok := bindingOf(string(r)); ok {
			g.do(b.act)
		}
	}
}

// pressed reports a key press, with auto-repeat for keys held down.
func pressed(k ebiten.Key, repeat bool) bool {
	if inpututil.IsKeyJustPressed(k) {
		return true
	}
	if !repeat {
		return false
	}
	d := inpututil.KeyPressDuration(k)
	return d > 24 && d%4 == 0
}

// keyLabel is how a key is written for a learner: "S", "1", "Space", "←".
func keyLabel(code string) string {
	switch code {
	case "ArrowLeft":
		return "←"
	case "ArrowRight":
		return "→"
	case "ArrowUp":
		return "↑"
	case "ArrowDown":
		return "↓"
	case "Escape":
		return "Esc"
	case "PageUp":
		return "PgUp"
	case "PageDown":
		return "PgDn"
	}
	for _, prefix := range []string{"Key", "Digit"} {
		if len(code) > len(prefix) && code[:len(prefix)] == prefix {
			return code[len(prefix):]
		}
	}
	return code
}

// tipFor is a button's tooltip: what its action does and its key,
// "pause or resume training [Space]".
func tipFor(lang words.Lang, a ui.Action) string {
	for _, b := range bindings {
		if b.act == a {
			return words.Format(lang, words.M("tip.with_key", words.M(b.tip), keyLabel(b.keys[0].code)))
		}
	}
	return ""
}

// helpLine is one line of the help's key list.
type helpLine struct {
	keys string    // "1  2  3"
	what words.Msg // "tanh RNN, LSTM, GRU"
}

// helpKeys lists the help's key lines, made from the bindings.
func helpKeys(task Task) []helpLine {
	var out []helpLine
	for _, b := range bindings {
		help := b.help
		if task == TaskDecide {
			h, ok := decideHelp[b.act]
			if !ok {
				continue // the key does nothing in that task
			}
			help = h
		}
		switch help {
		case "-":
			continue
		case "":
			if len(out) > 0 {
				out[len(out)-1].keys += "  " + keyLabel(b.keys[0].code)
			}
			continue
		}
		line := helpLine{what: words.M(help)}
		for _, k := range b.keys {
			if quietCodes[k.code] {
				continue
			}
			if line.keys != "" {
				line.keys += "  "
			}
			line.keys += keyLabel(k.code)
		}
		out = append(out, line)
	}
	return out
}

// decideHelp is what the keys do in the "read and decide" task, for the
// help (as the bindings' help: "" joins the line before, "-" is left
// out). A key not listed does nothing there.
var decideHelp = map[ui.Action]string{
	ui.ActPause: "key.pause", ui.ActStep: "decide.key.step", ui.ActReset: "key.reset",
	ui.ActRNN: "decide.key.cells", ui.ActLSTM: "", ui.ActGRU: "", ui.ActReLU: "",
	ui.ActHiddenDown: "key.hidden", ui.ActHiddenUp: "",
	ui.ActLRDown: "key.lr", ui.ActLRUp: "",
	ui.ActPrevStep: "decide.key.columns", ui.ActNextStep: "",
	ui.ActUnitsUp: "decide.key.mistakes", ui.ActUnitsDown: "",
	ui.ActPrevWindow: "decide.key.headlines", ui.ActNextWindow: "",
	ui.ActLayer: "decide.key.layers", ui.ActPlay: "decide.key.pool", ui.ActBackward: "decide.key.both_ways",
	ui.ActCorpus: "decide.key.data", ui.ActText: "decide.key.text", ui.ActSave: "decide.key.save",
	ui.ActExport: "key.export", ui.ActFull: "key.full", ui.ActLecture: "key.lecture", ui.ActTheme: "key.theme",
	ui.ActSmaller: "key.text_size", ui.ActBigger: "",
	ui.ActTask: "key.task", ui.ActLang: "key.lang", ui.ActHelp: "key.help", ui.ActClose: "-",
}
