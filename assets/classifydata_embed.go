//go:build !js

package assets

import "embed"

// The headlines add 1.8 MB; the browser fetches them only when asked (see
// TopicFiles), so that the app itself loads as fast as before.
//
//go:embed classify/topics-en-train.tsv classify/topics-en-test.tsv classify/topics-uk-train.tsv classify/topics-uk-test.tsv
var topicFS embed.FS

// TopicSets lists the built-in topic sets with their headlines, English
// first.
func TopicSets() ([]Topics, error) {
	sets := TopicFiles()
	for i := range sets {
		var err error
		if sets[i].Train, err = topicFS.ReadFile(sets[i].TrainFile); err != nil {
			return nil, err
		}
		if sets[i].Held, err = topicFS.ReadFile(sets[i].HeldFile); err != nil {
			return nil, err
		}
	}
	return sets, nil
}
