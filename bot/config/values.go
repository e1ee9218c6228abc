package config

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Scalar readers. Each takes the value node of one key and its path; a
// missing key reads as the zero value or the given default.

// text returns a single value as written; "" stands for a missing value.
func text(n *yaml.Node, path string) (string, error) {
	if isNull(n) {
		return "", nil
	}
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		return "", errorf(path, "must be a single value, not %s", describe(n))
	}
	return n.Value, nil
}

// textOr is text with a default for a missing or empty value.
func textOr(n *yaml.Node, path, def string) (string, error) {
	s, err := text(n, path)
	if err != nil || s != "" {
		return s, err
	}
	return def, nil
}

// oneOf is textOr limited to a fixed set of words.
func oneOf(n *yaml.Node, path, def string, allowed ...string) (string, error) {
	s, err := textOr(n, path, def)
	if err == nil && !slices.Contains(allowed, s) {
		err = errorf(path, "%q is not one of %s", s, strings.Join(allowed, ", "))
	}
	return s, err
}

func boolean(n *yaml.Node, path string) (bool, error) {
	s, err := text(n, path)
	switch {
	case err != nil:
		return false, err
	case s == "" || strings.EqualFold(s, "false"):
		return false, nil
	case strings.EqualFold(s, "true"):
		return true, nil
	}
	return false, errorf(path, "%q is not true or false", s)
}

func integerOr(n *yaml.Node, path string, def int) (int, error) {
	s, err := text(n, path)
	if err != nil || s == "" {
		return def, err
	}
	i, err := strconv.Atoi(s)
	if err != nil {
		return 0, errorf(path, "%q is not a whole number", s)
	}
	return i, nil
}

// durationOr reads a duration such as "90m" or "2d".
func durationOr(n *yaml.Node, path string, def time.Duration) (time.Duration, error) {
	s, err := text(n, path)
	if err != nil || s == "" {
		return def, err
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, errorf(path, "%v", err)
	}
	return d, nil
}
