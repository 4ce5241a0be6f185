// A YAML reader as kubectl, kustomize and kpt read YAML (gopkg.in/yaml.v3), for the tests: it prints
// what Go reads, so that a test can hold the function's output to it. Built by
// test/helpers/go-yaml.ts with Debian's golang-go and golang-gopkg-yaml.v3-dev, in GOPATH mode.
//
// With no argument it reads one YAML stream from stdin and prints one JSON line: {"docs": [...]} or
// {"error": "..."}. With -batch, stdin is a JSON array of YAML texts and it prints one such line per
// text, so that a test reads many outputs with one process and a text that breaks the reader cannot
// spill into the next.
//
// In "docs", a string is a JSON string and any other scalar is {"!": "<Go type>", "v": <value>}, so
// that a test tells the string "true" from the boolean; a mapping whose keys are not all strings is
// {"!": "map", "pairs": [[key, value], ...]}.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	if len(os.Args) > 1 && os.Args[1] == "-batch" {
		var texts []string
		if err := json.Unmarshal(input, &texts); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, text := range texts {
			writeLine(out, read(text))
		}
		return
	}
	writeLine(out, read(string(input)))
}

func writeLine(out io.Writer, line map[string]interface{}) {
	encoded, err := json.Marshal(line)
	if err != nil {
		encoded, _ = json.Marshal(map[string]interface{}{"error": "cannot print as JSON: " + err.Error()})
	}
	out.Write(append(encoded, '\n'))
}

// read decodes every document of a stream, as kyaml's reader does, into Go values.
func read(text string) (line map[string]interface{}) {
	defer func() {
		if r := recover(); r != nil {
			line = map[string]interface{}{"error": fmt.Sprint("panic: ", r)}
		}
	}()
	decoder := yaml.NewDecoder(strings.NewReader(text))
	docs := []interface{}{}
	for {
		var doc interface{}
		err := decoder.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return map[string]interface{}{"error": err.Error()}
		}
		docs = append(docs, typed(doc))
	}
	return map[string]interface{}{"docs": docs}
}

func typed(value interface{}) interface{} {
	switch v := value.(type) {
	case string:
		return v
	case nil:
		return scalar("null", nil)
	case bool:
		return scalar("bool", v)
	case int:
		return scalar("int", v)
	case int64:
		return scalar("int", v)
	case uint64:
		return scalar("int", v)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return scalar("float", fmt.Sprint(v))
		}
		return scalar("float", v)
	case time.Time:
		return scalar("time", v.Format(time.RFC3339Nano))
	case []byte:
		return scalar("binary", v)
	case []interface{}:
		items := make([]interface{}, len(v))
		for i, item := range v {
			items[i] = typed(item)
		}
		return items
	case map[string]interface{}:
		out := make(map[string]interface{}, len(v))
		for key, item := range v {
			out[key] = typed(item)
		}
		return out
	case map[interface{}]interface{}:
		pairs := make([][2]interface{}, 0, len(v))
		for key, item := range v {
			pairs = append(pairs, [2]interface{}{typed(key), typed(item)})
		}
		sort.Slice(pairs, func(i, j int) bool { return fmt.Sprint(pairs[i][0]) < fmt.Sprint(pairs[j][0]) })
		return map[string]interface{}{"!": "map", "pairs": pairs}
	default:
		return scalar(fmt.Sprintf("%T", v), fmt.Sprint(v))
	}
}

func scalar(kind string, value interface{}) map[string]interface{} {
	return map[string]interface{}{"!": kind, "v": value}
}
