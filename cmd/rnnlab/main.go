package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"rnnlab/lab"
	"rnnlab/render"
	"rnnlab/render/app"
	"rnnlab/words"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "rnnlab:", err)
		os.Exit(1)
	}
}

func run() error {
	textFile := flag.String("text", "", "train on this UTF-8 text file instead of the built-in text")
	settings := flag.String("settings", "", "settings as in the browser's URL, e.g. 'cell=gru&hidden=64&lr=0.002&seed=3&temp=0.8&paused=1&corpus=ukrainian&view=cell&lang=uk'")
	shot := flag.String("screenshot", "", "save the window's pixels to this PNG after -frames frames, then exit")
	frames := flag.Int("frames", 0, "exit after this many frames (default 120 with -screenshot)")
	width := flag.Int("width", 1280, "window width")
	height := flag.Int("height", 800, "window height")
	modelFile := flag.String("model", "", "continue from this saved model (a .safetensors file from the app or rnntrain)")
	saveDir := flag.String("save-dir", ".", "where the app saves models and pictures (keys M and E)")
	soakFor := flag.Duration("soak", 0, "a soak run of this long: change cell, size, text, view and language every -soak-every, print figures as JSON every minute, then quit")
	soakEvery := flag.Duration("soak-every", 30*time.Second, "how often a soak run changes things")
	view := flag.String("view", "", "the view to show: "+strings.Join(render.ViewNames(), ", ")+" (as view= in -settings)")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see -help)", flag.Arg(0))
	}
	if *shot != "" && *frames <= 0 {
		*frames = 120
	}
	if *width < 1 || *height < 1 {
		return errors.New("-width and -height must be positive")
	}

	st, rest, problems := lab.ParseHash(*settings, lab.DefaultSettings())
	look, rest, more := render.ParseLook(rest, render.Look{})
	if *view != "" {
		v, ok := render.ParseView(*view)
		if !ok {
			return fmt.Errorf("-view %q: want one of %s", *view, strings.Join(render.ViewNames(), ", "))
		}
		look.View = v
	}
	for _, p := range append(append(problems, more...), lab.UnknownKeys(rest)...) {
		fmt.Fprintln(os.Stderr, "rnnlab: settings:", p)
	}
	var text []byte
	if *textFile != "" {
		f, err := os.Open(*textFile)
		if err != nil {
			return err
		}
		// Read a bounded prefix: the session cuts long texts anyway.
		text, err = io.ReadAll(io.LimitReader(f, lab.MaxInputBytes))
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %v", *textFile, err)
		}
		if text == nil {
			text = []byte{}
		}
	}

	var game *render.Game
	var saveErr error
	var soaking *soak
	opts := render.Options{
		TextHint: words.M("app.drop_hint"),
		Look:     look,
		Lang:     systemLang(),
		SaveFile: func(name string, data []byte) (string, error) { return saveNew(*saveDir, name, data) },
		AfterDraw: func(screen *ebiten.Image, frame int) {
			if soaking != nil {
				soaking.frame()
			}
			if *frames <= 0 || frame < *frames {
				return
			}
			if *shot != "" {
				saveErr = savePNG(screen, *shot)
			}
			game.Quit()
		},
	}
	game, err := app.New(st, opts)
	if err != nil {
		return err
	}
	if text != nil {
		if notes, err := game.Session().SetText(filepath.Base(*textFile), string(text)); err != nil {
			return fmt.Errorf("%s: %v", *textFile, err)
		} else if len(notes) > 0 {
			fmt.Fprintln(os.Stderr, "rnnlab:", words.Join(notes))
		}
	}
	if *modelFile != "" {
		data, err := readModel(*modelFile)
		if err != nil {
			return err
		}
		notes, err := game.Session().LoadModel(filepath.Base(*modelFile), data)
		if err != nil {
			return fmt.Errorf("%s: %v", *modelFile, err)
		}
		fmt.Fprintln(os.Stderr, "rnnlab:", words.Join(notes))
	}
	if *soakFor > 0 {
		soaking = newSoak(game, os.Stdout, *soakFor, *soakEvery)
	}
	app.Configure("rnnlab")
	ebiten.SetWindowSize(*width, *height)
	if err := ebiten.RunGame(game); err != nil && !errors.Is(err, ebiten.Termination) {
		return err
	}
	if saveErr != nil {
		return saveErr
	}
	if s := game.Snapshot(); *frames > 0 {
		st := game.Stats()
		fmt.Printf("frames %d, step %d, loss %.3f, %.0f chars/s, draw p95 %.2f ms, train share %.2f\n",
			st.Frames, s.Step, s.Loss, s.CharsPerSec, st.DrawMs, st.TrainShare)
		if !s.Error.IsZero() {
			fmt.Println("error:", strings.TrimSpace(s.Error.String()))
		}
	}
	return nil
}

func savePNG(screen *ebiten.Image, path string) error {
	b := screen.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	screen.ReadPixels(img.Pix)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// systemLang is the language of the system's locale if the app speaks it,
// else English.
func systemLang() words.Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := words.ParseLang(os.Getenv(v)); ok {
			return l
		}
	}
	return words.English
}

// readModel reads a saved model, refusing one larger than the app loads
// before reading it all.
func readModel(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lab.MaxModelBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return data, nil
}

// saveNew writes data to a new file named name in dir, never over an
// existing one (name-2.ext, name-3.ext, … instead), and returns its path.
func saveNew(dir, name string, data []byte) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, i, ext))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return "", err
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("%s: too many files of that name", name)
}
