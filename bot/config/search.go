package config

import (
	"os"

	"go.yaml.in/yaml/v3"

	"labbot/glossary"
)

// maxGlossaryBytes bounds staff's glossary file: a few thousand entries.
const maxGlossaryBytes = 4 << 20

// Search configures !find.
type Search struct {
	// GlossaryFile is staff's own glossary (glossary/lab.yaml's format),
	// added to the built-in one; "" for none.
	GlossaryFile string
	// Glossary is the built-in glossary with GlossaryFile's entries, read
	// and checked when the configuration is; nil without a file (the
	// store then uses the built-in one).
	Glossary *glossary.Glossary
}

func (c *Config) parseSearch(n *yaml.Node) error {
	f, err := fields(n, "search", "glossary")
	if err != nil {
		return err
	}
	if c.Search.GlossaryFile, err = text(f["glossary"], "search.glossary"); err != nil {
		return err
	}
	if c.Search.GlossaryFile != "" {
		c.Search.Glossary, err = LoadGlossary(c.Search.GlossaryFile)
	}
	return err
}

// LoadGlossary reads the built-in glossary with the entries of the file at
// path ("" for none), as search.glossary names it: an error names the key,
// and the file and line at fault.
func LoadGlossary(path string) (*glossary.Glossary, error) {
	if path == "" {
		g, err := glossary.Builtin()
		if err != nil {
			return nil, errorf("search.glossary", "the built-in glossary: %v", err)
		}
		return g, nil
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return nil, errorf("search.glossary", "cannot read %s: %v", path, err)
	case !fi.Mode().IsRegular() || fi.Size() > maxGlossaryBytes:
		return nil, errorf("search.glossary", "%s: want a YAML file of at most 4 MB", path)
	}
	g, err := glossary.Load(path)
	if err != nil {
		return nil, errorf("search.glossary", "%v", err)
	}
	return g, nil
}
