package inputfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Format picks "json" or "yaml" for a file: by its extension, else by
// whether its first non-blank character opens a JSON object.
func Format(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".yaml", ".yml":
		return "yaml"
	}
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		return "json"
	}
	return "yaml"
}

// Marshal writes v as "yaml" (two-space indent) or "json" (indented, with a
// final newline), the way Decode reads it back.
func Marshal(v any, format string) ([]byte, error) {
	switch format {
	case "yaml":
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("write YAML: %w", err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("write YAML: %w", err)
		}
		return buf.Bytes(), nil
	case "json":
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("write JSON: %w", err)
		}
		return append(b, '\n'), nil
	}
	return nil, fmt.Errorf("unknown format %q: use yaml or json", format)
}
