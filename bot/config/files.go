package config

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"labbot/internal/filetype"
)

// Files bounds what members may share as a file (issue 17).
type Files struct {
	MaxBytes int64    // files.max_mb in bytes
	Types    []string // allowed extensions, as filetype names them: pdf, jpg…
}

// maxFileMB is the most files.max_mb may say: WhatsApp's own ceiling for
// a document is 2 GB, but labbot streams each to disk and sends it again.
const maxFileMB = 100

func (c *Config) parseFiles(n *yaml.Node) error {
	f, err := fields(n, "files", "max_mb", "types")
	if err != nil {
		return err
	}
	mb, err := integerOr(f["max_mb"], "files.max_mb", 16)
	if err != nil {
		return err
	}
	if mb < 1 || mb > maxFileMB {
		return errorf("files.max_mb", "must be a whole number from 1 to %d (megabytes)", maxFileMB)
	}
	c.Files.MaxBytes = int64(mb) << 20
	c.Files.Types, err = fileTypes(f["types"])
	return err
}

// fileTypes reads files.types: extensions labbot knows, each once; an
// empty list shares no file at all.
func fileTypes(n *yaml.Node) ([]string, error) {
	list, set, err := items(n, "files.types", "[pdf, jpg]")
	if err != nil || !set {
		return filetype.Default(), err
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		path := index("files.types", i)
		s, err := text(item, path)
		if err != nil {
			return nil, err
		}
		t, ok := filetype.ByExt(s)
		switch {
		case !ok:
			return nil, errorf(path, "%q is not a type labbot knows (known: %s)", s, strings.Join(filetype.Default(), ", "))
		case slices.Contains(out, t.Ext):
			return nil, errorf(path, "%q is listed twice", s)
		}
		out = append(out, t.Ext)
	}
	return out, nil
}
