package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

var topKeys = []string{
	"data_dir", "default_language", "timezone", "prefixes", "staff",
	"groups", "digest", "reminders", "sending", "limits", "log", "search", "files",
}

// Load reads the YAML file at path and parses it. A parse error keeps its
// *Error inside, prefixed with the path so the user knows which file to fix.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, readError(path, err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse checks a YAML configuration and fills in its defaults. Every error
// it returns is an *Error; the first problem found wins. Sections are checked
// in a fixed order because groups and staff inherit the top-level language
// and zone, wherever those appear in the file.
func Parse(data []byte) (*Config, error) {
	root, err := document(data)
	if err != nil {
		return nil, err
	}
	top, err := fields(root, "", topKeys...)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	steps := []func() error{
		func() error { return c.parseBasics(top) },
		func() error { return c.parseStaff(top["staff"]) },
		func() error { return c.parseGroups(top["groups"]) },
		func() error { return c.parseDigest(top["digest"]) },
		func() error { return c.parseReminders(top["reminders"]) },
		func() error { return c.parseSending(top["sending"]) },
		func() error { return c.parseLimits(top["limits"]) },
		func() error { return c.parseLog(top["log"]) },
		func() error { return c.parseSearch(top["search"]) },
		func() error { return c.parseFiles(top["files"]) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// document returns the root node of the file, nil for an empty file. A
// second document is refused rather than silently ignored.
func document(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, syntaxError(err)
	}
	for {
		var extra yaml.Node
		err := dec.Decode(&extra)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, syntaxError(err)
		}
		if len(extra.Content) > 0 && !isNull(extra.Content[0]) {
			return nil, errorf("yaml", "the file holds more than one YAML document (---); keep one")
		}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

func syntaxError(err error) *Error {
	return errorf("yaml", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
}

// readError says why the config file cannot be read, naming it as the
// user gave it: it does not exist, is a folder, or may not be read. The
// start stops with one line, as for a mistake inside it.
func readError(path string, err error) error {
	var why string
	switch st, serr := os.Stat(path); {
	case errors.Is(serr, fs.ErrNotExist):
		why = "does not exist; give one with --config FILE (config.example.yaml shows every key)"
	case serr == nil && st.IsDir():
		why = "is a folder; give the config file itself with --config FILE"
	case errors.Is(err, fs.ErrPermission):
		why = "may not be read by labbot's user"
	default:
		return fmt.Errorf("read config: %w", err)
	}
	return &Error{Msg: fmt.Sprintf("config file %s %s", path, why), err: err}
}
