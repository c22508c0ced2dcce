//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"syscall/js"

	"rnnlab/assets"
)

// topicLoader fetches the built-in headlines beside the app the first time
// the "read and decide" task asks for them, so that the app itself loads
// without them (they are 1.8 MB).
type topicLoader struct {
	start sync.Once
	mu    sync.Mutex
	done  bool
	sets  []assets.Topics
	err   error
}

// get returns the headlines, or assets.ErrTopicsLoading while they are on
// their way.
func (l *topicLoader) get() ([]assets.Topics, error) {
	l.start.Do(func() { go l.fetchAll() })
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		return nil, assets.ErrTopicsLoading
	}
	return l.sets, l.err
}

func (l *topicLoader) fetchAll() {
	sets := assets.TopicFiles()
	var err error
	for i := range sets {
		if sets[i].Train, err = fetchFile(sets[i].TrainFile); err != nil {
			break
		}
		if sets[i].Held, err = fetchFile(sets[i].HeldFile); err != nil {
			break
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done, l.sets, l.err = true, sets, err
}

// fetchFile reads a file served beside the app. It blocks its goroutine,
// never the page.
func fetchFile(name string) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", name))
	if err != nil {
		return nil, fmt.Errorf("%s could not be fetched: %v", name, err)
	}
	if !resp.Get("ok").Bool() {
		return nil, fmt.Errorf("%s could not be fetched: HTTP %d (is the site built with make site?)", name, resp.Get("status").Int())
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, fmt.Errorf("%s could not be read: %v", name, err)
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	data := make([]byte, arr.Length())
	js.CopyBytesToGo(data, arr)
	return data, nil
}

// await waits for a JavaScript promise.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: fmt.Errorf("%s", args[0].Call("toString").String())}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}
