package assets

import "errors"

// Topics is a built-in set of headlines in four topics (world, sport,
// business, science), labelled label<TAB>text, for the "read and decide"
// task: a training set and a fixed held-out one (see classify/README.md).
type Topics struct {
	Lang  string // "en" or "uk", as words.Lang
	Title string // what the learner sees, in English
	// TitleUK is the same in Ukrainian.
	TitleUK string
	// TrainFile and HeldFile are the sets' files under assets/, which the
	// site also serves beside the app (make site copies them).
	TrainFile, HeldFile string
	Train, Held         []byte // TSV files; shared, never to be modified
}

// ErrTopicsElsewhere says the headlines are not built into this program:
// in the browser they are fetched beside the app, from the files named by
// TopicFiles, only when the task that reads them is first opened.
var ErrTopicsElsewhere = errors.New("the built-in headlines are not part of this program")

// ErrTopicsLoading says the headlines are still on their way (in the
// browser); asking again later gets them.
var ErrTopicsLoading = errors.New("the built-in headlines are still loading")

// TopicFiles lists the built-in topic sets, English first, without their
// contents.
func TopicFiles() []Topics {
	return []Topics{
		{Lang: "en", Title: "topics (English headlines)", TitleUK: "теми (англійські заголовки)",
			TrainFile: "classify/topics-en-train.tsv", HeldFile: "classify/topics-en-test.tsv"},
		{Lang: "uk", Title: "topics (Ukrainian headlines)", TitleUK: "теми (українські заголовки)",
			TrainFile: "classify/topics-uk-train.tsv", HeldFile: "classify/topics-uk-test.tsv"},
	}
}
