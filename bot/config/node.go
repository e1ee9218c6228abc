package config

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The file is read as a yaml.Node tree rather than decoded into structs so
// that every problem, including an unknown or repeated key, can name its path.

// resolve follows aliases so an anchored value is checked like one written
// out. The bound stops a malformed alias chain from looping.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// isNull reports a key that is absent or written with no value; both mean
// "use the default".
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == 0 || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func describe(n *yaml.Node) string {
	switch n = resolve(n); {
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "an alias"
}

type pair struct {
	key   string
	value *yaml.Node
}

// pairs returns the entries of a mapping in file order, repeats included,
// so the caller decides what a repeat means.
func pairs(n *yaml.Node, path string) ([]pair, error) {
	if isNull(n) {
		return nil, nil
	}
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil, errorf(orYAML(path), "must be a mapping of keys, not %s", describe(n))
	}
	out := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			return nil, errorf(orYAML(path), "keys must be plain names, not %s", describe(k))
		}
		out = append(out, pair{key: k.Value, value: n.Content[i+1]})
	}
	return out, nil
}

// fields returns the value of each key of a mapping whose keys are fixed,
// rejecting unknown and repeated keys.
func fields(n *yaml.Node, path string, known ...string) (map[string]*yaml.Node, error) {
	ps, err := pairs(n, path)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*yaml.Node, len(ps))
	for _, p := range ps {
		key := child(path, p.key)
		switch _, dup := out[p.key]; {
		case p.key == "<<":
			return nil, errorf(key, "merge keys are not supported; write the keys out")
		case !slices.Contains(known, p.key):
			return nil, errorf(key, "unknown key (known here: %s)", strings.Join(known, ", "))
		case dup:
			return nil, errorf(key, "duplicate key")
		}
		out[p.key] = p.value
	}
	return out, nil
}

// items returns the entries of a list; set is false when the key is absent,
// so that an explicit empty list can differ from a default.
func items(n *yaml.Node, path, example string) (list []*yaml.Node, set bool, err error) {
	if isNull(n) {
		return nil, false, nil
	}
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		return nil, false, errorf(path, "must be a list like %s, not %s", example, describe(n))
	}
	return n.Content, true, nil
}
