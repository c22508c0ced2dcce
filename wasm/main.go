//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/lab"
	"rnnlab/render"
	"rnnlab/render/app"
	"rnnlab/words"
)

func main() {
	b := &bridge{state: js.Global().Get("Object").New()}
	b.state.Set("ready", false)
	b.state.Set("frames", 0)
	b.state.Set("error", "")
	js.Global().Set("rnnlab", b.state)

	st, rest, problems := lab.ParseHash(locationHash(), lab.DefaultSettings())
	look, rest, more := render.ParseLook(rest, render.Look{})
	problems = append(append(problems, more...), lab.UnknownKeys(rest)...)
	// The session and fonts are built after the first frame, so the page
	// shows the app as soon as the graphics run.
	game := app.NewDeferred(st, render.Options{
		OpenText:        b.openText,
		AfterDraw:       b.afterDraw,
		MaxDropBytes:    lab.MaxInputBytes,
		TrainAfterFrame: true,
		PendingKeys:     b.pendingKeys,
		Touch:           coarsePointer(),
		Look:            look,
		Lang:            browserLang(),
		SaveFile:        b.saveFile,
		Topics:          new(topicLoader).get,
	})
	b.game = game
	if len(problems) > 0 {
		b.note(linkProblems(problems))
	}
	b.written = lab.Settings{} // the first frames write the full, corrected settings into the URL
	b.listen()
	app.Configure("rnnlab")
	if err := ebiten.RunGame(game); err != nil {
		// The only errors are a failed start and Ebiten's own.
		b.state.Set("error", err.Error())
		fmt.Fprintln(os.Stderr, "rnnlab:", err)
		os.Exit(1)
	}
}

// bridge connects the game to the page. Browser callbacks never touch the
// session directly: they post work to the game's loop.
type bridge struct {
	game        *render.Game
	state       js.Value
	published   time.Time
	hashAt      time.Time
	written     lab.Settings // the settings the URL shows
	lookWritten render.Look  // and the look
	funcs       []js.Func
	trainPort   js.Value // posting to it runs a training slice as the next task
}

func locationHash() string { return js.Global().Get("location").Get("hash").String() }

// hashOf is the URL fragment of settings and a look, without the '#'.
func hashOf(st lab.Settings, look render.Look) string {
	h := lab.FormatHash(st)
	if l := render.FormatLook(look); l != "" {
		h += "&" + l
	}
	return h
}

// jsStrings makes a JavaScript array of strings.
func jsStrings(ss []string) js.Value {
	a := make([]any, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return js.ValueOf(a)
}

// browserLang is the first language of the browser's that the app speaks,
// else English.
func browserLang() words.Lang {
	nav := js.Global().Get("navigator")
	if nav.Type() != js.TypeObject {
		return words.English
	}
	var prefs []string
	if ls := nav.Get("languages"); ls.Type() == js.TypeObject {
		for i := 0; i < ls.Length(); i++ {
			prefs = append(prefs, ls.Index(i).String())
		}
	}
	if l := nav.Get("language"); l.Type() == js.TypeString {
		prefs = append(prefs, l.String())
	}
	for _, p := range prefs {
		if l, ok := words.ParseLang(p); ok {
			return l
		}
	}
	return words.English
}

// coarsePointer reports whether the page's main pointer is a finger.
func coarsePointer() bool {
	mm := js.Global().Get("matchMedia")
	if mm.Type() != js.TypeFunction {
		return false
	}
	return js.Global().Call("matchMedia", "(pointer: coarse)").Get("matches").Truthy()
}

// linkProblems explains what the app changed in the settings a link asked for.
func linkProblems(ps []words.Msg) words.Msg {
	return words.M("app.link_problems", words.Join(ps))
}

// note shows a message in the app (from the game's loop).
func (b *bridge) note(msg words.Msg) {
	b.game.Post(func(g *render.Game) { g.Say(msg) })
}

// listen installs the hashchange handler and the page's text hook.
func (b *bridge) listen() {
	onHash := js.FuncOf(func(this js.Value, args []js.Value) any {
		hash := locationHash()
		b.game.Post(func(g *render.Game) {
			sess := g.Session()
			base := lab.DefaultSettings()
			if cur := sess.Settings(); cur.Corpus == lab.CustomCorpus {
				base.Corpus = cur.Corpus // a link cannot name the learner's text; keep it
			}
			st, rest, problems := lab.ParseHash(hash, base)
			look, rest, more := render.ParseLook(rest, render.Look{})
			problems = append(append(problems, more...), lab.UnknownKeys(rest)...)
			g.SetLook(look)
			applied := sess.Apply(st)
			problems = append(problems, applied...)
			b.written = lab.Settings{} // rewrite the URL in full, corrected form
			b.hashAt = time.Time{}
			if len(applied) > 0 {
				sess.ClearNotice() // Apply's problems are in the link message already
			}
			if len(problems) > 0 {
				g.Say(linkProblems(problems))
			}
		})
		return nil
	})
	js.Global().Call("addEventListener", "hashchange", onHash)

	// rnnlabPage.onText(name, data) is called by the page with a string or
	// a Uint8Array.
	onText := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 2 {
			return nil
		}
		name := args[0].String()
		var text string
		if args[1].Type() == js.TypeString {
			text = args[1].String()
		} else {
			n := args[1].Get("length").Int()
			buf := make([]byte, n)
			js.CopyBytesToGo(buf, args[1])
			text = string(buf)
		}
		b.game.Post(func(g *render.Game) { g.SubmitFile(name, []byte(text)) })
		return nil
	})
	// rnnlabPage.nextProbs(text) resolves to {probs, loss}: the trained
	// model's next-character probabilities over text, for tests that check
	// a saved model elsewhere.
	nextProbs := js.FuncOf(func(this js.Value, args []js.Value) any {
		text := ""
		if len(args) > 0 {
			text = args[0].String()
		}
		exec := js.FuncOf(func(_ js.Value, pr []js.Value) any {
			resolve, reject := pr[0], pr[1]
			b.game.Post(func(g *render.Game) {
				probs, loss, err := g.Session().NextProbs(text)
				if err != nil {
					reject.Invoke(err.Error())
					return
				}
				rows := make([]any, len(probs))
				for i, p := range probs {
					row := make([]any, len(p))
					for j, v := range p {
						row[j] = v
					}
					rows[i] = row
				}
				resolve.Invoke(map[string]any{"probs": rows, "loss": loss})
			})
			return nil
		})
		defer exec.Release() // a promise runs its executor at once
		return js.Global().Get("Promise").New(exec)
	})
	// Training runs in its own task right after each frame: the frame is
	// then already on its way to the GPU (a separate process), which draws it
	// while this thread trains.
	onTrain := js.FuncOf(func(this js.Value, args []js.Value) any {
		b.game.TrainSlice()
		return nil
	})
	ch := js.Global().Get("MessageChannel").New()
	ch.Get("port1").Set("onmessage", onTrain)
	b.trainPort = ch.Get("port2")
	b.funcs = append(b.funcs, onHash, onText, onTrain, nextProbs)
	page := js.Global().Get("rnnlabPage")
	if page.Type() == js.TypeObject {
		page.Set("onText", onText)
		page.Set("nextProbs", nextProbs)
		page.Set("maxBytes", lab.MaxInputBytes)
		page.Set("maxModelBytes", lab.MaxModelBytes)
		page.Set("minChars", lab.MinTextRunes)
		page.Set("keyCodes", jsStrings(render.KeyCodes()))
		page.Set("releaseCodes", jsStrings(render.ReleaseKeyCodes()))
	}
}

// pendingKeys takes the key presses the page queued since the last frame
// (one call into JavaScript per frame): key names separated by spaces,
// "/repeat" marking the keyboard's auto-repeat (see takeKeys in index.html).
func (b *bridge) pendingKeys(dst []render.KeyPress) []render.KeyPress {
	page := js.Global().Get("rnnlabPage")
	if page.Type() != js.TypeObject || page.Get("takeKeys").Type() != js.TypeFunction {
		return dst
	}
	queued := page.Call("takeKeys").String()
	for _, k := range strings.Fields(queued) {
		code, repeat := strings.CutSuffix(k, "/repeat")
		dst = append(dst, render.KeyPress{Code: code, Repeat: repeat})
	}
	return dst
}

// saveFile hands a file to the page, which offers it as a download.
func (b *bridge) saveFile(name string, data []byte) (saved string, err error) {
	page := js.Global().Get("rnnlabPage")
	if page.Type() != js.TypeObject || page.Get("saveFile").Type() != js.TypeFunction {
		return "", errors.New("this page cannot save files")
	}
	defer func() {
		if r := recover(); r != nil { // a JavaScript exception: the browser refused
			err = fmt.Errorf("the browser refused the download: %v", r)
		}
	}()
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	return page.Call("saveFile", name, arr).String(), nil
}

// openText asks the page for the learner's text.
func (b *bridge) openText() {
	page := js.Global().Get("rnnlabPage")
	if page.Type() != js.TypeObject || page.Get("openText").Type() != js.TypeFunction {
		b.game.Say(words.M("app.no_text_box"))
		return
	}
	page.Call("openText")
}

// afterDraw publishes window.rnnlab once a second (and on the first
// frames, so the loader can uncover the canvas at once) and keeps the URL
// in step with the settings.
func (b *bridge) afterDraw(screen *ebiten.Image, frame int) {
	b.trainPort.Call("postMessage", 0)
	now := time.Now()
	if frame <= 2 || now.Sub(b.published) >= time.Second {
		b.published = now
		b.publish(frame)
	}
	if !b.game.Ready() {
		return
	}
	if now.Sub(b.hashAt) >= 500*time.Millisecond {
		b.hashAt = now
		st, look := b.game.Session().Settings(), b.game.Look()
		if st != b.written || look != b.lookWritten {
			b.written, b.lookWritten = st, look
			js.Global().Get("history").Call("replaceState", nil, "", "#"+hashOf(st, look))
		}
	}
}

func (b *bridge) publish(frame int) {
	set := b.state.Set
	set("frames", frame)
	if !b.game.Ready() {
		return
	}
	s := b.game.Snapshot()
	st := b.game.Stats()
	set("ready", true)
	set("fps", round(st.FPS, 1))
	set("paints", st.Paints)
	sel := st.Selected
	set("selected", map[string]any{"t": sel.T, "unit": sel.Unit, "layer": sel.Layer, "group": sel.Group})
	set("firstUnit", sel.First)
	set("touch", st.Touch)
	set("drawMs", round(st.DrawMs, 2))
	set("trainShare", round(st.TrainShare, 3))
	set("step", s.Step)
	set("charsTrained", s.Chars)
	set("loss", jsNumber(s.Loss))
	set("valLoss", jsNumber(s.ValLoss))
	set("charsPerSec", math.Round(s.CharsPerSec))
	set("stepMs", round(s.StepMs, 1))
	set("cell", s.Settings.Cell.String())
	set("hidden", s.Settings.Hidden)
	set("layers", s.Settings.Layers)
	set("lr", s.Settings.LR)
	set("temp", s.Settings.Temperature)
	set("seed", s.Settings.Seed)
	set("share", s.Settings.TrainShare)
	set("paused", s.Settings.Paused)
	set("corpus", s.CorpusName)
	set("corpora", jsStrings(b.corpora()))
	publishViews(set, s)
	set("textChars", s.TextChars)
	set("vocab", s.Vocab)
	set("params", s.Params)
	set("sample", s.Sample)
	lang := b.game.Lang()
	set("notice", words.Format(lang, s.Notice))
	set("message", b.game.Message())
	set("error", words.Format(lang, s.Error))
	set("width", st.Width)
	set("height", st.Height)
	set("hash", hashOf(s.Settings, b.game.Look()))
	set("view", b.game.View().String())
	set("lang", string(b.game.Lang()))
	look := b.game.Look()
	set("theme", map[bool]string{false: "dark", true: "light"}[look.Light])
	set("ui", map[bool]string{false: "normal", true: "lecture"}[look.Lecture])
	set("playing", b.game.Playing())
	parts := js.Global().Get("Object").New()
	for name, ms := range st.PartsMs {
		parts.Set(name, round(ms, 2))
	}
	set("partsMs", parts)
	publishClassify(set, b.game)
}

// corpora lists the built-in texts' names.
func (b *bridge) corpora() []string {
	var names []string
	for _, c := range b.game.Session().Corpora() {
		if c.Name != lab.CustomCorpus {
			names = append(names, c.Name)
		}
	}
	return names
}

// publishViews publishes what the views that teach measured: the decay
// curves (distance → ratio), the flags (best unit per label, with the step
// they were found at), the units switched off and, for labelled texts, how
// well the model predicts what each label governs with all units and with
// the switched-off ones off.
func publishViews(set func(string, any), s lab.Snapshot) {
	decay := func(d *lab.Decay) any {
		if d == nil {
			return nil
		}
		r := make([]any, len(d.Ratio))
		for i, v := range d.Ratio {
			r[i] = jsNumber(v)
		}
		return map[string]any{"ratio": r, "step": d.Step, "positions": d.Positions,
			"cell": d.Label.Cell.String(), "hidden": d.Label.Hidden, "layers": d.Label.Layers}
	}
	set("gradDecay", decay(s.Decay))
	set("gradDecayPrev", decay(s.DecayPrev))
	var flags, acc []any
	if f := s.Flags; f != nil {
		for _, l := range f.Labels {
			e := map[string]any{"label": l.Name, "status": l.Status.String(), "step": f.Step}
			if len(l.Best) > 0 {
				e["unit"], e["layer"], e["r"] = l.Best[0].Unit, l.Best[0].Layer, round(l.Best[0].R, 4)
			}
			flags = append(flags, e)
			if l.Governs > 0 {
				acc = append(acc, map[string]any{"label": l.Name, "governs": l.Governs,
					"all": jsNumber(round(l.Acc, 4)), "off": jsNumber(round(l.AccOff, 4)),
					"p": jsNumber(round(l.P, 4)), "pOff": jsNumber(round(l.POff, 4))})
			}
		}
	}
	set("flags", flags)
	set("labelAccuracy", acc)
	set("flagsProgress", s.FlagsProgress)
	var off []any
	for _, u := range s.Ablated {
		off = append(off, map[string]any{"layer": u.Layer, "unit": u.Index})
	}
	set("ablated", off)
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// jsNumber turns NaN (not measured yet) into null.
func jsNumber(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}
