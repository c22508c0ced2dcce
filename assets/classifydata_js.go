//go:build js

package assets

// TopicSets reports ErrTopicsElsewhere: in the browser the headlines are
// fetched beside the app (the wasm package does it).
func TopicSets() ([]Topics, error) { return nil, ErrTopicsElsewhere }
