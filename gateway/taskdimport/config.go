package taskdimport

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// Config holds the settings of a taskd configuration file (the server's config, or a user's
// config with its user= line): name to value.
type Config map[string]string

// maxConfigLine bounds one line of a configuration file.
const maxConfigLine = 64 * 1024

// ReadConfig reads a taskd configuration file the way taskd does: name=value lines, '#' starting
// a comment anywhere in a line, spaces and tabs trimmed, blank lines skipped, the last value of a
// name winning. include lines are not followed and are reported, as are lines without '='.
func ReadConfig(path string) (Config, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return ParseConfig(f, path)
}

// ParseConfig is ReadConfig on an open reader; name is the file name used in problems.
func ParseConfig(r io.Reader, name string) (Config, []Problem, error) {
	cfg := Config{}
	var problems []Problem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxConfigLine)
	for n := 1; sc.Scan(); n++ {
		line := configText(sc.Bytes(), n)
		if line == "" {
			continue
		}
		if p, ok := cfg.set(line); !ok {
			problems = append(problems, problemf(name, n, "%s", p))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, problems, fmt.Errorf("reading %s: %w", name, err)
	}
	return cfg, problems, nil
}

// configText returns a line without its comment, BOM (first line) and surrounding blanks.
func configText(b []byte, n int) string {
	if n == 1 {
		b = bytes.TrimPrefix(b, []byte(bom))
	}
	if i := bytes.IndexByte(b, '#'); i >= 0 {
		b = b[:i]
	}
	return strings.Trim(string(b), " \t\r")
}

// set stores one name=value line; otherwise it says why the line was not used.
func (c Config) set(line string) (string, bool) {
	if strings.HasPrefix(line, "include ") || strings.HasPrefix(line, "include\t") {
		return fmt.Sprintf("%q: include files are not read; copy what matters from them into this file and import again", line), false
	}
	name, value, ok := strings.Cut(line, "=")
	if !ok {
		return fmt.Sprintf("%q is not name=value: ignored", line), false
	}
	c[strings.Trim(name, " \t")] = strings.Trim(value, " \t")
	return "", true
}
