package tui

import (
	"testing"

	"github.com/hipaarisk/hipaarisk/export"
)

func TestExportChoicesHaveWriters(t *testing.T) {
	tables := map[string]bool{}
	for _, o := range exportFormats {
		format, table := splitFormat(o.Value)
		if _, err := export.New(format, export.Options{Table: table}); err != nil {
			t.Errorf("choice %q: %v", o.Value, err)
		}
		if format == "csv" {
			tables[table] = true
		}
	}
	for _, tb := range export.Tables {
		if !tables[tb] {
			t.Errorf("the wizard offers no CSV choice for the %s table", tb)
		}
	}
}
