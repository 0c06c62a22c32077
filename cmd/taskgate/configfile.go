package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// defaultConfigPath is the configuration file read when neither --config nor TASKGATE_CONFIG
// names one, and only when it exists.
const defaultConfigPath = "/etc/taskgate/taskgate.yaml"

// configEnv names the configuration file in the environment.
const configEnv = "TASKGATE_CONFIG"

// configFile is a read configuration file: one entry per key, keys being long flag names.
type configFile struct {
	path    string
	entries map[string]configEntry
}

// configEntry is the value of one key: a scalar (one value) or a list, and the line it is on.
type configEntry struct {
	line   int
	values []string
	isList bool
}

// where names an entry's place in the file, for messages: "/etc/taskgate/taskgate.yaml:3: db".
func (f *configFile) where(key string) string {
	return fmt.Sprintf("%s:%d: %s", f.path, f.entries[key].line, key)
}

// readConfigFile reads the YAML file at path. A missing file is no error when the path is the
// default one (explicit false); every other problem is, and each names the file and line. known
// tells the keys a configuration file may hold. A nil file with no errors means none was read.
func readConfigFile(path string, explicit bool, known func(string) bool) (*configFile, []error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, []error{fmt.Errorf("reading the configuration file: %w", err)}
	}
	return parseConfigFile(path, data, known)
}

// parseConfigFile parses data, a YAML mapping of keys to values or lists of values.
func parseConfigFile(path string, data []byte, known func(string) bool) (*configFile, []error) {
	f := &configFile{path: path, entries: map[string]configEntry{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, []error{fmt.Errorf("%s: %w", path, err)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return f, nil // empty, or comments only
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return f, []error{fmt.Errorf("%s:%d: expected lines of key: value", path, root.Line)}
	}
	var errs []error
	for i := 0; i+1 < len(root.Content); i += 2 {
		if err := f.add(root.Content[i], root.Content[i+1], known); err != nil {
			errs = append(errs, err)
		}
	}
	return f, errs
}

// add records one key and its value.
func (f *configFile) add(k, v *yaml.Node, known func(string) bool) error {
	key := k.Value
	switch {
	case k.Kind != yaml.ScalarNode:
		return fmt.Errorf("%s:%d: a key must be a name", f.path, k.Line)
	case !known(key):
		return fmt.Errorf("%s:%d: unknown key %q%s", f.path, k.Line, key, suggestKey(key, known))
	}
	if prev, ok := f.entries[key]; ok {
		return fmt.Errorf("%s:%d: %s is set again (first on line %d)", f.path, k.Line, key, prev.line)
	}
	values, isList, err := nodeValues(v)
	if err != nil {
		return fmt.Errorf("%s:%d: %s: %w", f.path, v.Line, key, err)
	}
	if values != nil {
		f.entries[key] = configEntry{line: k.Line, values: values, isList: isList}
	}
	return nil
}

// nodeValues returns the text of a scalar or of each element of a list of scalars. A null value
// (a key with nothing after it) returns nil: the key is left unset.
func nodeValues(v *yaml.Node) (values []string, isList bool, err error) {
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil, false, nil
	case v.Kind == yaml.ScalarNode:
		return []string{v.Value}, false, nil
	case v.Kind == yaml.SequenceNode:
		values = []string{}
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return nil, true, errors.New("a list may hold only plain values")
			}
			values = append(values, item.Value)
		}
		return values, true, nil
	}
	return nil, false, errors.New("expected a value or a list of values")
}

// suggestKey proposes the key that was probably meant: "data_dir" or "--data-dir" for data-dir.
func suggestKey(key string, known func(string) bool) string {
	guess := strings.ToLower(strings.ReplaceAll(strings.TrimLeft(key, "-"), "_", "-"))
	if guess != key && known(guess) {
		return fmt.Sprintf(" (did you mean %s?)", guess)
	}
	return ""
}
